"""Hostile scraped content comes out escaped, links are safe, and every response carries strict headers."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from saidwhat.store import Store
from saidwhat.web.render import Mark, clean, environment, highlight, outbound_href

from .conftest import HOSTILE_CSS, HOSTILE_QUOTE, HOSTILE_SPEAKER, HOSTILE_TITLE, LONG_WORD, Page

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_KEY = quote("person:<svg onload=alert(2)>jane doe", safe="")


def _pages(article_id: int) -> list[str]:
    return [
        "/",
        "/?q=plan",
        "/?min_confidence=0&per_page=500",
        "/?q=" + quote('"<script>"'),
        "/?site=" + quote('"><script>alert(4)</script>'),
        "/?speaker=" + quote("<svg onload=alert(2)>"),
        "/articles",
        "/articles?q=council",
        f"/article/{article_id}",
        "/speakers",
        "/speakers?by=site",
        "/charts?min_confidence=0",
        f"/speaker/{_KEY}?min_confidence=0",
        "/compare",
        "/compare?a=" + quote("<script>"),
        "/edits",
        "/nothing<script>",
    ]


def assert_inert(body: str) -> Page:
    """No element or attribute of the page came from scraped text: no script, handler, javascript: URL
    or style, no control or bidi character."""
    page = Page(body)
    for element, attrs in page.elements:
        assert element not in ("img", "iframe", "object", "embed", "b", "i", "style", "div") or not any(
            k in ("onerror", "onload", "style") for k in attrs
        ), element
        assert element != "script" or attrs == {"src": "/static/complete.js", "defer": None}, attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (element, name)
            assert name != "style", element
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:")), value
    assert not _CONTROL.search(body)
    assert (
        "<script>" not in body.lower() and "<style" not in body.lower() and "<svg onload" not in body.lower()
    )
    return page


def test_hostile_page_is_escaped_everywhere(hostile_client: tuple[TestClient, int]) -> None:
    client, article_id = hostile_client
    for path in _pages(article_id):
        response = client.get(path)
        assert response.status_code in (200, 400, 404), (path, response.status_code)
        assert_inert(response.text)


def test_hostile_text_is_shown_as_text(
    hostile_client: tuple[TestClient, int], hostile_db: tuple[object, int]
) -> None:
    client, article_id = hostile_client
    page = assert_inert(client.get(f"/article/{article_id}").text)
    text = "".join(page.text)
    for shown in (HOSTILE_TITLE, HOSTILE_QUOTE, HOSTILE_SPEAKER, HOSTILE_CSS, LONG_WORD, "<script>steal()</script>",
                  "javascript:alert(5)", "<style>body{background:red}</style>"):  # fmt: skip
        assert shown in text
    with Store.open(hostile_db[0], read_only=True) as store:  # type: ignore[arg-type]
        article = store.article(article_id)
    cue = article.statements[1].cue
    assert cue is not None
    assert page.role_text("s2:cue") == "said\ufffd" and len(article.slice(cue)) == 5
    assert "\ufffd[31m" in text and "\ufffdisolated\ufffd" in text
    assert len("".join(page.article_text)) == len(article.text)  # one character shown per character stored


def test_only_http_urls_are_links(hostile_client: tuple[TestClient, int]) -> None:
    client, article_id = hostile_client
    page = Page(client.get(f"/article/{article_id}").text)
    outside = [a for a in page.links() if not (a.get("href") or "").startswith(("/", "#", "?"))]
    assert len(outside) == 1  # the https canonical URL; the javascript: URL is text
    assert outside[0]["href"] == "https://example.org/a?x=\"'><script>"
    assert outside[0]["rel"] == "noopener noreferrer nofollow"


def test_json_api_cannot_be_read_as_html(hostile_client: tuple[TestClient, int]) -> None:
    client, article_id = hostile_client
    response = client.get(f"/api/article/{article_id}")
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert "<" not in response.text and ">" not in response.text
    assert response.json()["article"]["title"] == HOSTILE_TITLE
    search = client.get("/api/search?q=plan&min_confidence=0")
    assert "<" not in search.text and search.json()["total"] >= 1


def test_csv_download_is_not_a_formula(hostile_client: tuple[TestClient, int]) -> None:
    client, _ = hostile_client
    csv_text = client.get("/?min_confidence=0&format=csv").text
    assert "\n=" not in csv_text and ",=" not in csv_text and "<script>" in csv_text  # kept, as text


@pytest.mark.parametrize(
    "path",
    ["/", "/static/style.css", "/static/complete.js", "/nope", "/?per_page=0", "/api/search?per_page=x",
     "/api/openapi.json", "/charts"],
)  # fmt: skip
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "style-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    assert "form-action 'self'" in csp and "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_pages_need_no_inline_style_or_script(client: TestClient) -> None:
    for path in ("/article/1", "/charts?min_confidence=0", "/"):
        page = Page(client.get(path).text)
        assert not any("style" in attrs for _, attrs in page.elements)
        assert not any(t == "style" for t, _ in page.elements)
        scripts = [a for t, a in page.elements if t == "script"]
        assert scripts == [{"src": "/static/complete.js", "defer": None}]  # the one script, a file


def test_clean_and_autoescape() -> None:
    assert clean("a\x00b\x1bc\u202ed\u2066e") == "a\ufffdb\ufffdc\ufffdd\ufffde"
    assert clean(None) == ""
    template = environment().from_string('<a title="{{ v }}">{{ v }}</a>')
    assert template.render(v='<b x="1">\'&\x00') == (
        '<a title="&lt;b x=&#34;1&#34;&gt;&#39;&amp;\ufffd">&lt;b x=&#34;1&#34;&gt;&#39;&amp;\ufffd</a>'
    )


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
        ("https://example.org/" + "x" * 3000, False),
    ],
)
def test_outbound_links_only_plain_http(url: str, linked: bool) -> None:
    assert (outbound_href(url) == url) is linked
    if not linked:
        assert outbound_href(url) is None


def test_highlight_cuts_overlapping_spans_exactly() -> None:
    text = "abcdefghij"
    marks = [Mark(0, 5, "content", "s1"), Mark(3, 8, "source", "s2"), Mark(4, 6, "content", "s3")]
    pieces = highlight(text, 1, 10, marks, {3: ["st-s2"]})
    assert "".join(p.text for p in pieces) == text[1:]

    def role(name: str) -> str:
        return "".join(p.text for p in pieces if name in p.roles.split())

    assert role("s1:content") == "bcde" and role("s2:source") == "defgh" and role("s3:content") == "ef"
    assert any("deep" in p.classes for p in pieces)  # "e" lies inside two contents
    assert [a for p in pieces for a in p.anchors] == ["st-s2"]
