"""Ingestion end to end: directories, stdin, failures, idempotent reruns, versions, parallel jobs."""

from __future__ import annotations

import io
import json
import os
import sys
import uuid
from pathlib import Path

import pytest

from saidwhat.cli import main
from saidwhat.executors.ingest import IngestCounts, Progress
from saidwhat.io.writers.json import article_to_dict
from saidwhat.pipeline import extract_bytes
from saidwhat.store import Store


def page(i: int) -> str:
    return f'Council vote number {i}\n\n"We will win vote {i}," Jane Doe said on Monday. Turnout was {i * 7} people.\n'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "pages"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(page(1))
    (root / "sub" / "b.txt").write_text(page(2))
    (root / "sub" / "deeper" / "c.txt").write_text(page(3))
    (root / "sub" / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (root / "empty.txt").write_text("  \n\n ")
    return root


def run(*argv: str) -> int:
    return main(list(argv))


def test_directory_is_ingested_recursively_with_failures_recorded(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    assert run("ingest", str(tree), "--db", db, "--jobs", "1") == 1  # two pages failed
    err = capsys.readouterr().err
    assert "kept 3, skipped 0, failed 2" in err
    with Store.open(db) as store:
        assert store.stats().articles == 3
        reasons = {Path(f.path).name: f.error for f in store.failures()}
        assert reasons == {"binary.bin": "BinaryInput", "empty.txt": "EmptyInput"}
        # What the store holds is exactly what extraction gives for the same bytes.
        for name in ("a.txt", "sub/b.txt", "sub/deeper/c.txt"):
            path = tree / name
            stored = store.article(str(path))
            assert article_to_dict(stored) == article_to_dict(extract_bytes(path.read_bytes(), str(path)))
    # A rerun does nothing twice: stored and failed pages are skipped.
    assert run("ingest", str(tree), "--db", db, "--jobs", "1") == 0
    assert "kept 0, skipped 5, failed 0" in capsys.readouterr().err
    assert run("ingest", str(tree), "--db", db, "--retry-failed") == 1
    with Store.open(db) as store:
        assert (store.stats().articles, store.stats().failures) == (3, 2)


def test_parallel_jobs_store_the_same_articles(tree: Path, tmp_path: Path) -> None:
    run("ingest", str(tree), "--db", str(tmp_path / "one.db"), "--jobs", "1")
    run("ingest", str(tree), "--db", str(tmp_path / "two.db"), "--jobs", "2")
    with Store.open(tmp_path / "one.db") as one, Store.open(tmp_path / "two.db") as two:
        assert {a.sha256 for a in one.articles()} == {a.sha256 for a in two.articles()}
        assert len(two.failures()) == 2


def test_stdin_and_a_changed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "s.db")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page(9).encode())))
    assert run("ingest", "-", "--db", db) == 0
    file = tmp_path / "story.txt"
    file.write_text(page(10))
    run("ingest", str(file), "--db", db)
    file.write_text(page(10).replace("Monday", "Tuesday"))
    run("ingest", str(file), "--db", db)
    with Store.open(db) as store:
        assert [a.path for a in store.articles(all_versions=True)] == ["-", str(file), str(file)]
        chain = store.versions(str(file))
        assert len(chain) == 2 and chain[1].previous_id == chain[0].id
        assert "Tuesday" in store.article(str(file)).text


def _warc_record(uri: str, body: str) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body.encode()
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def test_warc_records_are_ingested_as_pages(tmp_path: Path) -> None:
    pytest.importorskip("saidwhat.io.readers.warc")
    warc = tmp_path / "crawl.warc"
    records = []
    for i in (1, 2):
        body = (
            f"<html><body><article><h1>Story {i}</h1><p>{page(i).splitlines()[2]}</p></article></body></html>"
        )
        records.append(_warc_record(f"https://news.example/story-{i}", body))
    warc.write_bytes(b"".join(records))
    db = str(tmp_path / "s.db")
    assert run("ingest", str(warc), "--db", db) == 0
    with Store.open(db) as store:
        urls = sorted(a.url or "" for a in store.articles())
        assert urls == ["https://news.example/story-1", "https://news.example/story-2"]
    # The same archive again: every record is already stored.
    run("ingest", str(warc), "--db", db)
    with Store.open(db) as store:
        assert store.stats().articles == 2


def test_progress_line_counts_and_rate() -> None:
    out = io.StringIO()
    counts = IngestCounts(kept=5, skipped=2, failed=1)
    progress = Progress(out, enabled=True, every=0)
    progress.update(counts)
    progress.finish(counts, "x.db")
    text = out.getvalue()
    assert "8 pages" in text and "pages/s" in text and "kept 5  skipped 2  failed 1" in text
    assert text.rstrip().endswith("kept 5, skipped 2, failed 1 -> x.db")


def _non_utf8_name(directory: Path, name: bytes, content: str) -> Path:
    """A file whose name is not valid UTF-8 (skips where the file system refuses such names)."""
    path = directory / os.fsdecode(name)
    try:
        path.write_text(content)
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take file names that are not valid UTF-8")
    return path


def test_file_names_that_are_not_utf8_are_stored_losslessly(
    target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "pages"
    root.mkdir()
    good = _non_utf8_name(root, b"caf\xe9-story.txt", page(4))  # a Latin-1 name
    empty = _non_utf8_name(root, b"empty-\xff.txt", "")
    (root / "ok.txt").write_text(page(5))
    assert run("ingest", str(root), "--db", target, "--jobs", "1") == 1  # the empty page, not the names
    err = capsys.readouterr().err
    assert "kept 2, skipped 0, failed 1" in err and "Traceback" not in err
    with Store.open(target) as store:
        assert sorted(Path(a.path).name for a in store.articles()) == ["caf\\xe9-story.txt", "ok.txt"]
        article = store.article(str(good))  # found by the name as the system gives it
        assert os.fsencode(article.input.path) == os.fsencode(good)  # its exact bytes
        assert article_to_dict(article) == article_to_dict(extract_bytes(good.read_bytes(), str(good)))
        [failure] = store.failures()
        assert Path(failure.path).name == "empty-\\xff.txt" and failure.error == "EmptyInput"
        hits = store.search("vote", limit=None)
        assert {Path(h.path).name for h in hits} == {"caf\\xe9-story.txt", "ok.txt"}
    assert run("search", "vote", "--format", "jsonl", "--db", target) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {Path(r["path"]).name for r in rows} == {"caf\\xe9-story.txt", "ok.txt"}
    # A rerun finds both pages already stored.
    assert run("ingest", str(root), "--db", target, "--jobs", "1") == 0
    assert "kept 0, skipped 3" in capsys.readouterr().err
    assert empty.exists()


def test_each_failure_is_said_then_listed_and_a_rerun_says_it_skips_them(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.db")
    assert run("ingest", str(tree), "--db", db, "--jobs", "1") == 1
    said = [line for line in capsys.readouterr().err.splitlines() if line.startswith("saidwhat: ")]
    with Store.open(db) as store:
        failures = store.failures()
    # Each failure is said as `extract` says it, and recorded with the same reason.
    assert sorted(said) == sorted(f"saidwhat: {f.path}: {f.reason}" for f in failures)
    assert {f.path for f in failures} == {str(tree / "empty.txt"), str(tree / "sub" / "binary.bin")}
    assert run("failures", "--db", db) == 0
    table = capsys.readouterr().out
    assert "EmptyInput" in table and "BinaryInput" in table and f"{tree / 'empty.txt'}: empty input" in table
    assert run("failures", "--format", "jsonl", "--db", db) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {(Path(r["path"]).name, r["error"]) for r in rows} == {
        ("empty.txt", "EmptyInput"),
        ("binary.bin", "BinaryInput"),
    }
    # A rerun skips them, and says so.
    assert run("ingest", str(tree), "--db", db, "--jobs", "1") == 0
    err = capsys.readouterr().err
    assert "saidwhat: skipped 2 pages that failed before (`saidwhat failures` lists them" in err
    # A page fixed and stored leaves the list; the other one is still there.
    (tree / "empty.txt").write_text(page(6))
    assert run("ingest", str(tree), "--db", db, "--jobs", "1") == 0
    with Store.open(db) as store:
        assert [Path(f.path).name for f in store.failures()] == ["binary.bin"]
    assert "saidwhat: skipped 1 pages" in capsys.readouterr().err


def test_failures_are_said_with_parallel_jobs_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(8):
        (root / f"p{i}.txt").write_text(page(i) if i % 3 else " " * i)  # whitespace only: empty
    assert run("ingest", str(root), "--db", str(tmp_path / "s.db"), "--jobs", "2") == 1
    said = sorted(line for line in capsys.readouterr().err.splitlines() if line.startswith("saidwhat: "))
    assert [line.split(": ")[1] for line in said] == [str(root / f"p{i}.txt") for i in (0, 3, 6)]


def test_jobs_out_of_bounds_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "page.txt"
    file.write_text(page(1))
    for jobs in ("9" * 20, "0", "-3"):
        assert run("ingest", str(file), "--jobs", jobs, "--db", str(tmp_path / "s.db")) == 2
        assert capsys.readouterr().err.startswith("saidwhat: --jobs must be a whole number from 1 to 256")
    assert not (tmp_path / "s.db").exists()
