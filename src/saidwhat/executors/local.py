"""The local executor: the pipeline over many sources, on this machine's cores.

:class:`LocalExecutor` takes sources in and gives results out, each beside the
source it came from: an :class:`~saidwhat.core.model.Article`, or a
:class:`~saidwhat.core.sources.Failure` with its reason. It runs the batch as
:func:`saidwhat.pipeline.extract_batch` does, in two passes: given
``first_pass`` (the same batch read once more), it learns the batch's furniture
profile first, then extracts every source with it, so the same pages give the
same statements here as through ``saidwhat extract``.

With ``jobs`` > 1 the sources go to worker processes. Each worker builds one
:class:`~saidwhat.pipeline.Pipeline` with its own
:class:`~saidwhat.core.resources.Resources` when it starts (models are loaded
once per worker) and the profile learned in this process, and dies as soon as
this process ends, however it ends (:func:`_die_with`). A handful of sources is
done sooner in this process than a pool takes to start, so it is.

Results come in the order they are done, not the order of the sources. A
worker that dies on a page (killed, out of memory) gives a :class:`LostWorker`
failure for it: the page itself may be fine.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import select
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.errors import UsageError
from ..core.model import Article
from ..core.options import Options
from ..core.resources import Resources
from ..core.sources import Failure, Source
from ..pipeline import Pipeline, profile_batch

if TYPE_CHECKING:
    from ..pages.furniture_profile import BatchProfile

__all__ = ["MAX_JOBS", "LocalExecutor", "LostWorker", "Result", "check_jobs"]

MAX_JOBS = 256
_WATCH_SECONDS = 0.5  # how often a worker without a pidfd looks for the process it serves

Result = tuple[Source, Article | Failure]


@dataclass(slots=True)
class LostWorker(Failure):
    """A source whose worker process died before it was done: the page was not tried to the end."""


def check_jobs(jobs: int) -> None:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
        raise UsageError(f"--jobs must be a whole number from 1 to {MAX_JOBS}, not {jobs!r}")


class LocalExecutor:
    """Run the pipeline over sources here (``jobs`` = 1) or on ``jobs`` worker processes.

    >>> for source, result in LocalExecutor(Options(), jobs=4).run(sources):   # doctest: +SKIP
    ...     ...
    """

    def __init__(self, options: Options | None = None, jobs: int = 1) -> None:
        check_jobs(jobs)
        self.options = options or Options()
        self.jobs = jobs

    def run(
        self, sources: Iterable[Source], first_pass: Iterable[Source | Failure] | None = None
    ) -> Iterator[Result]:
        """Every source with its result; ``first_pass`` (the same batch once more) gives the
        batch's furniture profile, learned once the first source arrives (never for none)."""
        pending = iter(sources)
        # A pool costs a second or two to start: a handful of pages is done sooner in this process.
        head = list(itertools.islice(pending, self.jobs * 2 + 1))
        if not head:
            return
        profile = profile_batch(first_pass, self.options) if first_pass is not None else None
        rest = itertools.chain(head, pending)
        if self.jobs <= 1 or len(head) <= self.jobs * 2:
            yield from _here(rest, self.options, profile)
        else:
            yield from _pool(rest, self.options, profile, self.jobs)


def _here(sources: Iterable[Source], options: Options, profile: BatchProfile | None) -> Iterator[Result]:
    """The sources extracted one after another in this process, by one pipeline."""
    fed: deque[Source] = deque()

    def feed() -> Iterator[Source]:
        for source in sources:
            fed.append(source)
            yield source

    for result in Pipeline(options, Resources(options), profile).run(feed()):
        yield fed.popleft(), result  # the pipeline gives one result per source, in order


# -- worker side ----------------------------------------------------------------------------------

_WORKER: list[Pipeline] = []  # this worker process's pipeline, built once by _init_worker


def _init_worker(options: Options, profile: BatchProfile | None, parent: int | None) -> None:
    if parent is not None:
        _die_with(parent)
    _WORKER[:] = [Pipeline(options, Resources(options), profile)]


def _extract(source: Source) -> Article | Failure:
    [result] = _WORKER[0].run([source])
    return result


def _die_with(parent: int) -> None:
    """End this worker as soon as the process ``parent`` ends, however it ends.

    A worker's own parent is multiprocessing's fork server, so a parent-death signal
    (``PR_SET_PDEATHSIG``) would watch the wrong process. Killed with ``-9``, an ingestion left
    its two workers, the fork server and the resource tracker running for minutes (some 425 MB);
    once the workers end, the other two see their pipes close and end as well. Ending a worker
    at once loses nothing: only the parent writes results anywhere. A thread waits on a pidfd
    of the parent (Linux 5.3 and later) or, where there is none, looks for its pid twice a second.
    """

    def watch() -> None:
        try:
            fd = os.pidfd_open(parent)
        except (AttributeError, OSError):  # no pidfd here, or the parent has ended already
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


# -- parent side ----------------------------------------------------------------------------------


def _pool(
    sources: Iterable[Source], options: Options, profile: BatchProfile | None, jobs: int
) -> Iterator[Result]:
    # Workers start from a fresh server process rather than a fork of this one, which may hold a
    # database connection and, once the pool runs, threads: forking either is unsafe. The
    # server imports the pipeline once, so each worker starts with it loaded.
    if sys.platform == "win32":
        context = multiprocessing.get_context("spawn")
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["saidwhat.pipeline", "saidwhat.executors.local"])
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(options, profile, _parent()),
    )
    with pool:
        # At most jobs * 4 sources in flight, so memory stays bounded whatever the size of the batch.
        in_flight: dict[Future[Article | Failure], Source] = {}
        for source in sources:
            in_flight[pool.submit(_extract, source)] = source
            if len(in_flight) >= jobs * 4:
                yield from _drain(in_flight)
        while in_flight:
            yield from _drain(in_flight)


def _parent() -> int | None:
    """The pid the workers watch (see :func:`_die_with`); None on Windows, where ``os.kill``
    would end the process it asks about."""
    return None if sys.platform == "win32" else os.getpid()


def _drain(in_flight: dict[Future[Article | Failure], Source]) -> Iterator[Result]:
    done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
    for future in done:
        source = in_flight.pop(future)
        try:
            result = future.result()
        except Exception as err:  # noqa: BLE001
            # A worker died (out of memory, killed): the page fails for this run.
            reason = f"worker failed: {type(err).__name__}: {err}".splitlines()[0][:300]
            yield source, LostWorker(source.path, reason, "ExtractionError")
            continue
        yield source, result
