"""The speaker stage on real news (PolNeAR dev), and the hand-checked sample of its links."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from saidwhat.pipeline import analyse_text

SAMPLE = "polnear_dev_sample.tsv"


@pytest.mark.polnear
def test_pronoun_sources_of_real_news_mostly_get_a_named_speaker(polnear_dir: Path) -> None:
    paths = sorted((polnear_dir / "dev" / "text").glob("*.txt"))[:10]
    pronouns = linked = 0
    for path in paths:
        article = analyse_text(path.read_text(encoding="utf-8"))
        ids = {sp.id for sp in article.speakers}
        assert all(st.speaker is None or st.speaker in ids for st in article.statements)
        for st in article.statements:
            if st.source is None or article.slice(st.source).lower() not in ("he", "she"):
                continue
            pronouns += 1
            speaker = article.speaker(st.speaker) if st.speaker else None
            linked += speaker is not None and speaker.type.value == "person" and speaker.name[:1].isupper()
    assert pronouns >= 20
    assert linked / pronouns >= 0.75


def test_the_hand_checked_sample_is_complete() -> None:
    text = resources.files("saidwhat_dev.eval").joinpath("data", "speakers", SAMPLE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    assert len(rows) == 50
    assert {r["verdict"] for r in rows} <= {"ok", "wrong"}
    assert all(r["mention"] and r["speaker"] and r["context"] for r in rows)
