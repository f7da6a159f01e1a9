"""Writers: records out, to JSON, JSON Lines, a terminal table, CSV, Parquet or the store.

Every writer follows one protocol (:class:`~saidwhat.io.writers.base.Writer`:
``write`` a record, ``fail`` for an input that failed, ``close``);
:data:`WRITERS` names the stream writers by format, and :func:`writer_for`
gives the one of a format. What a kind of record is written as is its
:class:`~saidwhat.io.writers.base.Layout` (:mod:`.layouts`). The store writer
(:class:`saidwhat.io.writers.store.StoreWriter`) is imported from its module:
it needs the store, which the stream writers do not.
"""

from __future__ import annotations

from typing import IO, Any, TypeVar

from ...core.errors import UsageError
from .base import Layout, StreamWriter, Writer, write_all
from .csv import CsvWriter
from .json import JsonLinesWriter, JsonWriter, PageWriter
from .parquet import ParquetWriter
from .table import TableWriter

__all__ = [
    "WRITERS",
    "CsvWriter",
    "JsonLinesWriter",
    "JsonWriter",
    "Layout",
    "PageWriter",
    "ParquetWriter",
    "StreamWriter",
    "TableWriter",
    "Writer",
    "write_all",
    "writer_for",
]

R = TypeVar("R")

WRITERS: dict[str, type[StreamWriter[Any]]] = {
    "json": JsonWriter,
    "jsonl": JsonLinesWriter,
    "table": TableWriter,
    "csv": CsvWriter,
    "parquet": ParquetWriter,
}


def writer_for(
    fmt: str, out: IO[Any], layout: Layout[R], errors: IO[str] | None = None, flush: bool = False
) -> StreamWriter[R]:
    """The writer of format ``fmt`` to ``out`` (a byte stream for Parquet, else a text stream)."""
    try:
        kind = WRITERS[fmt]
    except KeyError:
        raise UsageError(f"unknown output format {fmt!r} (choose from {', '.join(WRITERS)})") from None
    writer: StreamWriter[R] = kind(out, layout, errors, flush)
    return writer
