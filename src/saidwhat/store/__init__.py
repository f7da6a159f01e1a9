"""The store: articles and statements kept in SQLite (default) or PostgreSQL, and searched.

Public surface (all results are typed records of :mod:`saidwhat.store.records`)::

    Store.open(path_or_url=None)          open ($SAIDWHAT_DB, XDG default), migrate; create=False refuses
                                          to make a new store, read_only=True only reads (read-only media too)
    store.add(article) -> AddResult       one transaction per article; same content stored once,
                                          a changed page at the same URL becomes a linked new version
    store.search(query, speaker=, site=, since=, until=, kind=, limit=) -> list[StatementHit]
    store.speakers(site=, since=, until=, by=) -> list[SpeakerCount]
    store.speaker_timeline(name) -> list[StatementHit]
    store.find_event(query) -> list[ArticleInfo]        articles by full text
    store.compare(a, b) -> Comparison                   two accounts side by side
    store.article(ref) -> Article                       rebuilt with its exact offsets
    store.iter_statements(...), store.iter_article_rows()   rows, streamed (saidwhat.io.export writes them)
"""

from __future__ import annotations

from .compare import AlignedPair, Comparison, Voice
from .records import (
    AddResult,
    AddStatus,
    ArticleInfo,
    FailureRecord,
    SpeakerCount,
    StatementHit,
    StoreStats,
)
from .store import Store, default_location, resolve_target

__all__ = [
    "AddResult",
    "AddStatus",
    "AlignedPair",
    "ArticleInfo",
    "Comparison",
    "FailureRecord",
    "SpeakerCount",
    "StatementHit",
    "Store",
    "StoreStats",
    "Voice",
    "default_location",
    "resolve_target",
]
