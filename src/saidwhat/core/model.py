"""The one document model of saidwhat.

An :class:`Article` holds one clean text. Everything else — blocks, quotations,
statements, speaker mentions — is a character span ``[start, end)`` over that
text, never a copy that can drift. Text is recovered by slicing
(``article.text[span.start:span.end]``), and the JSON output states both so a
test can check every offset.

Removed page furniture is the one exception: it is not part of the clean text,
so it is kept as text in :attr:`Article.removed`, so that nothing is silently
lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Article",
    "Block",
    "BlockKind",
    "InputInfo",
    "Metadata",
    "Quote",
    "Removed",
    "Span",
    "Speaker",
    "SpeakerType",
    "Statement",
    "StatementKind",
    "covered",
]


@dataclass(slots=True, frozen=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` over :attr:`Article.text`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def slice(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def covered(spans: Sequence[Span], other: Sequence[Span]) -> int:
    """Characters of ``spans`` that ``other`` also covers (each pair counted once)."""
    return sum(max(0, min(a.end, b.end) - max(a.start, b.start)) for a in spans for b in other)


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    CREDIT = "credit"
    BYLINE = "byline"
    DATELINE = "dateline"
    BLOCKQUOTE = "blockquote"


@dataclass(slots=True)
class Block:
    """A structural unit of the clean article (title, paragraph, caption, ...)."""

    kind: BlockKind
    span: Span


@dataclass(slots=True)
class Removed:
    """A piece of page furniture taken out of the article, kept with its kind."""

    kind: str
    text: str


@dataclass(slots=True)
class InputInfo:
    """Where a document came from: its path (or ``-``), format and content hash."""

    path: str
    format: str = ""
    sha256: str = ""
    size: int = 0
    record: str = ""  # for multi-document inputs (WARC): the record's target URI
    encoding: str = ""  # the charset its container declares (HTTP Content-Type of a WARC record), if any


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    published: str | None = None
    modified: str | None = None
    page_date: str | None = None  # a date shown by the site (header bar), not the publication date
    authors: list[str] = field(default_factory=list)
    site: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    photo_credit: str | None = None
    republished_from: str | None = None


@dataclass(slots=True)
class Quote:
    """A span of text between paired quotation marks.

    ``span`` includes the marks, ``inner`` excludes them. A quotation that runs
    over several paragraphs has one ``inner`` part per paragraph, in ``parts``.
    """

    span: Span
    parts: list[Span]
    opener: str
    closer: str
    depth: int = 0  # 0 for an outermost quotation, 1 for a quotation inside it, ...


class StatementKind(StrEnum):
    DIRECT = "direct"  # the content is entirely a quotation
    INDIRECT = "indirect"  # reported speech, no quotation marks
    MIXED = "mixed"  # reported speech containing a partial quotation
    HEADLINE = "headline"  # "Speaker: content" in a title or heading


@dataclass(slots=True)
class Statement:
    """One attribution: who (source) said (cue) what (content)."""

    id: str
    kind: StatementKind
    content: list[Span]
    source: Span | None = None
    cue: Span | None = None
    speaker: str | None = None  # id of a Speaker of the same article
    parent: str | None = None  # id of the statement that relays this one
    confidence: float = 1.0
    method: str = ""


class SpeakerType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    GOVERNMENT = "government"
    COUNTRY = "country"
    GROUP = "group"
    DOCUMENT = "document"
    ANONYMOUS = "anonymous"
    UNKNOWN = "unknown"


@dataclass(slots=True)
class Speaker:
    """One canonical speaker of an article, with every mention that refers to it."""

    id: str
    name: str
    type: SpeakerType = SpeakerType.UNKNOWN
    key: str = ""  # stable across articles: normalised name plus type
    mentions: list[Span] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # for groups: member speaker ids
    confidence: float = 1.0


@dataclass(slots=True)
class Article:
    """A page on its way through the pipeline, and the result at the end of it.

    ``raw`` holds the input bytes and ``page`` their decoded text until the
    cleaning stage replaces them by ``text`` and ``blocks``.
    """

    input: InputInfo
    raw: bytes = b""
    page: str = ""
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    quotes: list[Quote] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    @property
    def title(self) -> str | None:
        for block in self.blocks:
            if block.kind is BlockKind.TITLE:
                return self.slice(block.span)
        return self.metadata.title

    def blocks_of(self, *kinds: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    def statement(self, statement_id: str) -> Statement | None:
        for st in self.statements:
            if st.id == statement_id:
                return st
        return None

    def speaker(self, speaker_id: str) -> Speaker | None:
        for sp in self.speakers:
            if sp.id == speaker_id:
                return sp
        return None
