"""Tokens taken from a range tokenized before (nlp.tokens._Memo) are those tokenizing gives."""

from __future__ import annotations

import itertools
import random

from saidwhat.nlp import tokens
from saidwhat.nlp.pos import _shape, word_features

_WORDS = [
    "said", "U.S.", "don't", "it's", "Smith's", '"Hello', 'world."', "(yes)", "1,000", "3.5%", "—", "...",
    "well-known", "a.m.", "rock'n'roll", "Ü", "x" * 250, "end.", "He", "'quoted'", "’s", "said.He", "--",
]
_SEPARATORS = [" ", "  ", "\n", "", "\t", "\n\n"]


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(_WORDS) + rng.choice(_SEPARATORS) for _ in range(rng.randint(1, 30)))


def test_any_range_gives_the_tokens_of_tokenizing_it_alone() -> None:
    rng = random.Random(1)
    for _ in range(1500):
        text = _text(rng)
        tokens._MEMO[0] = None
        cuts = sorted(rng.sample(range(len(text) + 1), min(4, len(text) + 1)))
        for a, b in itertools.pairwise(cuts):
            assert tokens.tokenize(text, a, b) == tokens._tokenize(text, a, b)
        for _ in range(10):
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            assert tokens.tokenize(text, a, b) == tokens._tokenize(text, a, b)


def test_parts_between_whitespace_come_from_the_memo_and_are_the_same() -> None:
    rng = random.Random(2)
    served = 0
    for _ in range(1500):
        text = _text(rng)
        tokens._MEMO[0] = None
        tokens.tokenize(text)
        edges = [0, len(text)] + [i for i, c in enumerate(text) if c.isspace()]
        for _ in range(10):
            a, b = sorted((rng.choice(edges), rng.choice(edges)))
            a += a < len(text) and text[a].isspace()
            memo = tokens._MEMO[0]
            assert memo is not None
            kept = len(memo.ranges)
            got = tokens.tokenize(text, a, max(a, b))
            served += len(memo.ranges) == kept
            assert got == tokens._tokenize(text, a, max(a, b))
    assert served > 10_000


def test_a_caller_gets_its_own_list() -> None:
    text = "He said so. She did not."
    first = tokens.tokenize(text)
    first.clear()
    assert tokens.tokenize(text) == tokens._tokenize(text, 0, len(text))


def test_part_of_speech_attributes_built_per_word_are_the_same() -> None:
    def spelled_out(words: list[str]) -> list[list[str]]:
        lows = [w.lower() for w in words]
        n = len(words)
        out = []
        for i, w in enumerate(words):
            low = lows[i]
            f = ["b", f"w={low}", f"s1={low[-1:]}", f"s2={low[-2:]}", f"s3={low[-3:]}", f"p1={low[:1]}"]
            f += [f"p2={low[:2]}", f"sh={_shape(w)}", f"w-1={lows[i - 1] if i else '<s>'}"]
            f += [f"w+1={lows[i + 1] if i + 1 < n else '</s>'}", f"w-2={lows[i - 2] if i > 1 else '<s>'}"]
            f += [f"w+2={lows[i + 2] if i + 2 < n else '</s>'}"]
            f += ["first"] if i == 0 else []
            f += ["hyphen"] if "-" in w else []
            out.append(f)
        return out

    rng = random.Random(3)
    for _ in range(2000):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(1, 9))]
        assert word_features(words) == spelled_out(words)
