"""The writer protocol: records in, one output out; and the layout that says what a record is written as.

A :class:`Writer` is given records one at a time (``write``), is told of the
inputs that failed (``fail``), and finishes its output when it is closed
(``close``; a writer is also a context manager that closes it when the block
ends without an error). Every output of saidwhat goes through one::

    JsonWriter       json      one JSON value: the record alone, or an array of the records
    JsonLinesWriter  jsonl     one JSON object a line, as records come
    PageWriter       (extract) one page as JSON, the pages of a web archive as JSON Lines
    TableWriter      table     for a terminal: scraped text made safe, columns fitted
    CsvWriter        csv       one row a record, lists and objects as JSON text
    ParquetWriter    parquet   typed columns, written in batches
    StoreWriter      (store)   articles into the store, one transaction each; failures recorded

What a record is written as is its :class:`Layout`: its dict (the JSON object,
the CSV row, the Parquet row), its typed columns (the CSV header and the
Parquet schema) and its terminal table; the layouts of saidwhat's records are
in :mod:`saidwhat.io.writers.layouts`. A new output format is a new subclass of
:class:`StreamWriter` in :data:`saidwhat.io.writers.WRITERS`; a new kind of
record is a new layout.

Writers that write to a stream say each failure on standard error as
``saidwhat: PATH: reason`` (with :func:`~saidwhat.io.writers.terminal.safe` text),
as the command line always has; the store writer records it in the store.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Any, ClassVar, Generic, Protocol, Self, TypeVar

from ...core.sources import Failure
from .terminal import safe

__all__ = ["Layout", "StreamWriter", "Writer", "write_all"]

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


class Writer(Protocol[R_contra]):
    """Records in, one output out."""

    def write(self, record: R_contra) -> None:
        """Write one record (or keep it until :meth:`close`, for outputs that need them all)."""
        ...

    def fail(self, failure: Failure) -> None:
        """Report an input that could not be read or extracted."""
        ...

    def close(self) -> None:
        """Finish the output (the closing bracket, the table, the Parquet footer)."""
        ...


@dataclass(frozen=True, slots=True)
class Layout(Generic[R]):
    """What one kind of record is written as, by every writer.

    ``row`` is the record as a dict (JSON and JSON Lines write it as it is, CSV
    and Parquet as a row). ``columns`` maps each column to its type (``int64``,
    ``float64``, ``string``, ``bool``, ``timestamp``, ``strings``, ``spans``,
    ``counts``): the CSV header and the Parquet schema, so that an empty output
    still has them; without it CSV takes the first row's keys and Parquet is
    refused. A terminal table is ``table_each`` (one record's table, written as
    it comes) or ``table`` (one table of all the records, its columns fitted to
    them all, written at the end)."""

    name: str
    row: Callable[[R], dict[str, Any]]
    columns: Mapping[str, str] | None = None
    table: Callable[[Sequence[R]], str] | None = None
    table_each: Callable[[R], str] | None = None


class StreamWriter(Generic[R]):
    """A writer to a text (or, for ``binary`` formats, byte) stream: counts what it writes, says
    failures on ``errors`` (standard error by default), and flushes after each record if asked
    (``flush``: a terminal or a pipe sees each page as it is extracted)."""

    binary: ClassVar[bool] = False

    def __init__(
        self, out: IO[Any], layout: Layout[R], errors: IO[str] | None = None, flush: bool = False
    ) -> None:
        self.out = out
        self.layout = layout
        self.errors = errors
        self.flush = flush
        self.count = 0
        self.failures = 0

    def write(self, record: R) -> None:
        self._write(record)
        self.count += 1
        if self.flush:
            self.out.flush()

    def _write(self, record: R) -> None:
        raise NotImplementedError

    def fail(self, failure: Failure) -> None:
        self.failures += 1
        errors = self.errors or sys.stderr  # the stream of the moment (a test may have replaced it)
        errors.write(f"saidwhat: {safe(str(failure))}\n")

    def close(self) -> None:
        """Nothing is kept back by the writers that write each record as it comes."""

    def abandon(self) -> None:
        """Stop after an error: whatever is kept back is not written (no half JSON array)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abandon()


def write_all(writer: StreamWriter[R], records: Iterable[R]) -> int:
    """Write every record and close the writer; returns how many were written."""
    with writer:
        for record in records:
            writer.write(record)
    return writer.count
