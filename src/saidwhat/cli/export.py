"""``saidwhat export``: the store's statements, articles or speakers as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import argparse
import sys

from ..core.paths import shown
from ..io.export import FORMATS, TABLES, export
from .arguments import add_db_argument, add_filter_arguments, filters_of, open_store

NAME = "export"
HELP = "export statements, articles or speakers to JSON Lines, CSV or Parquet (for pandas, DuckDB)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--table", choices=TABLES, default="statements", help="what to export (default: statements)"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="default: from the output's extension (.jsonl, .csv, .parquet; another one is an error), "
        "else jsonl",
    )
    parser.add_argument("--output", "-o", default="-", metavar="FILE", help="output file (default: stdout)")
    parser.add_argument("--query", default=None, help="statements only: a search query, as `search` takes")
    parser.add_argument("--fts", action="store_true", help="--query is in the database's full-text syntax")
    add_filter_arguments(parser, min_confidence=0.0)  # an export is data: every statement, with its confidence
    parser.add_argument("--all-versions", action="store_true", help="include older versions of changed pages")
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    filters = filters_of(args)
    if args.table == "statements":
        filters.update(query=args.query, all_versions=args.all_versions, fts=args.fts)
    elif args.table == "articles":
        filters = {"all_versions": args.all_versions}
    with open_store(args) as store:
        n = export(store, args.output, args.format, args.table, **filters)
    if args.output != "-":
        print(f"exported {n:,} {args.table} to {shown(args.output)}", file=sys.stderr)
    return 0
