"""Stored speakers: who a name designates, who is quoted most, and one speaker's timeline.

A speaker is found by key, by any name it was stored under (aliases,
normalised by :func:`~.text.normalise_name`), or by part of a name. The
corrections of speakers (merge, split, rename) are in :mod:`.corrections`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..core.errors import StoreError
from .db import Database, Row
from .records import SpeakerCount, StatementHit
from .statements import STATEMENT_FROM, filters, iter_statements
from .text import MAX_ROWS, checked_limit, checked_text, normalise_name

__all__ = ["GROUPS", "complete_speaker", "resolve_speaker", "speaker", "speaker_timeline", "speakers"]

GROUPS = ("site", "month", "year")


def _like(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (``ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def speaker(db: Database, key: str) -> tuple[str, str, str]:
    """(key, name, type) of the stored speaker with this exact key."""
    rows = db.query("SELECT key, name, type FROM speakers WHERE key = ?", (checked_text(key, "speaker"),))
    if not rows:
        raise StoreError(f"no speaker with key {key!r}")
    return rows[0]["key"], rows[0]["name"], rows[0]["type"]


def complete_speaker(db: Database, prefix: str, limit: int = 20) -> list[tuple[str, str]]:
    """Speakers (key, name) with a name beginning with ``prefix`` (any of their names), most quoted
    first: the completion of a speaker field."""
    norm = normalise_name(checked_text(prefix, "speaker"))
    if not norm:
        return []
    rows = db.query(
        """SELECT sp.key, sp.name FROM speakers sp WHERE sp.id IN (SELECT speaker_id FROM speaker_aliases
        WHERE alias_norm LIKE ? ESCAPE '\\') ORDER BY (SELECT COUNT(*) FROM statements s
        WHERE s.speaker_id = sp.id) DESC, sp.name LIMIT ?""",
        (_like(norm) + "%", int(checked_limit(limit) or 20)),
    )
    return [(r["key"], r["name"]) for r in rows]


def resolve_speaker(db: Database, name: str) -> list[tuple[str, str]]:
    """Canonical speakers (key, name) that ``name`` designates: an exact key or alias, else
    speakers with an alias containing it (all of them, for the caller to choose)."""
    norm = normalise_name(checked_text(name, "speaker"))
    rows = db.query(
        """SELECT DISTINCT sp.key, sp.name FROM speakers sp WHERE sp.key = ? OR sp.id IN
        (SELECT speaker_id FROM speaker_aliases WHERE alias_norm = ?) ORDER BY sp.name""",
        (name.strip(), norm),
    )
    if rows or not norm:
        return [(r["key"], r["name"]) for r in rows]
    rows = db.query(
        """SELECT DISTINCT sp.key, sp.name FROM speakers sp JOIN speaker_aliases x ON x.speaker_id = sp.id
        WHERE x.alias_norm LIKE ? ESCAPE '\\' ORDER BY sp.name LIMIT 20""",
        ("%" + _like(norm) + "%",),
    )
    return [(r["key"], r["name"]) for r in rows]


def speaker_timeline(
    db: Database,
    version: int,
    name: str,
    *,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | Sequence[str] | None = None,
    limit: int | None = None,
    min_confidence: float = 0.0,
) -> list[StatementHit]:
    """Every statement of one speaker (by key, alias or part of a name), oldest first."""
    found = resolve_speaker(db, name)
    if not found:
        raise StoreError(f"no speaker matches {name!r}")
    if len(found) > 1:
        names = "; ".join(f"{n} [{k}]" for k, n in found[:8])
        raise StoreError(f"{name!r} matches several speakers: {names} (give one of these keys)")
    return list(
        iter_statements(
            db,
            version,
            speaker=found[0][0],
            site=site,
            since=since,
            until=until,
            kind=kind,
            limit=limit,
            order="time",
            min_confidence=min_confidence,
        )
    )


def speakers(
    db: Database,
    version: int,
    *,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | Sequence[str] | None = None,
    limit: int | None = 50,
    by: str | None = None,
    min_confidence: float = 0.0,
) -> list[SpeakerCount]:
    """Who is quoted most, with their counts by site; ``by`` ('site', 'month' or 'year') breaks
    each speaker's counts down into one row per group."""
    if by is not None and by not in GROUPS:
        raise StoreError(f"cannot group speakers by {by!r} (choose from {', '.join(GROUPS)})")
    limit = checked_limit(limit) or MAX_ROWS
    where, params = filters(version, None, site, since, until, kind, False, min_confidence)
    where.append("s.speaker_id IS NOT NULL")
    clause = " WHERE " + " AND ".join(where)
    top = db.query(
        f"""SELECT sp.id, sp.key, sp.name, sp.type, COUNT(*) AS n, COUNT(DISTINCT s.article_id) AS articles,
        MIN(a.pub_date) AS first_date, MAX(a.pub_date) AS last_date FROM {STATEMENT_FROM}{clause}
        GROUP BY sp.id, sp.key, sp.name, sp.type ORDER BY COUNT(*) DESC, sp.name LIMIT ?""",
        [*params, int(limit)],
    )
    if not top:
        return []
    ids = [int(r["id"]) for r in top]
    marks = ", ".join("?" for _ in ids)
    sites: dict[int, dict[str, int]] = {}
    for row in db.query(
        f"""SELECT s.speaker_id, COALESCE(a.site, '') AS site, COUNT(*) AS n FROM {STATEMENT_FROM}{clause}
        AND s.speaker_id IN ({marks}) GROUP BY s.speaker_id, COALESCE(a.site, '') ORDER BY COUNT(*) DESC""",
        [*params, *ids],
    ):
        sites.setdefault(int(row["speaker_id"]), {})[row["site"] or "(no site)"] = int(row["n"])
    if by is None:
        return [_count(r, r, sites.get(int(r["id"]), {})) for r in top]
    return _speaker_groups(db, top, by, clause, params)


def _count(speaker: Row, counts: Row, sites: dict[str, int], group: str | None = None) -> SpeakerCount:
    return SpeakerCount(
        speaker["key"], speaker["name"], speaker["type"], int(counts["n"]), int(counts["articles"]),
        counts["first_date"], counts["last_date"], sites, group,
    )  # fmt: skip


def _speaker_groups(
    db: Database, top: list[Row], by: str, clause: str, params: list[Any]
) -> list[SpeakerCount]:
    group = {
        "site": "COALESCE(a.site, '')",
        "month": "SUBSTR(a.pub_date, 1, 7)",
        "year": "SUBSTR(a.pub_date, 1, 4)",
    }[by]
    ids = [int(r["id"]) for r in top]
    marks = ", ".join("?" for _ in ids)
    rows = db.query(
        f"""SELECT s.speaker_id, {group} AS grp, COUNT(*) AS n, COUNT(DISTINCT s.article_id) AS articles,
        MIN(a.pub_date) AS first_date, MAX(a.pub_date) AS last_date
        FROM {STATEMENT_FROM}{clause} AND s.speaker_id IN ({marks}) GROUP BY s.speaker_id, {group}""",
        [*params, *ids],
    )
    per: dict[int, list[Row]] = {}
    for row in rows:
        per.setdefault(int(row["speaker_id"]), []).append(row)
    out: list[SpeakerCount] = []
    for r in top:
        for g in sorted(per.get(int(r["id"]), []), key=lambda g: g["grp"] or "~"):
            label = g["grp"] or ("(no site)" if by == "site" else "(undated)")
            out.append(_count(r, g, {label: int(g["n"])} if by == "site" else {}, label))
    return out
