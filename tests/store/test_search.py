"""Full-text search over what was said, with each filter."""

from __future__ import annotations

import pytest

from saidwhat.errors import StoreError
from saidwhat.store import Store

from .corpus import fill


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


def contents(hits: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(h.content for h in hits)


def test_words_match_with_stemming_and_rank(filled: Store) -> None:
    hits = filled.search("destroy fishing")
    assert contents(hits) == [
        "the harbour plan would destroy the fishing industry and cost 400 jobs",
        "the plan would destroy the fishing industry",
    ]
    assert all(h.score is not None for h in hits)
    assert hits[0].score >= hits[1].score  # type: ignore[operator]
    # "arrests" finds "arrested": the index stems English words.
    assert len(filled.search("arrests")) == 2


def test_phrase_query(filled: Store) -> None:
    assert contents(filled.search('"raise taxes"')) == ["We will not raise taxes", "We will not raise taxes"]
    assert filled.search('"taxes raise"') == []


def test_speaker_filter_takes_key_or_any_alias(filled: Store) -> None:
    by_name = filled.search(speaker="Ana Ruiz", limit=None)
    by_alias = filled.search(speaker="ruiz", limit=None)  # "Ruiz" as written in a quote's source
    by_title = filled.search(speaker="Mayor Ana Ruiz", limit=None)
    by_key = filled.search(speaker="ana ruiz|person", limit=None)
    assert len(by_name) == 3
    assert contents(by_name) == contents(by_alias) == contents(by_title) == contents(by_key)
    assert {h.speaker for h in by_name} == {"Ana Ruiz"}
    assert filled.search(speaker="Nobody At All") == []


def test_site_and_date_filters(filled: Store) -> None:
    assert {h.site for h in filled.search(site="bay times", limit=None)} == {"Bay Times"}
    assert len(filled.search(site="Coast News", limit=None)) == 8
    march = filled.search(since="2024-03", until="2024-03", limit=None)
    assert {h.published[:7] for h in march} == {"2024-03"}  # type: ignore[index]
    assert len(march) == 8
    assert len(filled.search(since="2024-03-06", limit=None)) == 8  # Bay Times (6 March) and the budget (May)
    assert len(filled.search(until="2024-03-05", limit=None)) == 4
    with pytest.raises(StoreError, match="bad date"):
        filled.search(since="last tuesday")


def test_kind_filter_and_limit(filled: Store) -> None:
    direct = filled.search(kind="direct", limit=None)
    assert {h.kind for h in direct} == {"direct"} and len(direct) == 4
    assert len(filled.search(kind=["direct", "indirect"], limit=None)) == 12
    assert len(filled.search(limit=5)) == 5
    with pytest.raises(StoreError, match="unknown statement kind"):
        filled.search(kind="shouted")


def test_filters_combine_with_a_query(filled: Store) -> None:
    hits = filled.search("taxes", speaker="Mary Lee", kind="direct")
    assert [(h.speaker, h.content) for h in hits] == [("Mary Lee", "We will not raise taxes")]
    assert hits[0].parent_id is not None  # relayed by the aide


def test_without_query_newest_first(filled: Store) -> None:
    dates = [h.published for h in filled.search(limit=None)]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


def test_bad_query_syntax_is_a_one_line_store_error(tmp_path: object) -> None:
    with Store.open(f"{tmp_path}/s.db") as store:
        fill(store)
        for bad in ('"unclosed', "taxes AND", "nosuchcolumn: x", "(a OR"):
            with pytest.raises(StoreError, match="bad search query") as caught:
                store.search(bad)
            assert "\n" not in str(caught.value)
