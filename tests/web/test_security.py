"""Hostile scraped content comes out escaped, links are safe, and every response carries strict headers."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from saidwhat.web import App
from saidwhat.web.html import Mark, Markup, esc, highlight, outbound, tag

from .conftest import HOSTILE_QUOTE, HOSTILE_SPEAKER, HOSTILE_TITLE, Page

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")


def _pages(app: App, article_id: int) -> list[tuple[str, str]]:
    key = quote("person:<svg onload=alert(2)>jane doe", safe="")
    return [
        ("/", ""),
        ("/", "q=plan"),
        ("/", "q=" + quote('"<script>"')),
        ("/", "site=" + quote('"><script>alert(4)</script>')),
        ("/articles", ""),
        ("/articles", "q=council"),
        (f"/article/{article_id}", ""),
        ("/speakers", ""),
        ("/speakers", "by=site"),
        (f"/speaker/{key}", ""),
        ("/compare", ""),
        ("/compare", "a=" + quote("<script>")),
        ("/nothing<script>", ""),
    ]


def _assert_inert(body: str) -> Page:
    page = Page(body)
    for element, attrs in page.elements:
        assert element not in ("script", "img", "svg", "iframe", "object", "embed", "b", "i"), element
        for name, value in attrs.items():
            assert not name.startswith("on"), (element, name)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:")), value
    assert not _CONTROL.search(body)
    assert "<script" not in body.lower()
    return page


def test_hostile_page_is_escaped_everywhere(hostile_app: tuple[App, int]) -> None:
    app, article_id = hostile_app
    for path, query in _pages(app, article_id):
        response = app.route(path, query)
        assert response.status in (200, 400, 404), (path, query, response.status)
        _assert_inert(response.text)


def test_hostile_text_is_shown_as_text(hostile_app: tuple[App, int]) -> None:
    app, article_id = hostile_app
    page = _assert_inert(app.route(f"/article/{article_id}").text)
    text = "".join(page.text)
    for shown in (
        HOSTILE_TITLE,
        HOSTILE_QUOTE,
        HOSTILE_SPEAKER,
        "<script>steal()</script>",
        "javascript:alert(5)",
    ):
        assert shown in text
    # Control characters are replaced one for one: highlighted text keeps its length.
    article = app._store.article(article_id)
    cue = article.statements[1].cue
    assert cue is not None
    assert page.role_text("s2:cue") == "said\ufffd" and len(article.slice(cue)) == 5
    assert "\ufffd[31m" in text
    assert len("".join(page.article_text)) == len(article.text)


def test_only_http_urls_are_links(hostile_app: tuple[App, int]) -> None:
    app, article_id = hostile_app
    page = Page(app.route(f"/article/{article_id}").text)
    outside = [a for a in page.links() if not (a.get("href") or "").startswith(("/", "#"))]
    assert len(outside) == 1  # the https canonical URL; the javascript: URL is text
    assert outside[0]["href"] == "https://example.org/a?x=\"'><script>"
    assert outside[0]["rel"] == "noopener noreferrer nofollow"


def test_json_api_cannot_be_read_as_html(hostile_app: tuple[App, int]) -> None:
    app, article_id = hostile_app
    response = app.route(f"/api/article/{article_id}")
    assert response.content_type == "application/json; charset=utf-8"
    assert "<" not in response.text and ">" not in response.text
    data = json.loads(response.body)
    assert data["article"]["title"] == HOSTILE_TITLE
    search = app.route("/api/search", "q=plan")
    assert "<" not in search.text and json.loads(search.body)["count"] >= 1


@pytest.mark.parametrize(
    ("path", "query"),
    [("/", ""), ("/static/style.css", ""), ("/nope", ""), ("/", "limit=0"), ("/api/search", "limit=x")],
)
def test_security_headers_on_every_response(demo_app: App, path: str, query: str) -> None:
    headers = dict(demo_app.route(path, query).headers)
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'self'" in csp and "script" not in csp
    assert "form-action 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert int(headers["Content-Length"]) > 0


def test_pages_need_no_inline_style_or_script(demo_app: App) -> None:
    body = demo_app.route("/article/1").text
    page = Page(body)
    assert not any("style" in attrs for _, attrs in page.elements)
    assert not any(t in ("script", "style") for t, _ in page.elements)


def test_escaping_helpers() -> None:
    assert esc('<a href="x">\'&') == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;"
    assert esc("a\x00b\x1bc\u202ed") == "a\ufffdb\ufffdc\ufffdd"
    assert tag("a", "<b>", href='"><x', title=None) == '<a href="&quot;&gt;&lt;x">&lt;b&gt;</a>'
    # Markup stays safe under concatenation: plain text joined to it is escaped.
    assert Markup("<b>") + "<i>" == "<b>&lt;i&gt;"
    assert "<i>" + Markup("<b>") == "&lt;i&gt;<b>"
    with pytest.raises(ValueError):
        tag("a onclick=x")
    with pytest.raises(ValueError):
        tag("a", **{"on click": "x"})


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/x", True),
        ("HTTP://example.org/x", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("vbscript:x", False),
        ("//example.org/x", False),
        ("https://exa mple.org", False),
        ("https://example.org/\x00", False),
        ("http:///nohost", False),
        ("https://[::1", False),
    ],
)
def test_outbound_links_only_plain_http(url: str, linked: bool) -> None:
    out = outbound(url)
    assert out.startswith("<a ") is linked
    page = Page(out)
    assert "".join(page.text) == url.replace("\x00", "\ufffd")


def test_highlight_cuts_overlapping_spans_exactly() -> None:
    text = "abcdefghij"
    marks = [Mark(0, 5, "content", "s1"), Mark(3, 8, "source", "s2"), Mark(4, 6, "content", "s3")]
    page = Page(highlight(text, 1, 10, marks, {3: ["st-s2"]}))
    assert "".join(page.text) == text[1:]
    assert page.role_text("s1:content") == "bcde"
    assert page.role_text("s2:source") == "defgh"
    assert page.role_text("s3:content") == "ef"
    assert any("deep" in c for c in page.classes)  # "e" lies inside two contents
    assert [a.get("id") for t, a in page.elements if a.get("id")] == ["st-s2"]
