"""Bounds on a page's markup before parsing: attributes per tag, tags per page, and the time limit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import lxml.html
import pytest

from saidwhat import extract_bytes
from saidwhat.core.errors import InputTooLarge, SaidwhatError
from saidwhat.core.options import Options
from saidwhat.pages.bounds import MAX_ATTRIBUTES, MAX_TAGS, bound_markup

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "tests" / "fixtures" / "html").glob("*.html")) + sorted(
    (ROOT / "src" / "saidwhat" / "demo" / "pages").glob("*.html")
)
ARTICLE = (
    "<p>The minister said on Monday that the talks would go on and that the port would open in spring.</p>"
    "<p>The union said on Tuesday that its members would vote on the offer before the end of the month.</p>"
)


def _page(inside: str = "", after: str = "") -> str:
    return (
        "<html><head><title>Talks go on</title></head><body>"
        f"<article{inside}><h1>Talks go on</h1>{ARTICLE}</article>{after}</body></html>"
    )


def _attributes(n: int, template: str = " a{i}=x") -> str:
    return "".join(template.format(i=i) for i in range(n))


def _article_attributes(page: str) -> int:
    tree = lxml.html.fromstring(page)
    return len(tree.find(".//article").attrib)


@pytest.mark.parametrize(
    "template",
    [" a{i}=x", ' a{i}=">"', "a{i}='<'", ' a{i}="x"/', " a{i}"],
    ids=["plain", "quoted-gt", "no-separator", "slashes", "no-value"],
)
def test_a_tag_keeps_its_first_attributes_only(template: str) -> None:
    page = _page(" " + _attributes(5_000, template))
    bounded = bound_markup(page)
    assert _article_attributes(bounded) == MAX_ATTRIBUTES
    assert ARTICLE in bounded and bounded.endswith("</body></html>")


def test_a_tag_of_200000_attributes_costs_its_attributes_not_the_article() -> None:
    # The parser appends each attribute at the end of the element's list: 200,000 took minutes,
    # beyond any --max-seconds (the limit cannot interrupt the parser). 60,000 take seconds unbounded.
    options = Options(max_seconds=3.0)
    extract_bytes(_page().encode(), "warm-up.html")
    for n in (60_000, 200_000):
        article = extract_bytes(_page(_attributes(n)).encode(), "attributes.html", options)
        assert "the talks would go on" in article.text and article.statements


def test_markup_of_real_pages_is_left_as_it_is() -> None:
    assert PAGES
    for path in PAGES:
        page = path.read_text("utf-8")
        assert bound_markup(page) is page, path.name


def test_comments_scripts_and_style_sheets_hold_no_tags() -> None:
    code = "if (a<b " + " c" * 500 + ") {}"
    page = _page(after=f"<script>{code}</script><STYLE>x<y {' z' * 500}</style><!-- <p a b c> -->")
    assert bound_markup(page) is page
    hidden = "<!--" + "<p>x</p>" * (MAX_TAGS + 1) + "-->"
    assert bound_markup(_page(after=hidden)) is not None


def test_a_page_of_too_many_tags_is_refused_with_the_reason() -> None:
    assert bound_markup(_page(after="<i></i>" * (MAX_TAGS - 10)))
    with pytest.raises(InputTooLarge, match="more than 20,000 tags"):
        bound_markup(_page(after="<i></i>" * MAX_TAGS))
    with pytest.raises(InputTooLarge) as caught:
        extract_bytes(_page(after="<b>" * 200_000).encode(), "tags.html")
    assert str(caught.value) == "tags.html: the page has more than 20,000 tags"


HOSTILE = {
    "attributes": _page(_attributes(200_000)),
    "attributes-everywhere": _page(
        after=("<div" + _attributes(MAX_ATTRIBUTES) + ">y</div>") * (MAX_TAGS - 20)
    ),
    "nested": _page(after="<div><p>x <b>y</b> <a href=z>w</a></p></div>" * ((MAX_TAGS - 20) // 4)),
    "paragraphs": _page(after="<p>x <b>y</b> z</p>" * ((MAX_TAGS - 20) // 2)),
    "spans": _page(after="<span>x</span>" * (MAX_TAGS - 20)),
    "tags": _page(after="<i></i>" * 2_000_000),
    "deep": _page(after="<div>" * 1_000_000),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_time_limit_holds_on_hostile_pages(name: str) -> None:
    options = Options(max_seconds=2.0)
    extract_bytes(_page().encode(), "warm-up.html")
    # the one call no limit can interrupt is the parse of the page: timed here, on this machine
    # as loaded as it is now, so that the margin follows the machine rather than a constant
    parsed = time.monotonic()
    lxml.html.document_fromstring(HOSTILE[name].encode())
    parse = time.monotonic() - parsed
    started = time.monotonic()
    try:
        extract_bytes(HOSTILE[name].encode(), f"{name}.html", options)
    except SaidwhatError:
        pass  # a clear failure (over a limit) is as good as an article here
    load = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    assert time.monotonic() - started < options.max_seconds + 3.0 * parse + 3.0 * load
