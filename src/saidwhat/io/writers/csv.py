"""CSV: one row a record, for spreadsheets; lists and objects (a statement's spans, a speaker's
sites) are written as JSON text, since a cell holds one string.

A file offered for download to a spreadsheet (the web pages' CSV) is written
``spreadsheet_safe``: scraped text that begins like a formula (``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading quote, so that the
spreadsheet shows it rather than runs it.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any, TypeVar

from .base import Layout, StreamWriter

__all__ = ["CsvWriter"]

R = TypeVar("R")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | tuple | dict) else value


def _safe_cell(value: Any) -> Any:
    value = _cell(value)
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value


class CsvWriter(StreamWriter[R]):
    """A header, then one row a record. The header is the layout's columns; a layout without
    columns takes the first row's keys (and, with no row, the header is empty)."""

    def __init__(
        self,
        out: IO[Any],
        layout: Layout[R],
        errors: IO[str] | None = None,
        flush: bool = False,
        spreadsheet_safe: bool = False,
    ) -> None:
        super().__init__(out, layout, errors, flush)
        self._rows: csv.DictWriter[str] | None = None
        self._cell = _safe_cell if spreadsheet_safe else _cell

    def _begin(self, columns: list[str]) -> csv.DictWriter[str]:
        rows = csv.DictWriter(self.out, fieldnames=columns, extrasaction="ignore")
        rows.writeheader()
        return rows

    def _write(self, record: R) -> None:
        row = self.layout.row(record)
        if self._rows is None:
            self._rows = self._begin(list(self.layout.columns or row))
        self._rows.writerow({k: self._cell(v) for k, v in row.items()})

    def close(self) -> None:
        if self._rows is None:
            self._rows = self._begin(list(self.layout.columns or ()))
