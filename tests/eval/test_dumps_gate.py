"""Quality gate: the text-dump path on the benchmark's development half rendered as dumps.

Per renderer (``saidwhat_dev.eval.dump_render``), the body F1 of the cleaned dumps
must stay above the floor of ``saidwhat_dev/floors/dumps_floor.json``, the long body
paragraphs lost under its ceiling, and those of them gone from the whole article (not kept
apart, as a dateline is, in a block of their own) under theirs (about 10 s per renderer on one core).
Renderers that are not installed are skipped with the reason.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from saidwhat_dev.eval.dump_render import RENDERERS, available
from saidwhat_dev.eval.dumps import DEV, evaluate_dumps
from saidwhat_dev.eval.extraction import load_benchmark

# The floors and ceilings as first set: the floor file may raise a floor or lower a ceiling, never the reverse.
MINIMUM_F1 = {"lxml": 0.95, "inscriptis": 0.955, "html2text": 0.955}
MAXIMUM_LOST = {"lxml": 15, "inscriptis": 12, "html2text": 14}
MAXIMUM_GONE = {"lxml": 3, "inscriptis": 0, "html2text": 0}  # lost paragraphs not in the article at all


def _floors() -> dict[str, dict[str, float]]:
    raw = resources.files("saidwhat_dev.floors").joinpath("dumps_floor.json").read_text("utf-8")
    return {k: v for k, v in json.loads(raw).items() if k != "about"}


def test_the_floors_are_only_ever_raised_and_cover_every_renderer():
    floors = _floors()
    assert set(floors["f1"]) == set(RENDERERS) == set(floors["paragraphs_lost"]) == set(floors["paragraphs_gone"])
    for name in RENDERERS:
        assert floors["f1"][name] >= MINIMUM_F1[name]
        assert floors["paragraphs_lost"][name] <= MAXIMUM_LOST[name]
        assert floors["paragraphs_gone"][name] <= MAXIMUM_GONE[name]


@pytest.mark.slow
@pytest.mark.parametrize("renderer", list(RENDERERS))
def test_the_text_dump_path_stays_above_its_floor(extraction_benchmark_dir: Path, renderer: str):
    if available()[renderer]:
        pytest.skip(available()[renderer])
    pages = load_benchmark(extraction_benchmark_dir)
    (raw, text) = evaluate_dumps(pages, [renderer], DEV, html=False)
    floors = _floors()
    assert text.score.pages == 88
    report = (
        f"{renderer}: F1 {text.score.f1:.4f}, {text.lost}/{text.paragraphs} lost, {text.gone} gone"
        f" (raw dump F1 {raw.score.f1:.4f})"
    )
    assert text.score.f1 >= floors["f1"][renderer], report
    assert text.lost <= floors["paragraphs_lost"][renderer], report
    assert text.gone <= floors["paragraphs_gone"][renderer], report
