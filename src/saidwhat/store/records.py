"""Typed rows that the store returns: what a search, a speaker count or an ingestion gives back.

They are plain slotted dataclasses with JSON-friendly fields, so every output
format (table, JSON Lines, CSV, Parquet) is a view of the same objects.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

__all__ = [
    "READING_CONFIDENCE",
    "AddResult",
    "AddStatus",
    "ArticleInfo",
    "FailureRecord",
    "SpeakerCount",
    "StatementHit",
    "StoreStats",
    "as_row",
    "column_names",
]

READING_CONFIDENCE = 0.5  # the confidence under which the store's views (commands, web pages) hide a statement


class AddStatus(StrEnum):
    ADDED = "added"  # a page the store did not have
    VERSION = "version"  # a changed page at an address already stored: linked to the previous version
    DUPLICATE = "duplicate"  # the same content was already stored


@dataclass(slots=True, frozen=True)
class AddResult:
    status: AddStatus
    article_id: int
    previous_id: int | None = None


@dataclass(slots=True, frozen=True)
class ArticleInfo:
    """An article as listed by the store (its text is fetched with :meth:`Store.article`)."""

    id: int
    sha256: str
    path: str
    url: str | None
    site: str | None
    title: str | None
    published: str | None
    n_statements: int
    previous_id: int | None
    latest: bool


@dataclass(slots=True, frozen=True)
class StatementHit:
    """One stored statement with the article it comes from."""

    statement_id: int
    article_id: int
    local_id: str
    kind: str
    speaker: str | None  # canonical name; None when the statement has no resolved speaker
    speaker_key: str | None
    source: str | None  # the source span's text as written in the article
    cue: str | None
    content: str
    confidence: float
    parent_id: int | None
    site: str | None
    published: str | None
    title: str | None
    url: str | None
    path: str
    score: float | None = None  # full-text rank when the search had a query (higher is better)
    # Character offsets [start, end) of the source, the cue and each content part in the article's text
    # (``Store.article(article_id).text``, or ``text`` in an export of the articles).
    source_start: int | None = None
    source_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    content_spans: list[list[int]] = field(default_factory=list)

    @property
    def who(self) -> str:
        if self.speaker:
            return self.speaker
        return f"{self.source} (unresolved)" if self.source else "unattributed"


@dataclass(slots=True, frozen=True)
class SpeakerCount:
    """How often one speaker is quoted, and where."""

    key: str
    name: str
    type: str
    statements: int
    articles: int
    first: str | None  # earliest publication date of an article quoting them
    last: str | None
    sites: dict[str, int] = field(default_factory=dict)
    group: str | None = None  # the site or period of this row when counts are broken down


@dataclass(slots=True, frozen=True)
class FailureRecord:
    path: str
    sha256: str
    reason: str
    error: str
    failed_at: str


@dataclass(slots=True, frozen=True)
class StoreStats:
    articles: int
    latest_articles: int
    statements: int
    speakers: int
    failures: int
    schema_version: int


def as_row(record: Any) -> dict[str, Any]:
    """A record as a flat dict (nested dicts are JSON-encoded by the writers that need it)."""
    return asdict(record)


def column_names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]
