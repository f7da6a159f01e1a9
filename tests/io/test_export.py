"""Export to JSON Lines, CSV and Parquet, read back."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from saidwhat.core.errors import StoreError
from saidwhat.core.model import Article
from saidwhat.io.export import export
from saidwhat.io.writers.parquet import timestamp
from saidwhat.store import Store


def test_statements_to_jsonl_csv_and_parquet_agree(filled: Store, tmp_path: Path) -> None:
    n_jsonl = export(filled, tmp_path / "s.jsonl", "jsonl")
    n_csv = export(filled, tmp_path / "s.csv", "csv")
    n_parquet = export(filled, tmp_path / "s.parquet", "parquet")
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
    assert export(filled, tmp_path / "r.jsonl", "jsonl", speaker="Ruiz") == 3
    assert export(filled, tmp_path / "q.jsonl", "jsonl", query="arrested") == 2
    assert export(filled, tmp_path / "a.parquet", "parquet", "articles") == 3
    articles = pq.read_table(tmp_path / "a.parquet").to_pylist()
    assert sorted(a["site"] for a in articles) == ["Bay Times", "Coast News", "Coast News"]
    assert all(a["text"] and a["latest"] for a in articles)
    assert export(filled, tmp_path / "sp.csv", "csv", "speakers") == 7
    with open(tmp_path / "sp.csv", newline="") as fh:
        first = next(csv.DictReader(fh))
    assert first["name"] == "Ana Ruiz" and json.loads(first["sites"]) == {"Coast News": 2, "Bay Times": 1}


def test_empty_parquet_export_still_has_typed_columns(store: Store, tmp_path: Path) -> None:
    assert export(store, tmp_path / "e.parquet", "parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").schema.field("article_id").type == "int64"


def test_bad_format_or_destination(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        export(filled, tmp_path / "x.xml", "xml")
    with pytest.raises(StoreError, match="Parquet needs a file"):
        export(filled, "-", "parquet")
    with pytest.raises(StoreError, match="cannot write"):
        export(filled, tmp_path / "no" / "such" / "dir.csv", "csv")


def test_unusable_destinations_are_one_line_store_errors(filled: Store, tmp_path: Path) -> None:
    for destination in (tmp_path / "missing" / "s.parquet", tmp_path / "s.xlsx"):
        with pytest.raises(StoreError) as caught:
            export(filled, destination)
        assert "\n" not in str(caught.value)


def test_exports_keep_types_and_offsets(
    filled: Store, tmp_path: Path, make_article: Callable[..., Article]
) -> None:
    export(filled, tmp_path / "s.parquet")
    export(filled, tmp_path / "a.parquet", table="articles")
    export(filled, tmp_path / "sp.parquet", table="speakers")
    statements, articles = pq.read_table(tmp_path / "s.parquet"), pq.read_table(tmp_path / "a.parquet")
    assert str(articles.schema.field("published").type) == "timestamp[us, tz=UTC]"
    assert str(statements.schema.field("published").type) == "timestamp[us, tz=UTC]"
    authors, spans = articles.schema.field("authors").type, statements.schema.field("content_spans").type
    assert pa.types.is_list(authors) and authors.value_type == pa.string()
    assert pa.types.is_list(spans) and spans.value_type.value_type == pa.int64()
    assert pa.types.is_map(pq.read_table(tmp_path / "sp.parquet").schema.field("sites").type)
    published = {r["title"]: r["published"] for r in articles.to_pylist()}
    assert published["Harbour plan approved after stormy council meeting"] == datetime(
        2024, 3, 5, 10, tzinfo=UTC
    )
    assert published["Budget talks stall again"] == datetime(2024, 5, 20, tzinfo=UTC)  # a date: its midnight
    # Every statement's offsets slice its article's text to the statement's own words.
    texts = {r["article_id"]: filled.article(r["article_id"]).text for r in articles.to_pylist()}
    for row in statements.to_pylist():
        text = texts[row["article_id"]]
        assert " … ".join(text[a:b] for a, b in row["content_spans"]) == row["content"]
        assert text[row["source_start"] : row["source_end"]] == row["source"]
    export(filled, tmp_path / "s.jsonl")
    first = json.loads((tmp_path / "s.jsonl").read_text().splitlines()[0])
    assert isinstance(first["content_spans"], list) and isinstance(first["source_start"], int)
    signed = make_article("Signed piece\nNothing was said.", path="signed.txt")
    signed.metadata.authors = ["Jane Roe", "John Poe"]
    filled.add(signed)
    export(filled, tmp_path / "a.jsonl", table="articles")
    authors = [json.loads(line)["authors"] for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert authors == [[], [], [], ["Jane Roe", "John Poe"]]
    export(filled, tmp_path / "a2.parquet", table="articles")
    assert pq.read_table(tmp_path / "a2.parquet").column("authors").to_pylist() == authors
    export(filled, tmp_path / "s.csv")
    with open(tmp_path / "s.csv", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert isinstance(json.loads(row["content_spans"]), list)


def test_timestamps_of_stored_dates() -> None:
    assert timestamp("2026-03-10T09:00:00+01:00") == datetime(2026, 3, 10, 8, tzinfo=UTC)
    assert timestamp("2026-03-10T09:00:00") == datetime(2026, 3, 10, 9, tzinfo=UTC)
    assert timestamp("2026-03") is None and timestamp("last week") is None and timestamp(None) is None


def test_site_takes_the_domain_as_well_as_the_name(filled: Store) -> None:
    by_name = filled.search(site="Coast News", limit=None)
    assert len(by_name) == 8
    for domain in ("coastnews.example", "www.CoastNews.example", "https://coastnews.example/budget"):
        assert len(filled.search(site=domain, limit=None)) == 8
    assert {c.name for c in filled.speakers(site="baytimes.example")} == {"Tom Okafor", "Ana Ruiz", "Police"}
    assert filled.search(site="example") == []
