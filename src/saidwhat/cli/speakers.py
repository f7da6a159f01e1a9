"""``saidwhat speakers``: who is quoted most in the store, with counts by site and period."""

from __future__ import annotations

import argparse

from ..store.views import (
    add_db_argument,
    add_filter_arguments,
    add_format_argument,
    filters_of,
    open_store,
    print_records,
    speakers_table,
)

NAME = "speakers"
HELP = "who is quoted most: statements and articles per speaker, by site, month or year"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser, speaker=False)
    parser.add_argument(
        "--by", choices=("site", "month", "year"), help="one row per speaker and site or period"
    )
    parser.add_argument("--limit", type=int, default=30, help="the top N speakers (default: 30)")
    add_db_argument(parser)
    add_format_argument(parser)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        counts = store.speakers(limit=args.limit, by=args.by, **filters_of(args))
    print_records(counts, args.format, speakers_table(counts) if args.format == "table" else "")
    return 0
