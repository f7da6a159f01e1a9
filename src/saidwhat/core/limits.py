"""Per-document time limits.

In the main thread of a Unix process the limit is a real-time interval timer
(``SIGALRM``): the stage in progress is interrupted with
:class:`~saidwhat.core.errors.LimitExceeded` between two Python bytecodes (not
inside a garbage-collector callback or finaliser, where Python would drop the
exception: the alarm is re-armed and comes back once that code has returned). Elsewhere
(another thread, or a platform without ``setitimer``) no timer can be set
safely, so the limit is checked when the document finishes and reported the
same way. Regular expressions applied to page text are kept linear and their
inputs bounded in length (see :mod:`saidwhat.textutil`), so that no single
C-level call can outlast the timer by much.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import LimitExceeded

__all__ = ["time_limit"]

_REARM = 0.05  # seconds between repeated alarms once the limit is reached


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


_FINALISER_DEPTH = 20  # frames looked at above the interrupted one


def _in_finaliser(frame: FrameType | None) -> bool:
    """Whether the interrupted code runs in a garbage-collector callback or a ``__del__``,
    where an exception cannot reach the page's stage (the re-armed alarm comes back after it)."""
    callbacks = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    for _ in range(_FINALISER_DEPTH):
        if frame is None:
            return False
        if frame.f_code in callbacks or frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


@contextmanager
def time_limit(seconds: float, where: str) -> Iterator[None]:
    if seconds <= 0:
        yield
        return
    if not _can_use_alarm():
        started = time.monotonic()
        yield
        if time.monotonic() - started > seconds:
            raise LimitExceeded(f"took more than the limit of {seconds:g} s", where)
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        # Re-armed: a library that swallows the exception (a broad ``except Exception``) gets it again.
        signal.setitimer(signal.ITIMER_REAL, _REARM)
        if not _in_finaliser(frame):  # raised there, Python would drop it as "unraisable"
            raise LimitExceeded(f"took more than the limit of {seconds:g} s", where)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if time.monotonic() - started > seconds:  # every alarm was swallowed, but the page is still late
        raise LimitExceeded(f"took more than the limit of {seconds:g} s", where)
