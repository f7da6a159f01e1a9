"""Ingestion: extract many pages on several processes and write them through one writer.

The main process reads the inputs (:func:`saidwhat.inputs.iter_sources`),
skips every page whose content hash the store already holds (so a rerun after
a crash only does what is missing), hands the rest to worker processes that
run the pipeline, and writes each result itself, one transaction per article.
At most ``jobs * 4`` pages are in flight, so memory stays bounded whatever
the size of the input.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TextIO

from ..errors import SaidwhatError
from ..model import Article
from ..options import Options
from ..pipeline import Failure, Source, Stage, build_pipeline, extract_source
from .records import AddStatus
from .store import Store

__all__ = ["IngestCounts", "Progress", "ingest"]


@dataclass(slots=True)
class IngestCounts:
    kept: int = 0  # articles newly stored (new pages and new versions)
    versions: int = 0  # of which new versions of a page already stored
    skipped: int = 0  # pages already in the store (same content)
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

    def finish(self, counts: IngestCounts, where: str) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
        versions = f" ({counts.versions:,} new versions)" if counts.versions else ""
        self.stream.write(
            f"ingested {counts.pages:,} pages in {time.monotonic() - counts.started:.1f} s "
            f"({counts.rate:,.1f} pages/s): kept {counts.kept:,}{versions}, skipped {counts.skipped:,}, "
            f"failed {counts.failed:,} -> {where}\n"
        )
        self.stream.flush()


# -- worker side ----------------------------------------------------------------------------

_STAGES: list[Stage] = []
_OPTIONS: list[Options] = []


def _init_worker(options: Options) -> None:
    _OPTIONS[:] = [options]
    _STAGES[:] = build_pipeline(options)


def _extract(source: Source) -> Article | Failure:
    try:
        return extract_source(source, _OPTIONS[0], _STAGES)
    except SaidwhatError as err:
        return Failure(err.where or source.path, err.reason, type(err).__name__)


# -- main side ------------------------------------------------------------------------------


def _pending(
    sources: Iterable[Source | Failure],
    known: set[str],
    counts: IngestCounts,
    store: Store,
    progress: Progress,
) -> Iterator[tuple[Source, str]]:
    """Sources still to extract, with their hash; failures to read are recorded on the way."""
    seen: set[str] = set()
    for item in sources:
        if isinstance(item, Failure):
            store.add_failure(item)
            counts.failed += 1
            progress.update(counts)
            continue
        sha = hashlib.sha256(item.data).hexdigest()
        if sha in known or sha in seen:
            counts.skipped += 1
            progress.update(counts)
            continue
        seen.add(sha)
        yield item, sha


def _record(store: Store, result: Article | Failure, sha: str, counts: IngestCounts) -> None:
    if isinstance(result, Failure):
        store.add_failure(result, sha)
        counts.failed += 1
        return
    try:
        outcome = store.add(result)
    except SaidwhatError as err:
        store.add_failure(Failure(result.input.path, err.reason, type(err).__name__), sha)
        counts.failed += 1
        return
    if outcome.status is AddStatus.DUPLICATE:
        counts.skipped += 1
    else:
        counts.kept += 1
        counts.versions += outcome.status is AddStatus.VERSION


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
    options = options or Options()
    progress = progress or Progress(enabled=False)
    counts = IngestCounts()
    pending = _pending(sources, store.known_hashes(failed=not retry_failed), counts, store, progress)
    # A pool costs a second or two to start: a handful of pages is done sooner in this process.
    head = list(itertools.islice(pending, jobs * 2 + 1))
    rest = itertools.chain(head, pending)
    if jobs <= 1 or len(head) <= jobs * 2:
        _ingest_here(store, rest, options, counts, progress)
    else:
        _ingest_pool(store, rest, options, jobs, counts, progress)
    return counts


def _ingest_here(
    store: Store,
    pending: Iterable[tuple[Source, str]],
    options: Options,
    counts: IngestCounts,
    progress: Progress,
) -> None:
    _init_worker(options)
    for source, sha in pending:
        _record(store, _extract(source), sha, counts)
        progress.update(counts)


def _ingest_pool(
    store: Store,
    pending: Iterable[tuple[Source, str]],
    options: Options,
    jobs: int,
    counts: IngestCounts,
    progress: Progress,
) -> None:
    # Workers start from a fresh server process rather than a fork of this one, which holds a
    # database connection and, once the pool runs, threads: forking either is unsafe. The
    # server imports the pipeline once, so each worker starts with it loaded.
    if sys.platform == "win32":
        context = multiprocessing.get_context("spawn")
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["saidwhat.pipeline", "saidwhat.store.ingest"])
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(options,)
    )
    with pool:
        in_flight: dict[Future[Article | Failure], tuple[str, str]] = {}
        for source, sha in pending:
            in_flight[pool.submit(_extract, source)] = (sha, source.path)
            if len(in_flight) >= jobs * 4:
                _drain(store, in_flight, counts, progress, FIRST_COMPLETED)
        while in_flight:
            _drain(store, in_flight, counts, progress, FIRST_COMPLETED)


def _drain(
    store: Store,
    in_flight: dict[Future[Article | Failure], tuple[str, str]],
    counts: IngestCounts,
    progress: Progress,
    when: str,
) -> None:
    done, _ = wait(list(in_flight), return_when=when)
    for future in done:
        sha, path = in_flight.pop(future)
        try:
            result = future.result()
        except Exception as err:  # a worker died (out of memory, killed): the page fails for this run
            reason = f"worker failed: {type(err).__name__}: {err}".splitlines()[0][:300]
            # Recorded without its hash, so that the next run tries the page again.
            store.add_failure(Failure(path, reason, "ExtractionError"))
            counts.failed += 1
            continue
        _record(store, result, sha, counts)
    progress.update(counts)
