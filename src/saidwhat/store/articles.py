"""Stored articles: found by any reference, rebuilt with their exact offsets, listed and exported.

An article is referred to by its id, its URL, its content hash (or a prefix of
8+ hex digits) or the path it was ingested from; :func:`find_article` tries
them in that order. :func:`article` rebuilds the
:class:`~saidwhat.core.model.Article` the pipeline gave, with the same offsets.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.errors import StoreError
from ..core.model import (
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
from ..core.paths import from_bytes, shown
from .db import Database, Row
from .query import ARTICLES
from .records import ArticleInfo
from .search import full_text, query_error
from .text import MAX_ROWS, checked_limit

__all__ = [
    "ARTICLE_COLUMNS",
    "article",
    "article_by_id",
    "articles",
    "body_text",
    "find_article",
    "find_event",
    "info",
    "iter_article_rows",
    "list_articles",
    "sites",
    "versions",
]

ARTICLE_COLUMNS = "id, sha256, path, url, site, title, published, n_statements, previous_id, latest"
_ID = re.compile("[0-9]+")  # ASCII digits only: "²" and "٣" are no ids


def info(row: Row) -> ArticleInfo:
    """A row of :data:`ARTICLE_COLUMNS` as a record."""
    return ArticleInfo(
        id=int(row["id"]), sha256=row["sha256"], path=row["path"], url=row["url"], site=row["site"],
        title=row["title"], published=row["published"], n_statements=int(row["n_statements"]),
        previous_id=row["previous_id"], latest=bool(row["latest"]),
    )  # fmt: skip


def _columns(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in ARTICLE_COLUMNS.split(","))


def articles(db: Database, all_versions: bool = False) -> list[ArticleInfo]:
    where = "" if all_versions else " WHERE latest = 1"
    return [info(r) for r in db.query(f"SELECT {ARTICLE_COLUMNS} FROM articles{where} ORDER BY id")]


def versions(db: Database, ref: str | int) -> list[ArticleInfo]:
    """Every version of an article's page, oldest first."""
    chain = [find_article(db, ref)]
    while chain[0].previous_id is not None:
        chain.insert(0, article_by_id(db, chain[0].previous_id))
    while True:
        newer = db.query(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE previous_id = ?", (chain[-1].id,))
        if not newer:
            return chain
        chain.append(info(newer[0]))


def article_by_id(db: Database, article_id: int) -> ArticleInfo:
    rows = []
    if 0 < article_id <= MAX_ROWS:  # a larger number is no id, and no database integer either
        rows = db.query(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
    if not rows:
        raise StoreError(f"no article with id {article_id}", db.where)
    return info(rows[0])


def find_article(db: Database, ref: str | int) -> ArticleInfo:
    """An article by id, URL, content hash (or a prefix of 8+ hex digits), or ingested file path.

    A path is looked up as stored, then by the hash of the file's current content.
    """
    name = str(ref).strip()
    text = shown(name)  # a file name that is not valid UTF-8 is stored shown with its bytes escaped
    if isinstance(ref, int) or _ID.fullmatch(text):
        return article_by_id(db, int(text))
    lookups = [
        ("SELECT {} FROM articles WHERE url = ? ORDER BY latest DESC, id DESC LIMIT 1", text),
        ("SELECT {} FROM articles WHERE path = ? ORDER BY latest DESC, id DESC LIMIT 1", text),
    ]
    if 8 <= len(text) <= 64 and all(c in "0123456789abcdef" for c in text.lower()):
        lookups.append(
            ("SELECT {} FROM articles WHERE sha256 LIKE ? ORDER BY id LIMIT 1", text.lower() + "%")
        )
    digest = _file_digest(name)
    if digest is not None:
        lookups.append(("SELECT {} FROM articles WHERE sha256 = ?", digest))
    for sql, param in lookups:
        rows = db.query(sql.format(ARTICLE_COLUMNS), (param,))
        if rows:
            return info(rows[0])
    raise StoreError(f"no stored article matches '{text}' (give an id, URL, path or content hash)", db.where)


def _file_digest(text: str) -> str | None:
    """The content hash of the file ``text`` names, if it names a readable file."""
    try:
        path = Path(text).expanduser()
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError):  # not a file name at all (too long, a NUL byte) or unreadable
        return None


def article(db: Database, version: int, ref: str | int) -> Article:
    """The stored article rebuilt as a :class:`~saidwhat.core.model.Article` (same offsets as extracted)."""
    found = find_article(db, ref)
    exact = "path_bytes" if version >= 3 else "NULL AS path_bytes"
    row = db.query(
        f"""SELECT path, record, format, sha256, size, text, blocks, removed, metadata, {exact}
        FROM articles WHERE id = ?""",
        (found.id,),
    )[0]
    meta = json.loads(row["metadata"])
    path = from_bytes(row["path_bytes"], row["path"])
    rebuilt = Article(
        input=InputInfo(
            path=path, format=row["format"], sha256=row["sha256"], size=int(row["size"]), record=row["record"]
        ),
        text=row["text"],
        blocks=[Block(BlockKind(k), Span(s, e)) for k, s, e in json.loads(row["blocks"])],
        removed=[Removed(k, t) for k, t in json.loads(row["removed"])],
        metadata=Metadata(**{k: v for k, v in meta.items() if k in Metadata.__dataclass_fields__}),
    )
    rebuilt.speakers = _article_speakers(db, found.id)
    rebuilt.statements = _article_statements(db, found.id)
    return rebuilt


def _article_speakers(db: Database, article_id: int) -> list[Speaker]:
    rows = db.query(
        """SELECT x.local_id, x.name, sp.type, sp.key, x.confidence, x.members
        FROM article_speakers x JOIN speakers sp ON sp.id = x.speaker_id WHERE x.article_id = ?
        ORDER BY x.position""",
        (article_id,),
    )
    mentions: dict[str, list[Span]] = {}
    for m in db.query(
        "SELECT speaker_local, start_offset, end_offset FROM mentions WHERE article_id = ? ORDER BY id",
        (article_id,),
    ):
        mentions.setdefault(m["speaker_local"], []).append(Span(m["start_offset"], m["end_offset"]))
    return [
        Speaker(
            id=r["local_id"],
            name=r["name"],
            type=SpeakerType(r["type"]),
            key=r["key"],
            mentions=mentions.get(r["local_id"], []),
            members=json.loads(r["members"]),
            confidence=float(r["confidence"]),
        )
        for r in rows
    ]


def _article_statements(db: Database, article_id: int) -> list[Statement]:
    rows = db.query(
        """SELECT s.local_id, s.kind, s.content_spans, s.source_start, s.source_end, s.cue_start, s.cue_end,
            s.speaker_local, p.local_id AS parent, s.confidence, s.method
        FROM statements s LEFT JOIN statements p ON p.id = s.parent_id WHERE s.article_id = ? ORDER BY s.id""",
        (article_id,),
    )
    return [
        Statement(
            id=r["local_id"],
            kind=StatementKind(r["kind"]),
            content=[Span(a, b) for a, b in json.loads(r["content_spans"])],
            source=Span(r["source_start"], r["source_end"]) if r["source_start"] is not None else None,
            cue=Span(r["cue_start"], r["cue_end"]) if r["cue_start"] is not None else None,
            speaker=r["speaker_local"],
            parent=r["parent"],
            confidence=float(r["confidence"]),
            method=r["method"],
        )
        for r in rows
    ]


_NOT_BODY = frozenset({BlockKind.CREDIT, BlockKind.BYLINE, BlockKind.CAPTION, BlockKind.DATELINE})


def body_text(article: Article) -> str:
    """The article's own words: its text without credits, bylines, captions and datelines."""
    if not article.blocks:
        return article.text
    return "\n\n".join(article.slice(b.span) for b in article.blocks if b.kind not in _NOT_BODY)


def sites(db: Database, limit: int = 500) -> list[tuple[str, int]]:
    """The sites of the latest articles and how many articles each has, largest first."""
    rows = db.query(
        """SELECT site, COUNT(*) AS n FROM articles WHERE latest = 1 AND site IS NOT NULL
        GROUP BY site ORDER BY COUNT(*) DESC, site LIMIT ?""",
        (int(checked_limit(limit) or 500),),
    )
    return [(r["site"], int(r["n"])) for r in rows]


def list_articles(db: Database, offset: int = 0, limit: int = 50) -> tuple[list[ArticleInfo], int]:
    """One page of the latest articles, newest first, and how many there are in all."""
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_ROWS:
        raise StoreError(f"the offset must be a whole number from 0 to {MAX_ROWS}, not {offset!r}")
    rows = db.query(
        f"""SELECT {ARTICLE_COLUMNS} FROM articles WHERE latest = 1
        ORDER BY COALESCE(pub_date, '') DESC, id DESC LIMIT ? OFFSET ?""",
        (int(checked_limit(limit) or 50), offset),
    )
    total = int(db.query("SELECT COUNT(*) AS n FROM articles WHERE latest = 1")[0]["n"])
    return [info(r) for r in rows], total


def find_event(
    db: Database, version: int, query: str, limit: int = 10, fts: bool = False
) -> list[ArticleInfo]:
    """Articles whose title or text match a full-text query, best first."""
    limit = checked_limit(limit) or MAX_ROWS
    if not query.strip():
        raise StoreError("empty event query")
    match = full_text(db, version, query, ARTICLES, fts)
    if match is None:
        return []
    source = db.dialect.search_from(ARTICLES, ARTICLES.table)
    sql = f"""SELECT {_columns("a")}, {match.score} AS score FROM {source} WHERE ({match.where}) AND a.latest = 1
        ORDER BY score DESC, a.id LIMIT ?"""
    try:
        return [info(r) for r in db.query(sql, [*match.score_params, *match.params, int(limit)])]
    except StoreError as err:
        raise query_error(db, query, err, fts) from err


def iter_article_rows(db: Database, all_versions: bool = False) -> Iterator[dict[str, Any]]:
    """Articles as flat rows, for export (``authors`` a list)."""
    where = "" if all_versions else " WHERE latest = 1"
    for r in db.stream(
        f"""SELECT id AS article_id, sha256, path, url, site, title, published, language, authors, text,
        n_statements, previous_id, latest, ingested_at FROM articles{where} ORDER BY id"""
    ):
        yield {
            **r,
            "article_id": int(r["article_id"]),
            "authors": json.loads(r["authors"]),
            "n_statements": int(r["n_statements"]),
            "latest": bool(r["latest"]),
        }
