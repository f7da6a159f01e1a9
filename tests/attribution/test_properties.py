"""Properties: quotations and rules never raise on arbitrary text, and every span slices inside it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saidwhat.attribution.quotes import find_quotes
from saidwhat.attribution.rules import find_statements
from saidwhat.core.model import Article, Block, BlockKind, InputInfo
from saidwhat.nlp.tokens import line_spans

# Text made of the pieces the rules care about, so that cues, marks and names meet often.
PIECES = st.sampled_from(
    [
        '"',
        "'",
        "“",
        "”",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "‚",
        "「",
        "」",
        "‹",
        "›",
        " said",
        " says",
        " told reporters",
        " according to",
        " added",
        " reads",
        " emphasized by",
        " that",
        " the ministry",
        " Smith",
        " he",
        " The",
        " Sen.",
        ",",
        ".",
        ":",
        " –",
        "\n",
        "\n\n",
        " we will win",
        "''",
        "``",
        " who",
        " (",
        ")",
        " saying",
        " however,",
        " 42%",
        " Mr.",
        "that ",
        " That",
        " don't",
        " '90s",
        " players'",
        " and",
        " adding",
        "?",
        "!",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300), st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=80).map("".join)
)


def analyse(text: str) -> Article:
    blocks = [
        Block(BlockKind.TITLE if i == 0 else BlockKind.PARAGRAPH, s) for i, s in enumerate(line_spans(text))
    ]
    art = Article(input=InputInfo("t"), text=text, blocks=blocks)
    art.quotes = find_quotes(text, blocks)
    art.statements = find_statements(art)
    return art


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_quotes_and_rules_never_raise_and_spans_slice(text: str) -> None:
    art = analyse(text)
    n = len(text)
    for q in art.quotes:
        assert 0 <= q.span.start < q.span.end <= n
        assert text.startswith(q.opener, q.span.start) and text[: q.span.end].endswith(q.closer)
        assert q.parts and all(q.span.contains(p) and len(p) > 0 for p in q.parts)
        assert q.depth >= 0
    ids = [s.id for s in art.statements]
    assert len(set(ids)) == len(ids)
    for s in art.statements:
        assert s.content and 0.0 <= s.confidence <= 1.0 and s.method.startswith("rule:")
        for span in [*s.content, s.source, s.cue]:
            if span is not None:
                assert 0 <= span.start < span.end <= n
        assert s.parent is None or s.parent in ids


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_straight_text_without_marks_has_no_quotes(text: str) -> None:
    clean = "".join(ch for ch in text if ch not in "\"'“”‘’«»„‚「」‹›『』＂")
    assert find_quotes(clean) == []
