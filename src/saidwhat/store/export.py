"""Export the store to JSON Lines, CSV or Parquet, for pandas, DuckDB and spreadsheets.

Rows are flat (one statement, article or speaker per row) and streamed: a
large store is written in batches, never held in memory whole. Each column has
a type (:data:`TYPES`): JSON Lines keeps lists and objects as they are (a
statement's ``content_spans``, an article's ``authors``), CSV writes them as
JSON text, and Parquet gets an explicit schema (``published`` a UTC timestamp,
``authors`` a list of strings, ``sites`` a map), so that an empty export still
has typed columns. Statements carry the character offsets of their source, cue
and content in the article's text.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol

from ..core.errors import StoreError
from ..core.paths import shown
from .records import SpeakerCount, StatementHit, as_row


class Store(Protocol):
    """What an export reads from a store (:class:`saidwhat.store.Store` is one): a protocol, so that
    this module does not import the store that calls it."""

    @property
    def iter_statements(self) -> Callable[..., Iterator[StatementHit]]: ...

    @property
    def iter_article_rows(self) -> Callable[..., Iterator[dict[str, Any]]]: ...

    @property
    def speakers(self) -> Callable[..., list[SpeakerCount]]: ...


__all__ = ["FORMATS", "TABLES", "TYPES", "export", "format_for", "rows_of", "timestamp", "write_rows"]

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("statements", "articles", "speakers")
_BATCH = 5000

# Column types. Rows carry Python values of these types ("timestamp" as the ISO text stored); JSON Lines
# writes them as they are, CSV writes lists and objects as JSON text, Parquet as typed columns.
_STATEMENT_TYPES = {
    "statement_id": "int64",
    "article_id": "int64",
    "local_id": "string",
    "kind": "string",
    "speaker": "string",
    "speaker_key": "string",
    "source": "string",
    "cue": "string",
    "content": "string",
    "confidence": "float64",
    "parent_id": "int64",
    "site": "string",
    "published": "timestamp",
    "title": "string",
    "url": "string",
    "path": "string",
    "score": "float64",
    "source_start": "int64",
    "source_end": "int64",
    "cue_start": "int64",
    "cue_end": "int64",
    "content_spans": "spans",
}
_ARTICLE_TYPES = {
    "article_id": "int64",
    "sha256": "string",
    "path": "string",
    "url": "string",
    "site": "string",
    "title": "string",
    "published": "timestamp",
    "language": "string",
    "authors": "strings",
    "text": "string",
    "n_statements": "int64",
    "previous_id": "int64",
    "latest": "bool",
    "ingested_at": "timestamp",
}
_SPEAKER_TYPES = {
    "key": "string",
    "name": "string",
    "type": "string",
    "statements": "int64",
    "articles": "int64",
    "first": "string",
    "last": "string",
    "sites": "counts",
    "group": "string",
}
TYPES = {"statements": _STATEMENT_TYPES, "articles": _ARTICLE_TYPES, "speakers": _SPEAKER_TYPES}


def rows_of(store: Store, table: str, **filters: Any) -> Iterator[dict[str, Any]]:
    if table == "statements":
        filters.setdefault("limit", None)
        return (as_row(h) for h in store.iter_statements(**filters))
    if table == "articles":
        return store.iter_article_rows(all_versions=bool(filters.get("all_versions", False)))
    if table == "speakers":
        keep = {k: v for k, v in filters.items() if k in ("site", "since", "until", "kind", "by")}
        counts = store.speakers(limit=int(filters.get("limit") or 1_000_000), **keep)
        return (as_row(c) for c in counts)
    raise StoreError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")


def _csv_cell(value: Any) -> Any:
    """Lists and objects as JSON text: a CSV cell holds one string."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | tuple | dict) else value


def write_rows(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str, columns: list[str]) -> int:
    """Write rows as JSON Lines or CSV to a text stream; returns the count."""
    n = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
        n += 1
    return n


def timestamp(value: str | None) -> datetime | None:
    """An ISO date or date-time as a moment in UTC: a date alone is its midnight, a time without
    offset is taken as UTC; a partial date ("2024-03") or anything else is no moment (None)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _arrow_column(kind: str, values: list[Any]) -> Any:
    import pyarrow as pa

    types = {
        "int64": pa.int64(),
        "float64": pa.float64(),
        "string": pa.string(),
        "bool": pa.bool_(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "strings": pa.list_(pa.string()),
        "spans": pa.list_(pa.list_(pa.int64())),
        "counts": pa.map_(pa.string(), pa.int64()),
    }
    if kind == "timestamp":
        values = [timestamp(v) for v in values]
    elif kind == "counts":
        values = [list(v.items()) if v is not None else None for v in values]
    return pa.array(values, type=types[kind])


def _write_parquet(rows: Iterator[dict[str, Any]], out: IO[bytes], types: dict[str, str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, _arrow_column(kind, []).type) for name, kind in types.items()])
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        while batch := list(islice(rows, _BATCH)):
            columns = [_arrow_column(kind, [row.get(name) for row in batch]) for name, kind in types.items()]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            n += len(batch)
    return n


def format_for(destination: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The export format: ``fmt`` when given, else the destination's extension (JSON Lines for
    stdout or a name without one). An extension saidwhat does not write is an error, so that
    ``-o statements.xlsx`` does not fill a spreadsheet's name with JSON Lines."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise StoreError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
        return fmt
    suffix = Path(destination).suffix.lower().removeprefix(".") if str(destination) != "-" else ""
    if suffix and suffix not in FORMATS:
        raise StoreError(
            f"cannot tell the export format from the extension .{suffix} "
            f"(use .{', .'.join(FORMATS)} or give the format: {', '.join(FORMATS)})",
            shown(str(destination)),
        )
    return suffix or "jsonl"


def export(store: Store, destination: Path, fmt: str | None, table: str, **filters: Any) -> int:
    """Write one table of the store to ``destination`` (``-`` for stdout, not for Parquet)."""
    fmt = format_for(destination, fmt)
    if table not in TABLES:
        raise StoreError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    rows = rows_of(store, table, **filters)
    types = TYPES[table]
    if str(destination) == "-":
        if fmt == "parquet":
            raise StoreError("Parquet needs a file: give --output FILE")
        return write_rows(rows, sys.stdout, fmt, list(types))
    try:
        if fmt == "parquet":
            with open(destination, "wb") as binary:
                return _write_parquet(iter(rows), binary, types)
        with open(destination, "w", encoding="utf-8", newline="") as out:
            return write_rows(rows, out, fmt, list(types))
    except OSError as err:  # pyarrow's I/O errors are OSErrors too
        raise StoreError(f"cannot write: {err.strerror or err}", shown(str(destination))) from err
