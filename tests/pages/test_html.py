"""HTML pages: blocks keep their kind, metadata is read from the page, provenance is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.core.errors import LimitExceeded
from saidwhat.core.model import Article
from saidwhat.core.options import Options
from saidwhat.core.sources import Failure, Source
from saidwhat.pages.clean import CleanArticle
from saidwhat.pages.read import ReadPage
from saidwhat.pipeline import extract_many, extract_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def clean(name_or_html: str, record: str = "") -> Article:
    data = (FIXTURES / name_or_html).read_bytes() if name_or_html.endswith(".html") else name_or_html.encode()
    options = Options()
    return extract_source(
        Source(name_or_html[:40], data, record=record), options, [ReadPage(options), CleanArticle(options)]
    )


def kinds(article: Article) -> list[tuple[str, str]]:
    return [(b.kind.value, article.slice(b.span)) for b in article.blocks]


def test_every_block_slices_the_text_and_the_text_is_only_blocks() -> None:
    for path in sorted(FIXTURES.glob("*.html")):
        article = clean(path.name)
        assert article.blocks, path.name
        rebuilt = "\n\n".join(article.slice(b.span) for b in article.blocks)
        assert rebuilt == article.text, path.name
        for block in article.blocks:
            assert article.slice(block.span) == article.slice(block.span).strip() != ""


def test_blocks_keep_their_kind_in_reading_order() -> None:
    article = clean("article_full.html")
    blocks = kinds(article)
    assert blocks[0] == ("title", "Harbour council approves new flood wall")
    assert ("byline", "By Maria Delgado") in blocks
    assert ("caption", "The harbour front at high tide on Monday.") in blocks
    assert ("credit", "Photo: Reuters / J. Smith") in blocks
    assert ("heading", "Residents divided") in blocks
    quote = [text for kind, text in blocks if kind == "blockquote"]
    assert quote == [
        "The wall is the cheapest option we have, and it is the only one that can be ready in time."
    ]
    order = [kind for kind, _ in blocks]
    # the lead photo's caption comes before the first paragraph; the heading between paragraphs
    assert order.index("caption") < order.index("paragraph") < order.index("heading")
    paragraphs = [text for kind, text in blocks if kind == "paragraph"]
    assert paragraphs[0].startswith("The harbour council voted on Tuesday evening")
    assert paragraphs[-1].startswith("The council's engineers estimate the cost")


def test_site_furniture_stays_out_of_the_article() -> None:
    text = clean("article_full.html").text
    for furniture in (
        "Related posts",
        "Share on Facebook",
        "Cookie settings",
        "All rights reserved",
        "Partly cloudy",
    ):
        assert furniture not in text


def test_metadata_of_a_full_page() -> None:
    meta = clean("article_full.html").metadata
    assert meta.title == "Harbour council approves new flood wall"
    assert meta.published == "2024-03-05"
    assert meta.modified == "2024-03-06"
    assert meta.page_date == "2024-03-14"  # the header's date bar, kept apart
    assert meta.authors == ["Maria Delgado"]
    assert meta.site == "The Coastal Ledger"
    assert meta.canonical_url == "https://www.coastalledger.example/news/2024/03/05/flood-wall"
    assert meta.url == meta.canonical_url
    assert meta.language == "en"
    assert meta.photo_credit == "Reuters / J. Smith"
    assert meta.republished_from is None  # a photo agency credit is not a republication


def test_a_date_bar_is_not_the_publication_date() -> None:
    page = """<html><head><title>Bridge reopens after repairs</title></head><body>
    <header><div class="date-bar">Tuesday, March 3, 2020</div><nav><a href="/">Home</a></nav></header>
    <article><h1>Bridge reopens after repairs</h1>
    <p>The old bridge over the river reopened to traffic on Monday after eight months of repairs to its
    foundations, the roads agency said, two weeks later than planned because of the winter floods.</p>
    <p>Buses will return to their usual routes from Wednesday, and the temporary ferry will stop running
    at the end of the week, the agency added in a statement posted on its website.</p></article>
    </body></html>"""
    meta = clean(page).metadata
    assert meta.page_date == "2020-03-03"
    assert meta.published != "2020-03-03"


def test_a_wire_dateline_credits_the_agency() -> None:
    article = clean("wire_story.html")
    assert article.metadata.republished_from == "Associated Press"
    assert article.metadata.published == "2023-11-02"
    assert article.metadata.page_date == "2023-11-10"
    assert article.metadata.language == "en"  # from lang="en-GB"


def test_a_canonical_url_on_another_host_is_the_original() -> None:
    article = clean("reposted.html", record="https://www.aggregator.example/news/123")
    meta = article.metadata
    assert meta.url == "https://www.aggregator.example/news/123"
    assert meta.republished_from == "https://www.journal-du-canal.example/ville/parc-canal"
    assert meta.language == "fr"


def test_a_source_line_names_the_original_and_becomes_a_credit() -> None:
    article = clean("reposted.html")  # no URL of its own: the canonical URL is the page's
    assert article.metadata.republished_from == "Journal du Canal"
    assert ("credit", "Source : Journal du Canal") in kinds(article)


def test_a_read_the_original_link_is_the_original() -> None:
    meta = clean("original_link.html").metadata
    assert meta.republished_from == "https://www.riverside-courier.example/news/library-hours-2021"


def test_a_wrong_charset_declaration_does_not_garble_the_text() -> None:
    # reposted.html declares windows-1252 but its bytes are UTF-8
    assert "inauguré" in clean("reposted.html").text


def test_the_url_of_a_record_is_the_page_url() -> None:
    meta = clean("wire_story.html", record="https://news.example.com/ferry").metadata
    assert meta.url == "https://news.example.com/ferry"


def test_lists_of_links_are_removed_with_their_kind() -> None:
    links = " ".join(
        f'<a href="/story/{i}">Another story about the harbour, number {i}</a>' for i in range(6)
    )
    body = "".join(
        f"<p>Paragraph {i} of the article tells what the harbour council decided on Tuesday evening, "
        f"and what the residents of the lower town said about the plans afterwards.</p>"
        for i in range(6)
    )
    page = (
        f"<html><head><title>Harbour plans</title></head><body><article><h1>Harbour plans</h1>{body}"
        f"<p>{links}</p></article></body></html>"
    )
    article = clean(page)
    assert "Another story about the harbour" not in article.text
    assert "Paragraph 5 of the article" in article.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><p>Unclosed <b>bold <i>italic <div>mixed</p></span></body>"
        + "<p>The council said the road would reopen on Monday after the repairs were finished early.</p>"
        * 5,
        "<p>No html or body element at all, only paragraphs that a crawler saved from the page body.</p>" * 6,
    ],
)
def test_malformed_html_still_gives_the_text(page: str) -> None:
    article = clean(page)
    assert "the road would reopen on Monday" in article.text or "No html or body element" in article.text


def test_a_page_that_trafilatura_finds_short_is_not_lost() -> None:
    page = (
        "<html><head><title>Short note</title></head><body><div class='content'>"
        "<p>The museum will close for two weeks in August for repairs to its roof, the city said on Monday.</p>"
        "</div></body></html>"
    )
    article = clean(page)
    assert "The museum will close for two weeks in August" in article.text


GOOD = (
    b"<html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>"
    + b"<p>The council said on Monday that the bridge would reopen in May after repairs to its deck.</p>" * 3
    + b"</article></body></html>"
)


def test_pathological_pages_are_reported_and_the_batch_goes_on() -> None:
    deep = b"<html><body>" + b"<div>" * 10**6 + b"<p>Deep text.</p>" + b"</div>" * 10**6 + b"</body></html>"
    huge = b"<html><body>" + b"<p>Some text of the page.</p>" * 2_000_000 + b"</body></html>"  # 54 MB
    slow = (
        b"<html><body>"
        + b"<p>A paragraph the page repeats, again and again.</p>" * 15_000  # within the tag bound
        + b"</body></html>"
    )
    sources = [
        Source("deep.html", deep),
        Source("huge.html", huge),
        Source("slow.html", slow),
        Source("good.html", GOOD),
    ]
    options = Options(max_seconds=2.0)
    list(extract_many([Source("warm-up.html", GOOD)], options))  # first-use imports are not the page's time
    results = list(extract_many(sources, options))
    assert [type(r).__name__ for r in results] == ["Failure", "Failure", "Failure", "Article"]
    deep_failure, huge_failure, slow_failure = results[:3]
    assert isinstance(deep_failure, Failure) and deep_failure.path == "deep.html" and deep_failure.reason
    assert isinstance(huge_failure, Failure) and "over the limit" in huge_failure.reason
    assert isinstance(slow_failure, Failure) and slow_failure.error == "LimitExceeded"
    assert "took more than the limit" in slow_failure.reason
    article = results[3]
    assert isinstance(article, Article) and "the bridge would reopen in May" in article.text


def test_furniture_phrase_blocks_are_removed_with_their_kind() -> None:
    body = "".join(
        f"<p>Paragraph {i} of the story says what the ferry operators and the union agreed after the "
        f"talks, and when the first sailings will leave the harbour again.</p>"
        for i in range(5)
    )
    page = (
        "<html><head><title>Ferry deal</title></head><body><article><h1>Ferry deal</h1>"
        f"{body}<p>Read more: Union leaders to meet on Friday</p></article></body></html>"
    )
    article = clean(page)
    assert "Read more" not in article.text
    assert "Paragraph 4 of the story" in article.text
    removed = [r for r in article.removed if "Read more" in r.text]
    assert len(removed) == 1 and removed[0].kind not in ("", "paragraph")


def test_a_library_that_swallows_the_time_limit_still_stops() -> None:
    """trafilatura catches ``Exception`` around its fallbacks: the limit must fire again after that."""
    import time

    def busy(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.005)

    def swallowing_stage(article: Article) -> Article:
        try:
            busy(3.0)
        except Exception:  # noqa: BLE001, S110 - what a careless library does
            pass
        busy(3.0)
        return article

    def swallowing_everything(article: Article) -> Article:
        deadline = time.monotonic() + 0.6
        while time.monotonic() < deadline:
            try:
                time.sleep(0.005)
            except Exception:  # noqa: BLE001, S112
                continue
        return article

    options = Options(max_seconds=0.2)
    for stage in (swallowing_stage, swallowing_everything):
        started = time.monotonic()
        with pytest.raises(LimitExceeded):
            extract_source(Source("stuck.html", GOOD), options, [ReadPage(options), stage])
        assert time.monotonic() - started < 1.5


# --- fast paths: each must give what the slower way it replaces gives ---------------------------------


@pytest.mark.parametrize(
    "page",
    [
        (FIXTURES / "article_full.html").read_text("utf-8"),
        "<html><body><p>a\x00b\x0bc\ufffe d</p><p>more</p></body></html>",  # forbidden characters
        "<!DOCTYPE html PUBLIC/ 'x'>\n<html><body><p>doctype lxml misreads</p></body></html>",
        "<html/>\n<body><p>self-closing html</p></body>",
        "<p>a fragment</p>",
        "",
    ],
    ids=["full", "forbidden", "doctype", "html-slash", "fragment", "empty"],
)
def test_the_page_tree_is_trafilaturas(page: str) -> None:
    from lxml import etree
    from trafilatura.utils import load_html

    from saidwhat.pages.html import parse_html

    ours, theirs = parse_html(page), load_html(page)
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)


def test_one_scan_finds_what_the_class_queries_find() -> None:
    from saidwhat.pages.html import parse_html
    from saidwhat.pages.metadata import scan_page

    tree = parse_html((FIXTURES / "article_full.html").read_text("utf-8"))
    assert tree is not None
    scan = scan_page(tree)
    assert scan.headers == tree.xpath("//header | //*[contains(@class,'date') or contains(@class,'today')]")
    assert scan.captions == tree.xpath("//*[contains(@class,'caption') or contains(@class,'credit')]")
    assert scan.bylines == tree.xpath("//*[contains(@class,'byline')]")
    assert scan.headers and scan.captions and scan.bylines  # the fixture has each


@pytest.mark.parametrize(
    ("head", "marked"),
    [
        ('<meta property="article:modified_time" content="2024-03-06">', True),
        ('<meta name="Last-Modified" content="2024-03-06">', True),
        ('<meta itemprop="dateUpdated" content="2024-03-06">', True),
        ('<meta property="og:updated_time" content="2024-03-06">', True),
        ('<script type="application/ld+json">{"dateModified": "2024-03-06"}</script>', True),
        ('<meta property="article:published_time" content="2024-03-05">', False),
        ("<script>var dateModified = 1;</script>", False),  # not JSON-LD
    ],
)
def test_modified_markup_is_recognised(head: str, marked: bool) -> None:
    from saidwhat.pages.html import parse_html
    from saidwhat.pages.metadata import _has_modified_markup

    tree = parse_html(f"<html><head>{head}</head><body><p>Text of the page.</p></body></html>")
    assert tree is not None
    assert _has_modified_markup(tree) is marked


def test_an_element_marked_modified_is_modified_markup() -> None:
    from saidwhat.pages.html import parse_html
    from saidwhat.pages.metadata import _has_modified_markup

    tree = parse_html('<html><body><p>Text <time itemprop="dateModified">6 March</time></p></body></html>')
    assert tree is not None and _has_modified_markup(tree)


AUTHOR_PAGES = [
    '<html><body><div class="author">Maria Delgado</div><p>Text.</p></body></html>',
    # the first candidate is inside a comment section, which trafilatura's search deletes
    (
        '<html><body><div class="comments"><span class="author">A. Reader</span></div>'
        '<p class="byline">Maria Delgado</p></body></html>'
    ),
    # the candidate holds a date, which trafilatura's search deletes before reading its text
    '<html><body><div class="byline">Maria Delgado <time>5 March 2024, 10:00</time></div></body></html>',
    '<html class="print"><body><span class="author-name">Jo Park</span></body></html>',  # root spared
    "<html><body><p>No author here.</p></body></html>",
]


@pytest.mark.parametrize("page", [*AUTHOR_PAGES, (FIXTURES / "article_full.html").read_text("utf-8")])
def test_the_page_author_is_trafilaturas(page: str) -> None:
    from trafilatura.metadata import extract_author

    from saidwhat.pages.html import parse_html
    from saidwhat.pages.metadata import _page_author

    tree = parse_html(page)
    assert tree is not None
    assert _page_author(tree) == extract_author(tree)


def _expected_author_elements(tree: object) -> list[object]:
    from trafilatura.xpaths import AUTHOR_XPATHS

    return [element for expression in AUTHOR_XPATHS for element in expression(tree)]


@pytest.mark.parametrize(
    "page",
    [
        *AUTHOR_PAGES,
        '<html><body><div><p class="x">a</p><rel>me</rel></div><author>B. Cole</author></body></html>',
        (
            '<html><body><a rel="author">Ann</a><span id="Authorbox" data-testid="AuthorURL">x</span>'
            '<h3 class="BBL">b</h3><div data-component="Byline">c</div><p class="posted-by">d</p></body></html>'
        ),
        '<html><body><p class="AUTHOR">capitals: no expression takes it</p></body></html>',
    ],
)
def test_the_author_candidates_are_those_of_trafilaturas_expressions(page: str) -> None:
    from trafilatura.xpaths import AUTHOR_XPATHS

    from saidwhat.pages.html import parse_html
    from saidwhat.pages.metadata import _author_elements, _author_tests

    assert _author_tests() is not None  # the expressions this module was written for
    tree = parse_html(page)
    assert list(_author_elements(tree, AUTHOR_XPATHS)) == _expected_author_elements(tree)


def test_the_author_candidates_on_the_benchmark_pages(extraction_benchmark_dir: Path) -> None:
    import gzip

    from trafilatura.xpaths import AUTHOR_XPATHS

    from saidwhat.pages.html import parse_html
    from saidwhat.pages.metadata import _author_elements

    pages = sorted((extraction_benchmark_dir / "html").glob("[0-7]*.html.gz"))
    assert pages
    for path in pages:
        tree = parse_html(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        assert tree is not None
        assert list(_author_elements(tree, AUTHOR_XPATHS)) == _expected_author_elements(tree), path.name


# --- hostile pages: the article survives what should cost one character at most --------------------


SAID = "The minister said on {day}{ref} that the talks would go on and that the port would open in spring."
DAYS = ("Monday", "Tuesday", "Friday")


def _said_page(ref: str) -> str:
    paragraphs = "".join(f"<p title='note{ref}'>{SAID.format(day=day, ref=ref)}</p>" for day in DAYS)
    return (
        "<html><head><title>Talks go on</title></head><body><article><h1>Talks go on</h1>"
        f"{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize(
    "ref",
    [
        "&#1;",
        "&#x1;",
        "&#1",
        "&#65535;",
        "&#xFFFE;",
        "&#x1B;",
        "&#0;",
        "&#xD800;",
        "&#x110000;",
        "&#" + "9" * 40 + ";",
    ],
)
def test_an_invalid_character_reference_costs_at_most_its_character(ref: str) -> None:
    # &#1; and &#65535; left only the title: the parser put the character into the tree, where XML
    # strings may not hold it, and trafilatura dropped the page.
    from saidwhat import extract_bytes

    article = extract_bytes(_said_page(ref).encode(), "refs.html")
    text = article.text.replace("\ufffd", "")
    assert all(SAID.format(day=day, ref="") in text for day in DAYS)
    assert len(article.statements) == len(extract_bytes(_said_page("").encode(), "plain.html").statements)


def test_valid_character_references_are_left_to_the_parser() -> None:
    from saidwhat.pages.html import clean_references

    page = "<p>&#8217;&#x2019;&#128;&#9;&#x1F600;&#xFDD0;&#0065 &amp; &#x;</p>"
    assert clean_references(page) == page
    assert clean_references("a&#1;b&#xffff;c&#0;d&#xDFFF;e") == "abc\ufffdd\ufffde"


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://[CDATA[x]/a",
        "http://news.example:port/a",
        "http://news\x01\x7f.example/a",  # control characters: lxml refused the host as an XPath value
    ],
)
def test_a_url_that_cannot_be_read_is_dropped_not_the_page(url: str) -> None:
    # urllib's ValueError ("Invalid IPv6 URL") cost the whole page, as an internal message.
    from saidwhat import extract_bytes

    page = _said_page("").replace("<head>", f'<head><link rel="canonical" href="{url}">')
    page = page.replace("</article>", f'<p>Read the original <a href="{url}">here</a>.</p></article>')
    article = extract_bytes(page.encode(), "canonical.html")
    assert SAID.format(day="Friday", ref="") in article.text
    assert article.metadata.canonical_url is None
    record = extract_source(
        Source("crawl.warc", _said_page("").encode(), format="html", record=url),
        Options(),
        [ReadPage(Options()), CleanArticle(Options())],
    )
    assert record.metadata.url is None and SAID.format(day="Friday", ref="") in record.text


def test_urls_and_hosts_with_characters_no_url_holds_are_not_kept() -> None:
    from saidwhat.pages.urls import host, usable_url

    for bad in (
        "http://a\x00b.example/",
        "http://a.example/x y",
        "http://a.example/\ufffe",
        "http://\x85.example/",
    ):
        assert usable_url(bad) is None
        assert host(bad) in ("", "a.example")  # a host is kept only when it is clean itself
    assert host("http://a\x01b.example/") == ""
    assert usable_url("https://www.News.example/a?b=c#d") == "https://www.News.example/a?b=c#d"
    assert host("https://www.News.example/a") == "news.example"


def test_a_date_library_failing_on_the_page_costs_the_date_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import htmldate

    def failing(*args: object, **kwargs: object) -> str:
        raise AssertionError  # what dateutil's own checks raise on some date strings

    monkeypatch.setattr(htmldate, "find_date", failing)
    article = clean(_said_page(""))
    assert article.metadata.published is None
    assert SAID.format(day="Friday", ref="") in article.text


def test_a_date_library_warning_does_not_reach_the_user() -> None:
    import warnings

    head = '<head><meta property="article:published_time" content="2021-03-04 10:00 XYZT">'
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil's UnknownTimezoneWarning, printed on stderr before
        article = clean(_said_page("").replace("<head>", head))
    assert SAID.format(day="Friday", ref="") in article.text


def _story(title: str, sentence: str, topic: str) -> str:
    """A page whose first paragraph is ``sentence``, followed by eight paragraphs on ``topic``."""
    others = "".join(f"<p>Paragraph {n} of the story goes on with more words about {topic}.</p>" for n in range(8))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{sentence}</p>{others}</article></body></html>"


def test_words_inside_a_paragraph_stay_whatever_class_their_markup_has() -> None:
    sentence = (
        'CBS Sports Insider Jason La Canfora has reported that <span class="link"><a href="/x">the NFL '
        'will fine Rudolph</a></span> for his role in the fight.'
    )
    article = clean(_story("Fight", sentence, "the game and the fight"))
    assert "has reported that the NFL will fine Rudolph for his role in the fight." in article.text


def test_a_hover_card_inside_a_paragraph_is_not_part_of_the_sentence() -> None:
    card = (
        '<span class="people"><a href="/people/omar">Ilhan Omar</a><span class="people-block">'
        '<span><img src="/omar.jpg" alt=""><a class="name" href="/people/omar">Ilhan Omar</a>'
        '<a href="/story/1">Progressives oppose funding bill over surveillance authority</a> '
        '<a class="more" href="/people/omar">MORE</a></span></span></span>'
    )
    sentence = f"A New York man pleaded guilty to charges he threatened to kill Rep. {card} (D-Minn.), prosecutors said."
    article = clean(_story("Plea", sentence, "the case and the court"))
    assert "threatened to kill Rep. Ilhan Omar (D-Minn.), prosecutors said." in article.text
    assert "Progressives oppose" not in article.text and "MORE" not in article.text


def test_an_image_beside_short_links_in_a_sentence_stays() -> None:
    sentence = (
        'The mayor <span><img class="emoji" src="/e.png" alt=""> spoke at the <a href="/hall">town hall</a> '
        'with <a href="/chief">the chief</a></span> on Monday.'
    )
    assert "spoke at the town hall with the chief on Monday." in clean(_story("Mayor", sentence, "the town and its mayor")).text
