"""Crash safety: a real SIGKILL in the middle of an ingestion, then a rerun of the same command."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_PAGES = 150


def _write_pages(root: Path) -> None:
    for i in range(N_PAGES):
        (root / f"p{i // 50}").mkdir(exist_ok=True)
        (root / f"p{i // 50}" / f"story-{i:04d}.txt").write_text(
            f"Harbour story number {i}\n\n"
            f'"We will rebuild pier {i}," Mayor Jane Doe said on Monday. '
            f"Fishermen's leader Tom Okafor said {i} boats were lost.\n"
        )


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0  # the schema is being written
    finally:
        conn.close()


def _check_integrity(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # The full-text indexes match their base tables exactly (raises if not).
        conn.execute("INSERT INTO statements_fts(statements_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        # No half-written article: each has all the statements it declares.
        partial = conn.execute(
            """SELECT COUNT(*) FROM articles a WHERE a.n_statements <>
            (SELECT COUNT(*) FROM statements s WHERE s.article_id = a.id)"""
        ).fetchone()[0]
        assert partial == 0
        dupes = conn.execute("SELECT COUNT(*) - COUNT(DISTINCT sha256) FROM articles").fetchone()[0]
        assert dupes == 0
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


def test_kill_mid_ingestion_then_rerun_completes_without_duplicates(tmp_path: Path) -> None:
    pages, db = tmp_path / "pages", tmp_path / "s.db"
    pages.mkdir()
    _write_pages(pages)
    command = [sys.executable, "-m", "saidwhat", "ingest", str(pages), "--db", str(db), "--jobs", "1"]
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while _count(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL, "the ingestion ended before it could be killed"
    stored = _check_integrity(db)
    assert 10 <= stored < N_PAGES

    rerun = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"kept {N_PAGES - stored}, skipped {stored}, failed 0" in rerun.stderr
    assert _check_integrity(db) == N_PAGES


def _session(sid: int) -> list[int]:
    """Live processes of session ``sid`` (zombies, ended but not yet reaped, are not counted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # state, ppid, pgrp, session, ...
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the processes")
def test_workers_die_with_a_killed_parallel_ingestion_and_a_rerun_finishes(tmp_path: Path) -> None:
    pages, db = tmp_path / "pages", tmp_path / "s.db"
    pages.mkdir()
    _write_pages(pages)
    command = [sys.executable, "-m", "saidwhat", "ingest", str(pages), "--db", str(db), "--jobs", "2"]
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while _count(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        helpers = [p for p in _session(proc.pid) if p != proc.pid]
        # the resource tracker, the fork server and the two workers are running
        assert len(helpers) >= 4, f"the pool was not running when the ingestion was killed: {helpers}"
        os.kill(proc.pid, signal.SIGKILL)  # the ingestion alone, as `kill -9 PID` does
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL, "the ingestion ended before it could be killed"
        deadline = time.monotonic() + 20
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session(proc.pid) == [], "processes of the killed ingestion are still running"
    finally:
        for pid in _session(proc.pid):  # never leave them behind, whatever the test found
            os.kill(pid, signal.SIGKILL)
    stored = _check_integrity(db)
    assert 10 <= stored < N_PAGES

    rerun = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"kept {N_PAGES - stored}, skipped {stored}, failed 0" in rerun.stderr
    assert _check_integrity(db) == N_PAGES
