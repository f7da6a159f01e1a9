"""Projection of nested statements onto PolNeAR's outermost-only convention, and the piece cutting."""

from __future__ import annotations

from saidwhat.core.model import Span, Statement, StatementKind
from saidwhat_dev.eval.polnear import pieces, project


def _st(i: str, cue: Span, content: Span, parent: str | None = None) -> Statement:
    return Statement(i, StatementKind.INDIRECT, [content], source=None, cue=cue, parent=parent)


def test_project_keeps_only_outermost_statements() -> None:
    # "Reardon criticized Lamport for saying that wages are bad."
    outer = _st("s1", Span(8, 18), Span(19, 57))
    inner = _st("s2", Span(31, 37), Span(38, 57))  # cue "saying" lies in the outer content
    relayed = _st("s3", Span(60, 64), Span(65, 70), parent="s1")
    other = _st("s4", Span(80, 84), Span(85, 95))
    assert [s.id for s in project([outer, inner, relayed, other])] == ["s1", "s4"]


def test_pieces_cut_at_paragraphs_and_trim() -> None:
    text = "He said “one\ntwo.”"
    paras = [Span(0, 12), Span(13, 18)]
    assert pieces(text, [Span(8, 18)], paras) == [(0, Span(9, 12)), (1, Span(13, 16))]
