"""``saidwhat compare A B`` or ``--event QUERY``: two accounts of one event, side by side.

Shows who each account lets speak, the statements both report (aligned by
speaker and content), what each reports alone, and the words and figures one
uses and the other does not.
"""

from __future__ import annotations

import argparse

from ..core.errors import StoreError
from ..io.writers.layouts import COMPARISON
from ..store.compare import COMPARE_CONFIDENCE
from .arguments import add_db_argument, open_store, print_records

NAME = "compare"
HELP = "two accounts of one event side by side: shared and missing statements, voices, words"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "articles", nargs="*", metavar="ARTICLE", help="two stored articles: ids, URLs or paths"
    )
    parser.add_argument(
        "--event", metavar="QUERY", help="find the two best-matching accounts from different sites"
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format (default: table)"
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=COMPARE_CONFIDENCE,
        help="statements under this confidence are set aside, never a difference (default %(default)s)",
    )
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    if args.event and args.articles:
        raise StoreError("give two articles or --event, not both")
    if not args.event and len(args.articles) != 2:
        raise StoreError("give exactly two articles (ids, URLs or paths), or --event QUERY")
    with open_store(args) as store:
        if args.event:
            a, b = store.event_pair(args.event)
            comparison = store.compare(a.id, b.id, args.min_confidence)
        else:
            comparison = store.compare(args.articles[0], args.articles[1], args.min_confidence)
    print_records([comparison], args.format, COMPARISON)
    return 0
