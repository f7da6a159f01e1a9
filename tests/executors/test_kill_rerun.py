"""A real SIGKILL of a local-mode Spark job in the middle of its units, then a rerun of the same command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import spark_missing
from .crawl_pages import PAGES_PER_WARC, write_warc

pytestmark = pytest.mark.slow
N_WARCS = 6
N_UNITS = 2 * N_WARCS


def _markers(out: Path) -> dict[str, int]:
    return {p.parent.name: p.stat().st_mtime_ns for p in out.glob("work/*/_COMMITTED")}


def test_a_killed_job_resumes_from_its_committed_units(tmp_path: Path) -> None:
    reason = spark_missing()
    if reason:
        pytest.skip(reason)
    warcs, out = tmp_path / "warcs", tmp_path / "out"
    warcs.mkdir()
    for n in range(N_WARCS):
        write_warc(warcs / f"crawl-{n}.warc.gz", n, pad=70_000)
    # --split-mb at its floor (64 KiB): each archive (about 75 KiB) is cut into two slices of its records
    command = [sys.executable, "-m", "saidwhat", "spark", str(warcs), "-o", str(out), "--master", "local[1]",
               "--split-mb", "0.0625"]  # fmt: skip
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 600
    while len(_markers(out)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the driver, its JVM and the Python workers
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the job ended before it could be killed"
    before = _markers(out)
    assert 2 <= len(before) < N_UNITS
    assert not json.loads((out / "_saidwhat.json").read_text())["complete"]

    rerun = subprocess.run(command, check=False, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 1, rerun.stderr  # status 1: each archive holds one page that fails
    assert f"{N_UNITS} units ({len(before)} done before)" in rerun.stderr
    after = _markers(out)
    assert len(after) == N_UNITS
    assert {k: after[k] for k in before} == before  # the committed units were not run again

    import pyarrow.dataset as ds

    articles = ds.dataset(out / "articles", format="parquet").to_table().to_pylist()
    failures = ds.dataset(out / "failures", format="parquet").to_table().to_pylist()
    assert len(articles) + len(failures) == N_WARCS * PAGES_PER_WARC
    assert len({(a["input"], a["record"]) for a in articles}) == len(articles)  # each page once
    assert json.loads((out / "_saidwhat.json").read_text())["complete"]
