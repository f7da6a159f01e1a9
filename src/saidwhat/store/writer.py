"""Writing one article (or one failure) to the store, in one transaction.

This is the only code that writes rows. An article goes in whole or not at
all: its row, its full-text index rows, its speakers, mentions and statements
share one transaction, so a process killed at any moment leaves either the
complete article or nothing, and a rerun adds what is missing.

``version`` is the schema version of the store written to: a store opened at
an older version (``Store.open(upto=...)``) gets the columns and indexes it has.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import UTC, datetime

from ..core.model import Article, Speaker, Statement
from ..core.paths import name_bytes, shown
from ..core.sources import Failure
from .corrections import canonical_key
from .db import Database
from .marks import carry_marks
from .records import AddResult, AddStatus
from .schema import LATEST
from .text import is_name_like, normalise_name, pub_date, site_of

__all__ = ["article_sha256", "doc_key", "write_article", "write_failure"]

_MAX_ALIAS = 200


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_sha256(article: Article) -> str:
    """The content hash of the input; articles built in code without one hash their text."""
    return article.input.sha256 or hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def doc_key(article: Article) -> str | None:
    """The address that makes two contents versions of one page: its URL, else its file path."""
    meta = article.metadata
    url = meta.canonical_url or meta.url or article.input.record
    if url:
        return "url:" + url
    path = article.input.path
    if path and path != "-":
        exact = name_bytes(path)  # two names shown alike stay two pages
        return "path:" + path if exact is None else "path-bytes:" + exact.hex()
    return None


def speaker_key(speaker: Speaker) -> str:
    return speaker.key or f"{normalise_name(speaker.name)}|{speaker.type.value}"


def write_article(db: Database, article: Article, version: int = LATEST) -> AddResult:
    """Write one article whole, with the rows of SQLite's full-text indexes."""
    fts = db.dialect.index_tables(version)  # SQLite's full-text tables; PostgreSQL has columns
    sha = article_sha256(article)
    with db.transaction():
        found = db.query("SELECT id FROM articles WHERE sha256 = ?", (sha,))
        if found:
            return AddResult(AddStatus.DUPLICATE, int(found[0]["id"]))
        key = doc_key(article)
        previous = _latest_version(db, key)
        if previous is not None:
            db.execute("UPDATE articles SET latest = 0 WHERE id = ?", (previous,))
        article_id = _insert_article(db, article, sha, key, previous, fts)
        if version >= 3:
            _keep_name_bytes(db, "articles", article_id, article.input.path)
        if version >= 5:
            url = article.metadata.canonical_url or article.metadata.url or article.input.record or None
            db.execute("UPDATE articles SET domain = ? WHERE id = ?", (site_of(url), article_id))
        speakers = _insert_speakers(db, article, article_id, key if version >= 6 else None, version >= 6)
        _insert_statements(db, article, article_id, speakers, fts)
        if version >= 7 and previous is not None:
            carry_marks(db, article_id, key)  # a statement marked wrong stays so in the new version
        _forget_failures(db, article, sha)
    return AddResult(AddStatus.VERSION if previous else AddStatus.ADDED, article_id, previous)


def _latest_version(db: Database, key: str | None) -> int | None:
    if key is None:
        return None
    rows = db.query(
        "SELECT id FROM articles WHERE doc_key = ? AND latest = 1 ORDER BY id DESC LIMIT 1", (key,)
    )
    return int(rows[0]["id"]) if rows else None


def _insert_article(
    db: Database, article: Article, sha: str, key: str | None, previous: int | None, fts: tuple[str, ...]
) -> int:
    meta = article.metadata
    url = meta.canonical_url or meta.url or article.input.record or None
    site = meta.site or site_of(url)
    blocks = [[b.kind.value, b.span.start, b.span.end] for b in article.blocks]
    removed = [[r.kind, r.text] for r in article.removed]
    article_id = db.insert(
        """INSERT INTO articles (sha256, path, record, format, size, doc_key, url, site, title, published,
            pub_date, language, authors, metadata, blocks, removed, text, n_statements, previous_id, latest,
            ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)""",
        (
            sha,
            shown(article.input.path),
            article.input.record,
            article.input.format,
            article.input.size,
            key,
            url,
            site,
            article.title,
            meta.published,
            pub_date(meta.published),
            meta.language,
            json.dumps(meta.authors, ensure_ascii=False),
            json.dumps(asdict(meta), ensure_ascii=False),
            json.dumps(blocks),
            json.dumps(removed, ensure_ascii=False),
            article.text,
            len(article.statements),
            previous,
            _now(),
        ),
    )
    for suffix in fts:
        db.execute(
            f"INSERT INTO articles_{suffix} (rowid, title, text) VALUES (?, ?, ?)",
            (article_id, article.title or "", article.text),
        )
    return article_id


def _keep_name_bytes(db: Database, table: str, row_id: int, path: str) -> None:
    """A file name that is not valid UTF-8: its exact bytes beside the shown form in ``path``."""
    exact = name_bytes(path)
    if exact is not None:
        db.execute(f"UPDATE {table} SET path_bytes = ? WHERE id = ?", (exact, row_id))


def _insert_speakers(
    db: Database, article: Article, article_id: int, page: str | None, corrections: bool
) -> dict[str, int]:
    """Store the article's speakers; returns their local id -> canonical speaker id."""
    ids: dict[str, int] = {}
    for position, speaker in enumerate(article.speakers):
        speaker_id = _canonical_speaker(db, speaker, page, corrections)
        ids[speaker.id] = speaker_id
        db.execute(
            """INSERT INTO article_speakers (article_id, local_id, position, speaker_id, name, confidence, members)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, local_id) DO NOTHING""",
            (article_id, speaker.id, position, speaker_id, speaker.name, speaker.confidence,
             json.dumps(speaker.members)),
        )  # fmt: skip
        _insert_aliases(db, speaker_id, speaker.name, [article.slice(m) for m in speaker.mentions])
        for mention in speaker.mentions:
            db.execute(
                """INSERT INTO mentions (article_id, speaker_id, speaker_local, start_offset, end_offset, text)
                VALUES (?, ?, ?, ?, ?, ?)""",
                (article_id, speaker_id, speaker.id, mention.start, mention.end, article.slice(mention)),
            )
    return ids


def _canonical_speaker(db: Database, speaker: Speaker, page: str | None, corrections: bool) -> int:
    """The stored speaker of an article's speaker: by key, after the merges, splits and evidence of
    :mod:`.corrections` (a store older than schema 6 has none)."""
    key = speaker_key(speaker)
    if corrections:
        key = canonical_key(db, key, page)
    db.execute(
        "INSERT INTO speakers (key, name, type) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
        (key, speaker.name, speaker.type.value),
    )
    return int(db.query("SELECT id FROM speakers WHERE key = ?", (key,))[0]["id"])


def _insert_aliases(db: Database, speaker_id: int, name: str, mentions: list[str]) -> None:
    """Record the names a speaker goes by ("Ruiz", "Mayor Ana Ruiz"), not "he" or "the minister"."""
    for alias in {name, *(m for m in mentions if is_name_like(m))}:
        alias = " ".join(alias.split())[:_MAX_ALIAS]
        if normalise_name(alias):
            db.execute(
                """INSERT INTO speaker_aliases (alias_norm, speaker_id, alias) VALUES (?, ?, ?)
                ON CONFLICT (alias_norm, speaker_id) DO NOTHING""",
                (normalise_name(alias), speaker_id, alias),
            )


def content_text(article: Article, statement: Statement) -> str:
    return " … ".join(article.slice(s) for s in statement.content)


def _insert_statements(
    db: Database, article: Article, article_id: int, speakers: dict[str, int], fts: tuple[str, ...]
) -> None:
    ids: dict[str, int] = {}
    for st in article.statements:
        content = content_text(article, st)
        statement_id = db.insert(
            """INSERT INTO statements (article_id, local_id, kind, speaker_id, speaker_local, source_start,
                source_end, cue_start, cue_end, content_spans, source_text, cue_text, content, confidence, method)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article_id,
                st.id,
                st.kind.value,
                speakers.get(st.speaker) if st.speaker else None,
                st.speaker,
                st.source.start if st.source else None,
                st.source.end if st.source else None,
                st.cue.start if st.cue else None,
                st.cue.end if st.cue else None,
                json.dumps([[s.start, s.end] for s in st.content]),
                article.slice(st.source) if st.source else None,
                article.slice(st.cue) if st.cue else None,
                content,
                float(st.confidence),
                st.method,
            ),
        )
        ids[st.id] = statement_id
        for suffix in fts:
            db.execute(
                f"INSERT INTO statements_{suffix} (rowid, content) VALUES (?, ?)", (statement_id, content)
            )
    for st in article.statements:
        if st.parent and st.parent in ids:
            db.execute("UPDATE statements SET parent_id = ? WHERE id = ?", (ids[st.parent], ids[st.id]))


def _forget_failures(db: Database, article: Article, sha: str) -> None:
    """A page stored after it failed (retried, or its file fixed) is no longer a failure."""
    db.execute("DELETE FROM failures WHERE sha256 = ?", (sha,))
    if not article.input.record:  # a file stands for its path; an archive's failures are per record
        db.execute("DELETE FROM failures WHERE path = ?", (shown(article.input.path),))


def write_failure(db: Database, failure: Failure, sha256: str = "", version: int = LATEST) -> None:
    """Record a failure; the same input failing again updates its row instead of adding one."""
    with db.transaction():
        failure_id = db.insert(
            """INSERT INTO failures (path, sha256, reason, error, failed_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (path, sha256) DO UPDATE SET reason = excluded.reason, error = excluded.error,
            failed_at = excluded.failed_at""",
            (shown(failure.path), sha256, shown(failure.reason[:1000]), failure.error, _now()),
        )
        if version >= 3:
            _keep_name_bytes(db, "failures", failure_id, failure.path)
