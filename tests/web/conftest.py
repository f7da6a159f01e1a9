"""Fixtures of the web tests: a store filled with the demo corpus, a hostile store, clients of the web
app over them, and an HTML reader."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("jinja2", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install -e '.[web]'")
from starlette.testclient import TestClient

from saidwhat.core.model import (
    Article,
    Block,
    BlockKind,
    InputInfo,
    Metadata,
    Removed,
    Span,
    Speaker,
    SpeakerType,
    Statement,
    StatementKind,
)
from saidwhat.core.sources import Source
from saidwhat.demo import demo_pages
from saidwhat.pipeline import extract_many
from saidwhat.store import Store
from saidwhat.web import create_app


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the extracted demo corpus (extracted once per test session)."""
    path = tmp_path_factory.mktemp("web") / "demo.db"
    with Store.open(path) as store:
        sources = [Source(f"demo/{p.name}", p.read_bytes()) for p in demo_pages()]
        for result in extract_many(sources):
            assert isinstance(result, Article), result
            store.add(result)
    return path


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    with Store.open(demo_db, read_only=True) as store:
        yield store


@pytest.fixture
def client(demo_db: Path) -> Iterator[TestClient]:
    """The read-only web app over the demo store."""
    with TestClient(create_app(str(demo_db)), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def edit_db(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo store that a test may change."""
    copy = tmp_path / "edit.db"
    shutil.copy(demo_db, copy)
    return copy


@pytest.fixture
def editor(edit_db: Path) -> Iterator[TestClient]:
    """The web app with edits allowed, over a copy of the demo store."""
    app = create_app(str(edit_db), allow_edits=True, editor="tester")
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


HOSTILE_TITLE = '<script>alert("t")</script> Mayor\'s "plan" & more'
HOSTILE_QUOTE = '<img src=x onerror=alert(1)> we will <b onmouseover="x()">win</b>'
HOSTILE_SPEAKER = '<svg onload=alert(2)>Jane "Doe"'
HOSTILE_CSS = '</style><style>*{display:none}</style><div style="position:fixed;inset:0">'
LONG_WORD = "W" * 10_000


def hostile_article() -> Article:
    """A page whose every field tries to inject markup, scripts, javascript: links or control characters."""
    text = (
        f"{HOSTILE_TITLE}\n\n"
        f'"{HOSTILE_QUOTE}," {HOSTILE_SPEAKER} said.\n\n'
        "The council\x1b[31m said\x00 it would javascript:alert(3) review \u202ethe plan.\n"
        f"\n{HOSTILE_CSS} {LONG_WORD} \u2067isolated\u2069 end.\n"
    )
    title = Span(0, len(HOSTILE_TITLE))
    body = Span(title.end + 2, len(text))
    q_start = text.index(HOSTILE_QUOTE)
    s_start = text.index(HOSTILE_SPEAKER)
    cue_start = text.index(" said.", s_start) + 1
    council = text.index("The council")
    ctrl_cue = text.index("said\x00")
    speaker = Speaker(
        "p1", HOSTILE_SPEAKER, SpeakerType.PERSON, "person:<svg onload=alert(2)>jane doe",
        [Span(s_start, s_start + len(HOSTILE_SPEAKER))],
    )  # fmt: skip
    statements = [
        Statement(
            "s1", StatementKind.DIRECT, [Span(q_start, q_start + len(HOSTILE_QUOTE))],
            source=speaker.mentions[0], cue=Span(cue_start, cue_start + 4), speaker="p1", method="test",
        ),
        Statement(
            "s2", StatementKind.INDIRECT, [Span(ctrl_cue + 6, len(text) - 1)],
            source=Span(council, council + 11), cue=Span(ctrl_cue, ctrl_cue + 5), method="test",
        ),
    ]  # fmt: skip
    return Article(
        input=InputInfo(
            path='evil"><script>.html', format="html", sha256=hashlib.sha256(text.encode()).hexdigest()
        ),
        text=text,
        blocks=[Block(BlockKind.TITLE, title), Block(BlockKind.PARAGRAPH, body)],
        removed=[Removed("navigation", "<script>steal()</script>"), Removed("ad", "\x1b]0;pwned\x07")],
        metadata=Metadata(
            title=HOSTILE_TITLE,
            published="2026-01-02",
            authors=['<i onclick="x()">Eve</i>', "<style>body{background:red}</style>"],
            site='"><script>alert(4)</script>',
            url="javascript:alert(5)",
            canonical_url="https://example.org/a?x=\"'><script>",
            republished_from="<a href=javascript:alert(6)>wire</a>",
        ),
        statements=statements,
        speakers=[speaker],
    )


@pytest.fixture
def hostile_db(tmp_path: Path) -> tuple[Path, int]:
    path = tmp_path / "hostile.db"
    with Store.open(path) as store:
        added = store.add(hostile_article())
    return path, added.article_id


@pytest.fixture
def hostile_client(hostile_db: tuple[Path, int]) -> Iterator[tuple[TestClient, int]]:
    app = create_app(str(hostile_db[0]), allow_edits=True)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client, hostile_db[1]


def csrf_of(body: str) -> str:
    """The CSRF token of the first form of a page."""
    found = [a.get("value") for t, a in Page(body).elements if t == "input" and a.get("name") == "csrf"]
    assert found, "the page has no form with a CSRF token"
    return str(found[0])


class Page(HTMLParser):
    """A parsed page: its elements (tag, attributes), its text, and the text under each highlight role."""

    def __init__(self, body: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.article_text: list[str] = []
        self.roles: dict[str, list[str]] = {}
        self.classes: list[set[str]] = []
        self._current_roles: list[str] = []
        self._in_article = 0
        self.feed(body)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        if tag == "article":
            self._in_article += 1
        if tag == "span" and found.get("data-roles"):
            self._current_roles = (found["data-roles"] or "").split()
            self.classes.append(set((found.get("class") or "").split()))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1
        if tag == "span":
            self._current_roles = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_article:
            self.article_text.append(data)
        for role in self._current_roles:
            self.roles.setdefault(role, []).append(data)

    def role_text(self, role: str) -> str:
        return "".join(self.roles.get(role, []))

    def links(self) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == "a"]
