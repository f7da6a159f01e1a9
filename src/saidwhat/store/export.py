"""Export the store to JSON Lines, CSV or Parquet, for pandas, DuckDB and spreadsheets.

Rows are flat (one statement, article or speaker per row) and streamed: a
large store is written in batches, never held in memory whole. Parquet gets an
explicit schema so that an empty export still has typed columns.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import StoreError
from ..paths import shown
from .records import StatementHit, as_row

if TYPE_CHECKING:
    from .store import Store

__all__ = ["FORMATS", "TABLES", "export", "format_for", "rows_of", "write_rows"]

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("statements", "articles", "speakers")
_BATCH = 5000

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
    "published": "string",
    "title": "string",
    "url": "string",
    "path": "string",
    "score": "float64",
}
_ARTICLE_TYPES = {
    "article_id": "int64",
    "sha256": "string",
    "path": "string",
    "url": "string",
    "site": "string",
    "title": "string",
    "published": "string",
    "language": "string",
    "authors": "string",
    "text": "string",
    "n_statements": "int64",
    "previous_id": "int64",
    "latest": "bool",
    "ingested_at": "string",
}
_SPEAKER_TYPES = {
    "key": "string",
    "name": "string",
    "type": "string",
    "statements": "int64",
    "articles": "int64",
    "first": "string",
    "last": "string",
    "sites": "string",
    "group": "string",
}
TYPES = {"statements": _STATEMENT_TYPES, "articles": _ARTICLE_TYPES, "speakers": _SPEAKER_TYPES}


def _statement_row(hit: StatementHit) -> dict[str, Any]:
    return as_row(hit)


def rows_of(store: Store, table: str, **filters: Any) -> Iterator[dict[str, Any]]:
    if table == "statements":
        filters.setdefault("limit", None)
        return (_statement_row(h) for h in store.iter_statements(**filters))
    if table == "articles":
        return store.iter_article_rows(all_versions=bool(filters.get("all_versions", False)))
    if table == "speakers":
        keep = {k: v for k, v in filters.items() if k in ("site", "since", "until", "kind", "by")}
        counts = store.speakers(limit=int(filters.get("limit") or 1_000_000), **keep)
        return ({**as_row(c), "sites": json.dumps(c.sites, ensure_ascii=False)} for c in counts)
    raise StoreError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")


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
        writer.writerow(row)
        n += 1
    return n


def _write_parquet(rows: Iterator[dict[str, Any]], out: IO[bytes], types: dict[str, str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {"int64": pa.int64(), "float64": pa.float64(), "string": pa.string(), "bool": pa.bool_()}
    schema = pa.schema([(name, arrow[kind]) for name, kind in types.items()])
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        while batch := list(islice(rows, _BATCH)):
            columns = {name: [row.get(name) for row in batch] for name in types}
            writer.write_table(pa.table(columns, schema=schema))
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
