"""Quality gate: speaker accuracy on the hand-annotated speaker set must not fall below its floors."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from saidwhat.core.errors import DataError
from saidwhat_dev.eval import speakers

# The floors as first set: the floor file may raise them, never go under them.
MINIMUM_FLOORS = {"pipeline": 0.88, "gold_sources": 0.97}


def test_floors_are_only_ever_raised():
    floors = _floors()
    for name, minimum in MINIMUM_FLOORS.items():
        assert floors[name] >= minimum, f"floor {name} lowered from {minimum} to {floors[name]}"


def _floors() -> dict[str, float]:
    return json.loads(resources.files("saidwhat_dev.floors").joinpath("speaker_floor.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def gold() -> list[speakers.GoldArticle]:
    return speakers.load_gold()


def test_the_set_has_enough_statements_in_both_halves(gold):
    counts = {split: sum(len(a.statements) for a in gold if a.split == split) for split in speakers.SPLITS}
    assert sum(counts.values()) >= 60 and min(counts.values()) >= 30
    assert len(gold) >= 12


def test_the_set_covers_every_speaker_type(gold):
    types = {st.type for a in gold for st in a.statements}
    assert types >= {"person", "organisation", "government", "country", "group", "anonymous"}
    assert any(st.parent for a in gold for st in a.statements)


@pytest.mark.parametrize("mode", ["gold_sources", "pipeline"])
def test_speaker_accuracy_stays_above_its_floor(gold, mode):
    results = speakers.evaluate(gold, gold_sources=mode == "gold_sources")
    accuracy = results["all"].accuracy
    assert accuracy >= _floors()[mode], "\n".join(results["all"].errors)


def test_a_snippet_that_is_not_unique_is_rejected(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n\nBerg said yes. Berg said yes.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "split": "dev",
                "statements": [{"content": "yes", "source": "Berg", "speaker": "Berg", "type": "person"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="once"):
        speakers.load_gold(tmp_path)


def test_scoring_counts_wrong_speakers_and_missing_statements(tmp_path):
    text = "Title\n\nAnna Berg said the talks were useful.\n"
    gold = speakers.GoldArticle(
        "a",
        text,
        "dev",
        [
            speakers.Expected("the talks were useful", "Anna Berg", "Anna Berg", "person"),
        ],
    )
    article = speakers.article_with_gold_sources(gold)
    from saidwhat.core.options import Options
    from saidwhat.speakers.stage import ResolveSpeakers

    resolved = ResolveSpeakers(Options())(article)
    assert speakers.score_article(gold, resolved).correct == 1
    resolved.speakers[0].name = "Someone Else"
    counts = speakers.score_article(gold, resolved)
    assert (counts.correct, counts.wrong, counts.not_found) == (0, 1, 0)
    resolved.statements.clear()
    assert speakers.score_article(gold, resolved).not_found == 1
