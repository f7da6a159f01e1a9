"""How much a store holds, and the query planner's statistics about it."""

from __future__ import annotations

from .db import Database
from .records import StoreStats
from .schema import current_version

__all__ = ["optimize", "stats"]


def stats(db: Database) -> StoreStats:
    def count(table: str, where: str = "") -> int:
        return int(db.query(f"SELECT COUNT(*) AS n FROM {table}{where}")[0]["n"])

    return StoreStats(
        articles=count("articles"),
        latest_articles=count("articles", " WHERE latest = 1"),
        statements=count("statements"),
        speakers=count("speakers"),
        failures=count("failures"),
        schema_version=current_version(db),
    )


def optimize(db: Database) -> None:
    """Refresh the query planner's statistics (after a large ingestion): without them SQLite
    may scan by a poor index; a sampled ANALYZE takes well under a second on a large store."""
    db.script(db.dialect.analyze)
