"""Statements marked wrong and merges undone, in the store: hidden but kept, with who and when, and
kept when a page is ingested again; pages of results, grouped counts and the other coverage of a story.
Each test runs on SQLite and, when SAIDWHAT_TEST_PG names a server, on PostgreSQL (the ``store`` fixture)."""

from __future__ import annotations

import pytest

from saidwhat.core.errors import StoreError
from saidwhat.core.model import Article
from saidwhat.core.options import Options
from saidwhat.pipeline import extract_bytes
from saidwhat.store import Store


def page(path: str, body: str, title: str = "News") -> Article:
    return extract_bytes(f"{title}\n\n{body}\n".encode(), path, Options())


def test_a_marked_statement_is_hidden_kept_and_survives_a_new_version(store: Store) -> None:
    body = '"Rates will stay where they are," Elena Vasquez said on Monday. "We are ready," Tom Ruiz said.'
    first = store.add(page("a.txt", body)).article_id
    hits = store.search(None, limit=None)
    assert len(hits) == 2
    wrong = next(h for h in hits if "Rates" in h.content)
    store.mark_statement(wrong.statement_id, "the quote is Ruiz's", by="ed")
    assert [h.statement_id for h in store.search(None, limit=None)] == [
        h.statement_id for h in hits if h is not wrong
    ]
    assert store.count_statements(None) == 1
    assert sum(c.statements for c in store.speakers()) == 1
    assert sum(r.count for r in store.statement_counts(["kind"])) == 1
    assert len(store.statements_of(first)) == 2  # kept in its article
    # a changed version of the page: the same statement stays hidden, with the first mark's author
    store.add(page("a.txt", body + ' "More later," Tom Ruiz said.'))
    assert store.count_statements(None) == 2
    marks = store.statement_marks()
    assert (
        len(marks) == 2
        and {m.made_by for m in marks} == {"ed"}
        and {m.reason for m in marks} == {"the quote is Ruiz's"}
    )
    store.add(
        page("a.txt", body + ' "More later," Tom Ruiz said.')
    )  # the same content again: nothing changes
    assert len(store.statement_marks()) == 2
    assert store.unmark_statement(wrong.statement_id, by="ed") == 1
    assert len(store.statement_marks()) == 1 and len(store.statement_marks(active=False)) == 2
    with pytest.raises(StoreError, match="no statement"):
        store.mark_statement(999_999)
    with pytest.raises(StoreError, match="at most"):
        store.mark_statement(wrong.statement_id, "x" * 600)


def test_a_merge_undone_gives_back_statements_names_and_redirects(store: Store) -> None:
    store.add(page("a.txt", '"Rates will stay," Elena Vasquez said on Monday.'))
    store.add(page("b.txt", '"Rates will go up," Tom Ruiz said on Monday. "Not yet," Ruiz added.'))
    before = {c.key: c.statements for c in store.speakers()}
    store.merge_speakers("Tom Ruiz", "Elena Vasquez", by="ed")
    assert store.resolve_speaker("Ruiz") == [("person:elena vasquez", "Elena Vasquez")]
    edit = store.speaker_edits()[-1]
    key, target, moved = store.undo_merge(edit["id"], by="ed2")
    assert (key, target, moved) == ("person:tom ruiz", "person:elena vasquez", before["person:tom ruiz"])
    assert {c.key: c.statements for c in store.speakers()} == before
    assert store.resolve_speaker("Ruiz") == [("person:tom ruiz", "Tom Ruiz")]
    store.add(page("c.txt", '"Later," Tom Ruiz said on Tuesday.'))  # the redirect is gone too
    assert {c.key: c.statements for c in store.speakers()}["person:tom ruiz"] == before["person:tom ruiz"] + 1
    log = store.speaker_edits()
    assert log[-2]["undone_by"] == "ed2" and log[-1]["action"] == "unmerge"
    with pytest.raises(StoreError, match="undone already"):
        store.undo_merge(edit["id"])
    with pytest.raises(StoreError, match="no merge"):
        store.undo_merge(log[-1]["id"])


def test_search_pages_are_disjoint_and_counted(store: Store) -> None:
    for i in range(5):
        store.add(page(f"p{i}.txt", f'"Point {i} one," Ann Lee said. "Point {i} two," Bo Chan said.'))
    total = store.count_statements(None)
    assert total == 10
    for order in ("relevance", "date", "speaker", "site", "kind", "confidence"):
        pages = [store.search(None, limit=3, offset=o, order=order) for o in range(0, total, 3)]
        ids = [h.statement_id for p in pages for h in p]
        assert sorted(ids) == sorted(h.statement_id for h in store.search(None, limit=None))
    names = [h.speaker for h in store.search(None, limit=None, order="speaker", descending=True)]
    assert names == sorted(names, reverse=True)
    with pytest.raises(StoreError, match="offset"):
        store.search(None, offset=-1)
    with pytest.raises(StoreError, match="order"):
        store.search(None, order="colour")
    assert store.count_statements("point") == 10 and store.count_statements("nothingsuch") == 0


def test_counts_by_week_fold_days(store: Store) -> None:
    from saidwhat.store.browse import week_of

    assert week_of("2026-03-01") == "2026-02-23" and week_of("2026-03-02") == "2026-03-02"
    assert week_of("2026-02-30") is None and week_of(None) is None
    with pytest.raises(StoreError, match="cannot count"):
        store.statement_counts(["planet"])


def test_related_articles_find_the_same_story(store: Store) -> None:
    story = (
        '"The bridge will reopen in April," transport minister Carla Duarte said on Monday after the '
        "inspection of the Tagus viaduct. Engineers found corrosion in three cables of the viaduct."
    )
    other = (
        '"We expect the viaduct to reopen in April," Carla Duarte told reporters, after engineers found '
        "corroded cables on the Tagus crossing during an inspection."
    )
    unrelated = (
        '"Tickets for the festival sold out in an hour," organiser Pim Vos said about the music festival.'
    )
    a = store.add(page("a.txt", story, "Tagus viaduct to reopen in April")).article_id
    b = store.add(page("b.txt", other, "Viaduct over the Tagus reopens in April")).article_id
    store.add(page("c.txt", unrelated, "Festival sold out"))
    found = store.related_articles(a)
    assert [r.article.id for r in found] == [b]
    assert found[0].shared_speakers == ["person:carla duarte"] and not found[0].duplicate
