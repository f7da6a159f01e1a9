"""``saidwhat ingest PATH...``: extract pages (files, directories, WARC, stdin) into the store.

Pages already in the store (same content hash) are skipped before extraction,
so rerunning an interrupted ingestion finishes the work without duplicates.
A directory written by ``saidwhat spark`` (it holds ``_saidwhat.json``) is
read as the crawl's Parquet tables: its articles are stored as extracted there,
with the crawl's merged speaker keys and the origin of syndicated copies.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..core.options import add_arguments as add_option_arguments
from ..core.options import from_namespace
from ..executors.ingest import MAX_JOBS, IngestCounts, Progress, check_jobs, ingest, ingest_results
from ..io.parquet import is_run, read_run
from ..io.readers import iter_sources
from .arguments import add_db_argument, open_store
from .extract import add_batch_profile_argument, batch_first_pass

NAME = "ingest"
HELP = "extract pages (files, directories, WARC files or - for stdin) and keep them in the store"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, directories (recursive), WARC files, - or the output directory of `saidwhat spark`",
    )
    add_db_argument(parser)
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=min(os.cpu_count() or 1, MAX_JOBS),
        help=f"extraction processes, 1 to {MAX_JOBS} (default: one per core)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress line (default: when stderr is a terminal)",
    )
    parser.add_argument(
        "--retry-failed", action="store_true", help="extract again the pages that failed before"
    )
    add_batch_profile_argument(parser)
    add_option_arguments(parser)


def _added(a: IngestCounts, b: IngestCounts) -> IngestCounts:
    for name in ("kept", "versions", "skipped", "skipped_failed", "failed"):
        setattr(b, name, getattr(a, name) + getattr(b, name))
    b.started = min(a.started, b.started)
    return b


def run(args: argparse.Namespace) -> int:
    from ..io.readers.warc import WarcStats

    check_jobs(args.jobs)  # before the store is created
    options = from_namespace(args)
    warc_stats = WarcStats()
    runs = [p for p in args.paths if is_run(p)]  # a crawl's Parquet tables: already extracted
    pages = [p for p in args.paths if p not in runs]
    with open_store(args, write=True) as store:
        progress = Progress(enabled=args.progress)
        counts = IngestCounts()
        for path in runs:
            counts = _added(counts, ingest_results(store, read_run(path), progress))
        if pages:
            sources = iter_sources(pages, options.max_bytes, warc_stats)
            first_pass = batch_first_pass(pages, options.max_bytes) if args.batch_profile else None
            counts = _added(
                counts,
                ingest(store, sources, options, args.jobs, progress, args.retry_failed, first_pass),
            )
        if counts.kept:
            store.optimize()
        progress.finish(counts, store.where)
    if warc_stats.records:  # what the archives held besides their pages, as `extract` says it
        print(f"saidwhat: web archives: {warc_stats.summary()}", file=sys.stderr)
    return 1 if counts.failed else 0
