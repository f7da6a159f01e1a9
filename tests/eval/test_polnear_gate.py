"""Eval gate: the shipped attribution model on PolNeAR dev must not fall below recorded floors.

Floors live in ``saidwhat_dev/floors/eval_floors.json`` (percent F1). They may only
be raised: :data:`MINIMUM_FLOORS` below records the floors as first set, and a
floors file that goes under any of them fails, so lowering a floor needs a
visible edit of this test as well.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from saidwhat_dev.eval.polnear import evaluate, model_predictor, pipeline_predictor
from saidwhat_dev.eval.polnear_corpus import read_split, split_dir

MINIMUM_FLOORS = {
    "model": {
        "source_f1": 74.7,
        "cue_f1": 69.9,
        "content_f1": 63.9,
        "relation_loose_f1": 65.2,
        "relation_strict_f1": 48.9,
    },
    "auto": {
        "source_f1": 74.4,
        "cue_f1": 69.3,
        "content_f1": 62.5,
        "relation_loose_f1": 65.3,
        "relation_strict_f1": 48.1,
    },
}


def _floors(mode: str) -> dict[str, float]:
    raw: dict[str, Any] = json.loads(
        resources.files("saidwhat_dev.floors").joinpath("eval_floors.json").read_text(encoding="utf-8")
    )
    floors: dict[str, float] = raw["polnear_dev"][mode]
    return floors


@pytest.mark.parametrize("mode", sorted(MINIMUM_FLOORS))
def test_floors_are_only_ever_raised(mode: str) -> None:
    floors = _floors(mode)
    assert set(floors) == set(MINIMUM_FLOORS[mode])
    for name, minimum in MINIMUM_FLOORS[mode].items():
        assert floors[name] >= minimum, f"{mode} floor {name} lowered from {minimum} to {floors[name]}"


@pytest.mark.slow
@pytest.mark.polnear
@pytest.mark.parametrize("mode", sorted(MINIMUM_FLOORS))
def test_attribution_meets_floors_on_polnear_dev(polnear_dir: Path, mode: str) -> None:
    docs = read_split(split_dir(polnear_dir, "dev"))
    predictor = model_predictor() if mode == "model" else pipeline_predictor(mode)
    scores = evaluate(docs, predictor).as_dict()
    measured = {
        "source_f1": scores["roles"]["source"]["f1"],
        "cue_f1": scores["roles"]["cue"]["f1"],
        "content_f1": scores["roles"]["content"]["f1"],
        "relation_loose_f1": scores["relations"]["loose"]["f1"],
        "relation_strict_f1": scores["relations"]["strict"]["f1"],
    }
    floors = _floors(mode)
    below = {k: (v, floors[k]) for k, v in measured.items() if v < floors[k]}
    assert not below, f"below floor (measured, floor): {below}"
