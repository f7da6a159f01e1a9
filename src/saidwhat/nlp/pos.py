"""A small part-of-speech tagger (Penn tags) for the attribution features.

A linear-chain CRF (python-crfsuite, averaged perceptron) over word-shape
features, trained on the silver CoreNLP annotation shipped with PolNeAR
(``train/tokens.tsv.gz``; the trainer is :mod:`saidwhat_dev.train.pos`). Words are taken from the article text at the token
offsets, so CoreNLP's escapes (``-LRB-``, ``````) do not leak into the model.
It ships with the attribution model (``attribution/models/pos.crfsuite``) and
tags a sentence at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from ..core.errors import ModelError

__all__ = ["DEFAULT_POS_MODEL", "PosTagger", "word_features"]

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
    if len(_WORDS) > _WORDS_LIMIT:
        _WORDS.clear()
    parts = [_WORDS.get(w) or _word_parts(w) for w in words]
    n = len(words)
    out = []
    for i, (own, hyphen, _) in enumerate(parts):
        f = [
            *own,
            parts[i - 1][2][0] if i else "w-1=<s>",
            parts[i + 1][2][1] if i + 1 < n else "w+1=</s>",
            parts[i - 2][2][2] if i > 1 else "w-2=<s>",
            parts[i + 2][2][3] if i + 2 < n else "w+2=</s>",
        ]
        if i == 0:
            f.append("first")
        if hyphen:
            f.append("hyphen")
        out.append(f)
    return out


# word -> its own attributes, whether it has a hyphen, and its attributes as the neighbour of another
# word (w-1, w+1, w-2, w+2): built once per distinct word, as words recur from sentence to sentence
_WORDS: dict[str, tuple[list[str], bool, tuple[str, str, str, str]]] = {}
_WORDS_LIMIT = 1 << 16  # words kept before the cache starts afresh: about 930 bytes each (measured), 60 MB


def _word_parts(word: str) -> tuple[list[str], bool, tuple[str, str, str, str]]:
    low = word.lower()
    own = ["b", f"w={low}", f"s1={low[-1:]}", f"s2={low[-2:]}", f"s3={low[-3:]}"]
    own += [f"p1={low[:1]}", f"p2={low[:2]}", f"sh={_shape(word)}"]
    parts = _WORDS[word] = (own, "-" in word, (f"w-1={low}", f"w+1={low}", f"w-2={low}", f"w+2={low}"))
    return parts


class PosTagger:
    """Penn part-of-speech tags for the words of a sentence."""

    def __init__(self, tagger: pycrfsuite.Tagger) -> None:
        self._tagger = tagger

    @classmethod
    def load(cls, path: Path = DEFAULT_POS_MODEL) -> PosTagger:
        """The tagger in file ``path`` (default: the shipped model's); each call reads the file."""
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
