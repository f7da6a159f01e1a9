"""Ingestion: extract many pages on several processes and write them through one writer.

The main process reads the inputs (:func:`saidwhat.io.readers.iter_sources`),
skips every page whose content hash the store already holds (so a rerun after
a crash only does what is missing), hands the rest to worker processes that
run the pipeline, and writes each result itself, one transaction per article.
At most ``jobs * 4`` pages are in flight, so memory stays bounded whatever
the size of the input.

Every failure is recorded in the store with its reason and said on stderr as
``saidwhat: PATH: reason``; a rerun skips the pages that failed before (and
says how many) unless asked to retry them.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import select
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TextIO

from ..core.errors import SaidwhatError, UsageError
from ..core.model import Article
from ..core.options import Options
from ..core.sources import Failure, Source
from ..io.writers.terminal import safe
from ..pipeline import Stage, build_pipeline, extract_source
from .records import AddStatus
from .store import Store

__all__ = ["MAX_JOBS", "IngestCounts", "Progress", "check_jobs", "ingest", "ingest_results"]

MAX_JOBS = 256
_WATCH_SECONDS = 0.5  # how often a worker without a pidfd looks for its ingestion


@dataclass(slots=True)
class IngestCounts:
    kept: int = 0  # articles newly stored (new pages and new versions)
    versions: int = 0  # of which new versions of a page already stored
    skipped: int = 0  # pages already in the store (same content), or that failed in an earlier run
    skipped_failed: int = 0  # of which pages that failed before (``--retry-failed`` extracts them again)
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def pages(self) -> int:
        return self.kept + self.skipped + self.failed

    @property
    def rate(self) -> float:
        return self.pages / max(time.monotonic() - self.started, 1e-6)


class Progress:
    """A one-line progress display on a terminal; silent otherwise (the final summary always prints)."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None, every: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.every = every
        self._last = 0.0

    def line(self, counts: IngestCounts) -> str:
        return (
            f"{counts.pages:,} pages  {counts.rate:,.1f} pages/s  "
            f"kept {counts.kept:,}  skipped {counts.skipped:,}  failed {counts.failed:,}"
        )

    def update(self, counts: IngestCounts, force: bool = False) -> None:
        now = time.monotonic()
        if self.enabled and (force or now - self._last >= self.every):
            self._last = now
            self.stream.write("\r" + self.line(counts) + "\x1b[K")
            self.stream.flush()

    def _clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")

    def failure(self, failure: Failure) -> None:
        """One line per failure, ``saidwhat: PATH: reason``, above the progress line."""
        self._clear()
        self.stream.write(f"saidwhat: {safe(str(failure))}\n")
        self._last = 0.0  # redraw the progress line at the next update
        self.stream.flush()

    def finish(self, counts: IngestCounts, where: str) -> None:
        self._clear()
        versions = f" ({counts.versions:,} new versions)" if counts.versions else ""
        self.stream.write(
            f"ingested {counts.pages:,} pages in {time.monotonic() - counts.started:.1f} s "
            f"({counts.rate:,.1f} pages/s): kept {counts.kept:,}{versions}, skipped {counts.skipped:,}, "
            f"failed {counts.failed:,} -> {safe(where)}\n"
        )
        if counts.skipped_failed:
            self.stream.write(
                f"saidwhat: skipped {counts.skipped_failed:,} pages that failed before "
                "(`saidwhat failures` lists them; --retry-failed extracts them again)\n"
            )
        self.stream.flush()


# -- worker side ----------------------------------------------------------------------------

_STAGES: list[Stage] = []
_OPTIONS: list[Options] = []


def _init_worker(options: Options, parent: int | None = None) -> None:
    if parent is not None:
        _die_with(parent)
    _OPTIONS[:] = [options]
    _STAGES[:] = build_pipeline(options)


def _die_with(parent: int) -> None:
    """End this worker as soon as the ingestion process ``parent`` ends, however it ends.

    A worker's own parent is multiprocessing's fork server, so a parent-death signal
    (``PR_SET_PDEATHSIG``) would watch the wrong process. Killed with ``-9``, an ingestion left
    its two workers, the fork server and the resource tracker running for minutes (some 425 MB);
    once the workers end, the other two see their pipes close and end as well. Ending a worker
    at once loses nothing: only the ingestion writes to the store, one committed article at a
    time. A thread waits on a pidfd of the ingestion (Linux 5.3 and later) or, where there is
    none, looks for its pid twice a second.
    """

    def watch() -> None:
        try:
            fd = os.pidfd_open(parent)
        except (AttributeError, OSError):  # no pidfd here, or the ingestion has ended already
            while _alive(parent):
                time.sleep(_WATCH_SECONDS)
        else:
            select.select([fd], [], [])  # readable once the process has ended
        os._exit(1)

    threading.Thread(target=watch, name="saidwhat-ingest-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user took the pid: ours has ended
        return False
    return True


def _extract(source: Source) -> Article | Failure:
    try:
        return extract_source(source, _OPTIONS[0], _STAGES)
    except SaidwhatError as err:
        return Failure(err.where or source.path, err.reason, type(err).__name__)


# -- main side ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    """What one ingestion writes to and reports to."""

    store: Store
    counts: IngestCounts
    progress: Progress

    def failed(self, failure: Failure, sha: str = "") -> None:
        """Record a failure in the store and say it on stderr, as ``saidwhat extract`` does."""
        self.store.add_failure(failure, sha)
        self.counts.failed += 1
        self.progress.failure(failure)

    def record(self, result: Article | Failure, sha: str) -> None:
        if isinstance(result, Failure):
            self.failed(result, sha)
            return
        try:
            outcome = self.store.add(result)
        except SaidwhatError as err:
            self.failed(Failure(result.input.path, err.reason, type(err).__name__), sha)
            return
        if outcome.status is AddStatus.DUPLICATE:
            self.counts.skipped += 1
        else:
            self.counts.kept += 1
            self.counts.versions += outcome.status is AddStatus.VERSION


def _pending(
    sources: Iterable[Source | Failure], run: _Run, failed_before: set[str]
) -> Iterator[tuple[Source, str]]:
    """Sources still to extract, with their hash; failures to read are recorded on the way.

    Pages already stored are skipped, and so are those in ``failed_before`` (counted apart)."""
    stored = run.store.known_hashes(failed=False)
    seen: set[str] = set()
    for item in sources:
        if isinstance(item, Failure):
            run.failed(item)
        else:
            sha = hashlib.sha256(item.data).hexdigest()
            if sha in stored or sha in seen:
                run.counts.skipped += 1
            elif sha in failed_before:
                run.counts.skipped += 1
                run.counts.skipped_failed += 1
                seen.add(sha)  # the same page twice in one run is counted once
            else:
                seen.add(sha)
                yield item, sha
        run.progress.update(run.counts)


def check_jobs(jobs: int) -> None:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
        raise UsageError(f"--jobs must be a whole number from 1 to {MAX_JOBS}, not {jobs!r}")


def ingest(
    store: Store,
    sources: Iterable[Source | Failure],
    options: Options | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    retry_failed: bool = False,
) -> IngestCounts:
    """Extract and store every source; returns the counts. ``jobs`` > 1 uses worker processes.

    Pages that failed in an earlier run are skipped too, unless ``retry_failed``."""
    check_jobs(jobs)
    options = options or Options()
    run = _Run(store, IngestCounts(), progress or Progress(enabled=False))
    pending = _pending(sources, run, set() if retry_failed else store.failed_hashes())
    # A pool costs a second or two to start: a handful of pages is done sooner in this process.
    head = list(itertools.islice(pending, jobs * 2 + 1))
    rest = itertools.chain(head, pending)
    if jobs <= 1 or len(head) <= jobs * 2:
        _ingest_here(run, rest, options)
    else:
        _ingest_pool(run, rest, options, jobs)
    return run.counts


def ingest_results(
    store: Store, results: Iterable[Article | Failure], progress: Progress | None = None
) -> IngestCounts:
    """Store articles extracted elsewhere (a crawl's Parquet tables: :func:`saidwhat.io.parquet.read_run`)
    and record their failures; an article already stored (same content hash) is skipped."""
    run = _Run(store, IngestCounts(), progress or Progress(enabled=False))
    for result in results:
        run.record(result, result.input.sha256 if isinstance(result, Article) else "")
        run.progress.update(run.counts)
    return run.counts


def _ingest_here(run: _Run, pending: Iterable[tuple[Source, str]], options: Options) -> None:
    _init_worker(options)
    for source, sha in pending:
        run.record(_extract(source), sha)
        run.progress.update(run.counts)


def _ingest_pool(run: _Run, pending: Iterable[tuple[Source, str]], options: Options, jobs: int) -> None:
    # Workers start from a fresh server process rather than a fork of this one, which holds a
    # database connection and, once the pool runs, threads: forking either is unsafe. The
    # server imports the pipeline once, so each worker starts with it loaded.
    if sys.platform == "win32":
        context = multiprocessing.get_context("spawn")
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["saidwhat.pipeline", "saidwhat.store.ingest"])
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(options, _parent())
    )
    with pool:
        in_flight: dict[Future[Article | Failure], tuple[str, str]] = {}
        for source, sha in pending:
            in_flight[pool.submit(_extract, source)] = (sha, source.path)
            if len(in_flight) >= jobs * 4:
                _drain(run, in_flight)
        while in_flight:
            _drain(run, in_flight)


def _parent() -> int | None:
    """The pid the workers watch (see :func:`_die_with`); None on Windows, where ``os.kill``
    would end the process it asks about."""
    return None if sys.platform == "win32" else os.getpid()


def _drain(run: _Run, in_flight: dict[Future[Article | Failure], tuple[str, str]]) -> None:
    done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
    for future in done:
        sha, path = in_flight.pop(future)
        try:
            result = future.result()
        except Exception as err:  # noqa: BLE001
            # A worker died (out of memory, killed): the page fails for this run.
            reason = f"worker failed: {type(err).__name__}: {err}".splitlines()[0][:300]
            # Recorded without its hash, so that the next run tries the page again.
            run.failed(Failure(path, reason, "ExtractionError"))
            continue
        run.record(result, sha)
    run.progress.update(run.counts)
