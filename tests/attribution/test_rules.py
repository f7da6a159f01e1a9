"""Rule-based attribution: one test (at least) per construction, and exact offsets."""

from __future__ import annotations

import json

import pytest

from saidwhat.attribution.lexicon import lexicon, parse_lexicon
from saidwhat.attribution.quotes import find_quotes
from saidwhat.attribution.rules import find_statements
from saidwhat.core.errors import DataError
from saidwhat.core.model import Article, Block, BlockKind, InputInfo, Span, Statement, StatementKind
from saidwhat.nlp.tokens import line_spans


def article(text: str, title: bool = False) -> Article:
    blocks = [
        Block(BlockKind.TITLE if (title and i == 0) else BlockKind.PARAGRAPH, s)
        for i, s in enumerate(line_spans(text))
    ]
    art = Article(input=InputInfo("t"), text=text, blocks=blocks)
    art.quotes = find_quotes(text, blocks)
    return art


def view(art: Article, st: Statement) -> tuple[str | None, str | None, list[str], str]:
    """(source, cue, content parts, kind) as text."""
    src = art.slice(st.source) if st.source else None
    cue = art.slice(st.cue) if st.cue else None
    return src, cue, [art.slice(s) for s in st.content], st.kind.value


def run(text: str, title: bool = False) -> tuple[Article, list[Statement]]:
    art = article(text, title)
    statements = find_statements(art)
    check_spans(art, statements)
    return art, statements


def check_spans(art: Article, statements: list[Statement]) -> None:
    n = len(art.text)
    for st in statements:
        assert st.content, st
        for span in [*st.content, st.source, st.cue]:
            if span is not None:
                assert 0 <= span.start < span.end <= n
                assert art.slice(span) == art.text[span.start : span.end].strip() or span == st.cue
        assert 0.0 <= st.confidence <= 1.0
        assert st.method.startswith("rule:")


def one(text: str, title: bool = False) -> tuple[str | None, str | None, list[str], str]:
    art, statements = run(text, title)
    assert len(statements) == 1, [view(art, s) for s in statements]
    return view(art, statements[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "...," X said.
        ('"We will win," Smith said.', ("Smith", "said", ["We will win"], "direct")),
        ("“We will win,” the minister said on Tuesday.", ("the minister", "said", ["We will win"], "direct")),
        # inverted: said X
        ('"We will win," said the spokesman.', ("the spokesman", "said", ["We will win"], "direct")),
        (  # a noun of saying after a preposition: its possessor speaks, its that-clause is said
            "Despite Mr. Trump's Oct. 11 announcement that a deal was reached, signing one has proved elusive.",
            ("Mr. Trump", "announcement", ["that a deal was reached"], "indirect"),
        ),
        (  # ... after a verb, with a possessive pronoun
            "Few voters believed her claim that the vote had been rigged.",
            ("her", "claim", ["that the vote had been rigged"], "indirect"),
        ),
        (  # a partial quotation inside a sentence that goes on after its cue
            'While some carry two phones, and "we love you for that," Cook said, most use one.',
            ("Cook", "said", ['While some carry two phones, and "we love you for that,"', "most use one"], "mixed"),
        ),
        (  # a date with an abbreviated month between the cue and "that"
            "The company announced on Sept. 30 that it was withdrawing its filing.",
            ("The company", "announced on Sept. 30", ["that it was withdrawing its filing"], "indirect"),
        ),
        (  # a body's name that goes on after "for the"
            "Carlineo pleaded guilty, the U.S. Attorney’s Office for the Western District of New York said.",
            (
                "the U.S. Attorney’s Office for the Western District of New York",
                "said",
                ["Carlineo pleaded guilty"],
                "indirect",
            ),
        ),
        # X said: "..."
        ('Smith said: "We will win."', ("Smith", "said", ["We will win."], "direct")),
        ('Smith said, "We will win."', ("Smith", "said", ["We will win."], "direct")),
        # X said (that) ...
        (
            "The minister said that the plan would fail.",
            ("The minister", "said", ["that the plan would fail"], "indirect"),
        ),
        (
            "The minister said the plan would fail.",
            ("The minister", "said", ["the plan would fail"], "indirect"),
        ),
        # ..., X said.
        (
            "The plan will fail, the minister said.",
            ("the minister", "said", ["The plan will fail"], "indirect"),
        ),
        # According to X, ...
        (
            "According to the ministry, the plan will fail.",
            ("the ministry", "According to", ["the plan will fail"], "indirect"),
        ),
        (
            "The plan will fail, according to officials familiar with the matter.",
            ("officials familiar with the matter", "according to", ["The plan will fail"], "indirect"),
        ),
        # parenthetical
        (
            "The minister, the ministry said, had offered to resign.",
            ("the ministry", "said", ["The minister", "had offered to resign"], "indirect"),
        ),
        # ..., reads X's press release.
        (
            "“The plan is dead,” reads the ministry’s press release.",
            ("the ministry’s press release", "reads", ["The plan is dead"], "direct"),
        ),
        (
            "The talks will resume in May, reads Acme's press release.",
            ("Acme's press release", "reads", ["The talks will resume in May"], "indirect"),
        ),
        # ... – emphasized by X.
        (
            "The reform is long overdue – emphasized by Prime Minister John Smith.",
            ("Prime Minister John Smith", "emphasized by", ["The reform is long overdue"], "indirect"),
        ),
        # X told reporters
        (
            "He told reporters that the talks had failed.",
            ("He", "told", ["that the talks had failed"], "indirect"),
        ),
        ('"We will win," she told reporters.', ("she", "told", ["We will win"], "direct")),
        # X added, pronoun sources
        ('"And we will govern," he added.', ("he", "added", ["And we will govern"], "direct")),
        (
            "They insisted that the vote was fair.",
            ("They", "insisted", ["that the vote was fair"], "indirect"),
        ),
        # the cue is the verb group: auxiliaries and adverbs between source and verb
        (
            "The senator has also said that the bill was dead.",
            ("The senator", "has also said", ["that the bill was dead"], "indirect"),
        ),
        ("It warned that prices would rise.", ("It", "warned", ["that prices would rise"], "indirect")),
        # other cues
        (
            "The mayor expressed concern that the bridge was unsafe.",
            ("The mayor", "expressed concern", ["that the bridge was unsafe"], "indirect"),
        ),
        (
            "The senator stressed that the bill was bipartisan.",
            ("The senator", "stressed", ["that the bill was bipartisan"], "indirect"),
        ),
        # sources: titles + names, determiners + nouns, appositions
        (
            "White House press secretary Josh Earnest said in a statement that the president was briefed.",
            (
                "White House press secretary Josh Earnest",
                "said in a statement",
                ["that the president was briefed"],
                "indirect",
            ),
        ),
        (
            "A senior administration official said the deal was close.",
            ("A senior administration official", "said", ["the deal was close"], "indirect"),
        ),
        (
            "Nancy Pelosi, the House speaker, said the bill was dead.",
            ("Nancy Pelosi, the House speaker", "said", ["the bill was dead"], "indirect"),
        ),
        ('"We will win," Sen. Ted Cruz said.', ("Sen. Ted Cruz", "said", ["We will win"], "direct")),
        # mixed: reported speech with a partial quotation
        (
            'She said the plan was "a disaster" for the region.',
            ("She", "said", ['the plan was "a disaster" for the region'], "mixed"),
        ),
        (  # an apposition of words the noun lists do not know, between two commas
            "Charles Simpson, program administrator for the Refugees in Towns Project, said the claims are false.",
            (
                "Charles Simpson, program administrator for the Refugees in Towns Project",
                "said",
                ["the claims are false"],
                "indirect",
            ),
        ),
        (
            "Sara Kim, a 34-year-old nurse from Ohio, said the plan would fail.",
            ("Sara Kim, a 34-year-old nurse from Ohio", "said", ["the plan would fail"], "indirect"),
        ),
        (  # a source with a post-modifier led by "of a"
            "Employees of a car dealership said he tried to steal a van.",
            ("Employees of a car dealership", "said", ["he tried to steal a van"], "indirect"),
        ),
        (  # a head noun the speaker words know ("insider") heads a source for the rules too
            "The insider said the deal was off.",
            ("The insider", "said", ["the deal was off"], "indirect"),
        ),
        (  # a post-modifier between the head and the last noun: the phrase starts at the head
            "A spokesman for the company said the report was inaccurate.",
            ("A spokesman for the company", "said", ["the report was inaccurate"], "indirect"),
        ),
        (  # a participle cue, its outlet, then "as saying"
            "The minister was quoted by the state news agency IRNA as saying that Iran would not negotiate.",
            (
                "The minister",
                "was quoted by the state news agency IRNA as saying",
                ["that Iran would not negotiate"],
                "indirect",
            ),
        ),
        (  # the clause an "according to" covers starts after a dash
            "It is unclear whether the film will go ahead — both actors were said to have quit, according to Variety.",
            ("Variety", "according to", ["both actors were said to have quit"], "indirect"),
        ),
        (  # a comment clause: "As X points out, ..." (and a brand written with a small first letter)
            "As iFixit points out in its teardown, the keyboard is virtually identical to the old one.",
            ("iFixit", "points out", ["the keyboard is virtually identical to the old one"], "indirect"),
        ),
        (  # lower-case words the lists do not know, before a name, inside an inverted source
            "Rain falls everywhere on Titan, said study co-author Anezina Solomonidou.",
            ("study co-author Anezina Solomonidou", "said", ["Rain falls everywhere on Titan"], "indirect"),
        ),
        (  # plain modifiers back to a possessor
            "WeWork's parent company said it was withdrawing the filing.",
            ("WeWork's parent company", "said", ["it was withdrawing the filing"], "indirect"),
        ),
        (  # a name among the lower-case modifiers of a source
            "The man was hospitalized, the Xinhua news agency said.",
            ("the Xinhua news agency", "said", ["The man was hospitalized"], "indirect"),
        ),
        (  # a surname spelled like a pronoun ends a name, it is no pronoun
            "Chinese Vice Premier Liu He said the talks were constructive.",
            ("Chinese Vice Premier Liu He", "said", ["the talks were constructive"], "indirect"),
        ),
        # other languages in the data
        (
            "„Wir schaffen das“, sagte die Kanzlerin.",
            ("die Kanzlerin", "sagte", ["Wir schaffen das"], "direct"),
        ),
    ],
)
def test_construction(text: str, expected: tuple[str | None, str | None, list[str], str]) -> None:
    assert one(text) == expected


def test_interrupted_quote_gives_two_content_spans() -> None:
    assert one('"We will win," he said, "and we will govern."') == (
        "he",
        "said",
        ["We will win", "and we will govern."],
        "direct",
    )


def test_quote_over_several_sentences() -> None:
    assert one('"We will win. We are strong," Smith said.') == (
        "Smith",
        "said",
        ["We will win. We are strong"],
        "direct",
    )


def test_following_quote_sentence_continues_the_statement() -> None:
    assert one('"We will win," he said. "We have the votes."') == (
        "he",
        "said",
        ["We will win", "We have the votes."],
        "direct",
    )


def test_following_quote_over_two_paragraphs_continues_the_statement() -> None:
    text = '"I understand," he said. "Nobody takes this lightly.\n"But the jobs go with it."\nThe end.'
    art, statements = run(text)
    assert [view(art, s) for s in statements] == [
        ("he", "said", ["I understand", "Nobody takes this lightly.", "But the jobs go with it."], "direct")
    ]


def test_colon_then_quote_in_next_paragraph() -> None:
    assert one('The minister said:\n"We will not resign over this."') == (
        "The minister",
        "said",
        ["We will not resign over this."],
        "direct",
    )


def test_multi_paragraph_quote_content_has_one_span_per_paragraph() -> None:
    text = "“We will fight on the beaches.\n“We will never surrender,” he said."
    assert one(text) == ("he", "said", ["We will fight on the beaches.", "We will never surrender"], "direct")


def test_relayed_speech_gives_two_statements_with_parent() -> None:
    art, statements = run('The ministry said that the minister replied that "we will not resign."')
    outer, inner = statements
    assert view(art, outer) == (
        "The ministry",
        "said",
        ['that the minister replied that "we will not resign."'],
        "mixed",
    )
    assert view(art, inner) == ("the minister", "replied", ["we will not resign."], "direct")
    assert inner.parent == outer.id and outer.parent is None
    assert any(c.contains(inner.content[0]) for c in outer.content)
    assert outer.content[0].contains(inner.source) and outer.content[0].contains(inner.cue)  # type: ignore[arg-type]


def test_relay_of_indirect_speech() -> None:
    art, statements = run("Officials said the governor told aides that the budget was final.")
    assert [view(art, s)[:2] for s in statements] == [("Officials", "said"), ("the governor", "told")]
    assert statements[1].parent == statements[0].id
    assert view(art, statements[1])[2] == ["that the budget was final"]


def test_gerund_continuation_keeps_the_source() -> None:
    art, statements = run('"We will win," he said, adding that the party was united.')
    assert [view(art, s) for s in statements] == [
        ("he", "said", ["We will win"], "direct"),
        ("he", "adding", ["that the party was united"], "indirect"),
    ]


def test_headline_form() -> None:
    text = "Merkel: We will manage this\nThe chancellor spoke on Monday."
    art, statements = run(text, title=True)
    assert [view(art, s) for s in statements] == [("Merkel", ":", ["We will manage this"], "headline")]
    assert statements[0].kind is StatementKind.HEADLINE


def test_headline_with_quote() -> None:
    art, statements = run('Minister Smith: "We will not resign"\nBody.', title=True)
    assert [view(art, s) for s in statements] == [("Minister Smith", ":", ["We will not resign"], "headline")]


@pytest.mark.parametrize(
    "title", ["Live: Election results as they come in", "Analysis: Why the talks failed"]
)
def test_headline_labels_are_not_speakers(title: str) -> None:
    _, statements = run(title + "\nBody text.", title=True)
    assert statements == []


def test_colon_in_a_paragraph_is_not_a_headline() -> None:
    _, statements = run("Merkel: We will manage this", title=False)
    assert all(s.kind is not StatementKind.HEADLINE for s in statements)


def test_quote_without_speaker_is_still_reported() -> None:
    art, statements = run("The crowd was loud. “Nobody knows what tomorrow brings, really.”")
    (st,) = statements
    assert view(art, st) == (None, None, ["Nobody knows what tomorrow brings, really."], "direct")
    assert st.source is None and st.confidence < 0.5 and st.method == "rule:unattributed"


def test_scare_quotes_are_not_statements() -> None:
    _, statements = run("The so-called “reform” was passed.")
    assert statements == []


def test_no_cue_no_statement() -> None:
    for text in ["The company added 500 jobs last year.", "The weather was fine.", "He did not say."]:
        _, statements = run(text)
        assert statements == [], text


def test_cue_inside_a_quote_is_not_the_article_s() -> None:
    art, statements = run('"I said no to them," the mayor said.')
    assert [view(art, s) for s in statements] == [("the mayor", "said", ["I said no to them"], "direct")]


def test_several_statements_in_a_paragraph() -> None:
    text = 'Smith said the vote was fair. "It was rigged," Jones said. According to Brown, nobody knows.'
    art, statements = run(text)
    assert [view(art, s)[0] for s in statements] == ["Smith", "Jones", "Brown"]


def test_long_sentence_is_bounded() -> None:
    text = "The minister said that " + "the plan and " * 2000 + "it failed."
    _, statements = run(text)
    assert len(statements) == 1


def test_lexicon_loads_and_matches_phrases() -> None:
    lex = lexicon()
    end, cue = lex.match_cue(["expressed", "concern", "that"], 0) or (0, None)
    assert end == 2 and cue is not None and cue.lemma == "express concern"
    assert lex.match_cue(["according", "to", "x"], 0) is not None
    said = lex.match_cue(["said"], 0)
    assert said is not None and said[1].participle


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"languages": {"fr": {}}},
        {"languages": {"en": {"verbs": {"say": {"forms": ["say"]}}}}},
        {
            "languages": {
                "en": {"verbs": {"say": {"forms": ["say", "says", "said", "said", "saying"], "clause": "x"}}}
            }
        },
        {"languages": {"en": {"pronouns": "he"}}},
        {"languages": {"en": {"unknown_list": []}}},
        {"languages": {"en": {}}},
    ],
)
def test_invalid_cue_data_is_a_data_error(data: object) -> None:
    with pytest.raises(DataError):
        parse_lexicon(json.loads(json.dumps(data)))


def test_offsets_slice_exactly_on_a_longer_text() -> None:
    text = (
        "Minister quits over budget row\n"
        "The finance minister resigned on Monday, the government said.\n"
        "“I could not defend this budget,” she told reporters. “It was wrong.”\n"
        "According to aides, the prime minister had asked her to stay.\n"
        "Critics said the plan was “a fiasco” and warned that markets would react.\n"
        "The ministry said that the premier replied that “no one is irreplaceable.”"
    )
    _, statements = run(text, title=True)
    assert len(statements) >= 6
    assert {s.kind for s in statements} >= {StatementKind.DIRECT, StatementKind.INDIRECT, StatementKind.MIXED}
    ids = {s.id for s in statements}
    assert len(ids) == len(statements)
    assert all(s.parent in ids for s in statements if s.parent)
    assert Span(0, 1) not in [s.source for s in statements]


def test_coordinated_cue_shares_the_source() -> None:
    art, statements = run("Critics said the plan was “a fiasco” and warned that markets would react.")
    assert [view(art, s) for s in statements] == [
        ("Critics", "said", ["the plan was “a fiasco”"], "mixed"),
        ("Critics", "warned", ["that markets would react"], "indirect"),
    ]
    assert statements[1].method == "rule:continued"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sources with asides: adjuncts, interjections, brackets, appositions, relative clauses
        (
            "Hillary Clinton on Tuesday said that the vote was rigged.",
            ("Hillary Clinton", "said", ["that the vote was rigged"], "indirect"),
        ),
        (
            "Experts, however, said the plan would work.",
            ("Experts", "said", ["the plan would work"], "indirect"),
        ),
        (
            '"It is not new," said Rep. Bobby Scott (D-Va.).',
            ("Rep. Bobby Scott (D-Va.)", "said", ["It is not new"], "direct"),
        ),
        (
            '"We will win," said Jim Clyburn, a Democratic congressman from South Carolina.',
            ("Jim Clyburn, a Democratic congressman from South Carolina", "said", ["We will win"], "direct"),
        ),
        (
            '"We will win," said Jim Clyburn, who runs the campaign.',
            ("Jim Clyburn", "said", ["We will win"], "direct"),
        ),
        (
            "Smith, who chairs the panel, said the bill was dead.",
            ("Smith", "said", ["the bill was dead"], "indirect"),
        ),
        (
            "A mere 9 percent say they buy American.",
            ("A mere 9 percent", "say", ["they buy American"], "indirect"),
        ),
        (
            "“Nobody is preoccupied by it,” the insider said.",
            ("the insider", "said", ["Nobody is preoccupied by it"], "direct"),
        ),
        ("''We will win,'' Mr. Hanson said.", ("Mr. Hanson", "said", ["We will win"], "direct")),
        # the content stops where the reporting sentence goes on
        (
            "The mayor said the bridge was safe, but critics were not convinced.",
            ("The mayor", "said", ["the bridge was safe"], "indirect"),
        ),
        (
            '"There is great danger," he said, before insisting on his record.',
            ("he", "said", ["There is great danger"], "direct"),
        ),
    ],
)
def test_sources_and_content_boundaries(
    text: str, expected: tuple[str | None, str | None, list[str], str]
) -> None:
    assert one(text) == expected


def test_gerund_after_the_subject_of_the_sentence() -> None:
    art, statements = run("The businessman praised Putin, saying he was a strong leader.")
    assert [view(art, s) for s in statements] == [
        ("The businessman", "praised", ["Putin"], "indirect"),
        ("The businessman", "saying", ["he was a strong leader"], "indirect"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'He said.She left. "Yes,"he said. \'No\'she said, "and U.S.A.said it."',
        "Mr. Smith said:\"no\".Then the U.S. don't.can't.He's said so; it's 45% — done...",
        "“We will win,” the minister said.“And soon.” " + "x" * 450 + ". He said so.",
    ],
)
def test_unit_tokens_are_the_units_own_tokenization(text: str) -> None:
    # A unit takes its tokens from its block's tokenization (tokenize's memo, nlp.tokens): they must be
    # exactly what tokenizing the unit's span alone gives.
    from saidwhat.attribution.units import Rules, units_of
    from saidwhat.nlp.tokens import tokenize

    art = article(text)
    r = Rules(art, lexicon(), [q for q in art.quotes if q.depth == 0])
    units = units_of(r, art.blocks[0])
    assert units
    for u in units:
        assert u.tokens == tokenize(text, u.tokens[0].start, u.tokens[-1].end)


def test_a_noun_of_saying_as_a_sentence_subject_is_left_to_the_tagger() -> None:
    _, statements = run("The company's claim that it had paid its taxes was false.")
    assert not [st for st in statements if st.method == "rule:nominal"]


def test_relayed_statement_after_a_conjunction_inside_reported_speech() -> None:
    art, statements = run(
        "The Chronicle says he was arrested after employees of a car dealership said he stole a van."
    )
    views = [view(art, s) for s in statements]
    assert ("employees of a car dealership", "said", ["he stole a van"], "indirect") in views
    inner = next(
        s for s in statements if art.slice(s.source or Span(0, 0)) == "employees of a car dealership"
    )
    assert inner.parent == statements[0].id


def test_a_phrase_of_not_cues_starts_no_statement() -> None:
    art, statements = run("The firm is under inquiry, adding to a series of problems that have hurt it.")
    assert [view(art, s)[1] for s in statements] == []


def test_a_reported_passive_gives_its_subject_no_statement() -> None:
    art, statements = run("Hemsworth and Pine were said to have run into contractual issues in 2018.")
    assert [view(art, s) for s in statements] == []


def test_a_cue_that_never_inverts_takes_no_source_after_it() -> None:
    art, statements = run("Photos which were released online, show Nigerian actress Kate Henshaw looking stunning.")
    assert [view(art, s) for s in statements] == []




def test_a_verb_by_its_look_does_not_join_a_source_phrase() -> None:
    assert one("The company hired executives, the firm said.") == (
        "the firm", "said", ["The company hired executives"], "indirect"
    )  # fmt: skip


def test_asking_not_to_be_named_is_no_statement() -> None:
    art, statements = run("A refugee who asked not to be identified said the claim is absolutely not true.")
    assert [view(art, s)[1:3] for s in statements] == [("said", ["the claim is absolutely not true"])]


def test_the_one_told_in_the_passive_is_no_speaker() -> None:
    art, statements = run("Investors have been told the price is likely to be final.")
    assert [view(art, s) for s in statements] == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            (
                "Job cuts will be announced later this week, said Acme’s recently named executive chair "
                "Marcelo Claure in an email to staff that was reviewed by Reuters."
            ),
            "Acme’s recently named executive chair Marcelo Claure",
        ),
        ("Job cuts will come soon, said the newly appointed chair Marcelo Claure.", "the newly appointed chair Marcelo Claure"),
        ("The plan will work, said The We Company’s chair Marcelo Claure.", "The We Company’s chair Marcelo Claure"),
    ],
)
def test_sources_after_an_inverted_cue_with_possessives_and_participles(text: str, source: str) -> None:
    art, statements = run(text)
    inverted = [view(art, s) for s in statements if s.method == "rule:inverted"]
    assert [v[0] for v in inverted] == [source]
    assert inverted[0][2][0] == text[: text.index(", said")]


def test_a_quotation_led_in_with_a_colon_is_the_content_not_the_lead_in() -> None:
    text = (
        "Phoning in from London, Harper remembered the anxiety of it: “The script just said "
        "something else. The end,” Harper said."
    )
    src, cue, content, kind = one(text)
    assert (src, cue, kind) == ("Harper", "said", "direct")
    assert content == ["The script just said something else. The end"]


def test_a_partial_quotation_keeps_the_words_before_it() -> None:
    src, _cue, content, _ = one("The plan is “a disaster,” Smith said.")
    assert (src, content) == ("Smith", ["The plan is “a disaster,”"])


def test_a_joined_cue_after_a_new_subject_continues_that_subject() -> None:
    text = "China said it is committed to the formula, while the city’s police deny abuse and say they show restraint."
    art, statements = run(text)
    views = [view(art, s) for s in statements]
    assert ("China", "said", ["it is committed to the formula"], "indirect") in views
    joined = [v for v in views if v[1] == "say"]
    assert joined and joined[0][0] == "the city’s police"


def test_a_joined_cue_without_a_new_subject_keeps_the_first() -> None:
    text = "The minister said the plan would work and warned that it was costly."
    art, statements = run(text)
    assert [view(art, s)[0] for s in statements] == ["The minister", "The minister"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The city's police said the protest was illegal.", "The city's police"),
        ("The company's chief executive said the plan would work.", "The company's chief executive"),
        ("Officials at the hospital said three people died.", "Officials at the hospital"),
        ("Residents of the town told reporters the water was unsafe.", "Residents of the town"),
    ],
)
def test_sources_with_a_possessor_noun_or_opening_the_sentence_with_a_postmodifier(text: str, source: str) -> None:
    assert one(text)[0] == source


def test_a_comment_clause_after_the_content_gives_its_source() -> None:
    src, cue, content, kind = one("The economy is slowing, as the central bank noted on Tuesday.")
    assert (src, cue, content, kind) == ("the central bank", "noted", ["The economy is slowing"], "indirect")


def test_an_admission_of_a_deed_in_the_gerund_is_its_content() -> None:
    src, cue, content, _ = one("Webb admitted to threatening the girl and hiding her in a basket.")
    assert (src, cue, content) == ("Webb", "admitted", ["threatening the girl and hiding her in a basket"])


def test_a_cue_word_after_an_article_is_a_noun_not_a_cue() -> None:
    art, statements = run("The staff member who reported the call recalled that the caller was angry.")
    assert [view(art, s)[1] for s in statements] == ["recalled"]


def test_a_content_stops_before_the_source_and_cue_that_end_the_sentence() -> None:
    art, statements = run('He recalled that the man said, "I will do it," the attorney\'s office said.')
    by_source = {view(art, s)[0]: view(art, s) for s in statements}
    assert by_source["He"][2] == ['that the man said, "I will do it,"']
    assert by_source["the attorney's office"][2] == ['He recalled that the man said, "I will do it,"']


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("China’s ambassador to Britain accused the UK of meddling in the country’s affairs.", "China’s ambassador to Britain"),
        ("An adviser to the president said the talks had stalled.", "An adviser to the president"),
    ],
)
def test_a_source_noun_with_to_and_its_object(text: str, source: str) -> None:
    assert one(text)[0] == source
