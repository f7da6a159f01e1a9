"""``saidwhat extract PATH... | -``: who said what, as JSON, JSON Lines or a table."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator

from ..core.options import add_arguments as add_option_arguments
from ..core.options import from_namespace
from ..core.sources import Failure, Source
from ..inputs import is_directory, iter_sources
from ..output import article_to_dict
from ..pipeline import extract_batch
from ..render import article_table, safe

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
    if paths and (len(paths) > 1 or is_directory(paths[0])) and "-" not in paths:
        return iter_sources(paths, max_bytes)
    return None


def run(args: argparse.Namespace) -> int:
    options = from_namespace(args)
    from ..pages.warc import WarcStats

    warc_stats = WarcStats()
    sources = iter_sources(args.paths, options.max_bytes, warc_stats)
    first_pass = batch_first_pass(args.paths, options.max_bytes) if args.batch_profile else None
    fmt = args.format
    # One page gives one JSON object; several give JSON Lines: a directory counts as several, and so
    # does a web archive (its records carry their address), whatever the number of pages in it.
    single = fmt is None and len(args.paths) == 1 and not is_directory(args.paths[0])
    failures = 0
    buffered: list[dict[str, object]] = []
    for result in extract_batch(sources, options, first_pass=first_pass):
        if isinstance(result, Failure):
            failures += 1
            print(f"saidwhat: {safe(str(result))}", file=sys.stderr)
            continue
        single = single and not result.input.record
        if fmt == "table":
            sys.stdout.write(article_table(result) + "\n")
        elif fmt == "json" or single:
            buffered.append(article_to_dict(result))
        else:
            sys.stdout.write(json.dumps(article_to_dict(result), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if warc_stats.records:
        print(f"saidwhat: web archives: {warc_stats.summary()}", file=sys.stderr)
    if buffered:  # --format json: one object, or an array of several
        payload: object = buffered[0] if len(buffered) == 1 else buffered
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    return 1 if failures else 0
