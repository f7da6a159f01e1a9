"""The text-dump layout model: the page's main run of prose, short dumps, the decision."""

from __future__ import annotations

import json
import shutil

import pytest

from saidwhat.core.errors import ModelError
from saidwhat.core.model import Article, BlockKind, InputInfo
from saidwhat.core.options import Options
from saidwhat.pages.dump_layout import DEFAULT_MODEL, SUBHEADING_FLOOR, LayoutModel, decide, layout_features
from saidwhat.pages.furniture_data import furniture_data
from saidwhat.pages.textdump import clean_text
from saidwhat_dev.train.dumps import analyse

PROSE = (
    "The council voted on Tuesday to close the old bridge to traffic after engineers found cracks "
    "in two of its supports, the mayor said in a statement."
)
TEASER = "Police search for a missing hiker near the lake after a storm on Sunday night, officials said."


def _main(lines: list[str]) -> list[str]:
    facts, xs, probs, labels = analyse(lines)
    xseq = layout_features(facts, xs, probs, labels, furniture_data())
    return [next(k for k in x if k.startswith("main:") and not k.startswith("main:d")) for x in xseq]


def test_the_main_run_is_the_heaviest_run_of_prose_with_short_gaps():
    menu = ["Home", "World", "Politics", "Sport", "Weather", "Contact", "Login", "Search"]
    # The article: three paragraphs with a caption and its credit between them.
    article = [PROSE, PROSE.replace("Tuesday", "Monday"), "A view of the bridge.", "Photo: Ann Lee", PROSE]
    footer = ["Related", "About us", "Privacy", "Terms", "Careers", "Advertise", "Help", "Jobs", TEASER]
    where = _main(menu + article + footer)
    assert where[: len(menu)] == ["main:before"] * len(menu)
    assert where[len(menu) : len(menu) + len(article)] == ["main:inside"] * len(article)
    # A lone teaser seven short lines after the article starts a run of its own, lighter than it.
    assert where[len(menu) + len(article) :] == ["main:after"] * len(footer)


def test_a_page_without_prose_has_no_main_run():
    assert set(_main(["Home", "World", "Sport", "Contact"])) == {"main:none"}


def _clean(dump: str) -> Article:
    article = Article(input=InputInfo(path="short.txt", format="text"), page=dump)
    clean_text(article, Options())
    return article


@pytest.mark.parametrize(
    "dump",
    [
        'Strike ends\n\n"We are satisfied," the union said.\n\nBuses will run again from Monday.\n',
        'Harbour vote\n\n"This is a good day," Doyle said.\n\nThe board approved the plan on Monday.\n',
        'Bridge closed\n\n"It is not safe," the engineer said.\n\nThe bridge will stay shut until the repairs end.\n',
    ],
)
def test_the_model_itself_keeps_the_sentences_of_a_short_dump(dump: str) -> None:
    # The benchmark's pages are all long: trained on them alone, the model gave the sentences of
    # such a dump P(body) 0.01 (the page was kept only because a page is never left without a
    # paragraph) and, with the main-run feature, removed an opening quotation on a dump like
    # these. Synthetic short dumps in training (saidwhat_dev.train.dumps.short_dumps) teach it
    # that they are body.
    model = LayoutModel.load()
    facts, xs, probs, labels = analyse(dump.split("\n"))
    marginals = model.body_marginals(layout_features(facts, xs, probs, labels, furniture_data()))
    assert min(marginals[1:]) >= model.remove_below
    article = _clean(dump)
    paragraphs = [article.slice(b.span) for b in article.blocks if b.kind is BlockKind.PARAGRAPH]
    assert len(paragraphs) == 2 and paragraphs[0].startswith('"')
    assert not article.removed


def test_the_layout_settings_are_read_once_and_bad_values_refused(tmp_path):
    model = tmp_path / "dump_layout.crfsuite"
    shutil.copyfile(DEFAULT_MODEL, model)
    loaded = LayoutModel.load(model)  # no settings, no network beside it: the defaults
    assert (loaded.remove_below, loaded.add_above, loaded.lines_share, loaded.lines) == (0.5, 0.5, 0.5, None)
    settings = model.with_suffix(".json")
    settings.write_text(json.dumps({"remove_below": 0.3, "add_above": 0.4, "lines_share": 0.25}), "utf-8")
    loaded = LayoutModel.load(model)
    assert (loaded.remove_below, loaded.add_above, loaded.lines_share) == (0.3, 0.4, 0.25)
    for bad, reason in (
        ({"remove_below": 0.3}, "no thresholds"),
        ({"remove_below": 0.3, "add_above": 1.5}, "threshold 1.5"),
        ({"remove_below": 0.3, "add_above": 0.4, "lines_share": "half"}, "lines_share 'half'"),
    ):
        settings.write_text(json.dumps(bad), "utf-8")
        with pytest.raises(ModelError, match=reason):
            LayoutModel.load(model)


@pytest.mark.parametrize(
    ("p_under_title", "kept"),
    [(0.0, False), (SUBHEADING_FLOOR - 0.01, False), (SUBHEADING_FLOOR, True), (0.25, True)],
)
def test_a_date_bar_under_the_title_goes_only_when_the_model_is_sure(p_under_title: float, kept: bool) -> None:
    """The classifier holds the line right under the title for its subtitle; under the remove
    threshold a line that names itself furniture (a date bar) stays unless P(body) is under the floor."""
    lines = ["Bridge closed after engineers find cracks", "Updated Nov 19, 6:55 AM; Posted Nov 19, 6:51 AM", PROSE, PROSE]
    facts, _, _, labels = analyse(lines)
    labels = ["title", "heading", "paragraph", "paragraph"]
    out = decide(facts, labels, [0.1, p_under_title, 0.9, 0.9], 0.3, 0.3)
    assert out[1] == ("heading" if kept else "furniture")
    assert out[2:] == ["paragraph", "paragraph"]


@pytest.mark.parametrize("p_under_title", [0.0, SUBHEADING_FLOOR - 0.01, 0.25])
def test_a_subtitle_under_the_title_stays_whatever_the_model_says(p_under_title: float) -> None:
    """A subtitle that names itself no furniture is the article's: the models, trained on a
    benchmark that leaves subtitles out of the body, are not asked."""
    lines = ["Bridge closed after engineers find cracks", "Engineers warn repairs could take a year", PROSE, PROSE]
    facts, _, _, labels = analyse(lines)
    labels = ["title", "heading", "paragraph", "paragraph"]
    assert decide(facts, labels, [0.1, p_under_title, 0.9, 0.9], 0.3, 0.3)[1] == "heading"
    assert decide(facts, labels, [0.1, 0.9, p_under_title, 0.9], 0.3, 0.3)[2] == (
        "paragraph" if p_under_title >= 0.3 else "furniture"
    )  # a paragraph of the body is the model's to decide


def test_a_paragraph_broken_over_lines_is_kept_whole() -> None:
    """A dump breaks a paragraph where a link sat: the lines that go on from a kept paragraph
    line (open in lower case after a line left mid-sentence) are kept with it, before and after."""
    lines = [
        "Bridge closed after engineers find cracks",
        "Photos released on Monday by the city's engineers, which are making the rounds online,",
        "show deep cracks in two of the",
        "bridge's concrete piers, the city said.",
        "share this article",  # lower case, but the line before ends its sentence
        "subscribe to our newsletter",
    ]
    facts, _, _, labels = analyse(lines)
    labels = ["title", "furniture", "heading", "paragraph", "furniture", "furniture"]
    out = decide(facts, labels, [0.1, 0.2, 0.2, 0.9, 0.05, 0.05], 0.3, 0.3)
    assert out == ["title", "paragraph", "paragraph", "paragraph", "furniture", "furniture"]
