"""``saidwhat speaker NAME``: the timeline of one speaker's statements, oldest first."""

from __future__ import annotations

import argparse

from ..io.writers.layouts import TIMELINE
from ..io.writers.terminal import safe
from .arguments import (
    add_db_argument,
    add_filter_arguments,
    add_format_argument,
    filters_of,
    open_store,
    print_records,
)

NAME = "speaker"
HELP = "a timeline of what one speaker said (canonical key, any alias, or part of a name)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the speaker: key, alias or part of a name")
    add_filter_arguments(parser, speaker=False)
    parser.add_argument("--limit", type=int, default=None, help="at most this many statements")
    add_db_argument(parser)
    add_format_argument(parser)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        hits = store.speaker_timeline(args.name, limit=args.limit, **filters_of(args))
    if args.format == "table":
        who = hits[0].speaker if hits else args.name
        print(f"== {safe(who or args.name)}: {len(hits)} statements\n")
    print_records(hits, args.format, TIMELINE)
    return 0
