"""The quotation engine: every style, nesting, multi-paragraph quotes, stray marks, apostrophes."""

from __future__ import annotations

import json

import pytest

from saidwhat.attribution.quotes import FindQuotations, find_quotes, parse_quote_marks, quote_marks
from saidwhat.core.errors import DataError
from saidwhat.core.model import Article, Block, BlockKind, InputInfo, Span
from saidwhat.core.options import Options
from saidwhat.nlp.tokens import line_spans


def inner(text: str) -> list[str]:
    """The inner text of every quotation, parts joined by '|'."""
    return ["|".join(p.slice(text) for p in q.parts) for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" today.', "we will win"),
        ("He said “we will win” today.", "we will win"),
        ("He said ‘we will win’ today.", "we will win"),
        ("Il a dit «nous gagnerons» hier.", "nous gagnerons"),
        ("Il a dit « nous gagnerons » hier.", "nous gagnerons"),
        ("Er sagte „wir gewinnen“ gestern.", "wir gewinnen"),
        ("Er sagte ‚wir gewinnen‘ gestern.", "wir gewinnen"),
        ("Er sagte »wir gewinnen« gestern.", "wir gewinnen"),
        ("彼は「勝つ」と言った。", "勝つ"),
        ("Il a dit ‹ oui › hier.", "oui"),
        ("He said 'we will win' today.", "we will win"),
        ("Powiedział „wygramy” wczoraj.", "wygramy"),
    ],
)
def test_every_style_pairs(text: str, expected: str) -> None:
    quotes = find_quotes(text)
    assert [q.parts[0].slice(text) for q in quotes] == [expected]
    q = quotes[0]
    assert q.span.slice(text).startswith(q.opener) and q.span.slice(text).endswith(q.closer)
    assert q.depth == 0


def test_span_includes_marks_and_parts_exclude_them() -> None:
    text = 'A "b c" d'
    (q,) = find_quotes(text)
    assert q.span.slice(text) == '"b c"'
    assert [p.slice(text) for p in q.parts] == ["b c"]
    assert (q.opener, q.closer) == ('"', '"')


def test_nested_quotes_have_depth() -> None:
    text = "He said “she told me ‘never again’ twice” and left."
    quotes = find_quotes(text)
    assert [(q.span.slice(text), q.depth) for q in quotes] == [
        ("“she told me ‘never again’ twice”", 0),
        ("‘never again’", 1),
    ]


def test_nested_straight_quotes() -> None:
    text = "\"He said 'no way' to me,\" she recalled."
    quotes = find_quotes(text)
    assert [(q.parts[0].slice(text), q.depth) for q in quotes] == [
        ("He said 'no way' to me,", 0),
        ("no way", 1),
    ]


def test_multi_paragraph_quote_is_one_quote_with_parts() -> None:
    text = "“We will fight on the beaches.\n“We will never surrender,” he said.\nThen he left."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert [p.slice(text) for p in q.parts] == ["We will fight on the beaches.", "We will never surrender,"]
    assert q.span.slice(text).startswith("“We will fight") and q.span.slice(text).endswith("surrender,”")


def test_three_paragraph_quote() -> None:
    text = '"One.\n"Two.\n"Three," she said.'
    (q,) = find_quotes(text)
    assert [p.slice(text) for p in q.parts] == ["One.", "Two.", "Three,"]


def test_open_quote_not_continued_is_dropped() -> None:
    text = "He said “we will win.\nThe next paragraph is plain. Then “a real one” here."
    assert inner(text) == ["a real one"]


def test_unbalanced_mark_costs_one_quote_only() -> None:
    text = "“A stray opening mark. “First,” he said. “Second,” she said. “Third” too."
    assert inner(text) == ["First,", "Second,", "Third"]


def test_odd_number_of_straight_quotes_keeps_the_others() -> None:
    text = 'Smith said "no. Jones said "yes" and Brown said "maybe" later.'
    assert inner(text) == ["yes", "maybe"]


def test_stray_closing_mark_is_ignored() -> None:
    text = "This ends” oddly. He said “fine” then."
    assert inner(text) == ["fine"]


@pytest.mark.parametrize(
    "text",
    [
        "Don't worry, it's Clinton's plan from the '90s.",
        "Don’t worry, it’s Clinton’s plan from the ’90s.",
        "They were rock 'n' roll fans, give 'em a break.",
        "O'Malley and O’Brien met in the ‘80s.",
        "The players' union and the owners' group.",
    ],
)
def test_apostrophes_do_not_open_quotes(text: str) -> None:
    assert find_quotes(text) == []


def test_apostrophes_inside_a_quote() -> None:
    text = "He said 'don't go to the players' union' and 'it's Clinton's' plan."
    assert inner(text) == ["don't go to the players' union", "it's Clinton's"]


def test_straight_double_quotes_decided_by_context() -> None:
    # parity alone would pair the closing mark of "A" with the opening mark of "B"
    text = 'x "A b" y "c D" z'
    assert inner(text) == ["A b", "c D"]
    text = 'He said,"we win" and "go."'
    assert inner(text) == ["we win", "go."]


def test_quotes_do_not_cross_blocks_of_other_kinds() -> None:
    text = "“Title ends open.\n“Para,” he said."
    blocks = [Block(BlockKind.TITLE, Span(0, 17)), Block(BlockKind.PARAGRAPH, Span(18, len(text)))]
    quotes = find_quotes(text, blocks)
    assert [q.parts[0].slice(text) for q in quotes] == ["Para,"]


def test_stage_sets_article_quotes() -> None:
    text = "Title\n“We win,” he said."
    article = Article(
        input=InputInfo("t"), text=text, blocks=[Block(BlockKind.PARAGRAPH, s) for s in line_spans(text)]
    )
    FindQuotations(Options())(article)
    assert [q.span.slice(text) for q in article.quotes] == ["“We win,”"]


def test_shipped_marks_load() -> None:
    marks = quote_marks()
    assert "”" in marks.closers_of["“"] and "“" in marks.closers_of["„"]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"pairs": []},
        {"pairs": [{"open": "ab", "close": "c"}]},
        {"pairs": [{"open": "a", "close": "b"}]},
        {"pairs": [{"open": '"', "close": '"'}], "apostrophes": ["xy"]},
        {"pairs": [{"open": '"', "close": '"'}], "elisions": ["em"]},
    ],
)
def test_invalid_quote_mark_data_is_a_data_error(data: object) -> None:
    with pytest.raises(DataError):
        parse_quote_marks(json.loads(json.dumps(data)))


def test_doubled_straight_marks_of_newspaper_archives() -> None:
    text = "''It's a movement,'' said Mr. Trump. ``Tex style'' and don't 'x' too"
    quotes = find_quotes(text)
    assert [(q.opener, q.parts[0].slice(text), q.closer) for q in quotes] == [
        ("''", "It's a movement,", "''"),
        ("``", "Tex style", "''"),
        ("'", "x", "'"),
    ]
