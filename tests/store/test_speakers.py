"""Who is quoted most, by site and period, and one speaker's timeline."""

from __future__ import annotations

import json

import pytest

from saidwhat.core.errors import StoreError
from saidwhat.store import Store

from .corpus import fill


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


def test_most_quoted_with_sites_and_dates(filled: Store) -> None:
    counts = filled.speakers()
    top = counts[0]
    assert (top.name, top.statements, top.articles) == ("Ana Ruiz", 3, 2)
    assert top.sites == {"Coast News": 2, "Bay Times": 1}
    assert (top.first, top.last) == ("2024-03-05", "2024-03-06")
    assert [c.statements for c in counts] == sorted((c.statements for c in counts), reverse=True)
    by_name = {c.name: c for c in counts}
    assert by_name["Police"].statements == 2 and by_name["Police"].type == "organisation"
    assert filled.speakers(limit=2)[1].statements == 2


def test_counts_by_site_and_period(filled: Store) -> None:
    rows = [r for r in filled.speakers(by="site") if r.name == "Ana Ruiz"]
    assert [(r.group, r.statements) for r in rows] == [("Bay Times", 1), ("Coast News", 2)]
    months = [(r.name, r.group, r.statements) for r in filled.speakers(by="month")]
    assert ("Mary Lee", "2024-05", 2) in months and ("Ana Ruiz", "2024-03", 3) in months
    assert {r.group for r in filled.speakers(by="year")} == {"2024"}
    assert [c.name for c in filled.speakers(site="Bay Times", limit=1)] == ["Tom Okafor"]
    with pytest.raises(StoreError, match="cannot group"):
        filled.speakers(by="weekday")


def test_timeline_is_oldest_first_and_found_by_part_of_a_name(filled: Store) -> None:
    hits = filled.speaker_timeline("okafor")
    assert [h.site for h in hits] == ["Bay Times", "Bay Times"]
    ruiz = filled.speaker_timeline("Ana Ruiz")
    assert [h.published[:10] for h in ruiz] == ["2024-03-05", "2024-03-05", "2024-03-06"]  # type: ignore[index]
    assert filled.speaker_timeline("Ana Ruiz", since="2024-03-06")[0].site == "Bay Times"


def test_timeline_of_an_unknown_or_ambiguous_name_says_so(filled: Store) -> None:
    with pytest.raises(StoreError, match="no speaker matches"):
        filled.speaker_timeline("Zebedee")
    with pytest.raises(StoreError, match="several speakers"):
        filled.speaker_timeline("a")  # in "Ana Ruiz", "Mary Lee", "an aide", ...


def test_pronouns_and_descriptions_are_not_aliases(store: Store) -> None:
    from .conftest import Said, make_article

    text = (
        "Minister speaks\n"
        "Finance minister Rosa Vidal said rates would fall. She said the minister had no plan B. "
        '"Trust us," Vidal said.'
    )
    said = [
        Said("Finance minister Rosa Vidal", "rates would fall", "indirect", name="Rosa Vidal", also=["She"]),
        Said("Vidal", "Trust us", "direct", name="Rosa Vidal", also=["the minister"]),
    ]
    store.add(make_article(text, said))
    assert len(store.search(speaker="Vidal", limit=None)) == 2
    assert len(store.search(speaker="finance minister rosa vidal", limit=None)) == 2
    assert store.search(speaker="she") == [] and store.search(speaker="the minister") == []
    # The article keeps every mention, pronouns included, in its original order.
    rebuilt = store.article("page.txt")
    assert [rebuilt.slice(m) for m in rebuilt.speakers[0].mentions][:2] == [
        "Finance minister Rosa Vidal",
        "She",
    ]


def test_word_lists_are_validated(tmp_path) -> None:
    from saidwhat import lang
    from saidwhat.core.errors import DataError
    from saidwhat.store.text import store_words, words

    assert "the" in words().stopwords and "she" in words().not_name_words
    fts = {"postgresql": "simple", "sqlite_tokenizer": "unicode61"}
    (tmp_path / "language.json").write_text(json.dumps({"name": "Test", "full_text_search": fts}), "utf-8")
    (tmp_path / "store_words.json").write_text(json.dumps({"stopwords": ["Ok", "le"]}), "utf-8")
    assert store_words(lang.load_language(tmp_path, "xx")).stopwords == {"ok", "le"}
    (tmp_path / "store_words.json").write_text(json.dumps({"stopwords": ["ok", 3]}), "utf-8")
    with pytest.raises(DataError, match="store_words.json: 'stopwords' must be a list"):
        lang.load_language(tmp_path, "xx")
