"""The local executor (sources in, results beside their sources out) and the ingestion it runs:
``saidwhat ingest`` stores what ``saidwhat extract`` prints for the same pages, batch profile included."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from saidwhat.cli import main
from saidwhat.core.model import Article
from saidwhat.core.options import Options
from saidwhat.core.sources import Failure, Source
from saidwhat.executors.local import LocalExecutor
from saidwhat.io.writers.json import article_to_dict
from saidwhat.store import Store

# Six stories of one site (more than two jobs * 2: two jobs run them on a pool) (one directory), each with the site's newsletter box, which reads like a
# quotation: only the batch's furniture profile tells that it is no statement.
_STORIES = [
    ("Harbour to be rebuilt", '"We will rebuild the pier before winter," Mayor Jane Doe said on Monday.',
     "Fishermen's leader Tom Okafor said the storm sank many boats."),
    ("School budget approved", '"Every classroom gets new books this autumn," Principal Ana Ruiz said.',
     "Parents welcomed the decision at a crowded meeting."),
    ("Bridge closed for repairs", '"Drivers should expect long delays," engineer Paul Martin said on Tuesday.',
     "The old crossing carries thousands of cars a day."),
    ("Library opens late", '"Readers asked for evening hours and we listened," librarian Sofia Klein said.',
     "The branch will stay open until nine on weekdays."),
    ("Market square repaved", '"The stones will last another century," architect Lena Vogel said.',
     "Stallholders moved to the car park for the summer."),
    ("Ferry timetable changes", '"Morning crossings will run every twenty minutes," captain Ivo Berg said.',
     "Evening services stay as they were."),
]  # fmt: skip
_BOX = '"Subscribe to our newsletter for the news that matters," the editors said.'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for i, (title, quote, other) in enumerate(_STORIES):
        (root / f"story-{i}.txt").write_text(f"{title}\n\n{quote}\n\n{_BOX}\n\n{other}\n")
    return root


def _extracted(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["extract", *argv, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {str(row["input"]["path"]): row for row in rows}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ingest_stores_the_statements_extract_gives(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    printed = _extracted(capsys, str(site))
    # The profile matters on these pages: without it, the newsletter box is a statement.
    alone = _extracted(capsys, str(site), "--no-batch-profile")
    assert [len(r["statements"]) for r in printed.values()] != [len(r["statements"]) for r in alone.values()]
    db = tmp_path / "s.db"
    assert main(["ingest", str(site), "--db", str(db), "--jobs", jobs]) == 0
    with Store.open(db, read_only=True) as store:
        stored = {a.path: article_to_dict(store.article(a.id)) for a in store.articles()}
    assert stored == printed


def test_ingest_without_the_profile_stores_what_extract_gives_without_it(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alone = _extracted(capsys, str(site), "--no-batch-profile")
    db = tmp_path / "s.db"
    assert main(["ingest", str(site), "--db", str(db), "--jobs", "1", "--no-batch-profile"]) == 0
    with Store.open(db, read_only=True) as store:
        assert {a.path: article_to_dict(store.article(a.id)) for a in store.articles()} == alone


def _sources(n: int) -> list[Source]:
    good = [
        Source(f"page-{i}.txt", f'Story {i}\n\n"We won {i} votes," Jane Doe said.\n'.encode())
        for i in range(n)
    ]
    return [*good, Source("empty.txt", b"  \n")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_result_comes_beside_its_source(jobs: int) -> None:
    sources = _sources(6)  # more than jobs * 2: two jobs run on a pool
    results = list(LocalExecutor(Options(), jobs).run(iter(sources)))
    assert sorted(s.path for s, _ in results) == sorted(s.path for s in sources)
    for source, result in results:
        if source.path == "empty.txt":
            assert isinstance(result, Failure) and result.error == "EmptyInput"
        else:
            assert isinstance(result, Article) and result.input.path == source.path
            assert f"won {source.path[5]} votes" in result.text


def test_nothing_to_run_reads_no_first_pass() -> None:
    def first_pass() -> Iterator[Source]:
        raise AssertionError("the first pass was read for an empty batch")
        yield  # a generator: it raises only when read

    assert list(LocalExecutor(Options(), 2).run([], first_pass())) == []
