"""Statements a reader marked as wrong: hidden from results, kept in the store, with who and when.

A mark never deletes anything. The statement stays in its article (the
article page shows it struck through), but search, speakers, timelines,
counts and comparisons leave it out (:data:`HIDDEN`). A mark is undone by
setting who undid it and when; the row stays, so the store keeps the history.

A mark holds for later versions of the same page: when a changed page at the
same address is stored (:func:`carry_marks`, called by the writer), each of its
statements whose content is the content of a marked statement of that page is
marked too, with the original mark's reason, author and time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..core.errors import StoreError
from .db import Database

__all__ = ["HIDDEN", "MAX_REASON", "Mark", "carry_marks", "mark_statement", "marks", "unmark_statement"]

MAX_REASON = 500

# The SQL condition that leaves marked statements out (``s`` is the statements table).
HIDDEN = "s.id NOT IN (SELECT statement_id FROM statement_marks WHERE undone_at IS NULL)"


@dataclass(slots=True, frozen=True)
class Mark:
    """One mark: which statement, why, by whom and when; ``undone_at`` once it was taken back."""

    id: int
    statement_id: int
    article_id: int
    content: str
    reason: str
    made_by: str
    made_at: str
    undone_by: str | None
    undone_at: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _statement(db: Database, statement_id: int) -> tuple[str | None, str]:
    rows = db.query(
        "SELECT a.doc_key, s.content FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.id = ?",
        (statement_id,),
    )
    if not rows:
        raise StoreError(f"no statement with id {statement_id}")
    return rows[0]["doc_key"], str(rows[0]["content"])


def mark_statement(db: Database, statement_id: int, reason: str, by: str) -> int:
    """Mark one statement as wrong; returns the mark's id (the existing one if it is marked already)."""
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON:
        raise StoreError(f"a reason has at most {MAX_REASON} characters")
    with db.transaction():
        doc_key, content = _statement(db, statement_id)
        found = db.query(
            "SELECT id FROM statement_marks WHERE statement_id = ? AND undone_at IS NULL", (statement_id,)
        )
        if found:
            return int(found[0]["id"])
        return db.insert(
            """INSERT INTO statement_marks (statement_id, doc_key, content, reason, made_by, made_at)
            VALUES (?, ?, ?, ?, ?, ?)""",
            (statement_id, doc_key, content, reason, by, _now()),
        )


def unmark_statement(db: Database, statement_id: int, by: str) -> int:
    """Take back the marks of one statement (the rows stay, undone); returns how many were active."""
    with db.transaction():
        _statement(db, statement_id)
        return db.execute(
            "UPDATE statement_marks SET undone_by = ?, undone_at = ? WHERE statement_id = ? AND undone_at IS NULL",
            (by, _now(), statement_id),
        )


def marks(db: Database, article_id: int | None = None, active: bool = True) -> list[Mark]:
    """The marks (of one article), oldest first; ``active``: only those not undone."""
    where, params = [], []
    if article_id is not None:
        where.append("s.article_id = ?")
        params.append(article_id)
    if active:
        where.append("m.undone_at IS NULL")
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    rows = db.query(
        f"""SELECT m.id, m.statement_id, s.article_id, m.content, m.reason, m.made_by, m.made_at, m.undone_by,
        m.undone_at FROM statement_marks m JOIN statements s ON s.id = m.statement_id{clause} ORDER BY m.id""",
        params,
    )
    return [Mark(**r) for r in rows]


def carry_marks(db: Database, article_id: int, doc_key: str | None) -> None:
    """Mark the statements of a new version of a page that repeat a statement marked on that page."""
    if doc_key is None:
        return
    db.execute(
        """INSERT INTO statement_marks (statement_id, doc_key, content, reason, made_by, made_at)
        SELECT DISTINCT s.id, m.doc_key, m.content, m.reason, m.made_by, m.made_at
        FROM statements s JOIN statement_marks m ON m.doc_key = ? AND m.content = s.content
        WHERE s.article_id = ? AND m.undone_at IS NULL""",
        (doc_key, article_id),
    )
