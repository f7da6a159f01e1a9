"""Bad requests get a clean 400 or 404 page (or JSON error), never a traceback."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from saidwhat.web import App

from .conftest import Page


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/nope", ""),
        ("/article/999999", ""),
        ("/article/abc", ""),
        ("/article/1/", ""),
        ("/speaker/nobody%20at%20all", ""),
        ("/static/../../etc/passwd", ""),
        ("/static/other.css", ""),
    ],
)
def test_not_found(demo_app: App, path: str, query: str) -> None:
    response = demo_app.route(path, query)
    assert response.status == 404
    assert response.content_type.startswith("text/html")
    assert "Traceback" not in response.text
    assert "404 Not Found" in "".join(Page(response.text).text)


@pytest.mark.parametrize(
    ("path", "query", "says"),
    [
        ("/", "limit=0", "limit"),
        ("/", "limit=501", "limit"),
        ("/", "limit=ten", "limit"),
        ("/", "since=yesterday", "since"),
        ("/", "until=2024-1", "until"),
        ("/", "kind=rumour", "kind"),
        ("/", "q=" + "a" * 501, "too long"),
        ("/", "&".join(f"f{i}=1" for i in range(60)), "query string"),
        ("/", "q=" + "a" * 5000, "too long"),
        ("/speakers", "by=planet", "by"),
        ("/speakers", "by=site&by=year", "by"),
        ("/compare", "a=1&b=1", "different"),
        ("/compare", "a=x&b=2", "article id"),
        ("/speaker/" + "x" * 700, "", "too long"),
        # dates of the right shape that do not exist, and digits that are not ASCII (found by bench/fuzz.py)
        ("/", "q=x&since=2019-13", "since"),
        ("/", "until=9999-99-99", "until"),
        ("/speakers", "since=2019-02-30", "since"),
        ("/", "since=" + quote("٢٠١٩"), "since"),
        ("/speaker/Niall%20Brennock", "until=2024-00", "until"),
    ],
)
def test_bad_request(demo_app: App, path: str, query: str, says: str) -> None:
    response = demo_app.route(path, query)
    assert response.status == 400, response.text[:300]
    text = "".join(Page(response.text).text)
    assert "400 Bad Request" in text and says in text
    assert "Traceback" not in response.text


@pytest.mark.parametrize("query", ['"unbalanced', "co-operation", "minister:", "AND", "water NOT", "U.S."])
def test_words_as_typed_are_searched_as_written(demo_app: App, query: str) -> None:
    response = demo_app.route("/", "q=" + quote(query))
    assert response.status == 200
    assert "instead" not in "".join(Page(response.text).text)  # the words typed, not something else
    assert demo_app.route("/articles", "q=" + quote(query)).status == 200


def test_a_query_that_only_leaves_words_out_is_a_bad_request(demo_app: App) -> None:
    assert demo_app.route("/", "q=" + quote("NOT water")).status == 400
    assert demo_app.route("/articles", "q=" + quote("NOT water")).status == 400


def test_plain_words_find_what_a_phrase_finds(demo_app: App) -> None:
    found = demo_app._store.search('"minister"', limit=500)
    assert found
    data = json.loads(demo_app.route("/api/search", "limit=500&q=" + quote("minister:")).body)
    assert [s["statement_id"] for s in data["statements"]] == [h.statement_id for h in found]


def test_compare_of_a_missing_article_is_404(demo_app: App) -> None:
    assert demo_app.route("/compare", "a=1&b=99999").status == 404


def test_api_errors_are_json(demo_app: App) -> None:
    for path, query, status in [
        ("/api/article/99999", "", 404),
        ("/api/search", "limit=-1", 400),
        ("/api/x", "", 404),
    ]:
        response = demo_app.route(path, query)
        assert response.status == status
        assert json.loads(response.body)["error"]["status"] == status
    assert demo_app.route("/api/compare").status == 400


def test_writing_methods_are_refused(demo_app: App) -> None:
    response = demo_app.route("/", "", method="POST")
    assert response.status == 405


def test_an_internal_failure_is_a_plain_500(
    demo_app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret detail <b>")

    monkeypatch.setattr(demo_app._store, "search", broken)
    response = demo_app.route("/", "q=x")
    assert response.status == 500
    assert "secret detail" not in response.text and "Traceback" not in response.text
    assert "Content-Security-Policy" in dict(response.headers)
    assert "secret detail" in capsys.readouterr().err  # the server's log has the traceback
