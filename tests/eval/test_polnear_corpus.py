"""The brat reader and span trimming of the PolNeAR evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.core.errors import MissingInput
from saidwhat.core.model import Span
from saidwhat_dev.eval.polnear_corpus import (
    one_per_article,
    paragraphs,
    parse_ann,
    read_split,
    split_dir,
    trim,
)

ANN = (
    "T1\tSource 0 5\tSmith\n"
    "T2\tCue 6 10\tsaid\n"
    "T3\tContent 11 20;25 30\tfirst bit second\n"
    "continued on a new line\n"
    "T4\tAttribution 6 10\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tDiscard 40 50\tRead more\n"
    "#1\tAnnotatorNotes T3\tnot sure\n"
    "T6\tCue 60 67\taccording\n"
    "T7\tContent 70 80\tsomething\n"
    "T8\tAttribution-no-source 60 67\taccording\n"
    "E2\tAttribution-no-source:T8 Cue:T6 Content:T7\n"
    "E3\tAttribution:T99\n"
)


def test_parse_ann_reads_relations_with_discontinuous_content() -> None:
    rels = parse_ann(ANN)
    assert len(rels) == 2
    first, second = rels
    assert first.source == [Span(0, 5)]
    assert first.cue == [Span(6, 10)]
    assert first.content == [Span(11, 20), Span(25, 30)]
    assert second.source == [] and second.cue == [Span(60, 67)] and second.content == [Span(70, 80)]


def test_trim_strips_whitespace_and_punctuation_only_at_the_ends() -> None:
    text = " “Hello, world.” "
    assert trim(text, Span(0, len(text))) == Span(2, 14)
    assert text[2:14] == "Hello, world"
    assert trim(text, Span(0, 2)) is None
    assert trim("abc", Span(0, 10)) == Span(0, 3)  # clipped to the text


def test_paragraphs_are_non_blank_lines() -> None:
    text = "Title\n\n  First para.  \n\nSecond.\n"
    assert [text[s.start : s.end] for s in paragraphs(text)] == ["Title", "First para.", "Second."]


def test_read_split_keeps_every_annotation_file(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a_story.txt").write_text("Smith said it rained.\n", encoding="utf-8")
    for annotator in ("x1", "y2"):
        (tmp_path / "attributions" / f"a_story_{annotator}.ann").write_text(
            "T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 20\tit rained\n"
            "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
            encoding="utf-8",
        )
    docs = read_split(split_dir(tmp_path))
    assert [(d.name, d.annotator) for d in docs] == [("a_story", "x1"), ("a_story", "y2")]
    assert [d.annotator for d in one_per_article(docs)] == ["x1"]
    assert docs[0].relations[0].content == [Span(11, 20)]


def test_split_dir_rejects_a_directory_without_the_layout(tmp_path: Path) -> None:
    with pytest.raises(MissingInput):
        split_dir(tmp_path, "test")
