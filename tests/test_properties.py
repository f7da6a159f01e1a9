"""Properties of the whole pipeline on arbitrary input: it never raises anything but a
saidwhat error, and every offset it reports slices the article text exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saidwhat import SaidwhatError, article_to_dict, extract_bytes, extract_text

NEWSY = st.sampled_from(
    [
        '"We will win," Jane Doe said.',
        "The ministry said that the minister replied that “talks are over”.",
        "According to officials, the plan failed.",
        "« Nous restons », a déclaré le ministre.",
        "ADVERTISEMENT",
        "Photo: Reuters / J. Smith",
        "He added: ‘It is “done”.",
        "\n\n",
        "„Das ist gut“, sagte sie.",
        "<p>para</p>",
        "—",
    ]
)


def check_offsets(doc: dict) -> None:  # type: ignore[type-arg]
    text = doc["article"]["text"]
    for block in doc["article"]["blocks"]:
        assert text[block["start"] : block["end"]] == block["text"]
    for st_ in doc["statements"]:
        for key in ("source", "cue"):
            span = st_[key]
            if span and span["start"] is not None:
                assert text[span["start"] : span["end"]] == span["text"]
        for start, end in st_["content"]["spans"]:
            assert 0 <= start <= end <= len(text)
    for sp in doc["speakers"]:
        for m in sp["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.text(max_size=80), NEWSY), max_size=12).map(" ".join))
def test_text_never_raises_and_offsets_slice(text: str) -> None:
    try:
        article = extract_text(text, path="prop.txt")
    except SaidwhatError:
        return
    check_offsets(article_to_dict(article))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_bytes_never_raise_unexpectedly(data: bytes) -> None:
    try:
        article = extract_bytes(data, path="prop.bin")
    except SaidwhatError:
        return
    check_offsets(article_to_dict(article))
