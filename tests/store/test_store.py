"""Writing: idempotency, versions of a changed page, exact round trip, failures."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from saidwhat.core.errors import StoreError
from saidwhat.core.sources import Failure
from saidwhat.io.writers.json import article_to_dict
from saidwhat.store import AddStatus, Store

from .conftest import Said, make_article
from .corpus import budget, fill, harbour_a


def test_the_same_content_is_stored_once(store: Store) -> None:
    first = store.add(harbour_a())
    again = store.add(harbour_a())
    assert first.status is AddStatus.ADDED
    assert again == dataclasses.replace(first, status=AddStatus.DUPLICATE)
    stats = store.stats()
    assert (stats.articles, stats.statements) == (1, 4)
    # The speaker "Ana Ruiz" is quoted twice in the article but stored once.
    assert stats.speakers == 3


def test_a_changed_page_at_the_same_url_is_a_new_linked_version(store: Store) -> None:
    old = harbour_a()
    new = make_article(
        old.text.replace("two people", "three people"),
        [Said("Police", "three people were arrested outside the town hall", "indirect")],
        path="a/harbour-v2.html",
        url=old.metadata.url,
        site="Coast News",
        published="2024-03-05",
    )
    first = store.add(old)
    second = store.add(new)
    assert second.status is AddStatus.VERSION and second.previous_id == first.article_id
    chain = store.versions(second.article_id)
    assert [a.id for a in chain] == [first.article_id, second.article_id]
    assert [a.latest for a in chain] == [False, True]
    # Searches see the latest version unless asked for all of them.
    assert [h.content for h in store.search("arrested")] == [
        "three people were arrested outside the town hall"
    ]
    assert len(store.search("arrested", all_versions=True)) == 2
    # Looking the page up by URL gives its latest version.
    assert store.find_article(old.metadata.url or "").id == second.article_id


def test_article_round_trip_keeps_every_span(store: Store) -> None:
    original = budget()
    result = store.add(original)
    rebuilt = store.article(result.article_id)
    # A speaker stored without a key gets one derived from its name and type.
    assert [sp.key for sp in rebuilt.speakers] == [
        "mary lee|person",
        "the treasury|government",
        "an aide|anonymous",
    ]
    for sp in rebuilt.speakers:
        sp.key = ""
    assert article_to_dict(rebuilt) == article_to_dict(original)
    relayed = rebuilt.statement("st4")
    assert relayed is not None and relayed.parent == "st3"


def test_find_article_by_id_url_path_hash_and_file(store: Store, tmp_path: object) -> None:
    ids = fill(store)
    a = harbour_a()
    assert store.find_article(ids["a"]).id == ids["a"]
    assert store.find_article(str(ids["b"])).id == ids["b"]
    assert store.find_article("https://coastnews.example/budget").id == ids["budget"]
    assert store.find_article("a/harbour.html").id == ids["a"]
    assert store.find_article(a.input.sha256[:10]).id == ids["a"]
    with pytest.raises(StoreError, match="no stored article"):
        store.find_article("nothing/like/this")


def test_failures_are_recorded_once_per_input(store: Store) -> None:
    store.add_failure(Failure("x.bin", "binary data", "BinaryInput"), "abc")
    store.add_failure(Failure("x.bin", "binary data, again", "BinaryInput"), "abc")
    store.add_failure(Failure("missing.txt", "no such file", "MissingInput"))
    failures = store.failures()
    assert [(f.path, f.reason, f.error) for f in failures] == [
        ("x.bin", "binary data, again", "BinaryInput"),
        ("missing.txt", "no such file", "MissingInput"),
    ]
    assert "abc" in store.known_hashes()


def test_a_bad_article_fails_alone_and_the_store_stays_usable(store: Store) -> None:
    bad = harbour_a()
    bad.statements[1].id = bad.statements[0].id  # two statements with one id: refused by the schema
    with pytest.raises(StoreError, match="cannot store"):
        store.add(bad)
    assert store.stats().articles == 0  # nothing half-written
    assert store.add(budget()).status is AddStatus.ADDED


def test_opening_and_reading_do_not_wait_for_a_writer(tmp_path: object) -> None:
    import sqlite3
    import time

    path = f"{tmp_path}/s.db"
    with Store.open(path) as store:
        fill(store)
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an ingestion holding the write lock
    try:
        started = time.monotonic()
        with Store.open(path) as reader:
            assert len(reader.search("taxes")) == 3
        assert time.monotonic() - started < 2
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_optimize_refreshes_planner_statistics(tmp_path: object) -> None:
    import sqlite3

    path = f"{tmp_path}/s.db"
    with Store.open(path) as store:
        fill(store)
        store.optimize()
        assert len(store.search("taxes", kind="direct")) == 2
    conn = sqlite3.connect(path)
    try:
        analysed = {row[0] for row in conn.execute("SELECT tbl FROM sqlite_stat1")}
    finally:
        conn.close()
    assert {"articles", "statements"} <= analysed


def test_unusable_arguments_raise_store_errors_in_python_too(store: Store, tmp_path: Path) -> None:
    fill(store)
    not_utf8 = os.fsdecode(b"caf\xe9")
    calls = [
        lambda: store.search("harbour", limit=10**20),
        lambda: store.search(limit=-1),
        lambda: store.search(limit=0),
        lambda: store.speakers(limit=10**20),
        lambda: store.speaker_timeline("Ruiz", limit=-2),
        lambda: store.find_event("harbour", limit=10**20),
        lambda: store.find_article(10**20),
        lambda: store.find_article("9" * 20),
        lambda: store.compare(10**20, 1),
        lambda: store.find_article("²"),
        lambda: store.search(not_utf8),
        lambda: store.search(speaker=not_utf8),
        lambda: store.search(site=not_utf8),
        lambda: store.search(since="2019-13"),
        lambda: store.search(until="9999-99-99"),
        lambda: store.resolve_speaker(not_utf8),
        lambda: store.find_event(not_utf8),
    ]
    for call in calls:
        with pytest.raises(StoreError) as caught:
            call()
        assert "\n" not in str(caught.value)
        str(caught.value).encode("utf-8")
