"""``saidwhat spark INPUT... -o OUT``: a crawl through the pipeline on Apache Spark, Parquet tables out.

Needs the ``spark`` extra (``pip install 'saidwhat[spark]'``) and a Java
runtime; the same command runs under ``spark-submit`` through the module
:mod:`saidwhat.executors.spark`.
"""

from __future__ import annotations

import argparse
import sys

from ..core.errors import UsageError
from ..core.options import add_arguments as add_option_arguments
from ..core.options import from_namespace
from ..core.paths import shown

NAME = "spark"
HELP = "extract a crawl (WARC files, directories, URIs) on Apache Spark into Parquet tables"

_MIN_SPLIT = 2**16
_MAX_SPLIT = 2**40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, directories or URIs (file://, s3a://, hdfs://, gs://)",
    )
    parser.add_argument("--output", "-o", required=True, metavar="DIR", help="output directory or URI")
    parser.add_argument(
        "--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])"
    )
    parser.add_argument(
        "--split-mb",
        type=float,
        default=256.0,
        help="a unit of work holds about this many MB of input: larger files are split by records, "
        "smaller ones grouped (default: 256)",
    )
    add_option_arguments(parser)


def _split_bytes(mb: float) -> int:
    value = mb * 2**20
    if not _MIN_SPLIT <= value <= _MAX_SPLIT:  # NaN fails too
        raise UsageError(f"--split-mb must be a number from 0.0625 to 1048576, not {mb!r}")
    return int(value)


def run(args: argparse.Namespace) -> int:
    split = _split_bytes(args.split_mb)
    options = from_namespace(args)
    from ..executors.spark import run as run_spark

    def say(line: str) -> None:
        print(line, file=sys.stderr)

    report = run_spark(args.inputs, args.output, options, None, split, say, args.master)
    state = "tables written" if report.tables_written else "tables unchanged"
    say(
        f"{report.units:,} units ({report.skipped:,} done before): {report.articles:,} pages extracted, "
        f"{report.failures:,} failed; {state} -> {shown(args.output)}"
    )
    return 1 if report.failures else 0
