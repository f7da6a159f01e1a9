"""``saidwhat extract PATH... | -``: who said what, as JSON, JSON Lines or a table."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from ..core.model import Article
from ..core.options import add_arguments as add_option_arguments
from ..core.options import from_namespace
from ..core.sources import Failure, Source
from ..io.readers import is_directory, iter_sources, readable_twice
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
    add_batch_profile_argument(parser)
    add_option_arguments(parser)


def add_batch_profile_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--batch-profile",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="first read the whole batch to learn the lines that repeat on many pages of one site"
        " (furniture); used when several documents are given",
    )


def batch_first_pass(paths: list[str], max_bytes: int) -> Iterator[Source | Failure] | None:
    """The batch read once more, for its furniture profile (:func:`saidwhat.pipeline.extract_batch`):
    when several documents are given (paths, a directory) and standard input, which cannot be read
    twice, is not among them."""
    return iter_sources(paths, max_bytes) if readable_twice(paths) else None


def run(args: argparse.Namespace) -> int:
    options = from_namespace(args)
    from ..io.readers.warc import WarcStats

    warc_stats = WarcStats()
    sources = iter_sources(args.paths, options.max_bytes, warc_stats)
    first_pass = batch_first_pass(args.paths, options.max_bytes) if args.batch_profile else None
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
