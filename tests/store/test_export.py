"""Export to JSON Lines, CSV and Parquet, read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from saidwhat.errors import StoreError
from saidwhat.store import Store

from .corpus import fill


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


def test_statements_to_jsonl_csv_and_parquet_agree(filled: Store, tmp_path: Path) -> None:
    n_jsonl = filled.export(tmp_path / "s.jsonl", "jsonl")
    n_csv = filled.export(tmp_path / "s.csv", "csv")
    n_parquet = filled.export(tmp_path / "s.parquet", "parquet")
    assert n_jsonl == n_csv == n_parquet == 12
    lines = [json.loads(l) for l in (tmp_path / "s.jsonl").read_text().splitlines()]
    with open(tmp_path / "s.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    table = pq.read_table(tmp_path / "s.parquet")
    assert table.num_rows == 12
    assert table.schema.field("statement_id").type == "int64"
    assert table.schema.field("confidence").type == "double"
    parquet = table.to_pylist()
    for key in ("content", "speaker", "site", "kind"):
        assert [r[key] for r in lines] == [r[key] or None for r in rows] == [r[key] for r in parquet]
    assert {r["speaker"] for r in lines} >= {"Ana Ruiz", "Tom Okafor", "Police"}


def test_export_filters_and_other_tables(filled: Store, tmp_path: Path) -> None:
    assert filled.export(tmp_path / "r.jsonl", "jsonl", speaker="Ruiz") == 3
    assert filled.export(tmp_path / "q.jsonl", "jsonl", query="arrested") == 2
    assert filled.export(tmp_path / "a.parquet", "parquet", "articles") == 3
    articles = pq.read_table(tmp_path / "a.parquet").to_pylist()
    assert sorted(a["site"] for a in articles) == ["Bay Times", "Coast News", "Coast News"]
    assert all(a["text"] and a["latest"] for a in articles)
    assert filled.export(tmp_path / "sp.csv", "csv", "speakers") == 7
    with open(tmp_path / "sp.csv", newline="") as fh:
        first = next(csv.DictReader(fh))
    assert first["name"] == "Ana Ruiz" and json.loads(first["sites"]) == {"Coast News": 2, "Bay Times": 1}


def test_empty_parquet_export_still_has_typed_columns(store: Store, tmp_path: Path) -> None:
    assert store.export(tmp_path / "e.parquet", "parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").schema.field("article_id").type == "int64"


def test_bad_format_or_destination(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        filled.export(tmp_path / "x.xml", "xml")
    with pytest.raises(StoreError, match="Parquet needs a file"):
        filled.export("-", "parquet")
    with pytest.raises(StoreError, match="cannot write"):
        filled.export(tmp_path / "no" / "such" / "dir.csv", "csv")
