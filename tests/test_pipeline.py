from __future__ import annotations

import time

import pytest

from saidwhat import Failure, Options, Source, build_pipeline, extract_bytes, extract_many, extract_text
from saidwhat.core.errors import BinaryInput, EmptyInput, ExtractionError, InputTooLarge, LimitExceeded
from saidwhat.core.limits import time_limit
from saidwhat.core.model import Article
from saidwhat.pipeline import analyse_text, extract_source


def test_pipeline_is_the_six_named_stages_in_order() -> None:
    names = [type(stage).__name__ for stage in build_pipeline(Options())]
    assert names == [
        "ReadPage", "CleanArticle", "FindQuotations", "FindAttributions", "ResolveSpeakers", "VerifyStatements"
    ]


def test_extract_fills_input_info_and_drops_raw_bytes() -> None:
    article = extract_text("Title line\n\nA paragraph of text follows here.", path="x.txt")
    assert article.input.path == "x.txt" and article.input.format == "text"
    assert len(article.input.sha256) == 64
    assert article.raw == b"" and article.page == ""
    assert "A paragraph of text follows here." in article.text


@pytest.mark.parametrize(
    ("data", "error"),
    [(b"", EmptyInput), (b"   \n\t ", EmptyInput), (b"\x00\x01\x02binary\x00" * 50, BinaryInput)],
)
def test_bad_input_raises_a_named_error(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        extract_bytes(data, path="bad.bin")
    assert str(info.value).startswith("bad.bin: ")


def test_size_limit_refuses_before_work() -> None:
    with pytest.raises(InputTooLarge, match="over the limit"):
        extract_bytes(b"x" * 101, path="big.txt", options=Options(max_bytes=100))


def test_time_limit_interrupts_a_slow_stage() -> None:
    def slow(article: Article) -> Article:
        time.sleep(5)
        return article

    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="slow.txt"):
        extract_source(Source("slow.txt", b"text"), Options(max_seconds=0.2), [slow])
    assert time.monotonic() - started < 2


def test_time_limit_restores_the_previous_alarm_handler() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with time_limit(1, "x"):
        pass
    assert signal.getsignal(signal.SIGALRM) is before


def test_a_stage_bug_is_contained_as_an_extraction_error() -> None:
    def broken(article: Article) -> Article:
        raise KeyError("boom")

    with pytest.raises(ExtractionError) as caught:
        extract_source(Source("a.txt", b"ok"), Options(), [broken])
    # one line naming the input and the stage; the library's own text stays out of it
    assert str(caught.value) == "a.txt: broken failed on this page (internal error KeyError)"
    assert isinstance(caught.value.__cause__, KeyError)


def test_stages_are_named_in_words() -> None:
    from saidwhat.pipeline import stage_name

    assert [stage_name(s) for s in build_pipeline(Options())] == [
        "read page",
        "clean article",
        "find quotations",
        "find attributions",
        "resolve speakers",
        "verify statements",
    ]


def test_batch_goes_on_after_bad_documents() -> None:
    sources = [
        Source("empty.txt", b""),
        Source("good.txt", b"A title\n\nThe council said the road would reopen on Monday."),
        Failure("missing.txt", "no such file", "MissingInput"),
        Source("binary.bin", b"\x00\xff\x00" * 100),
        Source("good2.txt", b"Another title\n\nA second page with a paragraph."),
    ]
    results = list(extract_many(sources))
    assert [type(r).__name__ for r in results] == ["Failure", "Article", "Failure", "Failure", "Article"]
    reasons = {r.path: r.reason for r in results if isinstance(r, Failure)}
    assert reasons == {
        "empty.txt": "empty input",
        "missing.txt": "no such file",
        "binary.bin": "binary data, not a text or HTML page",
    }


def test_analyse_text_keeps_the_text_byte_for_byte() -> None:
    text = "Headline here\n\n  A paragraph, indented.\nAnother line.\n"
    article = analyse_text(text)
    assert article.text == text
    assert [article.slice(b.span) for b in article.blocks] == [
        "Headline here",
        "A paragraph, indented.",
        "Another line.",
    ]
