"""The page-level features of the text-dump layout model: the page's main run of prose."""

from __future__ import annotations

from saidwhat.pages.dump_layout import layout_features
from saidwhat.pages.furniture_data import furniture_data
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
