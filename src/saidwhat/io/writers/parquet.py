"""Parquet: typed columns (for pandas, DuckDB), written in batches so that a large output is
never held in memory whole.

The layout's column types become the schema, so that an empty output still has
typed columns: ``timestamp`` (the ISO text stored) a UTC moment, ``strings`` a
list of strings, ``spans`` a list of ``[start, end]``, ``counts`` a map of
counts. The Parquet datasets of a crawl run have their own schemas
(:mod:`saidwhat.io.parquet`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import IO, Any, TypeVar

from ...core.errors import UsageError
from .base import Layout, StreamWriter

__all__ = ["ParquetWriter", "timestamp"]

R = TypeVar("R")
BATCH = 5000  # rows a row group


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


class ParquetWriter(StreamWriter[R]):
    """Rows of the layout's typed columns, in row groups of :data:`BATCH`, zstd-compressed."""

    binary = True

    def __init__(
        self, out: IO[Any], layout: Layout[R], errors: IO[str] | None = None, flush: bool = False
    ) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if layout.columns is None:
            raise UsageError(f"{layout.name} have no Parquet columns")
        super().__init__(out, layout, errors, flush)
        self._types = dict(layout.columns)
        self._schema = pa.schema([(name, _arrow_column(kind, []).type) for name, kind in self._types.items()])
        self._file = pq.ParquetWriter(out, self._schema, compression="zstd")
        self._batch: list[dict[str, Any]] = []

    def _write(self, record: R) -> None:
        self._batch.append(self.layout.row(record))
        if len(self._batch) >= BATCH:
            self._write_batch()

    def _write_batch(self) -> None:
        import pyarrow as pa

        rows, self._batch = self._batch, []
        columns = [_arrow_column(kind, [row.get(name) for row in rows]) for name, kind in self._types.items()]
        self._file.write_table(pa.Table.from_arrays(columns, schema=self._schema))

    def close(self) -> None:
        if self._batch:
            self._write_batch()
        self._file.close()

    def abandon(self) -> None:
        self._file.close()
