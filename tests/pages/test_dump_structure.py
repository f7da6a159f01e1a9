"""Structure of hand-made text dumps in the shape scrapers make: headings, captions, credits, dates, origin."""

from __future__ import annotations

import pytest

from saidwhat.core.model import Article, BlockKind, InputInfo
from saidwhat.core.options import Options
from saidwhat.pages.textdump import clean_text, credit_line

# A scraped dump of the kind saidwhat started from: menu, date bar, title, subheadings between
# paragraphs, a caption run into its photographer's credit, an agency photo source, a link line.
SCRAPED = """Home
World
Politics
Business
Opinion
Monday, 14 September 2026
Ministers agree water-sharing deal after all-night talks
The two governments agreed early on Monday to share the river's water during the dry months, ending two years of dispute over the dam.
Negotiators worked through the night in the border town of Velmora, officials from both delegations said.
What the deal covers
The agreement sets a minimum flow for the summer months and creates a joint commission of engineers to monitor it.
"This is a fair deal for farmers on both sides of the border," said the agriculture minister, Rui Costa.
Farmers protest near the Velmora dam in August. Photo: Maria Lopes/Reuters
Next steps for both parliaments
The deal must still be ratified by both parliaments before the end of the year, and opposition parties have said they will vote against it.
Main photo source: AFP / REUTERS / JOHN SMITH
Source link
"""

# A blog repost: agency credits on lines of their own, one in parentheses.
REPOST = """Menu
Search
Subscribe
Storm leaves thousands without power across the north
Heavy winds brought down power lines across the northern counties overnight, leaving more than 40,000 homes without electricity, the grid operator said on Tuesday.
Repair crews were sent out at first light, but officials warned that some villages could wait until the weekend.
A fallen tree blocks a road near Carrow on Tuesday morning.
(AP Photo/Evan Vucci)
"We have never seen damage on this scale in March," said the operator's spokeswoman, Nora Flint.
Getty Images
The weather service said the worst of the wind had passed but warned of heavy rain on Wednesday.
Read the original article here
This site uses Akismet to reduce spam. Learn how your comment data is processed.
Related Posts
Council approves new cycle lanes
"""


def _clean(page: str) -> Article:
    article = Article(input=InputInfo(path="dump.txt", format="text"), page=page)
    clean_text(article, Options())
    return article


def _blocks(article: Article, kind: BlockKind) -> list[str]:
    return [article.slice(b.span) for b in article.blocks if b.kind is kind]


def test_subheadings_between_paragraphs_are_heading_blocks():
    article = _clean(SCRAPED)
    assert _blocks(article, BlockKind.HEADING) == ["What the deal covers", "Next steps for both parliaments"]
    assert not _blocks(article, BlockKind.CREDIT)[0].startswith("What")


def test_a_caption_run_into_its_credit_is_a_caption_block_and_the_credit_fills_photo_credit():
    article = _clean(SCRAPED)
    assert _blocks(article, BlockKind.CAPTION) == ["Farmers protest near the Velmora dam in August."]
    credits = _blocks(article, BlockKind.CREDIT)
    assert "Photo: Maria Lopes/Reuters" in credits
    assert article.metadata.photo_credit == "Maria Lopes/Reuters"
    paragraphs = " ".join(_blocks(article, BlockKind.PARAGRAPH))
    assert "Farmers protest" not in paragraphs and "Maria Lopes" not in paragraphs


def test_a_main_photo_source_line_is_a_credit_block_not_removed_furniture():
    article = _clean(SCRAPED)
    assert "Main photo source: AFP / REUTERS / JOHN SMITH" in _blocks(article, BlockKind.CREDIT)
    assert not any("Main photo source" in r.text for r in article.removed)
    alone = _clean(SCRAPED.replace(" Photo: Maria Lopes/Reuters", ""))
    assert alone.metadata.photo_credit == "AFP / REUTERS / JOHN SMITH"


def test_the_date_bar_is_page_date_and_source_link_names_no_outlet():
    meta = _clean(SCRAPED).metadata
    assert meta.page_date == "2026-09-14"
    assert meta.published is None  # a date bar is the day the page was seen, not published
    assert meta.republished_from is None


def test_agency_credits_on_their_own_lines():
    article = _clean(REPOST)
    credits = _blocks(article, BlockKind.CREDIT)
    assert "(AP Photo/Evan Vucci)" in credits and "Getty Images" in credits
    assert article.metadata.photo_credit == "AP Photo/Evan Vucci"
    assert _blocks(article, BlockKind.CAPTION) == [
        "A fallen tree blocks a road near Carrow on Tuesday morning."
    ]
    paragraphs = _blocks(article, BlockKind.PARAGRAPH)
    assert any(p.startswith('"We have never seen damage') for p in paragraphs)  # speech, not a caption
    removed = {r.text for r in article.removed}
    assert "This site uses Akismet to reduce spam. Learn how your comment data is processed." in removed
    assert article.metadata.republished_from is None  # "Read the original article here"


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Source link", None),
        ("Source: link", None),
        ("Source: here", None),
        ("Read the original article here", None),
        ("Read the original at The Kellan Courier", "The Kellan Courier"),
        ("Source: kellancourier.example", "kellancourier.example"),
        ("Quelle: dpa", "dpa"),
    ],
)
def test_republished_from_is_an_outlet_or_a_url_never_link_text(line, outlet):
    page = (
        "Harbour board approves quay expansion despite protest\n"
        "The harbour board voted on Monday to approve a €40 million expansion of the eastern quay.\n"
        "Board chairman Martin Doyle said the vote was a turning point for the town.\n"
        f"{line}"
    )
    assert _clean(page).metadata.republished_from == outlet


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Main photo source: AFP / REUTERS / JOHN SMITH", True),
        ("(AP Photo/Evan Vucci)", True),
        ("Getty Images", True),
        ("AFP via Getty Images", True),
        ("Photo by Jane Doe/Getty Images", True),
        ("Bildquelle: dpa", True),
        ("The minister told Reuters the talks would go on.", False),
        ("Reuters reported that the talks would resume on Friday after a break.", False),
        ("What the deal covers", False),
    ],
)
def test_credit_lines(line, credit):
    assert credit_line(line) is credit
