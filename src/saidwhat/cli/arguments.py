"""The arguments the store's commands share (``--db``, ``--format``, the filters), the store they
name, and the records they print."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any, TypeVar

from ..core.model import StatementKind
from ..io.writers import Layout, write_all, writer_for
from ..store import Store
from ..store.records import READING_CONFIDENCE

__all__ = [
    "add_db_argument",
    "add_filter_arguments",
    "add_format_argument",
    "filters_of",
    "open_store",
    "print_records",
]

R = TypeVar("R")


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None,
        help="the store: a SQLite file or a postgresql:// URL (default: $SAIDWHAT_DB, "
        "else ~/.local/share/saidwhat/saidwhat.db)",
    )


def add_format_argument(
    parser: argparse.ArgumentParser, choices: Sequence[str] = ("table", "jsonl", "csv")
) -> None:
    parser.add_argument("--format", choices=choices, default="table", help="output format (default: table)")


def add_filter_arguments(
    parser: argparse.ArgumentParser, speaker: bool = True, min_confidence: float | None = None
) -> None:
    if speaker:
        parser.add_argument("--speaker", help="a speaker's canonical key or any name they were quoted under")
    parser.add_argument("--site", help="only articles of this site")
    parser.add_argument(
        "--since", metavar="DATE", help="published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)"
    )
    parser.add_argument(
        "--until", metavar="DATE", help="published on or before DATE (its whole year or month)"
    )
    parser.add_argument(
        "--kind",
        action="append",
        choices=[k.value for k in StatementKind],
        help="statement kind (repeatable)",
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=READING_CONFIDENCE if min_confidence is None else min_confidence,
        help="only statements at least this sure (the verifier's calibrated probability that the "
        "statement and its speaker are right; default %(default)s hides what saidwhat is unsure of, "
        "0 shows everything)",
    )


def filters_of(args: argparse.Namespace) -> dict[str, Any]:
    keys = ("speaker", "site", "since", "until", "kind", "min_confidence")
    return {k: getattr(args, k) for k in keys if getattr(args, k, None) is not None}


def open_store(args: argparse.Namespace, write: bool = False, create: bool = True) -> Store:
    """The store named by ``--db``: read-only for the commands that only read; only a writer
    (``ingest``) creates one, so a mistyped path is an error rather than an empty store; the
    speaker corrections write to a store that must exist (``create=False``)."""
    if write:
        return Store.open(args.db, create=create)
    return Store.open(args.db, read_only=True)


def print_records(records: Iterable[R], fmt: str, layout: Layout[R], out: IO[str] | None = None) -> int:
    """Print records to standard output (or ``out``) as a table, JSON Lines or CSV."""
    return write_all(writer_for(fmt, out or sys.stdout, layout), records)
