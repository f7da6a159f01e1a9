"""Units of work and one unit run to committed parts, without Spark (any engine can call run_unit)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from saidwhat.core.options import Options
from saidwhat.executors.crawl import COMMITTED, Unit, committed_units, list_inputs, plan_units, run_unit

from .crawl_pages import PAGES_PER_WARC, write_warc

pytest.importorskip("datasketch", reason="the spark extra is not installed")


def test_large_files_are_sliced_and_small_ones_grouped() -> None:
    units = plan_units([("a", 10), ("b", 10), ("big", 45), ("c", 5)], split_bytes=20)
    assert [(u.files, u.part, u.parts) for u in units] == [
        (("a", "b"), 0, 1),
        (("big",), 0, 3),
        (("big",), 1, 3),
        (("big",), 2, 3),
        (("c",), 0, 1),
    ]
    assert len({u.id for u in units}) == len(units)
    assert [u.id for u in plan_units([("a", 10), ("b", 10), ("big", 45), ("c", 5)], 20)] == [
        u.id for u in units
    ]


def test_inputs_are_listed_in_name_order_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    for name in ("d/b.html", "d/a.html", "d/.hidden.html", "c.txt"):
        (tmp_path / name).write_text("x")
    found = list_inputs([str(tmp_path / "d"), str(tmp_path / "c.txt")])
    assert [Path(p).name for p, _ in found] == ["a.html", "b.html", "c.txt"]
    uris = list_inputs(["file://" + str(tmp_path / "d")])
    assert [p for p, _ in uris] == ["file://" + str(tmp_path / "d" / n) for n in ("a.html", "b.html")]


def _rows(unit_dir: Path, name: str) -> list[dict[str, object]]:
    return pq.read_table(unit_dir / f"{name}.parquet").to_pylist()


def test_the_slices_of_an_archive_take_each_page_once(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", 0)
    out = tmp_path / "out"
    slices = [Unit((str(warc),), (warc.stat().st_size,), k, 3) for k in range(3)]
    reports = [run_unit(unit, Options(attribution="rules"), str(out)) for unit in slices]
    assert committed_units(str(out)) == {u.id for u in slices}
    records = []
    for unit in slices:
        records += [r["record"] for r in _rows(out / "work" / unit.id, "articles")]
        records += [r["record"] for r in _rows(out / "work" / unit.id, "failures")]
    assert len(records) == PAGES_PER_WARC == len(set(records))
    assert sum(r.failures for r in reports) == 1
    marker = json.loads((out / "work" / slices[0].id / COMMITTED).read_text())
    assert marker["unit"] == slices[0].id and marker["articles"] == reports[0].articles


def test_a_unit_that_cannot_read_its_file_commits_the_failure(tmp_path: Path) -> None:
    unit = Unit((str(tmp_path / "gone.warc.gz"),), (10,))
    report = run_unit(unit, Options(), str(tmp_path / "out"))
    assert report.failures == 1 and report.articles == 0
    [row] = _rows(tmp_path / "out" / "work" / unit.id, "failures")
    assert row["reason"] == "no such file" and row["unit"] == unit.id


def test_a_uri_is_read_through_its_file_system(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", 1)
    unit = Unit(("file://" + str(warc),), (warc.stat().st_size,))
    report = run_unit(unit, Options(attribution="rules"), "file://" + str(tmp_path / "out"))
    assert report.articles == PAGES_PER_WARC - 1 and report.failures == 1
    rows = _rows(tmp_path / "out" / "work" / unit.id, "articles")
    assert {r["input"] for r in rows} == {"file://" + str(warc)}
