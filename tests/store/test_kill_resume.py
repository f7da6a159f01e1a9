"""Crash safety: a real SIGKILL in the middle of an ingestion, then a rerun of the same command."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

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
