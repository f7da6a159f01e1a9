"""The per-document time limit, where the alarm lands in awkward places."""

from __future__ import annotations

import gc
import time

import pytest

from saidwhat.errors import LimitExceeded
from saidwhat.limits import time_limit


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_an_alarm_inside_a_gc_callback_waits_until_it_returns() -> None:
    seen: list[str] = []

    def slow_callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and not seen:
            seen.append(phase)
            _busy(0.3)  # the alarm fires in here: raising would be dropped as "unraisable"

    gc.callbacks.append(slow_callback)
    try:
        with pytest.raises(LimitExceeded, match="limit of 0.1 s"), time_limit(0.1, "page.html"):
            gc.collect()
            _busy(2.0)  # the re-armed alarm stops this
    finally:
        gc.callbacks.remove(slow_callback)
    assert seen == ["start"]


def test_a_finaliser_is_not_interrupted_either() -> None:
    finished: list[bool] = []

    class Slow:
        def __del__(self) -> None:
            _busy(0.3)
            finished.append(True)

    with pytest.raises(LimitExceeded), time_limit(0.1, "page.html"):
        Slow()  # dropped at once: __del__ runs, the alarm fires inside it
        _busy(2.0)
    assert finished == [True]
