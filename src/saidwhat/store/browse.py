"""Questions a reader browsing the store asks: counts to chart, other coverage of a story, names to complete.

* :func:`statement_counts` counts statements grouped by speaker, site, period
  (week, month, year), speaker type or kind — what the web page charts. Weeks
  are folded from days here rather than in SQL, so that both databases agree
  and a malformed stored date is skipped instead of failing the query.
* :func:`related_articles` finds the other coverage of the event an article
  reports: the article's most distinctive words (by document frequency in the
  store, on SQLite) are searched in the other articles published within a time
  window, and the best candidates are rescored by the cosine of their word
  vectors and the speakers they quote in common. Pages that are nearly the
  same text are flagged as duplicates.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .db import Database
from .records import ArticleInfo
from .text import words

__all__ = [
    "DIMENSIONS",
    "CountRow",
    "Related",
    "candidate_terms",
    "fold_weeks",
    "period_of",
    "rescore",
    "week_of",
]

# Each dimension a count can be grouped by, as the SQL expression of its value.
DIMENSIONS: dict[str, str] = {
    "speaker": "sp.key",
    "article": "s.article_id",
    "date": "a.pub_date",
    "site": "COALESCE(a.site, '')",
    "day": "CASE WHEN LENGTH(a.pub_date) = 10 THEN a.pub_date END",
    "month": "CASE WHEN LENGTH(a.pub_date) >= 7 THEN SUBSTR(a.pub_date, 1, 7) END",
    "year": "SUBSTR(a.pub_date, 1, 4)",
    "type": "COALESCE(sp.type, 'unresolved')",
    "kind": "s.kind",
}
PERIODS = ("week", "month", "year")
RELATED_TERMS = 16  # distinctive words searched for the other coverage of a story
RELATED_CANDIDATES = 20  # articles the full-text search keeps for rescoring
DUPLICATE = 0.9  # cosine above which two articles are the same text (a wire copy, a republication)


@dataclass(slots=True, frozen=True)
class CountRow:
    """One group of a count: its values (one per dimension asked, None when unknown) and the count."""

    groups: tuple[str | None, ...]
    count: int


@dataclass(slots=True, frozen=True)
class Related:
    """Another article about the same event, how close it is, and the speakers both quote."""

    article: ArticleInfo
    similarity: float  # 0..1: words (cosine) and shared speakers
    duplicate: bool  # nearly the same text
    shared_speakers: list[str] = field(default_factory=list)


def week_of(day: str | None) -> str | None:
    """The Monday (``YYYY-MM-DD``) of the week of a ``YYYY-MM-DD`` day; None for no real date."""
    if not day:
        return None
    try:
        moment = date.fromisoformat(day)
    except ValueError:
        return None
    return (moment - timedelta(days=moment.weekday())).isoformat()


def period_of(day: str | None, period: str) -> str | None:
    """The week (its Monday), month or year of a stored date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    if not day:
        return None
    if period == "week":
        return week_of(day) if len(day) == 10 else None
    size = {"month": 7, "year": 4}[period]
    return day[:size] if len(day) >= size else None


def fold_weeks(rows: list[CountRow], position: int) -> list[CountRow]:
    """Counts by day (at ``position`` in the groups) added up by week."""
    totals: Counter[tuple[str | None, ...]] = Counter()
    for row in rows:
        groups = list(row.groups)
        groups[position] = week_of(groups[position])
        totals[tuple(groups)] += row.count
    return [CountRow(groups, n) for groups, n in totals.items()]


def grouped_counts(
    db: Database, source: str, where: list[str], params: list[Any], by: Sequence[str]
) -> list[CountRow]:
    """``SELECT by..., COUNT(*) ... GROUP BY by...`` with ``week`` folded from days."""
    columns = [DIMENSIONS["day" if d == "week" else d] for d in by]
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    sql = f"SELECT {', '.join(columns)}, COUNT(*) FROM {source}{clause} GROUP BY {', '.join(columns)}"
    rows = [
        CountRow(tuple(None if v is None else str(v) for v in r[:-1]), int(r[-1]))
        for r in db.query(sql, params)
    ]
    for position, dimension in enumerate(by):
        if dimension == "week":
            rows = fold_weeks(rows, position)
    return rows


def candidate_terms(text: str, df: dict[str, int], n_docs: int, limit: int = RELATED_TERMS) -> list[str]:
    """The words of ``text`` that best tell its story apart: frequent in it, rare in the store
    (tf-idf; without document frequencies, the most frequent long words)."""
    counts = Counter(w for w in _words(text) if len(w) > 3 and not w.isdigit())

    def weight(word: str) -> float:
        return (
            counts[word] * math.log((n_docs + 1) / (df.get(word, 0) + 1)) if df else counts[word] * len(word)
        )

    return sorted(counts, key=lambda w: (-weight(w), w))[:limit]


def _words(text: str) -> list[str]:
    from .query import tokens

    return tokens(text[:50_000], fold_accents=False)


def _vector(text: str) -> dict[str, float]:
    """Normalised counts of the text's words (case-folded, no stop words; unstemmed, which is
    several times faster and ranks the same stories first)."""
    stop = words().stopwords
    tf = Counter(w for w in _words(text[:8_000]) if len(w) > 2 and w not in stop)  # the lead tells the story
    norm = math.sqrt(sum(v * v for v in tf.values())) or 1.0
    return {w: v / norm for w, v in tf.items()}


def rescore(
    text: str,
    speakers: set[str],
    candidates: list[tuple[ArticleInfo, str, set[str]]],
    minimum: float,
) -> list[Related]:
    """Candidates (article, text, speaker keys) ranked by closeness to ``text`` and ``speakers``:
    three parts word cosine, one part shared speakers (Jaccard)."""
    mine = _vector(text)
    out: list[Related] = []
    for info, other_text, other_speakers in candidates:
        theirs = _vector(other_text)
        cosine = sum(v * theirs.get(w, 0.0) for w, v in mine.items())
        union = speakers | other_speakers
        jaccard = len(speakers & other_speakers) / len(union) if union else 0.0
        score = 0.75 * cosine + 0.25 * jaccard
        if score >= minimum:
            shared = sorted(speakers & other_speakers)
            out.append(Related(info, round(score, 3), cosine >= DUPLICATE, shared))
    out.sort(key=lambda r: (-r.similarity, r.article.id))
    return out
