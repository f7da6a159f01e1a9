"""The furniture classifier: labels, cuts, data and model validation, batch profiles."""

from __future__ import annotations

import copy
import time

import pytest

from saidwhat import lang
from saidwhat.core.errors import DataError, ModelError
from saidwhat.pages.furniture import (
    LABELS,
    BatchProfile,
    classify_lines,
    classify_segments,
    line_model,
)
from saidwhat.pages.furniture_data import furniture_data, merged_furniture, normalise, parse_furniture_data
from saidwhat.pages.furniture_model import LineModel
from saidwhat.pages.furniture_profile import site_key
from saidwhat.pages.furniture_split import split_line
from saidwhat_dev.train.furniture import TrainSettings, train, train_model

ARTICLE = [
    "Council approves new cycle lanes for the city centre",
    "The city council voted on Tuesday to build eight kilometres of protected cycle lanes in the centre.",
    "Work will start in May and should take about a year, the council's transport director said.",
    "Shopkeepers on Market Street said they feared losing parking spaces outside their businesses.",
    '"We will lose customers," said baker Tom Reilly.',
    "The council said 40 new parking spaces would be created in a nearby car park before the work begins.",
    "Cycling groups welcomed the vote and said they would monitor how quickly the lanes are built.",
]

# The furniture lines of the brief, each placed where pages put it.
HEAD = ["Home | News | Politics | Sport | Culture", "Tuesday, March 3, 2020", "18°C Partly cloudy"]
MIDDLE = ["ADVERTISEMENT", "Don't miss"]
TAIL = [
    "Read the original",
    "Related posts",
    "Popular now",
    "Share this article",
    "Facebook Twitter WhatsApp Email",
    "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.",
    "Sign up for our newsletter",
    "12 comments",
    "Tags: council, cycling, transport",
    "Continue reading",
]


def _page() -> list[str]:
    return HEAD + ARTICLE[:3] + MIDDLE[:1] + ARTICLE[3:5] + MIDDLE[1:] + ARTICLE[5:] + TAIL


def test_every_furniture_example_is_removed_and_the_article_kept():
    lines = _page()
    labels = dict(zip(lines, classify_lines(lines)))
    for line in HEAD + MIDDLE + TAIL:
        assert labels[line] == "furniture", line
    assert labels[ARTICLE[0]] == "title"
    for line in ARTICLE[1:]:
        assert labels[line] == "paragraph", line


def test_furniture_kinds_say_what_was_removed():
    kinds = {c.text: c.kind for c in classify_segments(_page()) if c.label == "furniture"}
    assert kinds["ADVERTISEMENT"] == "advertisement"
    assert kinds["18°C Partly cloudy"] == "weather"
    assert kinds["Tuesday, March 3, 2020"] == "date-bar"
    assert kinds["Related posts"] == "related"
    assert kinds["Share this article"] == "share"
    assert kinds["Home | News | Politics | Sport | Culture"] == "navigation"
    assert (
        kinds[
            "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies."
        ]
        == "cookie"
    )


def test_one_label_per_line_and_blank_lines_are_furniture():
    lines = ["Title of the story here", "", "  ", *ARTICLE[1:3]]
    labels = classify_lines(lines)
    assert len(labels) == len(lines)
    assert labels[1] == labels[2] == "furniture"
    assert set(labels) <= set(LABELS)


def test_a_one_sentence_quote_paragraph_is_never_dropped():
    quote = '"We are not giving up," she said.'
    lines = [ARTICLE[0], ARTICLE[1], quote, "Related posts", "Popular now"]
    assert classify_lines(lines)[2] == "paragraph"
    lines = [ARTICLE[0], ARTICLE[1], "Advertisement", quote, "Share this article"]
    assert classify_lines(lines)[3] == "paragraph"


def test_the_title_is_the_first_real_line_after_the_header_furniture():
    lines = ["Menu", "Search", "Sunday, 4 June 2023", *ARTICLE]
    labels = classify_lines(lines)
    assert labels.index("title") == 3
    assert labels.count("title") == 1


def test_caption_ending_with_an_agency_is_cut_into_caption_and_credit():
    line = "The prime minister arrives at the summit AFP"
    items = classify_segments([ARTICLE[0], ARTICLE[1], line, ARTICLE[2], ARTICLE[3]])
    cut = [c for c in items if c.segment.line == 2]
    assert [(c.label, c.text) for c in cut] == [
        ("caption", "The prime minister arrives at the summit"),
        ("credit", "AFP"),
    ]


def test_caption_and_credit_glued_to_a_paragraph_are_cut_apart():
    line = (
        "The prime minister arrives at the summit AFP The summit opened on Monday with a call "
        "for unity from the host country."
    )
    items = [c for c in classify_segments([ARTICLE[0], line, ARTICLE[2], ARTICLE[3]]) if c.segment.line == 1]
    assert [c.label for c in items] == ["caption", "credit", "paragraph"]
    assert items[2].text.startswith("The summit opened")


def test_a_parenthesised_credit_closing_a_caption_is_cut_to_its_closing_parenthesis():
    for caption, credit in (
        ("A worker loads door trims into his truck outside a store in Hialeah, Fla.", "(AP Photo/Alan Diaz, File)"),
        ("The player during the second period of a game in Buffalo, N.Y.", "(AP Photo/Jeffrey T. Barnes)"),
    ):
        segments = split_line(0, f"{caption} {credit}")
        assert [(s.role, s.text) for s in segments] == [("caption", caption), ("credit", credit)]


def test_a_parenthesis_after_an_agency_in_a_sentence_is_not_a_credit():
    for line in (
        "The minister (AP) said the talks (which were long) would go on.",
        "Officials spoke to reporters on Monday (AP and Reuters were among them, as were many others from abroad)",
    ):
        assert [s.role for s in split_line(0, line)] == [""]


def test_photo_credit_line_and_its_caption_get_their_blocks():
    lines = [
        ARTICLE[0],
        ARTICLE[1],
        "Cyclists on Market Street on Monday",
        "Photo: Reuters / J. Smith",
        ARTICLE[2],
    ]
    assert classify_lines(lines)[2:4] == ["caption", "credit"]


def test_a_sentence_naming_an_agency_is_not_cut():
    for line in (
        "Economists polled by Reuters had expected the decision on Tuesday.",
        "The minister told AFP News that the talks would resume in May.",
    ):
        assert [s.role for s in split_line(0, line)] == [""]


def test_datelines_are_cut_from_the_first_paragraph():
    for line, dateline in (
        (
            "PARIS (AFP) - The French government said on Monday it would raise the minimum wage.",
            "PARIS (AFP) -",
        ),
        (
            "LONDON, March 3 (Reuters) - Britain's economy grew faster than expected.",
            "LONDON, March 3 (Reuters) -",
        ),
        (
            "Valtierra, 17 jul (EFE).- Un incendio forestal ha calcinado 2.000 hectáreas.",
            "Valtierra, 17 jul (EFE).-",
        ),
    ):
        segments = split_line(0, line)
        assert segments[0].text == dateline and segments[0].role == "dateline"
        assert line[segments[1].start : segments[1].end] == segments[1].text


def test_a_capitalised_word_and_a_dash_before_a_few_words_is_no_dateline():
    for line in ("ADVERTISEMENT – Ponderosa Homes", "RSS - Komentar", "NEWS – Latest stories from the region"):
        assert [s.role for s in split_line(0, line)] == [""], line
    whole = split_line(0, "WASHINGTON (AP) —")  # a dateline on a line of its own stays one
    assert [s.role for s in whole] == ["dateline"]
    long = "BERLIN — " + " ".join(["word"] * 16)  # a long text need not end like a sentence
    assert split_line(0, long)[0].role == "dateline"
    colon = split_line(0, "WASHINGTON (AP) — The Latest on the U.S. presidential race (all times EDT):")
    assert [s.role for s in colon] == ["dateline", ""]


def test_bylines_are_labelled():
    lines = [ARTICLE[0], "By Jane Smith", *ARTICLE[1:4]]
    assert classify_lines(lines)[1] == "byline"


def test_other_languages_furniture_is_removed():
    lines = [
        "Accueil",
        "Mercredi 9 février 2022",
        "Le conseil municipal vote la rénovation de la piscine",
        "Le conseil municipal a voté mardi la rénovation complète de la piscine municipale, fermée depuis un an.",
        "Publicité",
        "Les travaux doivent commencer en septembre et durer huit mois, selon la mairie.",
        "À lire aussi",
        "Partager sur Facebook",
        "Anzeige",
        "Lesen Sie auch",
        "Te puede interesar",
        "Compartir en Twitter",
    ]
    labels = classify_lines(lines)
    assert labels[2] == "title" and labels[3] == labels[5] == "paragraph"
    assert all(labels[i] == "furniture" for i in (0, 1, 4, 6, 7, 8, 9, 10, 11))


def test_hostile_input_is_bounded_in_time():
    lines = ["a" * 200_000, "AFP " * 20_000, "(" * 50_000, *(["Menu"] * 5_000), *ARTICLE]
    started = time.monotonic()
    labels = classify_lines(lines)
    assert time.monotonic() - started < 10
    assert len(labels) == len(lines)


# --- data and model files ------------------------------------------------------------


def _raw_data() -> dict:
    """Every language's furniture file and the common one, merged as the loader merges them."""
    return merged_furniture(lang.common("furniture.json")[0], lang.languages())


def test_the_phrase_list_covers_four_languages():
    data = furniture_data()
    for phrase in ("publicité", "anzeige", "publicidad", "advertisement"):
        assert data.phrases[normalise(phrase)] == "advertisement"
    assert set(_raw_data()["stopwords"]) >= {"en", "fr", "de", "es"}


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda d: d.pop("phrases"), "phrases"),
        (lambda d: d["phrases"]["share"].pop("de"), "lacks the languages"),
        (lambda d: d["months"]["fr"].pop(), "12 months"),
        (lambda d: d["stopwords"].__setitem__("en", "the a"), "list of non-empty strings"),
        (lambda d: d["phrases"].__setitem__("Bad Kind!", d["phrases"]["share"]), "kind"),
        (lambda d: d.__setitem__("version", 2), "version"),
    ],
)
def test_an_invalid_furniture_file_is_a_data_error(breakage, message):
    data = copy.deepcopy(_raw_data())
    breakage(data)
    with pytest.raises(DataError, match=message):
        parse_furniture_data(data, "furniture.json")


def test_an_invalid_model_file_is_a_model_error():
    good = line_model().to_json()
    with pytest.raises(ModelError):
        LineModel.from_json({**good, "format": "other"}, "m.json")
    with pytest.raises(ModelError, match="one number per class"):
        LineModel.from_json({**good, "weights": {"bias": [1.0]}}, "m.json")


def test_training_is_deterministic_and_learns():
    xs = [{"bias": 1.0, "short": 1.0}, {"bias": 1.0, "long": 1.0}] * 10
    ys = ["furniture", "paragraph"] * 10
    settings = TrainSettings(epochs=80, seed=3)
    a = train(xs, ys, ["paragraph", "furniture"], settings)
    b = train(xs, ys, ["paragraph", "furniture"], settings)
    assert a.weights == b.weights
    assert a.proba({"bias": 1.0, "short": 1.0})[1] > 0.9
    assert a.proba({"bias": 1.0, "long": 1.0})[0] > 0.9


def test_the_shipped_weights_are_reproduced_by_the_train_command():
    shipped = line_model().to_json()
    retrained = train_model().to_json()
    assert retrained["weights"] == shipped["weights"]
    assert retrained["classes"] == shipped["classes"]


# --- batch profile ---------------------------------------------------------------------


TOPICS = [
    "harbour",
    "hospital",
    "library",
    "railway",
    "school",
    "bridge",
    "market",
    "museum",
    "stadium",
    "airport",
]
TAGLINE = "The Kellan Clarion is an independent newspaper owned by its readers and published in the town since 1901."


def _site_page(n: int) -> str:
    topic = TOPICS[n]
    body = [
        f"Council unveils new plans for the {topic} on the west side",
        f"The council met on Tuesday and decided that the {topic} would be rebuilt over the next three years.",
        f"A councillor said the {topic} plan was overdue and that residents had waited long enough for it.",
    ]
    return "\n".join([body[0], body[1], TAGLINE, body[2], "Printed by Westprint Ltd"])


def test_lines_repeated_across_a_site_are_boilerplate():
    pages = [(f"crawl/kellan/{n}.txt", _site_page(n)) for n in range(4)]
    pages.append(("crawl/other/1.txt", _site_page(9)))
    profile = BatchProfile.from_pages(pages)
    site = profile.site("crawl/kellan/new.txt")
    assert site is not None and site.stories == 4
    assert site.is_boilerplate(TAGLINE, sentence=True)
    assert site.is_boilerplate("Printed by Westprint Ltd")
    assert not site.is_boilerplate(_site_page(1).split("\n")[1], sentence=True)
    assert not profile.is_boilerplate("crawl/other/2.txt", "Printed by Westprint Ltd")  # one page only


def test_copies_of_one_story_count_once():
    page = _site_page(1)
    profile = BatchProfile.from_pages([(f"https://www.clarion.example/a{n}", page) for n in range(5)])
    site = profile.site("https://clarion.example/other")
    assert site is not None and site.stories == 1
    assert not site.is_boilerplate(page.split("\n")[1])


def test_a_profile_removes_repeated_lines_the_model_would_keep():
    pages = [(f"crawl/kellan/{n}.txt", _site_page(n)) for n in range(4)]
    profile = BatchProfile.from_pages(pages)
    lines = _site_page(7).split("\n")
    alone = classify_segments(lines)
    with_site = classify_segments(lines, profile.site("crawl/kellan/7.txt"))
    assert alone[2].label == "paragraph"
    assert with_site[2].label == "furniture" and with_site[2].kind == "repeated"
    assert [c.label for c in with_site[:2]] == [c.label for c in alone[:2]] == ["title", "paragraph"]
    assert with_site[3].label == "paragraph"


def test_site_keys():
    assert site_key("https://www.example.com/news/1") == "example.com"
    assert site_key("crawl/site-a/page.txt") == "crawl/site-a"


def test_a_very_long_paragraph_is_kept_whole():
    long = "The council said the plan would go ahead as agreed last year. " * 60
    items = classify_segments([ARTICLE[0], long.strip(), ARTICLE[1]])
    assert items[1].text == long.strip() and items[1].label == "paragraph"
