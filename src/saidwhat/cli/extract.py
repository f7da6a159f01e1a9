"""``saidwhat extract PATH... | -``: who said what, as JSON, JSON Lines or a table."""

from __future__ import annotations

import argparse
import sys

from ..core.model import Article
from ..core.options import add_arguments as add_option_arguments
from ..core.options import from_namespace
from ..core.sources import Failure
from ..io.readers import is_directory, iter_sources
from ..io.writers import PageWriter, StreamWriter, writer_for
from ..io.writers.layouts import ARTICLE
from ..pipeline import extract_batch

NAME = "extract"
HELP = "extract articles and statements from pages (text dumps, HTML, WARC) or stdin"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, directories or - for stdin")
    parser.add_argument(
        "--format",
        choices=("json", "jsonl", "table"),
        default=None,
        help="output format (default: json for one page; jsonl for several: paths, a directory, "
        "a web archive)",
    )
    parser.add_argument(
        "--batch-profile",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="first read the whole batch to learn the lines that repeat on many pages of one site"
        " (furniture); used when several documents are given",
    )
    add_option_arguments(parser)


def run(args: argparse.Namespace) -> int:
    options = from_namespace(args)
    from ..io.readers.warc import WarcStats

    warc_stats = WarcStats()
    sources = iter_sources(args.paths, options.max_bytes, warc_stats)
    first_pass = None
    if args.batch_profile and (len(args.paths) > 1 or is_directory(args.paths[0])) and "-" not in args.paths:
        first_pass = iter_sources(args.paths, options.max_bytes)
    # One page gives one JSON object; several give JSON Lines: a directory counts as several, and so
    # does a web archive (its records carry their address), whatever the number of pages in it.
    single = args.format is None and len(args.paths) == 1 and not is_directory(args.paths[0])
    writer: StreamWriter[Article]
    if single:
        writer = PageWriter(sys.stdout, ARTICLE, flush=True)
    else:
        writer = writer_for(args.format or "jsonl", sys.stdout, ARTICLE, flush=True)
    with writer:
        for result in extract_batch(sources, options, first_pass=first_pass):
            if isinstance(result, Failure):
                writer.fail(result)
            else:
                writer.write(result)
        if warc_stats.records:
            print(f"saidwhat: web archives: {warc_stats.summary()}", file=sys.stderr)
    return 1 if writer.failures else 0
