"""Fixtures of the store tests: real SQLite files in tmp_path, and PostgreSQL when SAIDWHAT_TEST_PG is set.

Articles are built by hand (:func:`make_article`) so that these tests depend on
the store only, not on how well the extraction stages find statements.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

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
from saidwhat.store import Store


@dataclass(slots=True)
class Said:
    """One statement to put in a hand-made article: who (as written) said what (a substring of the text)."""

    who: str
    what: str
    kind: str = "direct"
    name: str | None = None  # the canonical name, when it differs from how the text names them
    type: SpeakerType = SpeakerType.PERSON
    parent: int | None = None  # index of the relaying statement
    also: list[str] = field(default_factory=list)  # other mentions of the speaker in the text


def _find(text: str, part: str, start: int = 0) -> Span:
    at = text.find(part, start)
    if at < 0:
        at = text.find(part)
    assert at >= 0, f"{part!r} is not in the text"
    return Span(at, at + len(part))


def make_article(
    text: str,
    said: Sequence[Said] = (),
    path: str = "page.txt",
    url: str | None = None,
    site: str | None = None,
    published: str | None = None,
) -> Article:
    """An extracted article with the given statements; the first line is the title."""
    title_end = text.find("\n") if "\n" in text else len(text)
    blocks = [Block(BlockKind.TITLE, Span(0, title_end))]
    if title_end < len(text):
        blocks.append(Block(BlockKind.PARAGRAPH, Span(title_end + 1, len(text))))
    article = Article(
        input=InputInfo(
            path=path, format="text", sha256=hashlib.sha256(text.encode()).hexdigest(), size=len(text)
        ),
        text=text,
        blocks=blocks,
        metadata=Metadata(title=text[:title_end], url=url, site=site, published=published),
    )
    speakers: dict[str, Speaker] = {}
    for i, s in enumerate(said):
        name = s.name or s.who
        if name not in speakers:
            speakers[name] = Speaker(f"sp{len(speakers) + 1}", name, s.type)
        speaker = speakers[name]
        content = _find(text, s.what)
        source = _find(text, s.who, max(0, content.start - 200))
        for mention in (source, *(_find(text, m) for m in s.also)):
            if mention not in speaker.mentions:
                speaker.mentions.append(mention)
        article.statements.append(
            Statement(
                id=f"st{i + 1}",
                kind=StatementKind(s.kind),
                content=[content],
                source=source,
                speaker=speaker.id,
                parent=f"st{s.parent + 1}" if s.parent is not None else None,
                confidence=0.9,
                method="test",
            )
        )
    article.speakers = list(speakers.values())
    return article


def _pg_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    base = os.environ.get("SAIDWHAT_TEST_PG")
    if not base:
        pytest.skip("SAIDWHAT_TEST_PG is not set: no PostgreSQL server to test against")
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}".encode())
    try:
        yield _pg_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE".encode())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where to open a store: a SQLite file, or a PostgreSQL schema (skipped without a server)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    with Store.open(target) as opened:
        yield opened
