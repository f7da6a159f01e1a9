"""Span and relation scores for the PolNeAR evaluation.

Span scores, per role, over (unit, span) pairs where a unit is one paragraph
of one document: exact match (same trimmed offsets), begin match (same start
offset, each span matched at most once) and the mean, over gold spans, of the
character Jaccard index of the best-overlapping predicted span (0 when none).

Relation scores, per document: a predicted relation matches a gold one
(one-to-one, greedily in text order) when, loosely, its cue overlaps the gold
cue, its source equals the gold source (both absent counts as equal) and its
content covers at least half of the gold content's characters; strictly, when
all three are equal as sets of trimmed fragments.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from saidwhat.core.model import Span

T = TypeVar("T")

__all__ = ["Counts", "Relation", "RelationCounts", "SpanCounts", "jaccard", "match_relations", "score_spans"]


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.fp += n_pred - tp
        self.fn += n_gold - tp


@dataclass(slots=True)
class SpanCounts:
    exact: Counts = field(default_factory=Counts)
    begin: Counts = field(default_factory=Counts)
    jaccard_sum: float = 0.0
    gold: int = 0

    @property
    def jaccard(self) -> float:
        return self.jaccard_sum / self.gold if self.gold else 0.0


def jaccard(a: Span, b: Span) -> float:
    inter = max(0, min(a.end, b.end) - max(a.start, b.start))
    union = (a.end - a.start) + (b.end - b.start) - inter
    return inter / union if union else 0.0


def _matched(pred: Sequence[T], gold: Sequence[T], same: Callable[[T, T], bool]) -> int:
    """Gold items matched one-to-one, greedily in order, by a predicted item."""
    used = [False] * len(pred)
    n = 0
    for g in gold:
        for k, p in enumerate(pred):
            if not used[k] and same(p, g):
                used[k] = True
                n += 1
                break
    return n


def score_spans(counts: SpanCounts, pred: set[Span], gold: set[Span]) -> None:
    """Add one unit's predicted and gold spans (of one role) to ``counts``."""
    p, g = sorted(pred), sorted(gold)
    counts.exact.add(len(pred & gold), len(p), len(g))
    counts.begin.add(_matched(p, g, lambda a, b: a.start == b.start), len(p), len(g))
    counts.gold += len(g)
    for gs in g:
        counts.jaccard_sum += max((jaccard(ps, gs) for ps in p), default=0.0)


@dataclass(slots=True, frozen=True)
class Relation:
    """Trimmed fragments of one attribution, as sets of spans."""

    source: frozenset[Span]
    cue: frozenset[Span]
    content: frozenset[Span]


def _overlap(a: frozenset[Span], b: frozenset[Span]) -> int:
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)


def _loose(p: Relation, g: Relation) -> bool:
    if _overlap(p.cue, g.cue) == 0 and (p.cue or g.cue):
        return False
    if p.source != g.source:
        return False
    gold_len = sum(len(s) for s in g.content)
    return 2 * _overlap(p.content, g.content) >= gold_len if gold_len else not p.content


def _strict(p: Relation, g: Relation) -> bool:
    return p == g


@dataclass(slots=True)
class RelationCounts:
    loose: Counts = field(default_factory=Counts)
    strict: Counts = field(default_factory=Counts)


def match_relations(counts: RelationCounts, pred: Sequence[Relation], gold: Sequence[Relation]) -> None:
    """Add one document's relations to ``counts`` (one-to-one, greedy)."""
    counts.loose.add(_matched(pred, gold, _loose), len(pred), len(gold))
    counts.strict.add(_matched(pred, gold, _strict), len(pred), len(gold))
