"""Span and relation metrics on tiny cases computed by hand."""

from __future__ import annotations

import pytest

from saidwhat.core.model import Span
from saidwhat_dev.eval.polnear_metrics import (
    Relation,
    RelationCounts,
    SpanCounts,
    jaccard,
    match_relations,
    score_spans,
)


def test_jaccard_by_hand() -> None:
    assert jaccard(Span(0, 10), Span(5, 15)) == pytest.approx(5 / 15)
    assert jaccard(Span(0, 4), Span(0, 4)) == 1.0
    assert jaccard(Span(0, 4), Span(4, 8)) == 0.0


def test_span_scores_by_hand() -> None:
    c = SpanCounts()
    # gold: [0,10) [20,30) [40,50); predicted: [0,10) exact, [20,25) same begin, [60,70) spurious
    score_spans(c, {Span(0, 10), Span(20, 25), Span(60, 70)}, {Span(0, 10), Span(20, 30), Span(40, 50)})
    assert (c.exact.tp, c.exact.fp, c.exact.fn) == (1, 2, 2)
    assert c.exact.precision == pytest.approx(1 / 3)
    assert c.exact.f1 == pytest.approx(1 / 3)
    assert (c.begin.tp, c.begin.fp, c.begin.fn) == (2, 1, 1)
    assert c.begin.f1 == pytest.approx(2 / 3)
    # best Jaccard per gold span: 1, 5/10, 0 -> mean 0.5
    assert c.jaccard == pytest.approx(0.5)


def test_begin_match_is_one_to_one() -> None:
    c = SpanCounts()
    score_spans(c, {Span(0, 3)}, {Span(0, 5), Span(0, 8)})
    assert (c.begin.tp, c.begin.fn) == (1, 1)


def test_empty_units_score_zero_without_dividing_by_zero() -> None:
    c = SpanCounts()
    score_spans(c, set(), set())
    assert c.exact.f1 == 0.0 and c.jaccard == 0.0


def _rel(source: list[Span], cue: list[Span], content: list[Span]) -> Relation:
    return Relation(frozenset(source), frozenset(cue), frozenset(content))


def test_relation_loose_and_strict_by_hand() -> None:
    gold = [_rel([Span(0, 5)], [Span(6, 10)], [Span(11, 31)])]
    half = _rel([Span(0, 5)], [Span(6, 9)], [Span(11, 21)])  # cue overlaps, content covers 10/20
    c = RelationCounts()
    match_relations(c, [half], gold)
    assert (c.loose.tp, c.strict.tp) == (1, 0)
    under = _rel([Span(0, 5)], [Span(6, 10)], [Span(11, 20)])  # 9/20 < half
    wrong_source = _rel([Span(0, 4)], [Span(6, 10)], [Span(11, 31)])
    c = RelationCounts()
    match_relations(c, [under, wrong_source], gold)
    assert (c.loose.tp, c.loose.fp, c.loose.fn) == (0, 2, 1)
    c = RelationCounts()
    match_relations(c, [gold[0], gold[0]], gold)  # one gold relation is matched once
    assert (c.strict.tp, c.strict.fp) == (1, 1)
    assert c.strict.f1 == pytest.approx(2 / 3)
