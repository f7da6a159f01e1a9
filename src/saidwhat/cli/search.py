"""``saidwhat search [QUERY]``: what was said, by full-text query and filters, from the store."""

from __future__ import annotations

import argparse
import sys

from ..core.errors import StoreError
from ..io.writers.layouts import ARTICLE_INFO, STATEMENT_HIT
from ..io.writers.terminal import safe
from .arguments import (
    add_db_argument,
    add_filter_arguments,
    add_format_argument,
    filters_of,
    open_store,
    print_records,
)

NAME = "search"
HELP = "search what was said: words, phrases and prefixes, with speaker, site, date and kind filters"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        nargs="?",
        default=None,
        help='words as written (all must match: Ocasio-Cortez, U.S., O\'Brien), "a phrase", prefix*, '
        "OR, NOT, ( ) (omit to list by date)",
    )
    parser.add_argument(
        "--fts",
        action="store_true",
        help="the query is in the database's own full-text syntax (SQLite FTS5, PostgreSQL tsquery)",
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
            found = store.find_event(args.query, limit=args.limit, fts=args.fts)
        print_records(found, args.format, ARTICLE_INFO)
        return 0
    with open_store(args) as store:
        hits = store.search(
            args.query, limit=args.limit, all_versions=args.all_versions, fts=args.fts, **filters_of(args)
        )
        unknown = bool(args.speaker) and not hits and not store.resolve_speaker(args.speaker)
    if unknown:
        print(f"saidwhat: no speaker is known as {safe(args.speaker)!r}", file=sys.stderr)
        return 1
    print_records(hits, args.format, STATEMENT_HIT)
    return 0
