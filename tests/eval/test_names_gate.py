"""Eval gate: merging speakers across articles on the real name pairs (``saidwhat eval names``).

Floors (``real_names`` in ``saidwhat_dev/floors/eval_floors.json``) may only be raised;
:data:`MINIMUM_FLOORS` records them as first set. Skips without the benchmark.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from saidwhat_dev.eval.names import PAIRS, _bodies, evaluate, load_pairs

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "extraction-benchmark"
MINIMUM_FLOORS = {"precision": 0.89, "recall": 0.57}


def _floors() -> dict[str, float]:
    raw = json.loads(
        resources.files("saidwhat_dev.floors").joinpath("eval_floors.json").read_text(encoding="utf-8")
    )
    floors: dict[str, float] = raw["real_names"]
    return floors


def test_floors_are_only_ever_raised() -> None:
    floors = _floors()
    assert set(floors) == set(MINIMUM_FLOORS)
    assert all(floors[k] >= MINIMUM_FLOORS[k] for k in MINIMUM_FLOORS)


def test_the_pairs_are_real_mentions_of_the_development_half() -> None:
    pairs = load_pairs(PAIRS)
    assert len(pairs) >= 60 and {p.same for p in pairs} == {True, False}
    assert all(p.a_page[0] in "01234567" and p.b_page[0] in "01234567" for p in pairs)


@pytest.mark.slow
def test_merging_meets_its_floors() -> None:
    if not (DATA / "ground-truth.json").exists():
        pytest.skip(f"extraction benchmark not found at {DATA}")
    pairs = load_pairs(PAIRS)
    bodies = _bodies(DATA, {p.a_page for p in pairs} | {p.b_page for p in pairs})
    assert all(p.a in bodies[p.a_page] and p.b in bodies[p.b_page] for p in pairs)
    result = evaluate(pairs, bodies)
    floors = _floors()
    below = {k: (result[k], floors[k]) for k in floors if (result[k] or 0.0) < floors[k]}
    assert not below, f"below floor (measured, floor): {below}"
