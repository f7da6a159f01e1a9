"""Training the part-of-speech tagger of :mod:`saidwhat.nlp.pos` on PolNeAR's silver CoreNLP tags."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

import pycrfsuite

from saidwhat.nlp.pos import word_features

__all__ = ["read_silver", "train_pos"]


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
