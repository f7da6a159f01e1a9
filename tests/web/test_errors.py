"""Bad requests get a clean 400 or 404 page (or JSON error), never a traceback; parameters are parsed
by one strict parser on every route."""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from saidwhat.store import Store

from .conftest import Page


@pytest.mark.parametrize(
    "path",
    ["/nope", "/article/999999", "/article/abc", "/article/1/", "/article/%C2%B2", "/speaker/nobody%20at%20all",
     "/static/../../etc/passwd", "/static/other.css", "/api/x"],
)  # fmt: skip
def test_not_found(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.text
    if not path.startswith("/api/"):
        assert response.headers["content-type"].startswith("text/html")
        assert "404 Not Found" in "".join(Page(response.text).text)


@pytest.mark.parametrize(
    ("path", "query", "says"),
    [
        ("/", "per_page=0", "per_page"),
        ("/", "per_page=501", "per_page"),
        ("/", "limit=ten", "limit"),
        ("/", "page=0", "page"),
        ("/", "since=yesterday", "since"),
        ("/", "since=2019-13", "since"),
        ("/", "until=9999-99-99", "until"),
        ("/", "until=2024-1", "until"),
        ("/", "kind=rumour", "kind"),
        ("/", "sort=colour", "sort"),
        ("/", "q=" + "a" * 501, "too long"),
        ("/", "&".join(f"f{i}=1" for i in range(60)), "query string"),
        ("/", "q=" + "a" * 5000, "too long"),
        ("/speakers", "by=planet", "by"),
        ("/speakers", "by=site&by=year", "by"),
        ("/compare", "a=1&b=1", "different"),
        ("/compare", "a=x&b=2", "a must be"),
        ("/charts", "period=decade", "period"),
        ("/speaker/" + "x" * 700, "", "too long"),
        # dates of the right shape that do not exist, and digits that are not ASCII (found by bench/fuzz.py)
        ("/", "q=x&since=2019-13", "since"),
        ("/speakers", "since=2019-02-30", "since"),
        ("/", "since=" + quote("٢٠١٩"), "since"),
        ("/speaker/Niall%20Brennock", "until=2024-00", "until"),
    ],
)
def test_bad_request(client: TestClient, path: str, query: str, says: str) -> None:
    response = client.get(path + "?" + query)
    assert response.status_code == 400, response.text[:300]
    text = "".join(Page(response.text).text)
    assert "400 Bad Request" in text and says in text
    assert "Traceback" not in response.text


_ROUTES = ["/", "/articles", "/speakers", "/charts", "/compare", "/speaker/an", "/api/search", "/api/articles",
           "/api/speakers", "/api/counts", "/api/compare", "/api/speaker/an"]  # fmt: skip


@pytest.mark.parametrize("route", _ROUTES)
@pytest.mark.parametrize(
    "value", ["%C2%B2", "%D9%A3", "1%C2%B2", "%EF%BC%91", "-1", "1e3", "0x10", "99999999999999999999"]
)
def test_numbers_are_ascii_digits_on_every_route(client: TestClient, route: str, value: str) -> None:
    """Superscripts, Arabic-Indic and full-width digits, signs and exponents are no numbers: a 400,
    never a 500 (``str.isdigit`` accepts "²", ``int`` does not)."""
    names = {
        "/compare": "a",
        "/api/compare": "a",
        "/speakers": "limit",
        "/api/speakers": "limit",
        "/charts": "min_confidence",
        "/api/counts": "min_confidence",
    }
    response = client.get(f"{route}?{names.get(route, 'page')}={value}&b=2")
    assert response.status_code == 400, (route, value, response.status_code)


@pytest.mark.parametrize("query", ['"unbalanced', "co-operation", "minister:", "AND", "water NOT", "U.S."])
def test_words_as_typed_are_searched_as_written(client: TestClient, query: str) -> None:
    assert client.get("/?q=" + quote(query)).status_code == 200
    assert client.get("/articles?q=" + quote(query)).status_code == 200


def test_a_query_that_only_leaves_words_out_is_a_bad_request(client: TestClient) -> None:
    assert client.get("/?q=" + quote("NOT water")).status_code == 400
    assert client.get("/articles?q=" + quote("NOT water")).status_code == 400


def test_plain_words_find_what_a_phrase_finds(client: TestClient, demo_store: Store) -> None:
    found = demo_store.search('"minister"', limit=500, min_confidence=0.5)
    assert found
    data = client.get("/api/search?per_page=500&q=" + quote("minister:")).json()
    assert [s["statement_id"] for s in data["statements"]] == [h.statement_id for h in found]


def test_compare_of_a_missing_article_is_404(client: TestClient) -> None:
    assert client.get("/compare?a=1&b=99999").status_code == 404


def test_api_errors_are_json(client: TestClient) -> None:
    for path, status in [("/api/article/99999", 404), ("/api/search?per_page=-1", 400), ("/api/x", 404),
                         ("/api/compare", 400), ("/api/counts", 400)]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == status
        assert response.json()["error"]["status"] == status


def test_writing_is_refused_without_edits(client: TestClient) -> None:
    assert client.post("/").status_code == 405
    response = client.post("/edit/merge", data={"speaker": "a", "target": "b"})
    assert response.status_code == 403 and "--allow-edits" in response.text


def test_an_internal_failure_is_a_plain_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail <b>")

    monkeypatch.setattr(Store, "count_statements", broken)
    with caplog.at_level(logging.ERROR, logger="saidwhat.web"):
        response = client.get("/?q=x")
    assert response.status_code == 500
    assert "secret detail" not in response.text and "Traceback" not in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "secret detail" in caplog.text and "Traceback" in caplog.text  # the server's log has it


def test_a_server_with_every_reader_busy_says_so(demo_db: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from saidwhat.web import create_app

    app = create_app(str(demo_db), readers=1)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        stores = app.state.site.stores
        with stores.reader():  # the only reader is taken: the next request waits, then gives up
            monkeypatch.setattr(type(stores), "reader", _impatient(type(stores).reader))
            response = test_client.get("/speakers")
    assert response.status_code == 503 and "too busy" in response.text


def _impatient(reader: object) -> object:
    def wait_briefly(self: object, timeout: float = 30.0) -> object:
        return reader(self, timeout=0.05)  # type: ignore[operator]

    return wait_briefly
