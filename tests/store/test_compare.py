"""Two accounts of one event: voices, aligned statements, what only one reports."""

from __future__ import annotations

import pytest

from saidwhat.core.errors import StoreError
from saidwhat.io.writers.store_tables import comparison_table
from saidwhat.store import Store
from saidwhat.store.compare import align
from saidwhat.store.records import StatementHit

from .corpus import fill


@pytest.fixture
def filled(store: Store) -> tuple[Store, dict[str, int]]:
    return store, fill(store)


def test_voices_show_who_each_account_lets_speak(filled: tuple[Store, dict[str, int]]) -> None:
    store, ids = filled
    cmp = store.compare(ids["a"], ids["b"])
    voices = {v.name: (v.in_a, v.in_b) for v in cmp.voices}
    assert voices == {"Ana Ruiz": (2, 1), "Police": (1, 1), "Tom Okafor": (0, 2), "Save Our Bay": (1, 0)}
    assert [v.name for v in cmp.voices][:2] == ["Ana Ruiz", "Police"]  # heard on both sides first


def test_statements_align_by_speaker_and_content(filled: tuple[Store, dict[str, int]]) -> None:
    store, _ = filled
    cmp = store.compare("a/harbour.html", "https://baytimes.example/council-harbour")
    pairs = {(p.a.who, p.b.who): p for p in cmp.pairs}
    ruiz = pairs[("Ana Ruiz", "Ana Ruiz")]
    assert ruiz.same_speaker and "3,000" in ruiz.a_adds and ruiz.b_adds == []
    police = pairs[("Police", "Police")]
    assert "two" in police.a_adds and "12" in police.b_adds
    # The same claim put in two different mouths is paired and flagged.
    dispute = pairs[("Save Our Bay", "Tom Okafor")]
    assert not dispute.same_speaker and dispute.similarity >= 0.5
    assert dispute.relation == "same words, different speaker"
    assert [h.content for h in cmp.only_a] == ["This is the most important vote of my term"]
    assert [h.content for h in cmp.only_b] == ["We were never consulted"]
    assert "3,000" in cmp.figures_only_a and {"400", "12"} <= set(cmp.figures_only_b)
    assert "Save Our Bay" in cmp.terms_only_a and "scuffles" in cmp.terms_only_b


def test_table_shows_both_sides(filled: tuple[Store, dict[str, int]]) -> None:
    store, ids = filled
    table = comparison_table(store.compare(ids["a"], ids["b"]), width=120)
    assert "SAME WORDS, DIFFERENT SPEAKER: A Save Our Bay, B Tom Okafor" in table
    assert "ONLY IN B (1)" in table and "We were never consulted" in table
    line = next(l for l in table.splitlines() if "two people were arrested" in l)
    assert "│ 12 people were arrested" in line


def test_event_query_finds_two_accounts_from_different_sites(filled: tuple[Store, dict[str, int]]) -> None:
    store, ids = filled
    a, b = store.event_pair("harbour council")
    assert {a.id, b.id} == {ids["a"], ids["b"]}
    with pytest.raises(StoreError, match="only one source"):
        store.event_pair("budget")
    with pytest.raises(StoreError, match="same article"):
        store.compare(ids["a"], "a/harbour.html")


def _hit(i: int, who: str, content: str) -> StatementHit:
    return StatementHit(
        i, 1, f"st{i}", "direct", who, who.lower(), who, None, content, 1.0, None, None, None, None, None, "p"
    )


def test_unrelated_statements_of_one_speaker_are_not_paired() -> None:
    a = [_hit(1, "Jane Doe", "The bridge will reopen in June after repairs")]
    b = [_hit(2, "Jane Doe", "Teachers deserve a pay rise this year")]
    pairs, only_a, only_b = align(a, b)
    assert pairs == [] and len(only_a) == len(only_b) == 1
    c = [_hit(3, "Jane Doe", "the bridge reopens in June once repairs end")]
    pairs, _, _ = align(a, c)
    assert len(pairs) == 1 and pairs[0].same_speaker


def test_two_voices_on_the_same_point_are_paired_but_not_as_a_dispute() -> None:
    a = [_hit(1, "Swiss diplomat", "The French side had demanded a guaranteed minimum flow at the border")]
    b = [
        _hit(
            2, "French diplomat", "The Swiss side had accepted the principle of a minimum flow at the border"
        )
    ]
    pairs, _, _ = align(a, b)
    assert [p.relation for p in pairs] == ["same point, different voices"]
    assert "guaranteed" in pairs[0].a_adds and "accepted" in pairs[0].b_adds


def test_empty_contents_are_left_out(filled: tuple[Store, dict[str, int]]) -> None:
    from saidwhat.store.compare import compare_accounts

    store, ids = filled
    a, b = store.find_article(ids["a"]), store.find_article(ids["b"])
    empty = _hit(99, "Nobody", "")
    cmp = compare_accounts(a, [empty], "x", b, store.statements_of(ids["b"]), "y")
    assert empty not in cmp.only_a and "Nobody" not in {v.name for v in cmp.voices}
