"""The shipped part-of-speech tagger."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.core.errors import ModelError
from saidwhat.nlp.pos import PosTagger, word_features


def test_tags_a_simple_sentence() -> None:
    tags = PosTagger.load().tag(["The", "senator", "said", "the", "bills", "would", "fail", "."])
    assert tags == ["DT", "NN", "VBD", "DT", "NNS", "MD", "VB", "."]


def test_empty_sentence() -> None:
    assert PosTagger.load().tag([]) == []


def test_features_cover_every_word() -> None:
    feats = word_features(["Hello", "world"])
    assert len(feats) == 2 and "w=hello" in feats[0] and "first" in feats[0]


def test_missing_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        PosTagger.load(tmp_path / "none.crfsuite")
