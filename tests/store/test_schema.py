"""Schema and migrations: a new store is created at the latest version; old ones are upgraded."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.core.errors import StoreError
from saidwhat.store import Store, default_location, resolve_target
from saidwhat.store.schema import LATEST, MIGRATIONS

from .corpus import harbour_a


def test_new_store_is_at_the_latest_version(store: Store) -> None:
    assert store.stats().schema_version == LATEST == MIGRATIONS[-1].version
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_sqlite_file_is_created_on_first_use_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "s.db"
    with Store.open(path) as store:
        store.add(harbour_a())
    assert path.exists()
    import sqlite3

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_old_store_is_migrated_and_its_rows_indexed(target: str) -> None:
    # A store at version 1 has no full-text index; its rows are indexed when version 2 is applied.
    with Store.open(target, upto=1) as old:
        assert old.stats().schema_version == 1
        old.add(harbour_a())
    with Store.open(target) as new:
        assert new.stats().schema_version == LATEST
        hits = new.search("harbour wall")
        assert [h.content for h in hits] == ["the new harbour wall would protect 3,000 homes from flooding"]
        # The domains of version 5 are filled for the rows already there.
        assert len(new.search(site="coastnews.example", limit=None)) == len(harbour_a().statements) == 4
        # The unstemmed index of version 4 is built from the rows already there.
        assert [h.content for h in new.search("floodi*")] == [h.content for h in hits]
        assert [a.title for a in new.find_event("meeti*")] == [
            "Harbour plan approved after stormy council meeting"
        ]


def test_a_store_from_a_newer_saidwhat_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path):
        pass
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, 'now')", (LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than this saidwhat"):
        Store.open(path)


def test_location_comes_from_the_argument_then_the_environment_then_xdg(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SAIDWHAT_DB", str(tmp_path / "env.db"))
    assert resolve_target("given.db") == "given.db"
    assert resolve_target(None) == str(tmp_path / "env.db")
    monkeypatch.delenv("SAIDWHAT_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_location() == tmp_path / "xdg" / "saidwhat" / "saidwhat.db"
    assert resolve_target(None) == str(tmp_path / "xdg" / "saidwhat" / "saidwhat.db")


def test_unreachable_postgres_is_a_clean_store_error() -> None:
    with pytest.raises(StoreError, match="cannot connect") as caught:
        Store.open("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(caught.value)


def test_a_path_that_cannot_be_a_database_is_a_clean_store_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text(
        "this is not a database, it is a text file of a reasonable length\n" * 20
    )
    with pytest.raises(StoreError, match="not a database|cannot open"):
        Store.open(tmp_path / "notes.txt")
    with pytest.raises(StoreError):
        Store.open(tmp_path)  # a directory


def test_sqlite_urls_name_a_file(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path}/by-url.db") as store:
        assert store.dialect == "sqlite"
    assert (tmp_path / "by-url.db").exists()
