"""Stored statements: searched, filtered, ordered and paged, one by one or an article's.

Every question about statements goes through :func:`filters` (speaker, site,
dates, kinds, confidence; statements a reader marked wrong left out) and, with
a query, through the full-text search of :mod:`.search`. Rows are read by
column name into :class:`~saidwhat.store.records.StatementHit` records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..core.errors import StoreError
from ..core.model import StatementKind
from .articles import find_article
from .db import Database, Row
from .marks import HIDDEN
from .query import STATEMENTS
from .records import StatementHit
from .search import full_text, query_error
from .text import MAX_ROWS, checked_limit, checked_text, date_bound, domain_of, normalise_name

__all__ = [
    "ORDERS",
    "STATEMENT_COLUMNS",
    "STATEMENT_FROM",
    "checked_confidence",
    "checked_id",
    "count_statements",
    "filters",
    "hit",
    "iter_statements",
    "statement",
    "statements_of",
]

# Orders of statements: a column (ascending unless ``descending``), "time" (oldest first, the timeline),
# "relevance" (best match first; newest first without a query).
ORDERS = ("relevance", "time", "date", "speaker", "site", "kind", "confidence")
_ORDER_COLUMNS = {
    "speaker": "LOWER(COALESCE(sp.name, s.source_text, ''))",
    "site": "LOWER(COALESCE(a.site, ''))",
    "kind": "s.kind",
    "confidence": "s.confidence",
}

# The columns of a StatementHit, named as its fields.
STATEMENT_COLUMNS = """s.id AS statement_id, s.article_id, s.local_id, s.kind, sp.name AS speaker,
    sp.key AS speaker_key, s.source_text AS source, s.cue_text AS cue, s.content, s.confidence, s.parent_id,
    a.site, a.published, a.title, a.url, a.path, s.source_start, s.source_end, s.cue_start, s.cue_end,
    s.content_spans"""
STATEMENT_FROM = """statements s JOIN articles a ON a.id = s.article_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id"""


def hit(row: Row) -> StatementHit:
    """A row of :data:`STATEMENT_COLUMNS` and a ``score`` (or NULL) as a record."""
    return StatementHit(
        **{
            **row,
            "statement_id": int(row["statement_id"]),
            "article_id": int(row["article_id"]),
            "confidence": float(row["confidence"]),
            "content_spans": json.loads(row["content_spans"]),
            "score": float(row["score"]) if row["score"] is not None else None,
        }
    )


def checked_id(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ROWS:
        raise StoreError(f"no {what} with id {value!r}")
    return value


def checked_confidence(value: float) -> float:
    """A confidence threshold: a number from 0 to 1."""
    if not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise StoreError(f"a confidence is a number from 0 to 1, not {value!r}")
    return float(value)


def filters(
    version: int,
    speaker: str | None,
    site: str | None,
    since: str | None,
    until: str | None,
    kind: str | Sequence[str] | None,
    all_versions: bool,
    min_confidence: float = 0.0,
) -> tuple[list[str], list[Any]]:
    """WHERE conditions over :data:`STATEMENT_FROM` and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    if not all_versions:
        where.append("a.latest = 1")
    if version >= 7:
        where.append(HIDDEN)  # statements a reader marked wrong
    if min_confidence > 0:
        where.append("s.confidence >= ?")
        params.append(checked_confidence(min_confidence))
    if speaker:
        where.append(
            """s.speaker_id IN (SELECT speaker_id FROM speaker_aliases WHERE alias_norm = ?
            UNION SELECT id FROM speakers WHERE key = ?)"""
        )
        params += [normalise_name(checked_text(speaker, "speaker")), speaker.strip()]
    if site:  # the site's name, or the domain of its addresses
        where.append("(LOWER(a.site) = ? OR a.domain = ?)")
        name = checked_text(site, "site").strip()
        params += [name.lower(), domain_of(name)]
    if since:
        where.append("a.pub_date >= ?")
        params.append(date_bound(since))
    if until:
        where.append("a.pub_date <= ?")
        params.append(date_bound(until, upper=True))
    kinds = [kind] if isinstance(kind, str) else list(kind or [])
    if kinds:
        for k in kinds:
            if k not in StatementKind.__members__.values():
                choices = ", ".join(k.value for k in StatementKind)
                raise StoreError(f"unknown statement kind {k!r} (choose from {choices})")
        where.append(f"s.kind IN ({', '.join('?' for _ in kinds)})")
        params += kinds
    return where, params


def _order_by(db: Database, order: str, scored: bool, descending: bool) -> str:
    """An ORDER BY that is total (ties broken by article and statement id), so pages never overlap.

    Dates are ordered by the bare column, undated articles last when newest come first (and first
    otherwise, as SQLite orders NULL), so that the date index can serve the order."""
    if order == "time":
        return "COALESCE(a.pub_date, '9999'), a.id, s.id"
    if order == "relevance" and scored:
        return "score DESC, s.id"
    if order == "relevance" or order == "date":
        newest = order == "relevance" or descending
        way = " DESC" if newest else ""
        return f"a.pub_date{way}{db.dialect.nulls(first=not newest)}, a.id{way}, s.id"
    way = " DESC" if descending else ""
    return f"{_ORDER_COLUMNS[order]}{way}, a.id{way}, s.id"


def iter_statements(
    db: Database,
    version: int,
    query: str | None = None,
    *,
    speaker: str | None = None,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | Sequence[str] | None = None,
    limit: int | None = None,
    all_versions: bool = False,
    order: str = "relevance",
    fts: bool = False,
    min_confidence: float = 0.0,
    offset: int = 0,
    descending: bool = False,
) -> Iterator[StatementHit]:
    """Statements matching ``query`` and the filters, in ``order`` (see :meth:`Store.search`)."""
    limit = checked_limit(limit)
    if order not in ORDERS:
        raise StoreError(f"cannot order statements by {order!r} (choose from {', '.join(ORDERS)})")
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_ROWS:
        raise StoreError(f"the offset must be a whole number from 0 to {MAX_ROWS}, not {offset!r}")
    where, params = filters(version, speaker, site, since, until, kind, all_versions, min_confidence)
    source, score, score_params = STATEMENT_FROM, "NULL", []
    if query is not None and query.strip():
        match = full_text(db, version, query, STATEMENTS, fts)
        if match is None:
            return  # nothing in the query that the index keeps: nothing matches
        where.insert(0, f"({match.where})")
        params = match.params + params
        score, score_params = match.score, match.score_params
        source = db.dialect.search_from(STATEMENTS, source)
    order_by = _order_by(db, order, score != "NULL", descending)
    sql = f"SELECT {STATEMENT_COLUMNS}, {score} AS score FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order_by}"
    params = score_params + params
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [int(limit if limit is not None else MAX_ROWS), int(offset)]
    try:
        for row in db.stream(sql, params):
            yield hit(row)
    except StoreError as err:
        raise query_error(db, query, err, fts) from err


def count_statements(
    db: Database,
    version: int,
    query: str | None = None,
    *,
    speaker: str | None = None,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | Sequence[str] | None = None,
    fts: bool = False,
    min_confidence: float = 0.0,
) -> int:
    """How many statements :func:`iter_statements` finds with the same query and filters, without a limit."""
    where, params = filters(version, speaker, site, since, until, kind, False, min_confidence)
    source = STATEMENT_FROM
    if query is not None and query.strip():
        match = full_text(db, version, query, STATEMENTS, fts)
        if match is None:
            return 0
        where.insert(0, f"({match.where})")
        params = match.params + params
        source = db.dialect.search_from(STATEMENTS, source)
    sql = f"SELECT COUNT(*) AS n FROM {source}" + (" WHERE " + " AND ".join(where) if where else "")
    try:
        return int(db.query(sql, params)[0]["n"])
    except StoreError as err:
        raise query_error(db, query, err, fts) from err


def statements_of(
    db: Database, version: int, ref: str | int, hide_marked: bool = False
) -> list[StatementHit]:
    """The statements of one article, in text order (``hide_marked``: without those marked wrong)."""
    found = find_article(db, ref)
    hidden = f" AND {HIDDEN}" if hide_marked and version >= 7 else ""
    rows = db.query(
        f"SELECT {STATEMENT_COLUMNS}, NULL AS score FROM {STATEMENT_FROM} WHERE s.article_id = ?{hidden} "
        "ORDER BY s.id",  # the order the pipeline found them
        (found.id,),
    )
    return [hit(r) for r in rows]


def statement(db: Database, statement_id: int) -> StatementHit:
    """One statement by its store id (marked or not)."""
    rows = db.query(
        f"SELECT {STATEMENT_COLUMNS}, NULL AS score FROM {STATEMENT_FROM} WHERE s.id = ?",
        (checked_id(statement_id, "statement"),),
    )
    if not rows:
        raise StoreError(f"no statement with id {statement_id}")
    return hit(rows[0])
