"""``saidwhat search [QUERY]``: what was said, by full-text query and filters, from the store."""

from __future__ import annotations

import argparse
import sys

from ..errors import StoreError
from ..render import safe
from ..store.views import (
    add_db_argument,
    add_filter_arguments,
    add_format_argument,
    articles_table,
    filters_of,
    hits_table,
    open_store,
    print_records,
)

NAME = "search"
HELP = "search what was said: full-text query (FTS syntax) with speaker, site, date and kind filters"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        nargs="?",
        default=None,
        help='full-text query: words (all must match), "a phrase", OR, NOT, prefix* (omit to list by date)',
    )
    add_filter_arguments(parser)
    parser.add_argument("--limit", type=int, default=20, help="at most this many statements (default: 20)")
    parser.add_argument("--all-versions", action="store_true", help="include older versions of changed pages")
    parser.add_argument(
        "--articles",
        action="store_true",
        help="search the articles' text and list articles (ids for compare)",
    )
    add_db_argument(parser)
    add_format_argument(parser)


def run(args: argparse.Namespace) -> int:
    if args.articles:
        if not args.query:
            raise StoreError("--articles needs a query")
        with open_store(args) as store:
            found = store.find_event(args.query, limit=args.limit)
        print_records(found, args.format, articles_table(found) if args.format == "table" else "")
        return 0
    with open_store(args) as store:
        hits = store.search(args.query, limit=args.limit, all_versions=args.all_versions, **filters_of(args))
        unknown = bool(args.speaker) and not hits and not store.resolve_speaker(args.speaker)
    if unknown:
        print(f"saidwhat: no speaker is known as {safe(args.speaker)!r}", file=sys.stderr)
        return 1
    print_records(hits, args.format, hits_table(hits) if args.format == "table" else "")
    return 0
