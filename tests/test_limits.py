"""The per-document time limit, where the alarm lands in awkward places."""

from __future__ import annotations

import gc
import time

import pytest

from saidwhat.core.errors import LimitExceeded
from saidwhat.core.limits import time_limit


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


HOSTILE_TEXTS = {
    "one-line": b"word " * 3_800_000,  # 19 MB without a line break
    "pronouns": b" he " * 500_000,
    "cues": b"he told reporters that " * 100_000,
    "speakers": b"Minister: " * 1_000_000,
    "quotation-marks": b'"a" ' * 500_000,
    "parentheses": b"(" * 1_000_000 + b")" * 1_000_000,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_the_time_limit_holds_in_every_stage_of_a_text_dump(name: str) -> None:
    from saidwhat import extract_bytes
    from saidwhat.core.errors import SaidwhatError
    from saidwhat.core.options import Options

    options = Options(max_seconds=2.0)
    extract_bytes(b"Title\n\nThe minister said on Monday that the talks would go on.\n", "warm-up.txt")
    started = time.monotonic()
    try:
        extract_bytes(HOSTILE_TEXTS[name], f"{name}.txt", options)
    except SaidwhatError:
        pass  # over the limit, or no article: either is a clear answer
    assert time.monotonic() - started < options.max_seconds + 2.0
