"""Opening the store: only a writer creates one; readers open it read-only, on read-only media too."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from saidwhat.cli import main
from saidwhat.core.errors import StoreError
from saidwhat.store import Store
from saidwhat.store.schema import LATEST

from .conftest import make_article
from .corpus import fill, harbour_a

Run = Callable[..., subprocess.CompletedProcess[str]]

READERS = [
    ["search", "harbour"],
    ["speakers"],
    ["speaker", "Ruiz"],
    ["compare", "1", "2"],
    ["export"],
    ["failures"],
    ["serve", "--port", "0"],
]


@pytest.mark.parametrize("argv", READERS, ids=lambda argv: argv[0])
def test_only_ingest_creates_a_store(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "nwes.db"
    assert main([*argv, "--db", str(typo)]) == 2
    err = capsys.readouterr().err
    assert err == f"saidwhat: {typo}: no store here (`saidwhat ingest` creates one)\n"
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_holds_no_store_is_refused_by_readers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert main(["search", "x", "--db", str(empty)]) == 2
    assert "no store here" in capsys.readouterr().err
    assert empty.stat().st_size == 0


def test_the_python_api_creates_only_when_asked(target: str, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store.open(target, read_only=True)
    with pytest.raises(StoreError, match="no store here"):
        Store.open(target, create=False)
    with Store.open(target) as store:  # the default creates, as ingest does
        fill(store)
    with Store.open(target, read_only=True) as store:
        assert len(store.search("harbour")) == 2
        with pytest.raises(StoreError, match="read-only|readonly"):
            store.add(make_article("Another page\nNothing was said here."))


def test_an_older_store_opened_by_a_reader_is_upgraded_first(target: str) -> None:
    with Store.open(target, upto=1) as old:
        old.add(harbour_a())
    with Store.open(target, read_only=True) as store:
        assert store.stats().schema_version == LATEST
        assert [h.content for h in store.search("harbour wall")] == [
            "the new harbour wall would protect 3,000 homes from flooding"
        ]


@pytest.fixture
def read_only_run(tmp_path: Path) -> Iterator[Run]:
    """Run saidwhat in a process that sees one directory read-only, as on read-only media: a bind mount
    remounted read-only in a private mount namespace when we are root, file modes otherwise."""
    probe = tmp_path / "probe"
    probe.mkdir()
    root = os.geteuid() == 0
    if root:
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
        wrap = ["unshare", "-m", "sh", "-c", script, "sh"]
        ok = (
            shutil.which("unshare")
            and subprocess.run(
                [*wrap, str(probe), "sh", "-c", f"! touch {probe}/x 2>/dev/null"],
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )
        if not ok:
            pytest.skip("cannot make a read-only mount here (needs unshare and mount as root)")
    changed: list[Path] = []

    def run(directory: Path, *argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "saidwhat", *argv]
        if root:
            command = [*wrap, str(directory), *command]
        else:
            for path in (*directory.iterdir(), directory):
                path.chmod(0o555 if path.is_dir() else 0o444)
                changed.append(path)
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    yield run
    for path in changed:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_store_on_read_only_media_can_be_read(tmp_path: Path, read_only_run: Run) -> None:
    media = tmp_path / "media"
    media.mkdir()
    db = media / "news.db"
    with Store.open(db) as store:
        fill(store)
    assert sorted(p.name for p in media.iterdir()) == ["news.db"]  # closed: no WAL files beside it
    found = read_only_run(media, "search", "arrested", "--format", "jsonl", "--db", str(db))
    assert found.returncode == 0, found.stderr
    assert len(found.stdout.splitlines()) == 2 and found.stderr == ""
    exported = read_only_run(media, "export", "--table", "articles", "--db", str(db))
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == 3
    # Writing is refused with one line, and nothing was written.
    page = tmp_path / "page.txt"
    page.write_text("Harbour vote\n\nThe mayor said the vote would go ahead.\n")
    refused = read_only_run(media, "ingest", str(page), "--db", str(db))
    assert refused.returncode == 2 and refused.stderr.startswith(f"saidwhat: {db}: ")
    assert len(refused.stderr.splitlines()) == 1
    # So is an export into the read-only folder.
    parquet = media / "statements.parquet"
    export = read_only_run(media, "export", "-o", str(parquet), "--db", str(db))
    assert export.returncode == 2 and export.stderr.startswith(f"saidwhat: {parquet}: cannot write: ")
    assert len(export.stderr.splitlines()) == 1
    assert sorted(p.name for p in media.iterdir()) == ["news.db"]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
    conn.close()
