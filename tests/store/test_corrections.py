"""Speakers across the store: merging by evidence, and merge / split / rename kept over re-ingestion."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.cli import main
from saidwhat.core.errors import StoreError
from saidwhat.core.model import Article
from saidwhat.core.options import Options
from saidwhat.pipeline import extract_bytes
from saidwhat.store import Store


def page(path: str, body: str, title: str = "News") -> Article:
    return extract_bytes(f"{title}\n\n{body}\n".encode(), path, Options())


def keys_of(store: Store) -> dict[str, int]:
    return {c.key: c.statements for c in store.speakers(limit=100)}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "s.db") as opened:
        yield opened


def test_one_person_under_a_nickname_and_a_middle_initial_is_one_speaker(store: Store) -> None:
    store.add(
        page("a.txt", '"I never meant to harm anyone," Patrick W. Carlineo Jr. told the court on Monday.')
    )
    store.add(page("b.txt", '"I am sorry for what I said," Pat Carlineo told reporters outside the court.'))
    store.add(page("c.txt", '"We will appeal the verdict," Kyle Busch said on Tuesday.'))
    store.add(page("d.txt", '"The race was fair and clean," Kurt Busch said after the race.'))
    keys = keys_of(store)
    assert keys.get("person:patrick carlineo") == 2, keys
    assert "person:kyle busch" in keys and "person:kurt busch" in keys


def test_two_people_who_fit_a_new_name_keep_it_apart(store: Store) -> None:
    store.add(page("a.txt", '"The plan is sound," Christopher Nolan said on Monday.'))
    store.add(page("b.txt", '"The plan is not sound," Christine Nolan said on Tuesday.'))
    store.add(page("c.txt", '"We will see about the plan," Chris Nolan said on Wednesday.'))
    keys = keys_of(store)
    assert "person:chris nolan" in keys  # both Christopher and Christine fit: no merge


def test_a_merge_holds_for_pages_ingested_later(store: Store) -> None:
    store.add(page("a.txt", '"Rates will stay where they are," Elena Vasquez said on Monday.'))
    store.add(page("b.txt", '"Rates will stay," the central bank governor, E. V. Ruiz, said on Monday.'))
    before = keys_of(store)
    other = next(k for k in before if k != "person:elena vasquez")
    source, target, moved = store.merge_speakers(other, "Elena Vasquez")
    assert (source, target, moved) == (other, "person:elena vasquez", 1)
    store.add(
        page("b.txt", '"Rates will stay for now," the central bank governor, E. V. Ruiz, said on Monday.')
    )
    assert keys_of(store) == {"person:elena vasquez": 2}  # the new version of b.txt keeps the merge
    assert [e["action"] for e in store.speaker_edits()] == ["merge"]
    with pytest.raises(StoreError, match="same speaker"):
        store.merge_speakers("Elena Vasquez", "person:elena vasquez")


def test_a_split_holds_for_a_new_version_of_the_page(store: Store) -> None:
    store.add(page("a.txt", '"Crime fell this year," police chief Ana Ruiz said on Monday.'))
    store.add(page("b.txt", '"We won the cup," football coach Ana Ruiz said on Tuesday.'))
    b = next(a.id for a in store.articles() if a.path == "b.txt")
    new_key, moved = store.split_speaker("Ana Ruiz", [b], name="Ana Ruiz (coach)")
    assert moved == 1 and new_key == "person:ana ruiz#1"
    store.add(page("b.txt", '"We won the cup again," football coach Ana Ruiz said on Tuesday.'))
    assert keys_of(store) == {"person:ana ruiz": 1, "person:ana ruiz#1": 1}
    assert store.rename_speaker(new_key, "Ana Ruiz, coach") == new_key
    with pytest.raises(StoreError, match="no speaker"):
        store.rename_speaker("Nobody At All", "x")


def test_the_command_line_merges_and_refuses_a_store_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    with Store.open(db) as s:
        s.add(page("a.txt", '"We are ready," Mayor Tomas Berg said on Monday.'))
        s.add(page("b.txt", '"We are ready too," Deputy Mayor Lina Holm said on Monday.'))
    assert main(["speakers", "merge", "Lina Holm", "Tomas Berg", "--db", str(db)]) == 0
    assert "merged person:lina holm into person:tomas berg" in capsys.readouterr().err
    assert main(["speakers", "edits", "--db", str(db)]) == 0
    assert '"action": "merge"' in capsys.readouterr().out
    missing = tmp_path / "missing.db"
    assert main(["speakers", "rename", "Tomas Berg", "T. Berg", "--db", str(missing)]) != 0
    assert not missing.exists()
