"""Quality gate: furniture removal on the labelled text dumps must not fall below its floors."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from saidwhat.core.errors import DataError
from saidwhat_dev.eval import furniture

KEYS = ("furniture_recall", "furniture_precision", "label_accuracy", "paragraphs_lost")


def _floors() -> dict[str, dict[str, float]]:
    raw = resources.files("saidwhat_dev.floors").joinpath("furniture_floors.json").read_text("utf-8")
    return {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def splits() -> dict[str, list[furniture.LabelledPage]]:
    return {split: furniture.load_split(split) for split in furniture.SPLITS}


def test_the_labelled_set_is_large_and_varied(splits):
    pages = splits["train"] + splits["test"]
    assert len(pages) >= 30 and min(len(splits["train"]), len(splits["test"])) >= 15
    for page in pages:
        assert 10 <= len([line for line in page.lines if line.strip()]) <= 60, page.name
    assert {p.meta.get("lang") for p in pages} >= {"en", "fr", "de", "es"}
    assert not {p.site for p in splits["train"]} & {p.site for p in splits["test"]}
    labels = {piece.label for p in pages for piece in p.pieces}
    assert labels == set(furniture.LABELS)


def test_the_floors_cover_every_measure():
    floors = _floors()
    assert {"test/page", "test/batch"} <= set(floors)
    for values in floors.values():
        assert set(values) == set(KEYS)
        assert values["paragraphs_lost"] == 0


@pytest.mark.parametrize("key", ["test/page", "test/batch", "train/page"])
def test_furniture_removal_stays_above_its_floors(splits, key):
    split, mode = key.split("/")
    scores = furniture.evaluate(splits[split], with_profile=mode == "batch")
    floor = _floors()[key]
    report = f"{key}: {scores.as_dict()}"
    assert scores.recall >= floor["furniture_recall"], report
    assert scores.precision >= floor["furniture_precision"], report
    assert scores.accuracy >= floor["label_accuracy"], report
    assert scores.paragraphs_lost <= floor["paragraphs_lost"], "\n".join(scores.lost)


def test_a_malformed_labelled_page_is_a_data_error():
    with pytest.raises(DataError, match="LABEL<TAB>text"):
        furniture.parse_labelled("paragraph no tab here\n", "bad.txt")
    with pytest.raises(DataError, match="glued"):
        furniture.parse_labelled("+credit\tAFP\n", "bad.txt")
    with pytest.raises(DataError, match="LABEL"):
        furniture.parse_labelled("sidebar\tSomething\n", "bad.txt")


def test_glued_pieces_rebuild_the_raw_line():
    page = furniture.parse_labelled(
        "caption\tThe minister arrives\n+credit\tAFP\n+paragraph\tTalks began.\n", "p"
    )
    assert page.lines == ["The minister arrives AFP Talks began."]
    assert [page.lines[0][p.start : p.end] for p in page.pieces] == [
        "The minister arrives",
        "AFP",
        "Talks began.",
    ]


def test_scores_count_removed_and_lost_lines():
    page = furniture.parse_labelled(
        "title\tCouncil approves cycle lanes in the centre\n"
        "paragraph\tThe council voted on Tuesday to build eight kilometres of protected cycle lanes.\n"
        "furniture\tShare this article\n"
        "furniture\tRelated posts\n",
        "p",
    )
    scores = furniture.evaluate([page])
    assert scores.pieces == 4 and scores.gold_furniture == 2
    assert scores.recall == 1.0 and scores.precision == 1.0 and scores.paragraphs_lost == 0
