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

from ..core.errors import StoreError
from . import articles
from .db import Database
from .query import ARTICLES, tokens
from .records import ArticleInfo
from .statements import STATEMENT_FROM, filters
from .text import checked_limit, checked_text, words

__all__ = [
    "DIMENSIONS",
    "CountRow",
    "Related",
    "candidate_terms",
    "fold_weeks",
    "period_of",
    "related_articles",
    "rescore",
    "statement_counts",
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
    named = ", ".join(f"{column} AS g{i}" for i, column in enumerate(columns))
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    sql = f"SELECT {named}, COUNT(*) AS n FROM {source}{clause} GROUP BY {', '.join(columns)}"
    rows = [
        CountRow(tuple(None if r[f"g{i}"] is None else str(r[f"g{i}"]) for i in range(len(by))), int(r["n"]))
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


# -- the questions, asked of a store ----------------------------------------------------------------


def statement_counts(
    db: Database,
    version: int,
    by: Sequence[str],
    *,
    speakers: Sequence[str] | None = None,
    speaker: str | None = None,
    site: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | Sequence[str] | None = None,
    min_confidence: float = 0.0,
) -> list[CountRow]:
    """Statements counted by ``by`` (dimensions of :data:`DIMENSIONS` and "week"), with the search
    filters; ``speakers`` (keys) keeps those speakers only. Groups come in no particular order."""
    for dimension in by:
        if dimension != "week" and (dimension not in DIMENSIONS or dimension == "day"):
            choices = ", ".join(sorted({*DIMENSIONS, "week"} - {"day"}))
            raise StoreError(f"cannot count statements by {dimension!r} (choose from {choices})")
    if not by:
        raise StoreError("count statements by at least one dimension")
    where, params = filters(version, speaker, site, since, until, kind, False, min_confidence)
    if speakers is not None:
        keys = [checked_text(k, "speaker") for k in speakers][:200]
        if not keys:
            return []
        where.append(f"sp.key IN ({', '.join('?' for _ in keys)})")
        params += keys
    return grouped_counts(db, STATEMENT_FROM, where, params, by)


def related_articles(
    db: Database, version: int, ref: str | int, days: int = 7, limit: int = 8, minimum: float = 0.15
) -> list[Related]:
    """The other coverage of the event an article reports: latest articles published within
    ``days`` of it (any date when it has none) whose words and quoted speakers are close to its
    own, closest first (see the module docstring)."""
    found = articles.find_article(db, ref)
    row = db.query("SELECT text, pub_date FROM articles WHERE id = ?", (found.id,))[0]
    text = f"{found.title or ''}\n{row['text']}"
    terms = candidate_terms(text, *_document_frequencies(db, version, text))
    if not terms:
        return []
    match = db.dialect.any_word(terms, ARTICLES)
    where, params = [match.where, "a.latest = 1", "a.id <> ?"], [*match.params, found.id]
    window = _window(row["pub_date"], days)
    if window:
        where.append("a.pub_date >= ? AND a.pub_date <= ?")
        params += window
    source = db.dialect.search_from(ARTICLES, ARTICLES.table)
    cols = ", ".join("a." + c.strip() for c in articles.ARTICLE_COLUMNS.split(","))
    rows = db.query(
        f"SELECT {cols}, COALESCE(a.title, '') || ' ' || a.text AS words FROM {source} "
        f"WHERE {' AND '.join(where)} ORDER BY {match.score} DESC, a.id LIMIT ?",
        [*params, *match.score_params, RELATED_CANDIDATES],
    )
    keys = _speaker_keys(db, [found.id, *(int(r["id"]) for r in rows)])
    candidates = [(articles.info(r), str(r["words"]), keys.get(int(r["id"]), set())) for r in rows]
    return rescore(text, keys.get(found.id, set()), candidates, minimum)[: checked_limit(limit) or 8]


def _document_frequencies(db: Database, version: int, text: str) -> tuple[dict[str, int], int]:
    """How many articles contain each word of ``text`` (SQLite's unstemmed vocabulary), and how
    many articles there are; nothing where the database keeps no vocabulary (PostgreSQL), where
    the terms fall back to length."""
    if not db.dialect.word_vocabulary or version < 4:
        return {}, 0
    words = sorted(set(tokens(text[:50_000], fold_accents=False)))[:2000]
    df: dict[str, int] = {}
    for start in range(0, len(words), 400):
        part = words[start : start + 400]
        marks = ", ".join("?" for _ in part)
        df.update(
            (r["term"], int(r["doc"]))
            for r in db.query(f"SELECT term, doc FROM articles_words_vocab WHERE term IN ({marks})", part)
        )
    n_docs = int(db.query("SELECT COUNT(*) AS n FROM articles")[0]["n"])
    return df, n_docs


def _speaker_keys(db: Database, article_ids: list[int]) -> dict[int, set[str]]:
    marks = ", ".join("?" for _ in article_ids)
    out: dict[int, set[str]] = {}
    for row in db.query(
        f"""SELECT DISTINCT s.article_id, sp.key FROM statements s JOIN speakers sp ON sp.id = s.speaker_id
        WHERE s.article_id IN ({marks})""",
        article_ids,
    ):
        out.setdefault(int(row["article_id"]), set()).add(str(row["key"]))
    return out


def _window(day: str | None, days: int) -> list[str] | None:
    """The dates within ``days`` of ``day`` (a stored ``YYYY-MM-DD``), or None when it is no such date."""
    try:
        moment = date.fromisoformat(day or "")
    except ValueError:
        return None
    span = timedelta(days=max(0, min(int(days), 3660)))
    return [(moment - span).isoformat(), (moment + span).isoformat() + "~"]
