"""Every page renders on the demo corpus: search with totals, pages, orders and downloads; articles with
their highlights and other coverage; speakers, charts and the comparison."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

from starlette.testclient import TestClient

from saidwhat.store import Store

from .conftest import Page


def _ok(client: TestClient, path: str, query: str = "") -> Page:
    response = client.get(path + ("?" + query if query else ""))
    assert response.status_code == 200, (path, query, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return Page(response.text)


def _text(page: Page) -> str:
    return "".join(page.text)


def _statement_links(page: Page) -> list[str]:
    return [a.get("href") or "" for a in page.links() if "#st-" in (a.get("href") or "")]


def test_search_lists_statements_with_their_article(client: TestClient, demo_store: Store) -> None:
    hits = demo_store.search("Rhône", limit=5, min_confidence=0.5)  # what the page shows by default
    assert hits, "the demo corpus speaks of the Rhône"
    page = _ok(client, "/", "q=Rh%C3%B4ne&per_page=5")
    text = _text(page)
    hrefs = {a.get("href") for a in page.links()}
    for hit in hits:
        assert hit.content in text
        assert f"/article/{hit.article_id}#st-{hit.local_id}" in hrefs
        if hit.speaker_key:
            assert "/speaker/" + quote(hit.speaker_key, safe="") in hrefs
    assert any(t == "input" and a.get("name") == "q" and a.get("value") == "Rhône" for t, a in page.elements)


def test_home_page_counts_every_statement_and_pages_through_them(
    client: TestClient, demo_store: Store
) -> None:
    total = demo_store.count_statements(None, min_confidence=0.5)
    assert total == len(demo_store.search(None, limit=None, min_confidence=0.5)) > 20
    first = _ok(client, "/", "per_page=20")
    assert f"Statements 1–20 of {total}" in _text(first)
    seen: list[str] = []
    pages = -(-total // 20)
    for number in range(1, pages + 1):
        page = _ok(client, "/", f"per_page=20&page={number}")
        seen += _statement_links(page)
    assert len(seen) == total == len(set(seen))  # every statement once: a stable, total order
    last = _ok(client, "/", f"per_page=20&page={pages}")
    assert not [a for a in last.links() if a.get("rel") == "next"]
    assert [a for a in first.links() if a.get("rel") == "next"]


def test_columns_sort_both_ways(client: TestClient, demo_store: Store) -> None:
    for column in ("confidence", "date", "speaker", "site", "kind"):
        up = _statement_links(_ok(client, "/", f"sort={column}&dir=asc&per_page=500"))
        down = _statement_links(_ok(client, "/", f"sort={column}&dir=desc&per_page=500"))
        assert sorted(up) == sorted(down) and len(up) == demo_store.count_statements(None, min_confidence=0.5)
    hits = demo_store.search(None, limit=None, min_confidence=0.5, order="confidence", descending=True)
    values = [h.confidence for h in hits]
    assert values == sorted(values, reverse=True)
    page = _ok(client, "/", "sort=confidence&dir=desc&per_page=500")
    shown = [
        float(x)
        for x in re.findall(
            r"\b[01]\.\d\d\b", " ".join(t for t in page.text if re.fullmatch(r"[01]\.\d\d", t))
        )
    ]
    assert shown == sorted(shown, reverse=True) and len(shown) == len(hits)
    header = [
        a for a in page.links() if a.get("class") == "sort" and "sort=confidence" in (a.get("href") or "")
    ]
    assert header and "dir=asc" in (header[0].get("href") or "")  # the header flips the order


def test_filters_reach_the_store(client: TestClient, demo_store: Store) -> None:
    everything = demo_store.search(None, limit=500, min_confidence=0.5)
    direct = [h for h in everything if h.kind == "direct"]
    assert direct and len(direct) < len(everything)
    page = _ok(client, "/", "kind=direct&per_page=500")
    kinds = [a for t, a in page.elements if t == "span" and "kind" in (a.get("class") or "").split()]
    assert len(kinds) == len(direct) and {a.get("class") for a in kinds} == {"kind k-direct"}
    boxes = [a for t, a in page.elements if t == "input" and a.get("name") == "kind"]
    assert [a.get("value") for a in boxes if "checked" in a] == ["direct"]
    site = next(h.site for h in everything if h.site)
    by_site = _ok(client, "/", "per_page=500&site=" + quote(site))
    assert len(_statement_links(by_site)) == sum(1 for h in everything if h.site == site)


def test_download_is_exactly_what_the_page_shows(client: TestClient) -> None:
    query = "sort=date&dir=desc&per_page=7&page=2&min_confidence=0"
    shown = _statement_links(_ok(client, "/", query))
    assert len(shown) == 7
    rows = list(csv.DictReader(io.StringIO(client.get("/?" + query + "&format=csv").text)))
    lines = client.get("/?" + query + "&format=jsonl").text.splitlines()
    jsonl = [json.loads(line) for line in lines]
    for got in (rows, jsonl):
        assert [f"/article/{r['article_id']}#st-{r['local_id']}" for r in got] == shown
    response = client.get("/?" + query + "&format=csv")
    assert response.headers["content-disposition"] == 'attachment; filename="saidwhat-search.csv"'


def test_permalink_reproduces_the_view(client: TestClient) -> None:
    page = _ok(client, "/", "q=strike&kind=direct&kind=mixed&min_confidence=0&sort=date&dir=desc")
    link = next(a.get("href") or "" for a in page.links() if a.get("class") == "permalink")
    again = _ok(client, "/", link.lstrip("?"))
    assert _statement_links(again) == _statement_links(page)


def test_unknown_speaker_filter_says_so(client: TestClient) -> None:
    page = _ok(client, "/", "speaker=Nobody+Atall")
    assert "No speaker is known as 'Nobody Atall'." in _text(page)


def test_every_page_renders(client: TestClient, demo_store: Store) -> None:
    infos = demo_store.articles()
    assert len(infos) >= 10
    articles = _ok(client, "/articles", "per_page=5")
    assert f"Articles 1–5 of {len(infos)}" in _text(articles)
    _ok(client, "/articles", "q=ferry")
    for info in infos:
        _ok(client, f"/article/{info.id}")
    speakers = _ok(client, "/speakers")
    top = demo_store.speakers(limit=5, min_confidence=0.5)
    assert all(c.name in _text(speakers) for c in top)
    _ok(client, "/speakers", "by=site&since=2020&until=2030")
    for count in top:
        page = _ok(client, "/speaker/" + quote(count.key, safe=""), "per_page=500")
        assert count.name in _text(page)
        assert len(_statement_links(page)) == count.statements
    for path in ("/compare", "/charts", "/edits", "/api/docs"):
        _ok(client, path)
    css = client.get("/static/style.css")
    assert (
        css.status_code == 200
        and css.headers["content-type"].startswith("text/css")
        and b".hl.con" in css.content
    )


def test_speaker_part_of_a_name_offers_a_choice(client: TestClient, demo_store: Store) -> None:
    found = demo_store.resolve_speaker("an")
    assert len(found) > 1
    hrefs = {a.get("href") for a in _ok(client, "/speaker/an").links()}
    assert all("/speaker/" + quote(key, safe="") in hrefs for key, _ in found)


def test_compare_shows_both_accounts(client: TestClient, demo_store: Store) -> None:
    a, b = demo_store.event_pair("Rhône talks Geneva")
    cmp = demo_store.compare(a.id, b.id)
    text = _text(_ok(client, "/compare", f"a={a.id}&b={b.id}"))
    for pair in cmp.pairs:
        assert pair.a.content in text and pair.b.content in text
    for hit in cmp.only_a + cmp.only_b:
        assert hit.content in text
    assert all(f in text for f in cmp.figures_only_a)
    assert f"statements saidwhat is unsure of ({len(cmp.uncertain)})" in text
    api = client.get(f"/api/compare?a={a.id}&b={b.id}")
    assert api.status_code == 200 and len(api.json()["pairs"]) == len(cmp.pairs)


def test_article_lists_the_other_coverage_with_a_compare_link(client: TestClient, demo_store: Store) -> None:
    a, b = demo_store.event_pair("Rhône talks Geneva")
    page = _ok(client, f"/article/{a.id}")
    hrefs = [x.get("href") for x in page.links()]
    assert f"/compare?a={a.id}&b={b.id}" in hrefs
    related = client.get(f"/api/article/{a.id}").json()["related"]
    assert related[0]["article"]["id"] == b.id  # the other account of the talks comes first


def test_article_highlights_match_the_statements(client: TestClient, demo_store: Store) -> None:
    """For every demo article: the page's text is the stored text, and each role's highlighted text
    is exactly the text its offsets slice."""
    checked = deep = 0
    for info in demo_store.articles():
        article = demo_store.article(info.id)
        page = _ok(client, f"/article/{info.id}")
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


def test_only_direct_speech_is_in_quotation_marks(client: TestClient, demo_store: Store) -> None:
    page = Page(client.get("/?per_page=500&min_confidence=0").text)
    quoted = [a for t, a in page.elements if t == "q"]
    hits = demo_store.search(None, limit=500)
    assert len(quoted) == sum(1 for h in hits if h.kind == "direct") > 0


def test_charts_draw_every_statement(client: TestClient, demo_store: Store) -> None:
    body = client.get("/charts?period=month&min_confidence=0").text
    page = Page(body)
    svgs = [a for t, a in page.elements if t == "svg" and a.get("role") == "img"]
    assert len(svgs) == 4
    kinds = {r.groups[0]: r.count for r in demo_store.statement_counts(["kind"])}
    share = re.findall(r"<title>(direct|mixed|indirect|headline): (\d+) ", body)
    assert {k: int(n) for k, n in share} == {k: n for k, n in kinds.items() if n}
    speaker = next(c for c in demo_store.speakers(limit=50) if c.first)  # a speaker of a dated article
    timeline = client.get("/speaker/" + quote(speaker.key, safe="") + "?min_confidence=0").text
    bars = re.findall(r'<rect class="bar"[^>]*><title>[^<]*: (\d+)</title>', timeline)
    dated = sum(r.count for r in demo_store.statement_counts(["month"], speaker=speaker.key) if r.groups[0])
    assert bars and sum(int(n) for n in bars) == dated


def test_search_hides_unsure_statements_unless_asked(client: TestClient, demo_store: Store) -> None:
    unsure = [h for h in demo_store.search(None, limit=500, min_confidence=0.0) if h.confidence < 0.5]
    assert unsure, "the demo store holds statements the verifier is unsure of"
    hidden = set(_statement_links(_ok(client, "/", "per_page=500")))
    shown = set(_statement_links(_ok(client, "/", "per_page=500&min_confidence=0")))
    for hit in unsure[:5]:
        anchor = f"/article/{hit.article_id}#st-{hit.local_id}"
        assert anchor not in hidden and anchor in shown
    assert client.get("/?min_confidence=%C2%B2").status_code == 400


def test_api_search_article_and_speaker(client: TestClient) -> None:
    data = client.get("/api/search?q=Rh%C3%B4ne&per_page=3").json()
    assert 1 <= len(data["statements"]) <= 3 <= data["total"] or len(data["statements"]) == data["total"]
    first = data["statements"][0]
    article = client.get(f"/api/article/{first['article_id']}").json()
    assert article["id"] == first["article_id"]
    for st in article["statements"]:
        for start, end in st["content"]["spans"]:
            assert article["article"]["text"][start:end] in st["content"]["text"]
    speakers = client.get("/api/speakers?limit=3").json()["speakers"]
    assert len(speakers) == 3
    timeline = client.get("/api/speaker/" + quote(speakers[0]["key"], safe="") + "?per_page=500").json()
    assert len(timeline["statements"]) == timeline["total"] == speakers[0]["statements"]
    counts = client.get("/api/counts?group=kind").json()["counts"]
    assert sum(c["statements"] for c in counts) == client.get("/api/search?per_page=1").json()["total"]
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/search" in spec["paths"]
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "speaker", "min_confidence", "page", "per_page", "sort"} <= names


def test_speaker_completion(client: TestClient, demo_store: Store) -> None:
    top = demo_store.speakers(limit=1)[0]
    found = client.get("/api/complete?prefix=" + quote(top.name[:3])).json()["speakers"]
    assert top.key in [s["key"] for s in found]
    assert client.get("/api/complete?prefix=zzzzqqq").json()["speakers"] == []
