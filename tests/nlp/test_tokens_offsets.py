from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from saidwhat.nlp.tokens import line_spans, sentences, tokenize


def test_tokens_follow_treebank_conventions() -> None:
    text = "Mr. Smith didn't say the U.S. would pay $3.5 billion, Clinton's aide said."
    assert [t.text for t in tokenize(text)] == [
        "Mr", ".", "Smith", "did", "n't", "say", "the", "U.S.", "would", "pay", "$", "3.5", "billion", ",",
        "Clinton", "'s", "aide", "said", ".",
    ]


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = 'Sen. Cruz spoke. "We won\'t," he said. Then Gov. Pence left the U.S. Capitol.'
    assert [s.slice(text) for s in sentences(text)] == [
        "Sen. Cruz spoke.",
        '"We won\'t," he said.',
        "Then Gov. Pence left the U.S. Capitol.",
    ]


def test_paragraph_boundaries_end_sentences() -> None:
    text = "First paragraph without a stop\n\n  Second one.  \n"
    assert [s.slice(text) for s in sentences(text)] == ["First paragraph without a stop", "Second one."]
    assert [s.slice(text) for s in line_spans(text)] == ["First paragraph without a stop", "Second one."]


@given(st.text(max_size=300))
def test_tokens_and_sentences_slice_the_text(text: str) -> None:
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text and tok.text.strip() == tok.text
    for span in sentences(text):
        assert 0 <= span.start < span.end <= len(text)


def test_a_site_named_by_its_address_is_one_word() -> None:
    text = "He told Polygraph.info and Amazon.com's staff, then BBC.co.uk. It said.The end."
    assert [t.text for t in tokenize(text)] == [
        "He", "told", "Polygraph.info", "and", "Amazon.com", "'s", "staff", ",", "then", "BBC.co.uk", ".",
        "It", "said", ".", "The", "end", ".",
    ]  # fmt: skip


def test_a_name_in_capitals_goes_on_across_its_full_stop() -> None:
    text = "VW says the ID. SPACE VIZZION is a concept. The firm called the FBI. NATO officials said no."
    assert [s.slice(text) for s in sentences(text)] == [
        "VW says the ID. SPACE VIZZION is a concept.",
        "The firm called the FBI.",
        "NATO officials said no.",
    ]
