"""Export the store to JSON Lines, CSV or Parquet, for pandas, DuckDB and spreadsheets.

Rows are flat (one statement, article or speaker per row), read from the
store's queries and streamed to a writer (:mod:`saidwhat.io.writers`): a large
store is written in batches, never held in memory whole. Each column has a
type (:data:`TYPES`): JSON Lines keeps lists and objects as they are (a
statement's ``content_spans``, an article's ``authors``), CSV writes them as
JSON text, and Parquet gets an explicit schema (``published`` a UTC timestamp,
``authors`` a list of strings, ``sites`` a map), so that an empty export still
has typed columns. Statements carry the character offsets of their source, cue
and content in the article's text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..core.errors import StoreError
from ..core.paths import shown
from ..store import Store
from ..store.records import as_row
from .writers import Layout, write_all, writer_for

__all__ = ["FORMATS", "LAYOUTS", "TABLES", "TYPES", "export", "format_for", "rows_of"]

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("statements", "articles", "speakers")

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


def _same(row: dict[str, Any]) -> dict[str, Any]:
    return row


LAYOUTS: dict[str, Layout[dict[str, Any]]] = {table: Layout(table, _same, TYPES[table]) for table in TABLES}


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


def export(
    store: Store,
    destination: str | os.PathLike[str],
    fmt: str | None = None,
    table: str = "statements",
    **filters: Any,
) -> int:
    """Write one table of the store to ``destination`` (``-`` for stdout, not for Parquet);
    returns the rows written. ``filters`` are the search's for statements (``query``,
    ``speaker``, ``site``, ...), ``all_versions`` for articles."""
    fmt = format_for(destination, fmt)
    if table not in TABLES:
        raise StoreError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    rows = rows_of(store, table, **filters)
    if str(destination) == "-":
        if fmt == "parquet":
            raise StoreError("Parquet needs a file: give --output FILE")
        return write_all(writer_for(fmt, sys.stdout, LAYOUTS[table]), rows)
    try:
        with _opened(Path(destination), binary=fmt == "parquet") as out:
            return write_all(writer_for(fmt, out, LAYOUTS[table]), rows)
    except OSError as err:  # pyarrow's I/O errors are OSErrors too
        raise StoreError(f"cannot write: {err.strerror or err}", shown(str(destination))) from err


def _opened(destination: Path, binary: bool) -> IO[Any]:
    if binary:
        return open(destination, "wb")
    return open(destination, "w", encoding="utf-8", newline="")
