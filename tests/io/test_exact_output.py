"""Every writer's exact output on a small hand-made article and a small store, byte for byte.

The expected outputs in ``exact_output.json`` were recorded from the writers as they were before
``saidwhat.io.writers`` existed (``output.py``, ``render.py``, ``store/views.py``,
``store/export.py``), so that moving them behind one protocol is shown to change nothing that
``saidwhat extract``, ``export``, ``search``, ``speakers`` and ``failures`` write. They are not
re-recorded: a difference is a change of behaviour.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pyarrow.parquet as pq
import pytest

from saidwhat.cli import main
from saidwhat.core.model import (
    Article,
    Block,
    BlockKind,
    InputInfo,
    Metadata,
    Span,
    Speaker,
    SpeakerType,
    Statement,
    StatementKind,
)
from saidwhat.core.sources import Failure
from saidwhat.io.writers import JsonWriter, PageWriter, StreamWriter, write_all, writer_for
from saidwhat.io.writers.layouts import ARTICLE
from saidwhat.store import Store

EXPECTED = Path(__file__).with_name("exact_output.json")
TEXT = (
    "Harbour plan approved\n"
    '"The harbour will be rebuilt by 2027," Mayor Ana Ruiz said on Tuesday.\n'
    "Police said 12 people were arrested, according to Tom Okafor.\n"
    "Café owners said\tnothing \x1b[31m at all."
)


def _span(part: str) -> Span:
    at = TEXT.index(part)
    return Span(at, at + len(part))


def small_article(
    path: str = "harbour.txt", record: str = "", sha256: str = "ab" * 32, site: str = "Coast News"
) -> Article:
    """One article with a direct quote, a relayed statement and a speaker without a key."""
    article = Article(
        input=InputInfo(path=path, format="text", sha256=sha256, size=len(TEXT), record=record),
        text=TEXT,
        blocks=[
            Block(BlockKind.TITLE, _span("Harbour plan approved")),
            Block(BlockKind.PARAGRAPH, Span(TEXT.index('"'), len(TEXT))),
        ],
        metadata=Metadata(
            title="Harbour plan approved",
            url=record or "https://coastnews.example/harbour",
            site=site,
            published="2024-03-05T10:00:00Z",
            authors=["Jane Roe"],
            language="en",
        ),
    )
    article.speakers = [
        Speaker("p1", "Ana Ruiz", SpeakerType.PERSON, key="ana ruiz", mentions=[_span("Mayor Ana Ruiz")]),
        Speaker("p2", "Police", SpeakerType.ORGANISATION, mentions=[_span("Police")], confidence=0.8),
        Speaker("p3", "Tom Okafor", SpeakerType.PERSON, key="tom okafor", mentions=[_span("Tom Okafor")]),
    ]
    article.statements = [
        Statement(
            "s1",
            StatementKind.DIRECT,
            [_span("The harbour will be rebuilt by 2027,")],
            source=_span("Mayor Ana Ruiz"),
            cue=_span("said on Tuesday"),
            speaker="p1",
            confidence=0.9512,
            method="test",
        ),
        Statement(
            "s2",
            StatementKind.INDIRECT,
            [_span("Police said 12 people were arrested")],
            source=_span("Tom Okafor"),
            cue=_span("according to"),
            speaker="p3",
            confidence=1.0,
            method="test",
        ),
        Statement(
            "s3",
            StatementKind.INDIRECT,
            [_span("12 people were arrested")],
            source=_span("Police"),
            cue=_span("said"),
            speaker="p2",
            parent="s2",
            confidence=0.5,
            method="test",
        ),
        Statement(
            "s4",
            StatementKind.INDIRECT,
            [_span("nothing \x1b[31m at all")],
            source=_span("Café owners"),
            cue=None,
            speaker=None,
            confidence=0.25,
            method="test",
        ),
    ]
    return article


def extract_outputs() -> dict[str, str]:
    """What ``saidwhat extract``'s writers write of one article and of two, in each format."""
    one, other = small_article(), small_article("café\udce9.txt", record="https://coastnews.example/harbour")
    writers: dict[str, Callable[[IO[str]], StreamWriter[Article]]] = {
        "json_one": lambda out: PageWriter(out, ARTICLE),
        "json_two": lambda out: JsonWriter(out, ARTICLE),
        "jsonl": lambda out: writer_for("jsonl", out, ARTICLE),
        "table": lambda out: writer_for("table", out, ARTICLE),
    }
    outputs = {}
    for name, make in writers.items():
        out = io.StringIO()
        write_all(make(out), [one] if name == "json_one" else [one, other])
        outputs[name] = out.getvalue()
    page_then_archive = io.StringIO()  # a page, then a web archive's: JSON Lines from the archive's on
    write_all(PageWriter(page_then_archive, ARTICLE), [one, other])
    outputs["page_then_archive"] = page_then_archive.getvalue()
    return outputs


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "store.db")
    with Store.open(path) as store:
        store.add(small_article())
        store.add(small_article("other.txt", "https://baytimes.example/harbour", "ef" * 32, "Bay Times"))
        store.add_failure(Failure("broken.html", "the page has no text", "EmptyInput"), "cd" * 32)
    return path


# When the store wrote a row (an article's ingested_at, a failure's failed_at): the only text that changes
# from run to run. Every other date of the small store is in 2024.
_INGESTED = re.compile(r"(?!2024-)\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\+00:00)?")


def store_outputs(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """What the store's commands print and export for the small store, in each format."""
    outputs: dict[str, str] = {}
    commands = {
        "search": ["search", "--min-confidence", "0"],
        "search_articles": ["search", "harbour", "--articles"],
        "timeline": ["speaker", "Ana Ruiz"],
        "speakers": ["speakers", "--min-confidence", "0"],
        "speakers_by_site": ["speakers", "--by", "site"],
        "failures": ["failures"],
        "search_none": ["search", "--speaker", "Nobody Known"],
        "search_empty": ["search", "zebra"],
    }
    for name, argv in commands.items():
        for fmt in ("table", "jsonl", "csv"):
            code = main([*argv, "--db", db, "--format", fmt])
            outputs[f"{name}.{fmt}"] = f"{code}\n" + _INGESTED.sub("<ingested>", capsys.readouterr().out)
    for fmt in ("table", "json"):
        assert main(["compare", "1", "2", "--db", db, "--format", fmt]) == 0
        outputs[f"compare.{fmt}"] = capsys.readouterr().out
    for table in ("statements", "articles", "speakers"):
        for fmt in ("jsonl", "csv"):
            out = tmp_path / f"{table}.{fmt}"
            assert main(["export", "--table", table, "-o", str(out), "--db", db]) == 0
            outputs[f"export.{table}.{fmt}"] = _INGESTED.sub("<ingested>", out.read_bytes().decode("utf-8"))
        assert main(["export", "--table", table, "--db", db]) == 0  # stdout: JSON Lines
        outputs[f"export.{table}.stdout"] = _INGESTED.sub("<ingested>", capsys.readouterr().out)
        out = tmp_path / f"{table}.parquet"
        assert main(["export", "--table", table, "-o", str(out), "--db", db]) == 0
        data = pq.read_table(out)
        rows = json.dumps(data.to_pylist(), ensure_ascii=False, default=str, sort_keys=True)
        outputs[f"export.{table}.parquet"] = f"{data.schema}\n{_INGESTED.sub('<ingested>', rows)}"
    capsys.readouterr()
    return outputs


def _expected() -> dict[str, str]:
    return dict(json.loads(EXPECTED.read_text("utf-8")))


def test_extract_writers_write_what_they_wrote_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    expected = _expected()
    outputs = extract_outputs()
    # A page then an archive's page: the page is held back as JSON, the archive's written as a line.
    assert outputs.pop("page_then_archive") == expected["extract.jsonl"].splitlines(keepends=True)[1] + (
        expected["extract.json_one"]
    )
    for name, text in outputs.items():
        assert text == expected[f"extract.{name}"], name


def test_store_commands_write_what_they_wrote_before(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    expected = _expected()
    outputs = store_outputs(db, tmp_path, capsys)
    assert set(outputs) == {k for k in expected if not k.startswith("extract.")}
    for name, text in outputs.items():
        assert text == expected[name], name
