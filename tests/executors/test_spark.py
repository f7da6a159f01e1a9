"""saidwhat spark in local mode: the tables, their schemas, syndicated copies, speakers, reruns, ingest."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from saidwhat.io.parquet import SCHEMAS

from .crawl_pages import PAGES_PER_WARC, write_warc

pytestmark = pytest.mark.slow
SPLIT = 2048  # bytes: each archive is cut into slices of its records, several units per file


@pytest.fixture(scope="module")
def crawl(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    from saidwhat.executors.spark import run

    root = tmp_path_factory.mktemp("crawl")
    warcs = root / "warcs"
    warcs.mkdir()
    for n in range(2):
        write_warc(warcs / f"crawl-{n}.warc.gz", n)
    out = root / "out"
    report = run([str(warcs)], str(out), spark=spark, split_bytes=SPLIT)
    return warcs, out, report


def _rows(out: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    return ds.dataset(out / name, format="parquet").to_table().to_pylist()


def test_every_page_is_a_row_of_articles_or_failures(crawl: tuple[Path, Path, Any]) -> None:
    _, out, report = crawl
    articles, failures = _rows(out, "articles"), _rows(out, "failures")
    assert len(articles) + len(failures) == 2 * PAGES_PER_WARC
    assert len(failures) == 2 and report.failures == 2
    assert all(f["input"].endswith(".warc.gz") and f["record"].endswith("/binary") for f in failures)
    assert all(f["reason"] and f["error"] == "BinaryInput" for f in failures)
    assert len({a["article_id"] for a in articles}) == len(articles)


def test_the_tables_have_the_documented_columns(crawl: tuple[Path, Path, Any]) -> None:
    import pyarrow.dataset as ds

    _, out, _ = crawl
    for name, schema in SCHEMAS.items():
        found = ds.dataset(out / name, format="parquet").schema
        assert found.names == schema.names, name
        for field in schema:
            assert str(found.field(field.name).type).split("<")[0] == str(field.type).split("<")[0], (
                field.name
            )


def test_statement_offsets_slice_their_article(crawl: tuple[Path, Path, Any]) -> None:
    _, out, _ = crawl
    texts = {a["article_id"]: a["text"] for a in _rows(out, "articles")}
    statements = _rows(out, "statements")
    assert statements
    for st in statements:
        text = texts[st["article_id"]]
        if st["source_start"] is not None:
            assert text[st["source_start"] : st["source_end"]] == st["source_text"]
        assert " … ".join(text[a:b] for a, b in st["content_spans"]) == st["content_text"]


def test_syndicated_copies_share_a_cluster_whose_origin_is_the_earliest(
    crawl: tuple[Path, Path, Any],
) -> None:
    _, out, _ = crawl
    articles = _rows(out, "articles")
    by_cluster: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        by_cluster.setdefault(a["cluster"], []).append(a)
    sizes = sorted(len(v) for v in by_cluster.values())
    # Each wire story: the original, a copy with a tagline and a truncated copy, in each of two archives.
    assert sizes == [2, 6, 6], sizes
    for members in by_cluster.values():
        assert [a["origin"] for a in members].count(True) == 1
        (origin,) = [a for a in members if a["origin"]]
        assert origin["article_id"] == origin["cluster"]
        # The pages give their day only, so every copy of a story has one date: the origin is the
        # copy closest to all others, the wire's (the Courier adds a tagline, the Post cuts a
        # paragraph); of its two identical copies, the smaller id, the same on every run.
        wires = [a for a in members if a["url"].startswith("https://wire.example/")]
        if wires:
            assert origin["article_id"] == min(a["article_id"] for a in wires)
        assert all(a["cluster_size"] == len(members) for a in members)
        for copy in members:
            if not copy["origin"]:
                assert copy["republished_from"] == origin["url"]
                assert copy["republished_from_page"] is False


def test_a_quote_carried_by_several_outlets_counts_once_per_story(crawl: tuple[Path, Path, Any]) -> None:
    _, out, _ = crawl
    statements = _rows(out, "statements")
    quoted = [s for s in statements if "will not move the terminal" in s["content_text"]]
    assert len(quoted) == 6  # three outlets, and the same story again in the second archive
    assert len({s["story_statement"] for s in quoted}) == 1  # one story
    assert len({s["article_id"] for s in quoted}) == 6
    speakers = {s["key"]: s for s in _rows(out, "speakers")}
    carlineo = [s for s in speakers.values() if "carlineo" in s["key"]]
    assert len(carlineo) == 1, [s["key"] for s in carlineo]  # Pat and Patrick Carlineo: one person
    assert sorted(carlineo[0]["merged_keys"]) == ["person:pat carlineo", "person:patrick carlineo"]
    assert carlineo[0]["statements"] > carlineo[0]["stories"]
    assert dict(carlineo[0]["by_site"]) == {"Daily Courier": 2, "Evening Post": 2, "Town News": 2, "Wire": 2}


def test_a_rerun_of_a_completed_job_changes_nothing(spark: Any, crawl: tuple[Path, Path, Any]) -> None:
    from saidwhat.executors.spark import run

    warcs, out, _ = crawl
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    report = run([str(warcs)], str(out), spark=spark, split_bytes=SPLIT)
    assert report.skipped == report.units and not report.tables_written
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_other_options_into_the_same_output_are_refused(spark: Any, crawl: tuple[Path, Path, Any]) -> None:
    from saidwhat.core.errors import UsageError
    from saidwhat.core.options import Options
    from saidwhat.executors.spark import run

    warcs, out, _ = crawl
    with pytest.raises(UsageError, match="other options"):
        run([str(warcs)], str(out), Options(attribution="rules"), spark=spark)


def test_ingest_reads_the_tables_into_the_store(crawl: tuple[Path, Path, Any], tmp_path: Path) -> None:
    from saidwhat import Store
    from saidwhat.cli import main

    _, out, _ = crawl
    db = tmp_path / "crawl.db"
    assert main(["ingest", str(out), "--db", str(db)]) == 1  # the two failures are recorded: status 1
    articles = _rows(out, "articles")
    with Store.open(db, read_only=True) as store:
        stats = store.stats()
        assert stats.articles == len({a["sha256"] for a in articles})
        assert len(store.failures()) == 2
        hits = store.search("terminal", speaker="Patrick Carlineo")
        assert hits and all(h.speaker == "Patrick Carlineo" or "Carlineo" in (h.speaker or "") for h in hits)
        # the two archives hold the same pages under other addresses: one content, stored once, so
        # take a copy whose every row with that content was given the same origin
        copy = next(
            a
            for a in articles
            if not a["origin"]
            and a["republished_from"]
            and all(
                not b["origin"] and b["republished_from"] == a["republished_from"]
                for b in articles
                if b["sha256"] == a["sha256"]
            )
        )
        stored = store.article(copy["sha256"])
        assert stored.metadata.republished_from == copy["republished_from"]
        assert stored.text == copy["text"]


def test_the_readme_parquet_queries_run(
    crawl: tuple[Path, Path, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme[readme.index("### Parquet tables") :]
    blocks = re.findall(r"^```py\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert len(blocks) >= 1
    _, out, _ = crawl
    os.symlink(out, tmp_path / "crawl-out")
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        exec(compile(code, "README.md parquet example", "exec"), {"__name__": "__readme__"})  # noqa: S102
    printed = capsys.readouterr().out
    assert "Patrick Carlineo" in printed and "Daily Courier" in printed
