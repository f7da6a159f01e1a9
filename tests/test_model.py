from __future__ import annotations

import pytest

from saidwhat.core.model import Article, Block, BlockKind, InputInfo, Span, Speaker, Statement, StatementKind


def test_span_rejects_negative_and_inverted() -> None:
    with pytest.raises(ValueError):
        Span(-1, 2)
    with pytest.raises(ValueError):
        Span(5, 2)


def test_span_relations() -> None:
    a, b, c = Span(0, 5), Span(4, 8), Span(5, 9)
    assert a.overlaps(b) and not a.overlaps(c)
    assert Span(0, 10).contains(b) and not b.contains(a)
    assert len(b) == 4
    assert Span(2, 5).slice("abcdefg") == "cde"


def test_model_classes_are_slotted() -> None:
    st = Statement("s1", StatementKind.DIRECT, [Span(0, 1)])
    with pytest.raises(AttributeError):
        st.unknown = 1  # type: ignore[attr-defined]


def test_article_lookups() -> None:
    text = "Title\n\nBody said."
    art = Article(
        input=InputInfo("t"),
        text=text,
        blocks=[Block(BlockKind.TITLE, Span(0, 5)), Block(BlockKind.PARAGRAPH, Span(7, 17))],
        statements=[Statement("s1", StatementKind.INDIRECT, [Span(7, 11)], speaker="p1")],
        speakers=[Speaker("p1", "Body")],
    )
    assert art.title == "Title"
    assert art.statement("s1") is art.statements[0]
    assert art.statement("nope") is None
    assert art.speaker("p1") is not None and art.speaker("p1").name == "Body"  # type: ignore[union-attr]
    assert [art.slice(b.span) for b in art.blocks_of(BlockKind.PARAGRAPH)] == ["Body said."]
