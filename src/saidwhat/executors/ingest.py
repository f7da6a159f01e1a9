"""Ingestion: extract many pages and keep them in the store, through its one writer.

This process reads the inputs (:func:`saidwhat.io.readers.iter_sources`), skips
every page whose content hash the store already holds (so a rerun after a
crash only does what is missing), hands the rest to the local executor
(:class:`saidwhat.executors.local.LocalExecutor`: this process, or worker
processes with ``jobs`` > 1) and writes each result itself, one transaction per
article. Pages run through the pipeline as ``saidwhat extract`` runs them,
with the batch's furniture profile learned from ``first_pass`` (the same paths
read once more), so ingesting a directory stores the statements that
extracting it prints.

Every failure is recorded in the store with its reason and said on stderr as
``saidwhat: PATH: reason``; a rerun skips the pages that failed before (and
says how many) unless asked to retry them.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from ..core.errors import SaidwhatError
from ..core.model import Article
from ..core.options import Options
from ..core.sources import Failure, Source
from ..io.writers.store import StoreWriter
from ..io.writers.terminal import safe
from ..store import AddStatus, Store
from .local import MAX_JOBS, LocalExecutor, LostWorker, check_jobs

__all__ = ["MAX_JOBS", "IngestCounts", "Progress", "check_jobs", "ingest", "ingest_results"]


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


# -- main side ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    """What one ingestion writes to and reports to."""

    store: Store
    counts: IngestCounts
    progress: Progress
    writer: StoreWriter = field(init=False)

    def __post_init__(self) -> None:
        self.writer = StoreWriter(self.store)  # the store-writing side, as io writes every output

    def failed(self, failure: Failure, sha: str = "") -> None:
        """Record a failure in the store and say it on stderr, as ``saidwhat extract`` does."""
        self.writer.fail(failure, sha)
        self.counts.failed += 1
        self.progress.failure(failure)

    def record(self, result: Article | Failure, sha: str) -> None:
        if isinstance(result, Failure):
            self.failed(result, sha)
            return
        try:
            outcome = self.writer.add(result)
        except SaidwhatError as err:
            self.failed(Failure(result.input.path, err.reason, type(err).__name__), sha)
            return
        if outcome.status is AddStatus.DUPLICATE:
            self.counts.skipped += 1
        else:
            self.counts.kept += 1
            self.counts.versions += outcome.status is AddStatus.VERSION


def _pending(sources: Iterable[Source | Failure], run: _Run, failed_before: set[str]) -> Iterator[Source]:
    """Sources still to extract; failures to read are recorded on the way.

    Pages already stored are skipped, and so are those in ``failed_before`` (counted apart)."""
    stored = run.store.known_hashes(failed=False)
    seen: set[str] = set()
    for item in sources:
        if isinstance(item, Failure):
            run.failed(item)
        else:
            sha = _sha256(item)
            if sha in stored or sha in seen:
                run.counts.skipped += 1
            elif sha in failed_before:
                run.counts.skipped += 1
                run.counts.skipped_failed += 1
                seen.add(sha)  # the same page twice in one run is counted once
            else:
                seen.add(sha)
                yield item
        run.progress.update(run.counts)


def ingest(
    store: Store,
    sources: Iterable[Source | Failure],
    options: Options | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    retry_failed: bool = False,
    first_pass: Iterable[Source | Failure] | None = None,
) -> IngestCounts:
    """Extract and store every source; returns the counts. ``jobs`` > 1 uses worker processes;
    ``first_pass`` (the same batch read once more) gives the batch's furniture profile, as
    :func:`saidwhat.pipeline.extract_batch` takes it.

    Pages that failed in an earlier run are skipped too, unless ``retry_failed``."""
    executor = LocalExecutor(options or Options(), jobs)
    run = _Run(store, IngestCounts(), progress or Progress(enabled=False))
    pending = _pending(sources, run, set() if retry_failed else store.failed_hashes())
    for source, result in executor.run(pending, first_pass):
        if isinstance(result, LostWorker):
            run.failed(result)  # without its hash, so that the next run tries the page again
        else:
            run.record(result, _sha256(source))
        run.progress.update(run.counts)
    return run.counts


def _sha256(source: Source) -> str:
    return hashlib.sha256(source.data).hexdigest()


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
