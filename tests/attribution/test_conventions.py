"""News conventions over a page's merged statements: where speech can be, continuation, sources."""

from __future__ import annotations

from saidwhat.attribution.conventions import CONTINUATION_CONFIDENCE, apply_conventions
from saidwhat.core.model import Article, Block, BlockKind, InputInfo, Span, Statement, StatementKind
from saidwhat.core.options import Options
from saidwhat.pipeline import analyse_text


def page(*parts: tuple[BlockKind, str]) -> Article:
    text, blocks = "", []
    for kind, line in parts:
        if text:
            text += "\n\n"
        blocks.append(Block(kind, Span(len(text), len(text) + len(line))))
        text += line
    return Article(input=InputInfo(path="t"), text=text, blocks=blocks)


def span_of(article: Article, part: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(part, start + 1)
    return Span(start, start + len(part))


def statement(
    article: Article, id: str, content: str, source: str | None = None, cue: str | None = None,
    kind: StatementKind = StatementKind.DIRECT, method: str = "rule:inverted",
) -> Statement:  # fmt: skip
    return Statement(
        id=id, kind=kind, content=[span_of(article, content)],
        source=span_of(article, source) if source else None, cue=span_of(article, cue) if cue else None,
        confidence=0.9, method=method,
    )  # fmt: skip


def test_a_quote_only_paragraph_continues_the_speaker_of_the_paragraph_before() -> None:
    art = page(
        (BlockKind.TITLE, "Council votes"),
        (BlockKind.PARAGRAPH, '"We will build it," Mayor Ana Ruiz said on Monday.'),
        (BlockKind.PARAGRAPH, '"The money is there and the plans are ready."'),
    )
    first = statement(art, "s1", "We will build it", "Mayor Ana Ruiz", "said")
    second = statement(art, "s2", "The money is there and the plans are ready.", method="rule:unattributed")
    out = apply_conventions(art, [first, second])
    assert out[1].source == first.source
    assert out[1].method == "rule:continuation" and out[1].confidence == CONTINUATION_CONFIDENCE


def test_no_continuation_across_a_paragraph_of_narrative_or_for_a_quoted_title() -> None:
    art = page(
        (BlockKind.PARAGRAPH, '"We will build it," Ruiz said.'),
        (BlockKind.PARAGRAPH, 'The council approved "the harbour plan" in March.'),
        (BlockKind.PARAGRAPH, '"DWTS."'),
    )
    first = statement(art, "s1", "We will build it", "Ruiz", "said")
    narrative = statement(art, "s2", "the harbour plan", method="rule:unattributed")
    title = statement(art, "s3", "DWTS.", method="rule:unattributed")
    out = apply_conventions(art, [first, narrative, title])
    assert [st.source for st in out[1:]] == [None, None]


def test_captions_credits_and_sourceless_heading_quotes_hold_no_statements() -> None:
    art = page(
        (BlockKind.TITLE, "Talks resume"),
        (BlockKind.HEADING, '"A new start"'),
        (BlockKind.PARAGRAPH, "The minister said the talks would resume."),
        (BlockKind.CAPTION, "The minister said nothing as she arrived on July 25, 2019."),
    )
    heading = statement(art, "s1", "A new start", method="rule:unattributed")
    body = statement(art, "s2", "the talks would resume", "The minister", "said", StatementKind.INDIRECT)
    caption = statement(art, "s3", "nothing as she arrived", "The minister", "said", StatementKind.INDIRECT)
    caption.content = [span_of(art, "nothing as she arrived")]
    caption.source, caption.cue = span_of(art, "The minister", 1), span_of(art, "said", 1)
    out = apply_conventions(art, [heading, body, caption])
    assert [st.id for st in out] == ["s2"]


def test_a_date_or_an_adverb_is_no_source() -> None:
    art = page((BlockKind.PARAGRAPH, "Never urged Ukraine to investigate, Nov. 19 said the official."))
    never = statement(art, "s1", "Ukraine to investigate", "Never", "urged", StatementKind.INDIRECT)
    date = statement(art, "s2", "the official", "Nov. 19", "said", StatementKind.INDIRECT)
    assert apply_conventions(art, [never, date]) == []


def test_a_partial_quotation_inside_reported_speech_is_part_of_it() -> None:
    art = page((BlockKind.PARAGRAPH, 'Cook said privacy is "a fundamental human right" for Apple.'))
    outer = statement(
        art, "s1", 'privacy is "a fundamental human right" for Apple', "Cook", "said", StatementKind.MIXED
    )
    inner = statement(art, "s2", "a fundamental human right", method="rule:unattributed")
    assert [st.id for st in apply_conventions(art, [outer, inner])] == ["s1"]


def test_the_pipeline_gives_a_continuing_quotation_its_speaker() -> None:
    text = (
        "Ferry terminal plan approved\n"
        '"We will start building in May," said Harbour Master Ines Duarte.\n'
        '"The boats will run every twenty minutes from next year."'
    )
    art = analyse_text(text, Options(attribution="rules"))
    last = art.statements[-1]
    assert "twenty minutes" in art.slice(last.content[0])
    speaker = art.speaker(last.speaker) if last.speaker else None
    assert speaker is not None and speaker.name == "Ines Duarte"


def test_an_agency_staff_credit_holds_no_statement() -> None:
    art = page(
        (BlockKind.PARAGRAPH, "The minister said the talks would resume."),
        (BlockKind.PARAGRAPH, "(Reporting by Greg Smith, Joshua Franklin; editing by Jo Lee)"),
    )
    body = statement(art, "s1", "the talks would resume", "The minister", "said", StatementKind.INDIRECT)
    credit = statement(art, "s2", "Reporting by Greg Smith", "Joshua Franklin", kind=StatementKind.INDIRECT)
    assert [st.id for st in apply_conventions(art, [body, credit])] == ["s1"]


def test_the_writer_speaking_of_themself_is_no_source_but_a_quoted_i_is() -> None:
    art = page(
        (BlockKind.PARAGRAPH, "I found that long combos can be deadly."),
        (BlockKind.PARAGRAPH, '"I found that long combos can be deadly," the player said.'),
    )
    writer = statement(art, "s1", "that long combos can be deadly", "I", "found", StatementKind.INDIRECT)
    quoted = statement(art, "s2", "I found that long combos can be deadly", "the player", "said")
    quoted.content = [span_of(art, "I found that long combos can be deadly", 1)]
    inner = statement(art, "s3", "that long combos", kind=StatementKind.INDIRECT)
    inner.content = [span_of(art, "that long combos", 1)]
    inner.source, inner.cue = span_of(art, "I", 1), span_of(art, "found", 1)
    assert [st.id for st in apply_conventions(art, [writer, quoted, inner])] == ["s2", "s3"]


def test_the_subject_of_a_reported_passive_is_no_speaker() -> None:
    art = page((BlockKind.PARAGRAPH, "The minister is said to be furious."))
    passive = statement(art, "s1", "to be furious", "The minister", "is said", StatementKind.INDIRECT)
    assert apply_conventions(art, [passive]) == []


def test_citing_makes_the_cited_source_say_the_same_content_relayed() -> None:
    art = page((BlockKind.PARAGRAPH, "The man was ill, the news agency said, citing the health commission."))
    said = statement(art, "s1", "The man was ill", "the news agency", "said", StatementKind.INDIRECT)
    citing = statement(art, "s2", "the health commission", "the news agency", "citing", StatementKind.INDIRECT)
    out = apply_conventions(art, [said, citing])
    cited = out[1]
    assert art.slice(cited.source) == "the health commission"  # type: ignore[arg-type]
    assert [art.slice(s) for s in cited.content] == ["The man was ill"]
    assert cited.parent == out[0].id


def test_a_tagger_statement_on_a_phrase_of_not_cues_is_dropped() -> None:
    art = page((BlockKind.PARAGRAPH, "A refugee who asked not to be identified said the claim is false."))
    wish = statement(art, "s1", "not to be identified", "A refugee", "asked", StatementKind.INDIRECT, "model")
    said = statement(art, "s2", "the claim is false", "A refugee", "said", StatementKind.INDIRECT)
    assert [st.id for st in apply_conventions(art, [wish, said])] == ["s2"]


def test_a_plea_is_no_statement_of_its_charge() -> None:
    art = page((BlockKind.PARAGRAPH, "A man pleaded guilty Monday to threatening a senator, prosecutors said."))
    plea = statement(art, "s1", "to threatening a senator", "A man", "pleaded guilty", StatementKind.INDIRECT, "model")
    said = statement(art, "s2", "A man pleaded guilty Monday", "prosecutors", "said", StatementKind.INDIRECT)
    assert [st.id for st in apply_conventions(art, [plea, said])] == ["s2"]


def test_the_subject_of_a_tagger_cue_in_the_passive_is_no_speaker() -> None:
    art = page((BlockKind.PARAGRAPH, "Job cuts will be announced later this week. Results were announced by the board today."))
    passive = statement(art, "s1", "later this week", "Job cuts", "will be announced", StatementKind.INDIRECT, "model")
    by_agent = statement(art, "s2", "today", "Results", "were announced", StatementKind.INDIRECT, "model")
    assert [st.id for st in apply_conventions(art, [passive, by_agent])] == ["s2"]
