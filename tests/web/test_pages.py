"""Every page renders on the demo corpus, and the article page highlights the exact stored offsets."""

from __future__ import annotations

import json
from urllib.parse import quote

from saidwhat.web import App

from .conftest import Page


def _ok(app: App, path: str, query: str = "") -> Page:
    response = app.route(path, query)
    assert response.status == 200, (path, query, response.text[:500])
    assert response.content_type.startswith("text/html")
    return Page(response.text)


def test_search_lists_statements_with_their_article(demo_app: App) -> None:
    store = demo_app._store
    hits = store.search("Rhône", limit=5, min_confidence=0.5)  # what the page shows by default
    assert hits, "the demo corpus speaks of the Rhône"
    page = _ok(demo_app, "/", "q=Rh%C3%B4ne&limit=5")
    text = "".join(page.text)
    hrefs = {a.get("href") for a in page.links()}
    for hit in hits:
        assert hit.content in text
        assert f"/article/{hit.article_id}#st-{hit.local_id}" in hrefs
        if hit.speaker_key:
            assert "/speaker/" + quote(hit.speaker_key, safe="") in hrefs
    # The form keeps what was asked.
    assert any(t == "input" and a.get("name") == "q" and a.get("value") == "Rhône" for t, a in page.elements)


def test_search_filters_reach_the_store(demo_app: App) -> None:
    everything = demo_app._store.search(None, limit=500, min_confidence=0.5)  # the page's default
    direct = [h for h in everything if h.kind == "direct"]
    assert direct and len(direct) < len(everything)
    page = _ok(demo_app, "/", "kind=direct&limit=500")
    kinds = [c for c in page.elements if c[0] == "span" and "kind" in (c[1].get("class") or "").split()]
    assert len(kinds) == len(direct)
    assert {a.get("class") for _, a in kinds} == {"kind k-direct"}


def test_unknown_speaker_filter_says_so(demo_app: App) -> None:
    page = _ok(demo_app, "/", "speaker=Nobody+Atall")
    assert "No speaker is known as 'Nobody Atall'." in "".join(page.text)


def test_every_page_renders(demo_app: App) -> None:
    store = demo_app._store
    infos = store.articles()
    assert len(infos) >= 10
    _ok(demo_app, "/")
    _ok(demo_app, "/articles")
    _ok(demo_app, "/articles", "q=ferry")
    for info in infos:
        _ok(demo_app, f"/article/{info.id}")
    speakers = _ok(demo_app, "/speakers")
    top = store.speakers(limit=5)
    assert all(c.name in "".join(speakers.text) for c in top)
    _ok(demo_app, "/speakers", "by=site&since=2020&until=2030")
    for count in top:
        page = _ok(demo_app, "/speaker/" + quote(count.key, safe=""))
        assert count.name in "".join(page.text)
        assert (
            len([a for a in page.links() if (a.get("href") or "").startswith("/article/")])
            == count.statements
        )
    _ok(demo_app, "/compare")
    css = demo_app.route("/static/style.css")
    assert css.status == 200 and css.content_type.startswith("text/css") and b".hl.con" in css.body


def test_speaker_part_of_a_name_offers_a_choice(demo_app: App) -> None:
    found = demo_app._store.resolve_speaker("an")
    assert len(found) > 1
    page = _ok(demo_app, "/speaker/an")
    hrefs = {a.get("href") for a in page.links()}
    assert all("/speaker/" + quote(key, safe="") in hrefs for key, _ in found)


def test_compare_shows_both_accounts(demo_app: App) -> None:
    store = demo_app._store
    a, b = store.event_pair("Rhône talks Geneva")
    cmp = store.compare(a.id, b.id)
    page = _ok(demo_app, "/compare", f"a={a.id}&b={b.id}")
    text = "".join(page.text)
    for pair in cmp.pairs:
        assert pair.a.content in text and pair.b.content in text
    for hit in cmp.only_a + cmp.only_b:
        assert hit.content in text
    assert all(f in text for f in cmp.figures_only_a)
    api = demo_app.route("/api/compare", f"a={a.id}&b={b.id}")
    assert api.status == 200
    assert len(json.loads(api.body)["pairs"]) == len(cmp.pairs)


def test_article_highlights_match_the_statements(demo_app: App) -> None:
    """For every demo article: the page's text is the stored text, and each role's highlighted text
    is exactly the text its offsets slice."""
    store = demo_app._store
    checked = deep = 0
    for info in store.articles():
        article = store.article(info.id)
        page = _ok(demo_app, f"/article/{info.id}")
        assert "".join(page.article_text) == article.text
        for st in article.statements:
            assert page.role_text(f"{st.id}:content") == "".join(article.slice(s) for s in st.content)
            if st.source is not None:
                assert page.role_text(f"{st.id}:source") == article.slice(st.source)
            if st.cue is not None:
                assert page.role_text(f"{st.id}:cue") == article.slice(st.cue)
            checked += 1
        deep += sum(1 for c in page.classes if "deep" in c)
        anchors = {a.get("id") for t, a in page.elements if t == "span" and a.get("class") == "anchor"}
        assert {f"st-{st.id}" for st in article.statements if st.content or st.source or st.cue} <= anchors
    assert checked > 50
    assert deep > 0, "relayed statements (content inside content) are shown as nested"


def test_article_page_lists_speakers_metadata_and_removed(demo_app: App) -> None:
    store = demo_app._store
    info = max(store.articles(), key=lambda i: len(store.article(i.id).removed))
    article = store.article(info.id)
    page = _ok(demo_app, f"/article/{info.id}")
    text = "".join(page.text)
    for sp in article.speakers:
        assert sp.name in text
    assert article.removed and all(r.text in text for r in article.removed)
    assert any(t == "details" for t, _ in page.elements)
    if article.metadata.published:
        assert article.metadata.published in text


def test_api_search_and_article(demo_app: App) -> None:
    response = demo_app.route("/api/search", "q=Rh%C3%B4ne&limit=3")
    assert response.status == 200 and response.content_type.startswith("application/json")
    data = json.loads(response.body)
    assert 1 <= data["count"] == len(data["statements"]) <= 3
    first = data["statements"][0]
    article = json.loads(demo_app.route(f"/api/article/{first['article_id']}").body)
    assert article["id"] == first["article_id"]
    for st in article["statements"]:
        for start, end in st["content"]["spans"]:
            assert article["article"]["text"][start:end] in st["content"]["text"]
    speakers = json.loads(demo_app.route("/api/speakers", "limit=3").body)["speakers"]
    assert len(speakers) == 3
    timeline = json.loads(demo_app.route("/api/speaker/" + quote(speakers[0]["key"], safe="")).body)
    assert len(timeline["statements"]) == speakers[0]["statements"]


def test_speaker_timeline_is_bounded_and_filtered(demo_app: App) -> None:
    # the most quoted speaker whose statements come from at least one known site
    top = next(
        sp for sp in demo_app._store.speakers(limit=50) if sp.statements >= 2 and set(sp.sites) - {"(no site)"}
    )
    path = "/speaker/" + quote(top.key, safe="")
    page = _ok(demo_app, path, "limit=1")
    assert len([a for a in page.links() if (a.get("href") or "").startswith("/article/")]) == 1
    assert "Showing the first 1 statements." in "".join(page.text)
    site = next(s for s in top.sites if s != "(no site)")
    data = json.loads(demo_app.route("/api" + path, "site=" + quote(site)).body)
    assert len(data["statements"]) == top.sites[site]
    assert {s["site"] for s in data["statements"]} == {site}


def test_search_hides_unsure_statements_unless_asked(demo_app: App) -> None:
    store = demo_app._store
    unsure = [h for h in store.search(None, limit=500, min_confidence=0.0) if h.confidence < 0.5]
    assert unsure, "the demo store holds statements the verifier is unsure of"
    hidden = _ok(demo_app, "/", "limit=500")
    shown = _ok(demo_app, "/", "limit=500&min_confidence=0")
    for hit in unsure[:5]:
        anchor = f"/article/{hit.article_id}#st-{hit.local_id}"
        assert anchor not in {a.get("href") for a in hidden.links()}
        assert anchor in {a.get("href") for a in shown.links()}
    bad = demo_app.route("/", "min_confidence=%C2%B2")
    assert bad.status == 400
