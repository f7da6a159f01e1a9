"""From a rule's match to a Statement: content spans, kind and confidence.

Decided once for all rules so that they agree: direct content is the inside of
its quotation(s) without a trailing comma of the reporting sentence, indirect
and mixed content is the reported clause as it stands (PolNeAR keeps the
complementizer), and the confidence is the rule's base value with bonuses for
a quotation or a ``that``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..core.model import Quote, Span, Statement, StatementKind
from .units import Match, Rules, Unit, token_span

__all__ = ["CONFIDENCE", "content_spans", "emit", "quote_content", "whole_quote"]


_TRIM = " \t\r\n,;:—–-"

CONFIDENCE = {
    "according": 0.85,
    "passive": 0.7,
    "continued": 0.7,
    "inverted": 0.75,
    "parenthetical": 0.75,
    "prefix": 0.7,
    "quoted": 0.7,
    "nominal": 0.65,
    "headline": 0.7,
    "unattributed": 0.3,
}

_DIRECT_BONUS = 0.15  # a quotation with an explicit cue and source is the rules' surest case

_THAT_BONUS = 0.1  # "said that ..." is surer than a bare clause


def _strip(text: str, span: Span) -> Span | None:
    """Trim separators and an unmatched opening bracket, which belong to the reporting sentence."""
    s, e = span.start, span.end
    while s < e and (text[s] in _TRIM or (text[s] in "([" and ")]"["([".index(text[s])] not in text[s:e])):
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return Span(s, e) if e > s else None


def _snap(r: Rules, span: Span) -> Span:
    """Widen a content span that starts or ends inside a quotation to the whole quotation."""
    s, e = span.start, span.end
    q = r.quote_at(s)
    if q is not None and q.span.start < s:
        s = q.span.start
    q = r.quote_at(e - 1)
    if q is not None and q.span.end > e:
        e = q.span.end
    return Span(s, e)


def whole_quote(r: Rules, span: Span) -> Quote | None:
    """The quotation the span is exactly (up to punctuation after it), if any: such content is direct."""
    q = r.quote_at(span.start)
    if q is None or q.span.start != span.start or q.span.end > span.end:
        return None
    rest = r.text[q.span.end : span.end]
    return q if all(not ch.isalnum() for ch in rest) else None


def quote_content(r: Rules, quote: Quote) -> list[Span]:
    """The inner parts of a quotation without the trailing comma that belongs to the reporting sentence."""
    parts = []
    for part in quote.parts:
        e = part.end
        while e > part.start and r.text[e - 1] in ", \t\n":
            e -= 1
        parts.append(Span(part.start, e) if e > part.start else part)
    return parts


def _without_that(text: str, span: Span) -> Span:
    """``that "we will not resign"``: the span without its complementizer."""
    if len(span) > 5 and text[span.start : span.start + 5].lower() in ("that ", "that\n"):
        return _strip(text, Span(span.start + 5, span.end)) or span
    return span


def content_spans(r: Rules, spans: Sequence[Span | None]) -> tuple[list[Span], StatementKind] | None:
    """Clean a match's content spans and decide the kind: direct when all are whole quotations,
    mixed when a quotation is inside."""
    cleaned = []
    for span in spans:
        if span is None:
            continue
        stripped = _strip(r.text, span)
        if stripped is not None:
            cleaned.append(_snap(r, stripped))
    if not cleaned:
        return None
    quotes = [whole_quote(r, _without_that(r.text, s)) for s in cleaned]
    if all(q is not None for q in quotes):
        return [p for q in quotes if q is not None for p in quote_content(r, q)], StatementKind.DIRECT
    k = bisect.bisect_left(r.starts, cleaned[0].start)
    mixed = any(k < len(r.quotes) and r.quotes[k].span.start < s.end for s in cleaned)
    return cleaned, (StatementKind.MIXED if mixed else StatementKind.INDIRECT)


def emit(r: Rules, u: Unit, m: Match, parent: str | None) -> Statement | None:
    """Turn a match into a Statement, recorded in the pass; None when its content is empty after cleaning."""
    content = content_spans(r, m.content)
    if content is None:
        return None
    spans, kind = content
    confidence = CONFIDENCE[m.rule]
    if kind is StatementKind.DIRECT:
        confidence += _DIRECT_BONUS
    elif m.that:
        confidence += _THAT_BONUS
    if parent is not None:
        confidence *= 0.9
    st = Statement(
        id=r.next_id(),
        kind=kind,
        content=spans,
        source=token_span(u, *m.source) if m.source else None,
        cue=token_span(u, *m.cue),
        parent=parent,
        confidence=round(min(confidence, 0.99), 3),
        method=f"rule:{m.rule}",
    )
    r.found.append(st)
    return st
