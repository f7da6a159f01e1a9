"""Pages that could not be extracted, as the store keeps them, and the content hashes a rerun skips.

Failures are written by :func:`saidwhat.store.writer.write_failure` (the same
input failing again updates its row); a page stored later leaves the list.
"""

from __future__ import annotations

from .db import Database
from .records import FailureRecord

__all__ = ["failed_hashes", "failures", "known_hashes"]


def failures(db: Database) -> list[FailureRecord]:
    rows = db.query("SELECT path, sha256, reason, error, failed_at FROM failures ORDER BY id")
    return [FailureRecord(**r) for r in rows]


def known_hashes(db: Database, failed: bool = True) -> set[str]:
    """Content hashes already stored (and, with ``failed``, already failed): a rerun skips them."""
    sql = "SELECT sha256 FROM articles"
    if failed:
        sql += " UNION SELECT sha256 FROM failures WHERE sha256 <> ''"
    return {r["sha256"] for r in db.query(sql)}


def failed_hashes(db: Database) -> set[str]:
    """Content hashes of the pages that failed (read failures, which have none, are tried again)."""
    return {r["sha256"] for r in db.query("SELECT sha256 FROM failures WHERE sha256 <> ''")}
