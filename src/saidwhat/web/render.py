"""The templates' environment and the helpers they use; every scraped text is escaped here.

Stored text came from scraped pages and is hostile. Jinja2 escapes every
``{{ value }}`` (autoescape on, for every template); before that, the
environment's ``finalize`` replaces control characters and bidi overrides one
for one with U+FFFD (:func:`clean`), so offsets still line up with the stored
text and no scraped text can reorder what follows it. Nothing marks scraped
text as safe: :class:`~markupsafe.Markup` is only made by the templates
themselves.

A link to a scraped URL is made only for plain ``http``/``https`` URLs
(:func:`outbound_href`); anything else is shown as text.

Highlighting (:func:`highlight`) works on exact offsets: the text of a block is
cut at every span boundary, and each piece carries the roles (source, cue,
content of which statement) of all the spans covering it. Spans may nest or
overlap (a relayed statement's cue lies inside the content of the statement
that relays it); cutting at boundaries represents any overlap without
re-nesting elements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from markupsafe import Markup

from ..core.model import Article, BlockKind

__all__ = [
    "Mark",
    "Piece",
    "article_regions",
    "clean",
    "environment",
    "highlight",
    "outbound_href",
    "path_part",
    "query_string",
    "statement_marks",
]

# C0/C1 controls (but tab, newline, carriage return) and bidi overrides and isolates.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_URL_MAX = 2000


def clean(value: Any) -> Any:
    """What a template shows of a value: ``None`` as nothing, control characters as U+FFFD.

    Markup (made by the templates) passes as is; everything else becomes text, escaped after this."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    text = value if isinstance(value, str) else str(value)
    return CONTROL.sub("\ufffd", text) if CONTROL.search(text) else text


def path_part(value: object) -> str:
    """One path segment, percent-encoded (a speaker key such as ``person:jane doe``)."""
    return quote(str(value), safe="")


def query_string(values: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` of the values with ``changes`` applied (None or "" drops a parameter)."""
    merged = {**values, **changes}
    pairs: list[tuple[str, str]] = []
    for name, value in merged.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if item is not None and item != "":
                pairs.append((name, str(item)))
    return "?" + urlencode(pairs) if pairs else "?"


def outbound_href(url: str | None) -> str | None:
    """A scraped URL that may be a link: plain ``http(s)`` with a host, short, no control or space."""
    if not url or len(url) > _URL_MAX or CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


@dataclass(slots=True, frozen=True)
class Mark:
    """One span to highlight: ``[start, end)`` over the article text, its role and statement."""

    start: int
    end: int
    role: str  # "source", "cue" or "content"
    statement: str


@dataclass(slots=True, frozen=True)
class Piece:
    """A run of text and what covers it: CSS classes, ``role`` names, and anchors placed before it."""

    text: str
    classes: str = ""
    roles: str = ""
    title: str = ""
    anchors: tuple[str, ...] = ()


_ROLE_CLASS = {"source": "src", "cue": "cue", "content": "con"}


def _piece(text: str, active: Sequence[Mark], anchors: tuple[str, ...]) -> Piece:
    if not active:
        return Piece(text, anchors=anchors)
    roles = sorted({_ROLE_CLASS.get(m.role, "other") for m in active})
    if sum(1 for m in active if m.role == "content") > 1:
        roles.append("deep")  # inside the content of two statements: a relayed statement
    return Piece(
        text,
        "hl " + " ".join(roles),
        " ".join(f"{m.statement}:{m.role}" for m in active),
        "; ".join(f"{m.statement} {m.role}" for m in active),
        anchors,
    )


def highlight(
    text: str, start: int, end: int, marks: Sequence[Mark], anchors: dict[int, list[str]] | None = None
) -> list[Piece]:
    """``text[start:end]`` cut at every mark boundary, each piece with the marks over it.

    ``anchors`` maps offsets to element ids put at that point (the start of each statement)."""
    inside = [
        Mark(max(m.start, start), min(m.end, end), m.role, m.statement)
        for m in marks
        if m.start < end and m.end > start and m.start < m.end
    ]
    here = {pos: ids for pos, ids in (anchors or {}).items() if start <= pos < end}
    cuts = sorted({start, end, *here, *(m.start for m in inside), *(m.end for m in inside)})
    opening: dict[int, list[Mark]] = {}
    for m in sorted(inside, key=lambda m: (m.start, -m.end)):
        opening.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[Piece] = []
    for left, right in pairwise(cuts):
        active = [m for m in active if m.end > left] + opening.get(left, [])
        out.append(_piece(text[left:right], active, tuple(here.get(left, []))))
    return out


def statement_marks(article: Article) -> tuple[list[Mark], dict[int, list[str]]]:
    """Every source, cue and content span of the article's statements, and where each statement starts."""
    limit = len(article.text)
    marks: list[Mark] = []
    anchors: dict[int, list[str]] = {}
    for st in article.statements:
        spans = [("content", s) for s in st.content]
        spans += [(role, s) for role, s in (("source", st.source), ("cue", st.cue)) if s is not None]
        spans = [(role, s) for role, s in spans if s.end <= limit]  # a stale offset is not shown
        for role, span in spans:
            marks.append(Mark(span.start, span.end, role, st.id))
        if spans:
            first = min(s.start for _, s in spans)
            anchors.setdefault(min(first, max(limit - 1, 0)), []).append("st-" + st.id)
    return marks, anchors


_BLOCK_TAGS = {
    BlockKind.TITLE: ("h1", "title"),
    BlockKind.HEADING: ("h2", "heading"),
    BlockKind.PARAGRAPH: ("p", "para"),
    BlockKind.CAPTION: ("p", "caption"),
    BlockKind.CREDIT: ("p", "credit"),
    BlockKind.BYLINE: ("p", "byline"),
    BlockKind.DATELINE: ("p", "dateline"),
    BlockKind.BLOCKQUOTE: ("blockquote", "bq"),
}


@dataclass(slots=True)
class Region:
    """A block of the article (or the text between blocks: ``element`` "gap" or "") and its pieces."""

    element: str
    css: str
    pieces: list[Piece] = field(default_factory=list)


def article_regions(article: Article) -> list[Region]:
    """The clean text, block by block, every statement span highlighted at its exact offsets.

    Text between blocks (normally blank lines) is kept too, so that no offset is lost."""
    marks, anchors = statement_marks(article)
    text = article.text
    spans: list[tuple[int, int, BlockKind | None]] = []
    at = 0
    for block in sorted(article.blocks, key=lambda b: (b.span.start, b.span.end)):
        start, end = max(block.span.start, at), min(block.span.end, len(text))
        if start >= end:
            continue
        if start > at:
            spans.append((at, start, None))
        spans.append((start, end, block.kind))
        at = end
    if at < len(text):
        spans.append((at, len(text), None))
    regions: list[Region] = []
    for start, end, kind in spans:
        pieces = highlight(text, start, end, marks, anchors)
        if kind is None:
            regions.append(Region("div" if text[start:end].strip() else "", "gap", pieces))
        else:
            element, css = _BLOCK_TAGS.get(kind, ("p", "para"))
            regions.append(Region(element, css, pieces))
    return regions


@cache
def environment() -> jinja2.Environment:
    """The templates of ``saidwhat/web/templates``, autoescaped, with :func:`clean` on every value."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("saidwhat.web", "templates"),
        autoescape=True,  # every template, whatever its name
        finalize=clean,
        undefined=jinja2.StrictUndefined,  # a misspelt name is a bug, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path_part"] = path_part
    env.filters["outbound"] = outbound_href
    env.globals["qs"] = query_string
    return env
