"""Fuzz saidwhat's parsers with per-input time and memory limits (issue 12).

    .venv/bin/python bench/fuzz.py --inputs 10000 --jobs 2 --seed 1

Inputs are the seed corpus (``tests/fuzz/corpus/<target>/``: the hostile shapes
of issue 12 at a few kilobytes), then random mutations of it, and every
``--big-every``-th input one of those shapes at 50 KB to 2.3 MB (see
``bench/fuzz_targets.py``). Each input runs in a worker process under
saidwhat's own per-document time limit (``--max-seconds``); the runner kills a
worker whose input takes longer than ``--hang-seconds`` (a hang; for a web
archive, a page of it: each of its pages has its own time limit, and an
archive of thousands of pages may rightly take longer) or whose resident
memory passes ``--memory-mb`` (over the limit), and restarts it.
Every input is classed as

- ``ok`` / ``refused`` / ``time-limit``: what saidwhat should do; a refusal
  and a time limit are one-line messages, checked for clarity;
- ``crash``: anything but a saidwhat error raised, a 5xx page, a dead worker;
- ``hang``, ``memory``: killed at the limits above;
- ``unclear``: a message with a program's internals in it (an exception class,
  a traceback, a library's name; :func:`fuzz_targets.unclear`), or a warning
  or anything else written on stderr (a log record) while the input ran.

The summary gives the counts, the peak memory of any input and the slowest
inputs; every input not ``ok``/``refused``/``time-limit`` is printed, and
saved under ``--save DIR`` when given (to become a regression test).
``--shapes all --sizes 400000,2300000`` runs every hostile shape at those sizes
instead and prints each one's outcome, peak memory and CPU time (the memory
table of BENCHMARKS.md). atheris, where it installs, fuzzes one target with
coverage guidance instead: ``bench/fuzz.py --atheris text`` (its own options
follow ``--``; ``pip install atheris``, it is not a dependency).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import multiprocessing
import os
import re
import resource
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzz_targets as ft

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
EXPECTED = ("ok", "refused", "time-limit")


# -- worker ---------------------------------------------------------------------------------------------


def _peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+)", status)
    return int(found.group(1)) / 1024 if found else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    try:  # Linux: "5" resets the peak resident size, so each input's own peak is measured
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _one(targets: ft.Targets, target: str, data: bytes) -> tuple[str, str]:
    from saidwhat.core.errors import LimitExceeded, SaidwhatError
    from saidwhat.io.writers.terminal import safe

    # Log records reach the user as the command line shows them: through logging's last-resort
    # handler, which writes to sys.stderr (captured here with everything else written there).
    stderr, sys.stderr = sys.stderr, io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                outcome, message = targets.run(target, data)
            except LimitExceeded as err:
                outcome, message = "time-limit", err.reason
            except SaidwhatError as err:  # raised instead of yielded: still a clear refusal
                outcome, message = "refused", err.reason
            except Exception as err:  # noqa: BLE001 (what the fuzzer looks for)
                return "crash", f"{type(err).__name__}: {err}"[:500]
        written = sys.stderr.getvalue()
    finally:
        sys.stderr = stderr
    if "took more than the limit" in message:
        outcome = "time-limit"
    noise = [f"warning {w.category.__name__}: {w.message}"[:300] for w in caught]
    if written.strip():
        noise.append("stderr: " + written.strip()[:300])
    if noise:
        return "unclear", "; ".join(noise)
    message = safe(message)  # as the command line prints it (one line, controls replaced)
    if outcome != "ok" and ft.unclear(message):
        return "unclear", message[:500]
    return outcome, message[:300]


def worker(conn: Connection, max_seconds: float, store_dir: str) -> None:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    targets = ft.Targets(max_seconds, Path(store_dir))
    targets.progress = lambda: conn.send("progress")
    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            return
        target, data = job
        _reset_peak()
        started = time.process_time()
        outcome, message = _one(targets, target, data)
        conn.send((outcome, message, _peak_mb(), time.process_time() - started))


# -- runner ---------------------------------------------------------------------------------------------


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"VmRSS:\s+(\d+)", status)
    return int(found.group(1)) / 1024 if found else 0.0


@dataclass
class Worker:
    args: argparse.Namespace
    proc: Any = None
    conn: Connection | None = None
    job: tuple[int, str, str, bytes] | None = None
    started: float = 0.0
    peak: float = 0.0

    def start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=worker, args=(child, self.args.max_seconds, self.args.store_dir), daemon=True
        )
        self.proc.start()
        child.close()
        if not self.conn.poll(120) or self.conn.recv() != "ready":
            raise SystemExit("fuzz: a worker did not start")

    def give(self, job: tuple[int, str, str, bytes]) -> None:
        assert self.conn is not None
        self.job, self.started, self.peak = job, time.monotonic(), 0.0
        self.conn.send((job[1], job[3]))

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.start()

    def check(self) -> tuple[str, str, float, float] | None:
        """The finished job's result, a kill for a hang or over-limit memory, or None while it runs."""
        assert self.conn is not None and self.job is not None
        self.peak = max(self.peak, _rss_mb(self.proc.pid))
        elapsed = time.monotonic() - self.started
        try:
            while self.conn.poll():
                result: tuple[str, str, float, float] | str = self.conn.recv()
                if result == "progress":  # one more page of a web archive done: a hang is a page's
                    self.started = time.monotonic()
                    continue
                assert not isinstance(result, str)
                if _rss_mb(self.proc.pid) > self.args.restart_mb:  # memory kept from a big input
                    self.kill()
                return result
        except (EOFError, OSError):
            code = self.proc.exitcode
            self.kill()
            return "crash", f"worker died (exit code {code})", self.peak, elapsed
        if not self.proc.is_alive():
            code = self.proc.exitcode
            self.kill()
            return "crash", f"worker died (exit code {code})", self.peak, elapsed
        if self.peak > self.args.memory_mb:
            self.kill()
            return "memory", f"resident memory over {self.args.memory_mb} MB", self.peak, elapsed
        elapsed = time.monotonic() - self.started  # since the last page done
        if elapsed > self.args.hang_seconds:
            self.kill()
            return "hang", f"no answer after {self.args.hang_seconds:g} s", self.peak, elapsed
        return None


@dataclass
class Report:
    counts: Counter[str] = field(default_factory=Counter)
    by_target: Counter[tuple[str, str]] = field(default_factory=Counter)
    peak: tuple[float, str] = (0.0, "")
    slowest: list[tuple[float, str]] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    every: bool = False  # print every input's outcome, peak memory and CPU time

    def add(
        self, job: tuple[int, str, str, bytes], result: tuple[str, str, float, float], save: Path | None
    ) -> None:
        number, target, how, data = job
        outcome, message, peak, seconds = result
        self.counts[outcome] += 1
        self.by_target[(target, outcome)] += 1
        name = f"#{number} {target} ({how}, {len(data):,} bytes)"
        if self.every:
            print(f"{outcome:10} {peak:7,.0f} MB {seconds:6.1f} s  {name}: {message[:120]}", flush=True)
        if peak > self.peak[0]:
            self.peak = (peak, name)
        self.slowest = sorted([*self.slowest, (seconds, name)], reverse=True)[:5]
        if outcome not in EXPECTED:
            line = f"{outcome.upper()} {name}: {message}"
            self.bad.append(line)
            print(line, flush=True)
            if save is not None:
                digest = hashlib.sha256(data).hexdigest()[:12]
                (save / target).mkdir(parents=True, exist_ok=True)
                (save / target / f"{outcome}-{digest}").write_bytes(data)

    def summary(self, total: int, wall: float, args: argparse.Namespace) -> str:
        order = ("ok", "refused", "time-limit", "crash", "hang", "memory", "unclear")
        lines = [
            (
                f"{total:,} inputs in {wall:,.0f} s ({args.jobs} workers, seed {args.seed}, "
                f"--max-seconds {args.max_seconds:g}, hang at {args.hang_seconds:g} s, "
                f"memory limit {args.memory_mb} MB)"
            ),
            "  ".join(f"{k} {self.counts[k]:,}" for k in order),
            f"peak memory of one input: {self.peak[0]:,.0f} MB ({self.peak[1]})",
            "slowest (CPU s): " + "; ".join(f"{s:.1f} {n}" for s, n in self.slowest),
        ]
        for target in ft.TARGETS:
            row = [f"{k} {self.by_target[(target, k)]:,}" for k in order if self.by_target[(target, k)]]
            if row:
                lines.append(f"  {target}: " + "  ".join(row))
        return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    seeds = ft.corpus(args.corpus)
    targets = tuple(args.targets.split(","))
    jobs: Iterator[tuple[int, str, str, bytes]]
    if args.shapes:
        names = list(ft.SHAPES) if args.shapes == "all" else args.shapes.split(",")
        sizes = [int(n) for n in args.sizes.split(",")]
        made = ((name, size, ft.shape(name, size)) for name in names for size in sizes)
        jobs = ((k, t, f"shape {name} {size}", data) for k, (name, size, (t, data)) in enumerate(made))
        targets = tuple(dict.fromkeys(ft.SHAPES[name][0] for name in names))
    else:
        jobs = ft.inputs(seeds, targets, args.inputs, args.seed, args.big_every, args.max_bytes)
    if args.store_dir is None:
        import tempfile

        args.store_dir = tempfile.mkdtemp(prefix="saidwhat-fuzz-")
    if {"query", "web"} & set(targets):
        ft.build_store(Path(args.store_dir) / "fuzz.db")
    workers = [Worker(args) for _ in range(args.jobs)]
    for w in workers:
        w.start()
    report, started, done = Report(every=bool(args.shapes)), time.monotonic(), 0
    pending = iter(jobs)
    idle = list(workers)
    busy: list[Worker] = []
    while True:
        while idle:
            job = next(pending, None)
            if job is None:
                break
            w = idle.pop()
            w.give(job)
            busy.append(w)
        if not busy:
            break
        time.sleep(0.02)
        for w in list(busy):
            result = w.check()
            if result is not None:
                assert w.job is not None
                report.add(w.job, result, args.save)
                busy.remove(w)
                idle.append(w)
                done += 1
                if args.progress and done % args.progress == 0:
                    print(f"... {done:,} inputs, {dict(report.counts)}", flush=True)
    for w in workers:
        assert w.conn is not None
        w.conn.send(None)
        w.proc.join(5)
    print(report.summary(done, time.monotonic() - started, args))
    return 1 if report.bad else 0


def run_atheris(target: str, rest: list[str], args: argparse.Namespace) -> int:
    """libFuzzer's loop with coverage of saidwhat's code; starts from a copy of the target's seeds."""
    try:
        import atheris
    except ImportError:
        print(
            "fuzz: atheris is not installed (pip install atheris; it builds on Linux x86-64)", file=sys.stderr
        )
        return 2
    import shutil
    import tempfile

    targets = ft.Targets(args.max_seconds, Path(args.store_dir) if args.store_dir else None)
    _one(targets, target, b"")  # import what the target runs, so that it is instrumented below
    atheris.instrument_all()
    seeds = Path(tempfile.mkdtemp(prefix=f"saidwhat-atheris-{target}-"))
    for path in (args.corpus / target).glob("*"):
        shutil.copy(path, seeds / path.name)  # libFuzzer adds its finds here, not to the committed corpus

    def one(data: bytes) -> None:
        outcome, message = _one(targets, target, data)
        if outcome not in EXPECTED:
            raise RuntimeError(f"{outcome}: {message}")

    atheris.Setup([sys.argv[0], *rest, str(seeds)], one)
    atheris.Fuzz()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rest = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--inputs", type=int, default=1000)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--targets", default=",".join(ft.TARGETS))
    p.add_argument("--max-seconds", type=float, default=10.0, help="saidwhat's per-document time limit")
    p.add_argument("--hang-seconds", type=float, default=60.0)
    p.add_argument("--memory-mb", type=int, default=1024)
    p.add_argument("--restart-mb", type=int, default=600, help="restart a worker that keeps this much")
    p.add_argument("--big-every", type=int, default=200, help="every N-th input is a large hostile shape")
    p.add_argument("--max-bytes", type=int, default=2_400_000)
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--store-dir", default=None)
    p.add_argument("--save", type=Path, default=None)
    p.add_argument("--progress", type=int, default=500)
    p.add_argument("--shapes", default=None, help="run these hostile shapes (names, or 'all') and stop")
    p.add_argument("--sizes", default="400000,700000,2300000", help="sizes in bytes for --shapes")
    p.add_argument("--write-corpus", action="store_true", help="write the shapes as seed files and stop")
    p.add_argument("--atheris", metavar="TARGET", default=None)
    args = p.parse_args(argv)
    if args.write_corpus:
        print(f"{ft.write_corpus(args.corpus)} seed files under {args.corpus}")
        return 0
    if args.atheris:
        return run_atheris(args.atheris, rest, args)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
