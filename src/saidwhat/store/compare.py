"""Two accounts of one event, side by side.

Two outlets covering the same meeting rarely disagree about what was said word
for word; they disagree about *whom they let speak*, *which* of their words
they keep, and *which facts* they mention. The comparison shows all three:

1. **voices**: each speaker with the number of statements in each account, so
   a reader sees at once who is heard only on one side;
2. **aligned statements**: pairs of statements, one from each account, that
   report the same thing, matched by speaker and by content similarity
   (TF-IDF cosine over content words, IDF over the statements of both
   accounts; no network model). Statements of two different speakers are
   paired when they are about the same point (the Swiss and the French
   diplomat on the minimum flow), and flagged as a dispute when the words are
   nearly the same, since the accounts then credit them to different people;
3. **reported by one only**: the statements left unpaired, and the words and
   figures of each article's text that the other never uses.

Only statements a reader can rely on are compared: those at or above the
confidence threshold (:data:`COMPARE_CONFIDENCE` by default; the verifier's
calibrated probability, see :mod:`saidwhat.attribution.verifier`) — the others
are counted as *set aside*, never turned into a difference. A statement one
account alone reports is flagged as *uncertain* when the other account has a
set-aside statement that says the same thing (the difference may only be
saidwhat's doubt). Speakers are the
same or different only when both statements have a resolved speaker: a pair
with an unresolved side is "the same point", never "same words, different
speaker", and statements with no resolved speaker are counted apart from the
voices.

Pairing is greedy on the best score first, each statement used once. The
thresholds were set by hand on short synthetic pairs and the demo corpus's
two-sided Rhône talks (paraphrases of one point scored 0.25-0.6, unrelated
statements of the same event below 0.2), and lean conservative: a missed pair
shows up as "only in A" and "only in B", which a reader can still match,
whereas a false pair would hide a difference. Each pair lists the words one
wording has and the other lacks, which is where two accounts of one statement
usually differ (a figure, a qualifier, "guaranteed" against "in principle").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..core.errors import StoreError
from .articles import article, body_text, find_article, find_event
from .db import Database
from .records import ArticleInfo, StatementHit
from .statements import statements_of
from .text import content_words, surface_words

__all__ = [
    "COMPARE_CONFIDENCE",
    "AlignedPair",
    "Comparison",
    "Voice",
    "compare_accounts",
    "compare_stored",
    "event_pair",
]

COMPARE_CONFIDENCE = 0.5  # statements under this are set aside, not compared

SAME_SPEAKER_MIN = 0.2  # cosine for two statements of one speaker to count as the same point
OTHER_SPEAKER_MIN = 0.25  # cosine for two speakers' statements to count as the same point
SAME_WORDS_MIN = 0.5  # above this, two speakers are credited with the same words: an attribution dispute
SPEAKER_BONUS = 0.35
_TERMS = 12
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}(?:\s[A-Z][a-z]{2,}){0,3}")


@dataclass(slots=True, frozen=True)
class Voice:
    """One speaker and how many statements each account gives them."""

    name: str
    key: str | None
    in_a: int
    in_b: int


@dataclass(slots=True, frozen=True)
class AlignedPair:
    a: StatementHit
    b: StatementHit
    similarity: float  # TF-IDF cosine of the two contents, 0..1
    same_speaker: bool
    relation: str  # "same speaker", "same words, different speaker" or "same point, different voices"
    shared: list[str] = field(default_factory=list)  # content words both contain
    a_adds: list[str] = field(default_factory=list)  # words of A's wording that B's lacks ("3,000", "new")
    b_adds: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Comparison:
    a: ArticleInfo
    b: ArticleInfo
    voices: list[Voice]
    pairs: list[AlignedPair]
    only_a: list[StatementHit]
    only_b: list[StatementHit]
    terms_only_a: list[str]  # words of A's text absent from B's text, most frequent first
    terms_only_b: list[str]
    figures_only_a: list[str]  # numbers that appear in one text only
    figures_only_b: list[str]
    set_aside_a: int = 0  # statements under the confidence threshold, not compared
    set_aside_b: int = 0
    unresolved_a: int = 0  # compared statements whose speaker is not resolved (no voice)
    unresolved_b: int = 0
    min_confidence: float = COMPARE_CONFIDENCE
    # Differences that rest on a statement under the threshold: a statement reported by one account
    # only, paired with a set-aside statement of the other account that says the same thing.
    uncertain: list[AlignedPair] = field(default_factory=list)


def speaker_identity(hit: StatementHit) -> str | None:
    """What makes two statements "the same speaker": the resolved speaker's canonical key. A
    source that was not resolved ("he", "the official") says nothing about who spoke."""
    return hit.speaker_key or None


def _vectors(docs: list[list[str]]) -> list[dict[str, float]]:
    df: Counter[str] = Counter()
    for words in docs:
        df.update(set(words))
    n = len(docs)
    out: list[dict[str, float]] = []
    for words in docs:
        tf = Counter(words)
        vec = {w: c * (math.log((n + 1) / (df[w] + 1)) + 1.0) for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def _cosine(x: dict[str, float], y: dict[str, float]) -> float:
    if len(x) > len(y):
        x, y = y, x
    return sum(v * y.get(w, 0.0) for w, v in x.items())


def _candidates(
    a: list[StatementHit], b: list[StatementHit], words: list[list[str]]
) -> list[tuple[float, int, int]]:
    """Every (similarity, i, j) that may pair ``a[i]`` with ``b[j]``, best first (same speaker favoured)."""
    vecs = _vectors(words)
    va, vb = vecs[: len(a)], vecs[len(a) :]
    scored: list[tuple[float, float, int, int]] = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            sim = _cosine(va[i], vb[j])
            same = _same_speaker(x, y)
            if sim >= (SAME_SPEAKER_MIN if same else OTHER_SPEAKER_MIN):
                scored.append((sim + (SPEAKER_BONUS if same else 0.0), sim, i, j))
    scored.sort(key=lambda c: (-c[0], c[2], c[3]))
    return [(sim, i, j) for _, sim, i, j in scored]


def _same_speaker(x: StatementHit, y: StatementHit) -> bool:
    ident = speaker_identity(x)
    return ident is not None and ident == speaker_identity(y)


def _pair(
    x: StatementHit, y: StatementHit, sim: float, x_words: list[str], y_words: list[str]
) -> AlignedPair:
    same = _same_speaker(x, y)
    known = speaker_identity(x) is not None and speaker_identity(y) is not None
    if same:
        relation = "same speaker"
    elif not known:
        relation = "same point"  # one side's speaker is not resolved: no claim about who spoke
    elif sim >= SAME_WORDS_MIN:
        relation = "same words, different speaker"
    else:
        relation = "same point, different voices"
    shared = sorted(set(x_words) & set(y_words))[:8]
    adds = _additions(x.content, y.content), _additions(y.content, x.content)
    return AlignedPair(x, y, round(sim, 3), same, relation, shared, *adds)


def align(
    a: list[StatementHit], b: list[StatementHit]
) -> tuple[list[AlignedPair], list[StatementHit], list[StatementHit]]:
    """Pair statements of ``a`` and ``b`` greedily, best score first, each statement at most once;
    returns the pairs (in A's order) and the unpaired statements of each side."""
    words = [content_words(h.content) for h in a] + [content_words(h.content) for h in b]
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[AlignedPair] = []
    for sim, i, j in _candidates(a, b, words):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append(_pair(a[i], b[j], sim, words[i], words[len(a) + j]))
    pairs.sort(key=lambda p: (p.a.statement_id, p.b.statement_id))
    only_a = [h for i, h in enumerate(a) if i not in used_a]
    only_b = [h for j, h in enumerate(b) if j not in used_b]
    return pairs, only_a, only_b


def _additions(text: str, other: str, limit: int = 8) -> list[str]:
    """Words of ``text`` (as written) whose stem ``other`` lacks: what one wording adds to the other."""
    theirs = set(content_words(other))
    out = dict.fromkeys(word for word, stem in surface_words(text) if stem not in theirs)
    return list(out)[:limit]


def voices(a: list[StatementHit], b: list[StatementHit]) -> list[Voice]:
    names: dict[str, str] = {}
    keys: dict[str, str | None] = {}
    count_a: Counter[str] = Counter()
    count_b: Counter[str] = Counter()
    for hits, counter in ((a, count_a), (b, count_b)):
        for h in hits:
            ident = speaker_identity(h)
            if ident is None:
                continue  # counted apart (Comparison.unresolved_a/b), never a voice
            names.setdefault(ident, h.who)
            keys.setdefault(ident, h.speaker_key)
            counter[ident] += 1
    order = sorted(
        names, key=lambda k: (not (count_a[k] and count_b[k]), -(count_a[k] + count_b[k]), names[k])
    )
    return [Voice(names[k], keys[k], count_a[k], count_b[k]) for k in order]


def distinctive_terms(text: str, other: str, limit: int = _TERMS) -> list[str]:
    """Words of ``text`` (as first written) whose stem never occurs in ``other``, most frequent first.

    Capitalised names count as one term ("Harbour Street"), so that places and
    organisations one account names and the other omits stand out.
    """
    other_stems = set(content_words(other))
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for name in _CAPITALISED.findall(text[:200_000]):
        stems = content_words(name)
        if len(stems) > 1 and not all(s in other_stems for s in stems) and name not in other:
            counts["name:" + name] += 1
            surface.setdefault("name:" + name, name)
    for word in re.findall(r"[^\W\d_]{3,}", text[:200_000]):
        stems = content_words(word)
        if stems and stems[0] not in other_stems:
            counts[stems[0]] += 1
            surface.setdefault(stems[0], word if not word.isupper() else word.lower())
    # Names first at equal counts, so "Save Our Bay" is kept whole rather than as "Bay".
    ranked = sorted(counts, key=lambda k: (-counts[k], not k.startswith("name:"), k))
    out: list[str] = []
    for key in ranked:
        term = surface[key]
        if any(term in kept or kept in term for kept in out):
            continue
        out.append(term)
        if len(out) == limit:
            break
    return out


def figures(text: str, other: str) -> list[str]:
    mine = dict.fromkeys(_NUMBER.findall(text[:200_000]))
    theirs = set(_NUMBER.findall(other[:200_000]))
    return [n for n in mine if n not in theirs][:_TERMS]


def compare_accounts(
    a: ArticleInfo,
    a_hits: list[StatementHit],
    a_text: str,
    b: ArticleInfo,
    b_hits: list[StatementHit],
    b_text: str,
    min_confidence: float = COMPARE_CONFIDENCE,
) -> Comparison:
    a_all = [h for h in a_hits if h.content.strip()]  # nothing to compare in an empty content
    b_all = [h for h in b_hits if h.content.strip()]
    a_hits = [h for h in a_all if h.confidence >= min_confidence]
    b_hits = [h for h in b_all if h.confidence >= min_confidence]
    pairs, only_a, only_b = align(a_hits, b_hits)
    low_a = [h for h in a_all if h.confidence < min_confidence]
    low_b = [h for h in b_all if h.confidence < min_confidence]
    uncertain = align(low_a, only_b)[0] + align(only_a, low_b)[0]
    return Comparison(
        a=a,
        b=b,
        voices=voices(a_hits, b_hits),
        pairs=pairs,
        only_a=only_a,
        only_b=only_b,
        terms_only_a=distinctive_terms(a_text, b_text),
        terms_only_b=distinctive_terms(b_text, a_text),
        figures_only_a=figures(a_text, b_text),
        figures_only_b=figures(b_text, a_text),
        set_aside_a=len(a_all) - len(a_hits),
        set_aside_b=len(b_all) - len(b_hits),
        unresolved_a=sum(speaker_identity(h) is None for h in a_hits),
        unresolved_b=sum(speaker_identity(h) is None for h in b_hits),
        min_confidence=min_confidence,
        uncertain=uncertain,
    )


# -- the accounts, read from a store ----------------------------------------------------------------


def compare_stored(
    db: Database, version: int, a: str | int, b: str | int, min_confidence: float | None = None
) -> Comparison:
    """Two stored articles (any reference :func:`~.articles.find_article` takes) compared; statements
    marked wrong are left out, those under ``min_confidence`` (default :data:`COMPARE_CONFIDENCE`)
    set aside."""
    left, right = find_article(db, a), find_article(db, b)
    if left.id == right.id:
        raise StoreError(f"both sides are the same article (id {left.id})")
    return compare_accounts(
        left,
        statements_of(db, version, left.id, hide_marked=True),
        body_text(article(db, version, left.id)),
        right,
        statements_of(db, version, right.id, hide_marked=True),
        body_text(article(db, version, right.id)),
        COMPARE_CONFIDENCE if min_confidence is None else min_confidence,
    )


def event_pair(db: Database, version: int, query: str) -> tuple[ArticleInfo, ArticleInfo]:
    """The two best-matching accounts of an event from two different sites (or pages)."""
    found = find_event(db, version, query, limit=50)
    if not found:
        raise StoreError(f"no stored article matches {query!r}")
    first = found[0]
    for other in found[1:]:
        if (other.site or other.url or other.path) != (first.site or first.url or first.path):
            return first, other
    raise StoreError(f"only one source covers {query!r}: nothing to compare it with")
