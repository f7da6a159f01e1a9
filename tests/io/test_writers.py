"""The writer protocol: what each writer does with records, failures and the end of its output."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from saidwhat.core.errors import UsageError
from saidwhat.core.model import Article, InputInfo
from saidwhat.core.sources import Failure
from saidwhat.io.writers import WRITERS, CsvWriter, Layout, StreamWriter, Writer, write_all, writer_for
from saidwhat.io.writers import parquet as parquet_writer
from saidwhat.io.writers.store import StoreWriter
from saidwhat.store import Store
from saidwhat.store.records import AddStatus


def _same(row: dict[str, Any]) -> dict[str, Any]:
    return row


POINTS = Layout("points", _same, {"x": "int64", "tags": "strings"}, table=lambda rows: f"{len(rows)} points")
LOOSE = Layout("points", _same)  # no columns, no table


def _written(fmt: str, records: list[dict[str, Any]], layout: Layout[dict[str, Any]] = POINTS) -> str:
    out = io.StringIO()
    assert write_all(writer_for(fmt, out, layout), records) == len(records)
    return out.getvalue()


def test_every_format_is_a_writer_of_the_protocol() -> None:
    assert set(WRITERS) == {"json", "jsonl", "table", "csv", "parquet"}
    out = io.BytesIO()
    for fmt in WRITERS:
        writer: Writer[dict[str, Any]] = writer_for(fmt, out if fmt == "parquet" else io.StringIO(), POINTS)
        assert isinstance(writer, StreamWriter)
    with pytest.raises(UsageError, match="unknown output format 'xml'"):
        writer_for("xml", io.StringIO(), POINTS)


def test_json_is_one_value_and_json_lines_one_object_a_line() -> None:
    rows = [{"x": 1, "tags": ["é"]}, {"x": 2, "tags": []}]
    assert _written("json", []) == ""
    assert _written("json", rows[:1]) == '{\n  "x": 1,\n  "tags": [\n    "é"\n  ]\n}\n'
    assert _written("json", rows).startswith("[\n  {\n") and _written("json", rows).endswith("}\n]\n")
    assert _written("jsonl", rows) == '{"x": 1, "tags": ["é"]}\n{"x": 2, "tags": []}\n'


def test_csv_header_comes_from_the_columns_or_the_first_row() -> None:
    rows = [{"x": 1, "tags": ["a", "b"], "extra": "dropped"}]
    assert _written("csv", rows) == 'x,tags\r\n1,"[""a"", ""b""]"\r\n'
    assert _written("csv", []) == "x,tags\r\n"  # typed columns: the header even when empty
    assert _written("csv", rows, LOOSE) == 'x,tags,extra\r\n1,"[""a"", ""b""]",dropped\r\n'
    assert _written("csv", [], LOOSE) == "\r\n"  # no columns and no row: an empty header, as before


def test_a_table_of_all_records_is_written_at_the_end() -> None:
    assert _written("table", [{"x": 1}, {"x": 2}]) == "2 points\n"
    assert _written("table", []) == "0 points\n"
    with pytest.raises(UsageError, match="points have no table form"):
        writer_for("table", io.StringIO(), LOOSE)


def test_parquet_has_typed_columns_and_row_groups_of_a_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parquet_writer, "BATCH", 2)
    path = tmp_path / "points.parquet"
    with open(path, "wb") as out:
        write_all(writer_for("parquet", out, POINTS), [{"x": n, "tags": [str(n)]} for n in range(5)])
    data = pq.ParquetFile(path)
    assert data.metadata.num_row_groups == 3 and data.read().to_pylist()[4] == {"x": 4, "tags": ["4"]}
    with open(tmp_path / "empty.parquet", "wb") as out:
        write_all(writer_for("parquet", out, POINTS), [])
    assert str(pq.read_table(tmp_path / "empty.parquet").schema.field("tags").type) == "list<element: string>"
    with pytest.raises(UsageError, match="points have no Parquet columns"):
        writer_for("parquet", io.BytesIO(), LOOSE)


def test_failures_are_said_on_the_error_stream_made_safe_and_counted() -> None:
    out, errors = io.StringIO(), io.StringIO()
    with writer_for("jsonl", out, POINTS, errors=errors) as writer:
        writer.fail(Failure("bad\x1b[31m.html", "empty input", "EmptyInput"))
        writer.write({"x": 1})
    assert errors.getvalue() == "saidwhat: bad\ufffd[31m.html: empty input\n"
    assert (writer.count, writer.failures) == (1, 1) and out.getvalue() == '{"x": 1}\n'


def test_an_error_leaves_no_half_written_value() -> None:
    out = io.StringIO()
    with pytest.raises(RuntimeError), writer_for("json", out, POINTS) as writer:
        writer.write({"x": 1})
        raise RuntimeError("the batch broke off")
    assert out.getvalue() == ""


def _article(text: str) -> Article:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Article(
        input=InputInfo(path=f"{sha[:6]}.txt", format="text", sha256=sha, size=len(text)), text=text
    )


def test_the_store_writer_adds_articles_and_records_failures(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "store.db")) as store, StoreWriter(store) as writer:
        assert writer.add(_article("A page.")).status is AddStatus.ADDED
        writer.write(_article("A page."))  # the same content again: skipped
        writer.write(_article("Another page."))
        writer.fail(Failure("broken.html", "empty input", "EmptyInput"), "cd" * 32)
        assert writer.outcomes == {AddStatus.ADDED: 2, AddStatus.DUPLICATE: 1} and writer.count == 3
        assert store.stats().articles == 2
        assert [(f.path, f.reason) for f in store.failures()] == [("broken.html", "empty input")]
        assert store.failed_hashes() == {"cd" * 32} and writer.failures == 1


def test_a_spreadsheet_safe_csv_quotes_text_that_looks_like_a_formula() -> None:
    out = io.StringIO()
    rows = [{"x": "=HYPERLINK(1)", "tags": ["-a"]}, {"x": "@sum", "tags": []}, {"x": "plain", "tags": []}]
    write_all(CsvWriter(out, POINTS, spreadsheet_safe=True), rows)
    assert out.getvalue() == 'x,tags\r\n\'=HYPERLINK(1),"[""-a""]"\r\n\'@sum,[]\r\nplain,[]\r\n'
    assert _written("csv", rows[1:2]) == "x,tags\r\n@sum,[]\r\n"  # the command line's CSV is data as it is


@pytest.mark.parametrize(
    ("confidence", "shown"),
    [(0.95, ".95"), (0.0, ".00"), (0.004, ".00"), (0.996, ".99"), (0.9949, ".99"), (1.0, "1.0")],
)
def test_the_table_shows_a_confidence_in_four_characters_never_rounded_to_certain(
    confidence: float, shown: str
) -> None:
    from saidwhat.io.writers.table import _sure

    assert _sure(confidence) == shown
