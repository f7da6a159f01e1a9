"""Corrections from the web page: only with --allow-edits, only by POST with the page's CSRF token,
through the store's writer, and shown at once; a merge can be undone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.testclient import TestClient

from saidwhat.store import Store

from .conftest import Page, csrf_of


def _two_speakers(db: Path) -> tuple[tuple[str, str, int], tuple[str, str, int]]:
    with Store.open(db, read_only=True) as store:
        top = [c for c in store.speakers(limit=10, min_confidence=0.0) if c.statements >= 2][:2]
    return (top[0].key, top[0].name, top[0].statements), (top[1].key, top[1].name, top[1].statements)


def _speaker_page(client: TestClient, key: str) -> str:
    response = client.get("/speaker/" + quote(key, safe="") + "?min_confidence=0&per_page=500")
    assert response.status_code == 200
    return response.text


def test_forms_need_the_csrf_token_of_this_browser(editor: TestClient, edit_db: Path) -> None:
    (a, _, _), (b, _, _) = _two_speakers(edit_db)
    form = {"speaker": a, "target": b}
    assert editor.post("/edit/merge", data=form).status_code == 403  # no token
    assert editor.post("/edit/merge", data={**form, "csrf": "0" * 64}).status_code == 403
    token = csrf_of(_speaker_page(editor, a))
    other = TestClient(editor.app)  # another browser: no cookie, so the token is not its own
    assert other.post("/edit/merge", data={**form, "csrf": token}).status_code == 403
    with Store.open(edit_db, read_only=True) as store:
        assert store.speaker_edits() == []
    assert editor.get("/edit/merge").status_code == 405  # a link cannot edit


def test_merge_then_undo_it(editor: TestClient, edit_db: Path) -> None:
    (a, a_name, a_n), (b, _, b_n) = _two_speakers(edit_db)
    token = csrf_of(_speaker_page(editor, a))
    response = editor.post(
        "/edit/merge", data={"speaker": a, "target": b, "csrf": token}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"].startswith(
        "/speaker/" + quote(b, safe="")
    )
    page = editor.get(response.headers["location"] + "&min_confidence=0&per_page=500")
    assert "The two speakers are one now." in page.text
    assert f"{a_n + b_n} statements" in page.text
    assert editor.get("/speaker/" + quote(a, safe="")).status_code in (200, 404)  # a redirect or a name match
    with Store.open(edit_db, read_only=True) as store:
        edit = store.speaker_edits()[-1]
        assert (edit["action"], edit["by"], edit["detail"]["from"]) == ("merge", "tester", a)
    undo = [f for t, f in Page(page.text).elements if t == "input" and f.get("name") == "edit"]
    assert undo and undo[0]["value"] == str(edit["id"])
    response = editor.post(
        "/edit/undo", data={"edit": str(edit["id"]), "csrf": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert f"{a_n} statement" in _speaker_page(editor, a) and a_name in _speaker_page(editor, a)
    assert f"{b_n} statement" in _speaker_page(editor, b)
    with Store.open(edit_db, read_only=True) as store:
        log = store.speaker_edits()
        assert log[-2]["undone_by"] == "tester" and log[-1]["action"] == "unmerge"
    again = editor.post("/edit/undo", data={"edit": str(edit["id"]), "csrf": token})
    assert again.status_code == 400 and "undone already" in again.text


def test_rename_and_split(editor: TestClient, edit_db: Path) -> None:
    with Store.open(edit_db, read_only=True) as store:
        speaker = next(c for c in store.speakers(limit=50, min_confidence=0.0) if c.articles >= 2)
        article = store.search(None, speaker=speaker.key, limit=1, order="time")[0].article_id
        in_article = sum(
            1 for h in store.search(None, speaker=speaker.key, limit=None) if h.article_id == article
        )
    token = csrf_of(_speaker_page(editor, speaker.key))
    response = editor.post(
        "/edit/rename", data={"speaker": speaker.key, "name": "<b>Renamed</b> One", "csrf": token}
    )
    assert response.status_code == 200 and "&lt;b&gt;Renamed&lt;/b&gt; One" in response.text
    response = editor.post(
        "/edit/split",
        data={"speaker": speaker.key, "article": str(article), "name": "Someone Else", "csrf": token},
    )
    assert response.status_code == 200 and "Someone Else" in response.text
    assert f"{in_article} statement" in response.text
    bad = editor.post("/edit/split", data={"speaker": speaker.key, "article": "²", "csrf": token})
    assert bad.status_code == 400


def test_mark_a_statement_wrong_and_take_it_back(editor: TestClient, edit_db: Path) -> None:
    with Store.open(edit_db, read_only=True) as store:
        hit = store.search(None, limit=1)[0]
        total = store.count_statements(None)
    article_page = editor.get(f"/article/{hit.article_id}").text
    token = csrf_of(article_page)
    form = {
        "statement": str(hit.statement_id),
        "reason": "not a quote",
        "back": "https://evil.example/",
        "csrf": token,
    }
    response = editor.post("/edit/wrong", data=form, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith(
        f"/article/{hit.article_id}?"
    )
    shown = editor.get(response.headers["location"]).text
    assert "Marked wrong by tester" in shown and "not a quote" in shown
    assert editor.get("/api/search?min_confidence=0&per_page=1").json()["total"] == total - 1
    found = editor.get("/api/search?min_confidence=0&per_page=500").json()["statements"]
    assert hit.statement_id not in {s["statement_id"] for s in found}
    assert "not a quote" in editor.get("/edits").text
    editor.post("/edit/unwrong", data={"statement": str(hit.statement_id), "csrf": token})
    assert editor.get("/api/search?min_confidence=0&per_page=1").json()["total"] == total
    with Store.open(edit_db, read_only=True) as store:
        [mark] = store.statement_marks(active=False)
        assert (mark.made_by, mark.reason, mark.undone_by) == ("tester", "not a quote", "tester")


def test_read_only_server_shows_no_forms(client: TestClient) -> None:
    body = client.get("/article/1").text
    assert "/edit/" not in body and 'name="csrf"' not in body
