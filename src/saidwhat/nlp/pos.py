"""A small part-of-speech tagger (Penn tags) for the attribution features.

A linear-chain CRF (python-crfsuite, averaged perceptron) over word-shape
features, trained on the silver CoreNLP annotation shipped with PolNeAR
(``train/tokens.tsv.gz``). Words are taken from the article text at the token
offsets, so CoreNLP's escapes (``-LRB-``, ``````) do not leak into the model.
It ships with the attribution model (``attribution/models/pos.crfsuite``) and
tags a sentence at a time.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import pycrfsuite

from ..core.errors import ModelError

__all__ = ["DEFAULT_POS_MODEL", "PosTagger", "read_silver", "train_pos", "word_features"]

DEFAULT_POS_MODEL = Path(__file__).resolve().parents[1] / "attribution" / "models" / "pos.crfsuite"


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:10]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def word_features(words: Sequence[str]) -> list[list[str]]:
    """crfsuite attributes of each word of a sentence."""
    lows = [w.lower() for w in words]
    n = len(words)
    out = []
    for i, w in enumerate(words):
        low = lows[i]
        f = [
            "b",
            f"w={low}",
            f"s1={low[-1:]}",
            f"s2={low[-2:]}",
            f"s3={low[-3:]}",
            f"p1={low[:1]}",
            f"p2={low[:2]}",
            f"sh={_shape(w)}",
            f"w-1={lows[i - 1] if i else '<s>'}",
            f"w+1={lows[i + 1] if i + 1 < n else '</s>'}",
            f"w-2={lows[i - 2] if i > 1 else '<s>'}",
            f"w+2={lows[i + 2] if i + 2 < n else '</s>'}",
        ]
        if i == 0:
            f.append("first")
        if "-" in w:
            f.append("hyphen")
        out.append(f)
    return out


class PosTagger:
    """Penn part-of-speech tags for the words of a sentence."""

    def __init__(self, tagger: pycrfsuite.Tagger) -> None:
        self._tagger = tagger

    @classmethod
    def load(cls, path: Path | None = None) -> PosTagger:
        if path is None:
            return _default_pos()
        if not path.exists():
            raise ModelError("part-of-speech model is missing (run 'saidwhat train')", str(path))
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except Exception as err:  # crfsuite raises a bare ValueError/OSError on a bad file
            raise ModelError(f"cannot load part-of-speech model: {err}", str(path)) from err
        return cls(tagger)

    def tag(self, words: Sequence[str]) -> list[str]:
        if not words:
            return []
        tags: list[str] = self._tagger.tag(word_features(words))
        return tags


@cache
def _default_pos() -> PosTagger:
    return PosTagger.load(DEFAULT_POS_MODEL)


def read_silver(tokens_tsv_gz: Path, texts: dict[str, str]) -> Iterator[tuple[list[str], list[str]]]:
    """(words, tags) per sentence of the silver CoreNLP file, words sliced from ``texts``."""
    with gzip.open(tokens_tsv_gz, "rt", encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        key: tuple[str, str] | None = None
        words: list[str] = []
        tags: list[str] = []
        for row in reader:
            if not row or row[0].startswith("#") or len(row) < 8 or row[0] not in texts:
                continue
            k = (row[0], row[1])
            if k != key and words:
                yield words, tags
                words, tags = [], []
            key = k
            text = texts[row[0]]
            words.append(text[int(row[3]) : int(row[4])] or row[5])
            tags.append(row[7])
        if words:
            yield words, tags


def train_pos(sentences: Iterator[tuple[list[str], list[str]]], out: Path, iterations: int = 10) -> int:
    """Train the tagger on (words, tags) sentences; returns the number of sentences seen."""
    trainer = pycrfsuite.Trainer(algorithm="ap", verbose=False)
    trainer.set_params({"max_iterations": iterations, "feature.minfreq": 2})
    count = 0
    for words, tags in sentences:
        trainer.append(word_features(words), tags)
        count += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return count
