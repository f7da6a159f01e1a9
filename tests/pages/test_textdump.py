"""Cleaning a text dump: blocks, removed furniture, metadata, offsets, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saidwhat.core.errors import EmptyInput
from saidwhat.core.model import Article, BlockKind, InputInfo
from saidwhat.core.options import Options
from saidwhat.pages.furniture import BatchProfile
from saidwhat.pages.textdump import clean_text, parse_date

DUMP = """Skip to main content
Home | News | Politics | Business | Sport
Tuesday, March 3, 2020
18°C Partly cloudy
Harbour board approves quay expansion despite protest
By Jane Smith
Published 09:14, 3 March 2020
KELLAN (Reuters) - The harbour board voted on Monday to approve a €40 million expansion of the eastern quay.
Board chairman Martin Doyle said the vote was "a turning point for the town".
The prime minister arrives at the summit AFP
"We were never consulted," said Aoife Brennan.
ADVERTISEMENT
The fishermen's association said it would challenge the decision in court next month.
Fishing boats moored at Kellan harbour
Photo: Reuters / J. Smith
The authority said 60 per cent of the cost would come from a European grant.
Read the original at The Kellan Courier
Related posts
Popular now
Share this article
We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.
"""


TAGLINE = "The Rossmore Record is an independent newspaper owned by its readers and published since 1922."


def _clean(page: str, path: str = "dump.txt", profile: BatchProfile | None = None) -> Article:
    article = Article(input=InputInfo(path=path, format="text"), page=page)
    clean_text(article, Options(), profile=profile)
    return article


def _blocks(article: Article) -> list[tuple[BlockKind, str]]:
    return [(b.kind, article.slice(b.span)) for b in article.blocks]


def test_the_article_is_kept_and_the_furniture_removed():
    article = _clean(DUMP)
    blocks = _blocks(article)
    assert blocks[0] == (BlockKind.TITLE, "Harbour board approves quay expansion despite protest")
    assert (BlockKind.BYLINE, "By Jane Smith") in blocks
    assert (BlockKind.DATELINE, "KELLAN (Reuters) -") in blocks
    paragraphs = [text for kind, text in blocks if kind is BlockKind.PARAGRAPH]
    assert paragraphs[0].startswith("The harbour board voted")
    assert '"We were never consulted," said Aoife Brennan.' in paragraphs
    assert len(paragraphs) == 5
    removed = {r.text: r.kind for r in article.removed}
    assert removed["ADVERTISEMENT"] == "advertisement"
    assert removed["18°C Partly cloudy"] == "weather"
    assert removed["Tuesday, March 3, 2020"] == "date-bar"
    for line in ("Related posts", "Popular now", "Share this article", "Skip to main content"):
        assert line in removed
    assert not any("harbour board voted" in r.text for r in article.removed)


def test_captions_and_credits_have_their_own_blocks():
    blocks = _blocks(_clean(DUMP))
    assert (BlockKind.CAPTION, "The prime minister arrives at the summit") in blocks
    assert (BlockKind.CREDIT, "AFP") in blocks
    assert (BlockKind.CAPTION, "Fishing boats moored at Kellan harbour") in blocks
    assert (BlockKind.CREDIT, "Photo: Reuters / J. Smith") in blocks


def test_metadata_from_the_furniture():
    meta = _clean(DUMP).metadata
    assert meta.page_date == "2020-03-03"
    assert meta.published == "2020-03-03"
    assert meta.photo_credit == "Reuters / J. Smith"
    assert meta.republished_from == "The Kellan Courier"
    assert meta.authors == ["Jane Smith"]
    assert meta.title == "Harbour board approves quay expansion despite protest"


def test_source_line_and_agency_dateline_set_republished_from():
    lines = [
        "Dam talks collapse as drought deepens in the south",
        "VELMORA (AFP) - Talks between the two governments over the dam collapsed on Wednesday, officials said.",
        "The next round has not been scheduled, according to the foreign ministry in Velmora.",
    ]
    page = "\n".join(lines)
    assert _clean(page).metadata.republished_from == "AFP"
    page2 = page.replace("VELMORA (AFP) - ", "") + "\nSource: Tessaly Tribune"
    assert _clean(page2).metadata.republished_from == "Tessaly Tribune"


def test_every_block_offset_slices_the_text_exactly():
    article = _clean(DUMP)
    pieces = [article.slice(b.span) for b in article.blocks]
    assert "\n\n".join(pieces) == article.text
    for piece in pieces:
        assert piece == piece.strip() and piece


@pytest.mark.parametrize("page", ["", "   ", "\n\n\t\n", " \n \n "])
def test_an_empty_dump_is_empty_input(page):
    with pytest.raises(EmptyInput):
        _clean(page)


def test_a_short_quote_paragraph_between_furniture_is_kept():
    lines = [
        "Mayor resigns after budget vote",
        "The mayor of Rossmore resigned on Friday after the council rejected her budget for a second time.",
        "Advertisement",
        '"It is time for someone else," she said.',
        "Related posts",
        "Share this article",
    ]
    page = "\n".join(lines)
    paragraphs = [t for k, t in _blocks(_clean(page)) if k is BlockKind.PARAGRAPH]
    assert paragraphs[-1] == '"It is time for someone else," she said.'


def test_a_batch_profile_removes_a_site_tagline():
    topics = ["library", "harbour", "bridge", "market", "school", "museum", "park", "airport", "tram", "pool"]

    def page(n: int) -> str:
        return "\n".join(
            [
                f"Council debates the {topics[n]} plan",
                f"The council met on Monday and discussed the {topics[n]} plan for the coming year at length.",
                TAGLINE,
                f"Councillors said the {topics[n]} plan would be voted on at the next meeting of the council.",
            ]
        )

    profile = BatchProfile.from_pages((f"crawl/record/{n}.txt", page(n)) for n in range(5))
    article = _clean(page(9), "crawl/record/9.txt", profile)
    assert article.blocks[0].kind is BlockKind.TITLE
    assert article.slice(article.blocks[0].span) == "Council debates the pool plan"
    assert [(r.kind, r.text) for r in article.removed] == [("repeated", TAGLINE)]
    assert TAGLINE in _clean(page(9)).text  # without the batch, a sentence is kept


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Tuesday, March 3, 2020", "2020-03-03"),
        ("Mercredi 9 février 2022", "2022-02-09"),
        ("Donnerstag, 3. März 2022", "2022-03-03"),
        ("Domingo, 17 de julio de 2022", "2022-07-17"),
        ("Freitag, 14.10.2022", "2022-10-14"),
        ("Published 09:14, 3 March 2020", "2020-03-03"),
        ("Popular now", None),
    ],
)
def test_dates_in_several_languages(text, iso):
    assert parse_date(text) == iso


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), min_size=1, max_size=25))
def test_any_dump_cleans_or_is_empty_and_offsets_hold(lines):
    page = "\n".join(lines)
    try:
        article = _clean(page)
    except EmptyInput:
        assert not page.strip()
        return
    for block in article.blocks:
        piece = article.slice(block.span)
        assert piece and piece == piece.strip()
    kept = sum(len(article.slice(b.span)) for b in article.blocks)
    assert kept + sum(len(r.text) for r in article.removed) <= len(page)


@pytest.mark.parametrize(
    "page",
    [
        "A title\n\nThe council said the road would reopen on Monday.",
        "Another title\n\nA second page with a paragraph.",
    ],
)
def test_a_tiny_page_keeps_its_title_and_paragraph(page):
    title, paragraph = page.split("\n\n")
    assert _blocks(_clean(page)) == [(BlockKind.TITLE, title), (BlockKind.PARAGRAPH, paragraph)]


def test_a_dump_on_one_very_long_line_reads_a_bounded_number_of_words() -> None:
    # 20 MB on one line held 3.4 million words twice in the furniture classifier (about 400 MB)
    from saidwhat.pages.furniture_data import furniture_data
    from saidwhat.pages.furniture_features import MAX_WORDS, facts_of
    from saidwhat.pages.furniture_split import Segment

    line = "he told reporters that " * (MAX_WORDS // 2)
    fact = facts_of([Segment(0, 0, len(line), line)], [line], furniture_data())[0]
    assert len(fact.words) == len(fact.lower) == MAX_WORDS
    assert fact.sentence is False and fact.words[:4] == ["he", "told", "reporters", "that"]


@pytest.mark.parametrize(
    "page",
    [
        'Talks\n\n"We agree," the minister said.\n\nThe mayor said the talks would go on.\n',
        'Talks\n"We agree," the minister said.\nThe mayor said the talks would go on for another week at least.\n',
        '"We agree," the minister said.\nThe mayor said the talks would go on.\n',
    ],
)
def test_a_quotation_with_its_speaker_in_a_short_dump_is_never_furniture(page: str) -> None:
    article = _clean(page)
    assert '"We agree," the minister said.' in [article.slice(b.span) for b in article.blocks]
    assert not any("We agree" in r.text for r in article.removed)
