"""Quality gate: saidwhat's article text on the article-extraction benchmark.

Runs the full benchmark (181 pages, about 15 s on one core) for saidwhat and
plain trafilatura in the same run: saidwhat must stay above the floors of
``saidwhat_dev/floors/extraction_floor.json`` and at least as good as trafilatura alone.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from saidwhat_dev.eval.extraction import evaluate, load_benchmark

# The floor as first set: the floor file may raise it, never go under it.
MINIMUM_F1 = 0.970


def _floors() -> dict[str, float]:
    data = json.loads(resources.files("saidwhat_dev.floors").joinpath("extraction_floor.json").read_text("utf-8"))
    return {k: float(v) for k, v in data.items() if k != "about"}


def test_the_floor_is_only_ever_raised() -> None:
    assert _floors()["f1"] >= MINIMUM_F1


@pytest.mark.slow
def test_saidwhat_beats_trafilatura_and_its_floor(extraction_benchmark_dir: Path) -> None:
    pages = load_benchmark(extraction_benchmark_dir)
    assert len(pages) == 181
    ours, theirs = evaluate(pages, ["saidwhat", "trafilatura"])
    floors = _floors()
    assert ours.score.f1 >= floors["f1"], f"F1 {ours.score.f1:.4f} under the floor {floors['f1']}"
    assert ours.score.precision >= floors["precision"]
    assert ours.score.recall >= floors["recall"]
    assert ours.score.f1 >= theirs.score.f1, (
        f"saidwhat {ours.score.f1:.4f} < trafilatura {theirs.score.f1:.4f}"
    )
