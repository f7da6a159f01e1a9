"""Token features for the attribution CRF, shared by training and run time.

One sequence is one paragraph (PolNeAR's unit: a content often spans several
sentences, and "..., sources said." puts the cue after it). Each token gets
crfsuite attributes (``name=value`` strings) of four kinds:

- lexical: lowercase word, a crude lemma, shape, affixes, in a window of +-3;
- part of speech from :mod:`saidwhat.nlp.pos`, in a window of +-2 with bigrams;
- quotation state: inside double/single quotes, quote opening/closing here,
  and whether the paragraph opens with a quotation;
- attribution context: distance to and identity of the nearest cue-like word
  left and right (cue words are learned from the training data and shipped
  with the model), whether it lies in the same sentence, whether the token
  follows "according to"/"that" after a cue, and the token's place in its
  sentence and the sentence's place in the paragraph.

Training aligns gold spans to the same :func:`saidwhat.nlp.tokens.tokenize`
tokens that run time sees, so the two never disagree on tokenization.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..lang import quote_marks
from ..nlp.tokens import Token

__all__ = ["CueLexicon", "ParagraphView", "lemma", "paragraph_features", "shape"]

STRONG_CUE_RATE = 0.4  # a word inside a gold cue at least this often is a strong cue

_MARKS = quote_marks()
_OPEN_DOUBLE = frozenset(_MARKS.chars("double_openers"))
_CLOSE_DOUBLE = frozenset(_MARKS.chars("double_closers"))
_OPEN_SINGLE = frozenset(_MARKS.chars("single_openers"))
_CLOSE_SINGLE = frozenset(_MARKS.chars("single_closers"))
_QUOTES = _OPEN_DOUBLE | _CLOSE_DOUBLE | _OPEN_SINGLE | _CLOSE_SINGLE | frozenset(_MARKS.chars("straight"))


@dataclass(slots=True, frozen=True)
class CueLexicon:
    """Cue-like words learned from training data, with the strong ones apart."""

    words: frozenset[str]
    strong: frozenset[str]

    @classmethod
    def from_rates(cls, rates: dict[str, float]) -> CueLexicon:
        return cls(frozenset(rates), frozenset(w for w, r in rates.items() if r >= STRONG_CUE_RATE))


@dataclass(slots=True)
class ParagraphView:
    """The tokens of one paragraph with what the features need to know about them."""

    text: str
    tokens: Sequence[Token]
    sentence_of: Sequence[int]  # sentence index (within the paragraph) of each token
    pos: Sequence[str]
    paragraph_index: int


def shape(word: str) -> str:
    """Compressed character classes: ``Clinton`` -> ``Xx``, ``U.S.`` -> ``X.X.``, ``2016`` -> ``d``."""
    out: list[str] = []
    for ch in word[:12]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


_SUFFIXES = ("ing", "ed", "es", "s")


def lemma(low: str) -> str:
    """A crude lemma of a lowercase word: enough to group said/says/saying with say."""
    if low in ("said", "says"):
        return "say"
    for suf in _SUFFIXES:
        if len(low) > len(suf) + 2 and low.endswith(suf):
            return low[: -len(suf)]
    return low


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    if n <= 25:
        return "13-25"
    return "26+"


def _quote_states(words: Sequence[str]) -> list[str]:
    """Inside-quotation state of each token: '', 'D' (double), 'DS' (single inside double), 'S'."""
    double = single = False
    states = []
    for w in words:
        mark = ""
        if w in _OPEN_DOUBLE or (w == '"' and not double):
            double, mark = True, "open"
        elif w in _CLOSE_DOUBLE or w == '"':
            double, mark = False, "close"
        elif w in _OPEN_SINGLE or (w == "'" and not single):
            single, mark = True, "sopen"
        elif (w in _CLOSE_SINGLE or w == "'") and single:
            single, mark = False, "sclose"
        state = ("D" if double else "") + ("S" if single else "")
        states.append(f"{state}|{mark}")
    return states


def _nearest_cues(lows: Sequence[str], cues: frozenset[str]) -> tuple[list[int], list[int]]:
    """Index of the nearest cue word at or before / at or after each token (-1 when none)."""
    n = len(lows)
    left, right = [-1] * n, [-1] * n
    last = -1
    for i in range(n):
        if lows[i] in cues:
            last = i
        left[i] = last
    last = -1
    for i in range(n - 1, -1, -1):
        if lows[i] in cues:
            last = i
        right[i] = last
    return left, right


def _cue_features(
    i: int,
    j: int,
    side: str,
    view: ParagraphView,
    commas: Sequence[int],
    fixed: dict[int, tuple[str, str, str]],
) -> list[str]:
    """Where the nearest cue word on one side is: its word, distance, sentence, neighbour, commas between
    (``fixed``: the parts that depend on the cue word alone, see :func:`_cue_parts`)."""
    if j < 0:
        return [f"c{side}=none"]
    same = view.sentence_of[i] == view.sentence_of[j]
    word, neighbour, tag = fixed[j]
    return [
        word,
        f"c{side}d={_bucket(abs(i - j))}",
        f"c{side}s={same}",
        neighbour,
        tag,
        f"c{side}c={min(abs(commas[i] - commas[j]), 2)}|{same}",
    ]


def _cue_parts(
    side: str, cues: set[int], view: ParagraphView, lows: Sequence[str], lemmas: Sequence[str]
) -> dict[int, tuple[str, str, str]]:
    """Per cue word ``j`` on ``side``: its lemma, its neighbour on the token's side, its tag."""
    step = 1 if side.endswith("L") else -1
    n = len(lows)
    return {
        j: (
            f"c{side}={lemmas[j]}",
            f"c{side}n={lows[j + step] if 0 <= j + step < n else '|'}",
            f"c{side}t={pos_tag(view.pos, j)[:2]}",
        )
        for j in cues
        if j >= 0
    }


def _comma_counts(words: Sequence[str]) -> list[int]:
    """Number of commas before each token (differences count commas between two tokens)."""
    out, n = [], 0
    for w in words:
        out.append(n)
        if w == ",":
            n += 1
    return out


def _sentence_flags(sentence_of: Sequence[int], words: Sequence[str], cues: Sequence[bool]) -> list[str]:
    """Per token: whether its sentence has a quotation mark and whether it has a cue word."""
    quoted: dict[int, bool] = {}
    cued: dict[int, bool] = {}
    for s, w, c in zip(sentence_of, words, cues):
        quoted[s] = quoted.get(s, False) or w in _QUOTES
        cued[s] = cued.get(s, False) or c
    return [f"{quoted[s]}|{cued[s]}" for s in sentence_of]


def _sentence_positions(sentence_of: Sequence[int]) -> tuple[list[int], list[int]]:
    """Each token's index in its sentence, and the length of its sentence."""
    pos: list[int] = []
    lengths: list[int] = []
    start = 0
    n = len(sentence_of)
    for i in range(n + 1):
        if i == n or (i > start and sentence_of[i] != sentence_of[start]):
            length = i - start
            pos.extend(range(length))
            lengths.extend([length] * length)
            start = i
    return pos, lengths


def paragraph_features(view: ParagraphView, lexicon: CueLexicon) -> list[list[str]]:
    """The crfsuite attributes of every token of a paragraph."""
    words = [t.text for t in view.tokens]
    lows = [w.lower() for w in words]
    lemmas = [lemma(low) for low in lows]
    shapes = [shape(w) for w in words]
    quotes = _quote_states(words)
    cues = lexicon.words
    left, right = _nearest_cues(lows, cues)
    sleft, sright = _nearest_cues(lows, lexicon.strong)
    in_sent, sent_len = _sentence_positions(view.sentence_of)
    n = len(words)
    commas = _comma_counts(words)
    is_cue = [low in cues for low in lows]
    sent_flags = _sentence_flags(view.sentence_of, words, is_cue)
    para_cued = any(is_cue)
    starts_quoted = bool(words) and words[0] in _QUOTES
    para = "p0" if view.paragraph_index == 0 else "pN"

    pad = 3  # window of the lexical features
    lw = ["<s>"] * pad + lows + ["</s>"] * pad
    sh = ["<s>"] * pad + shapes + ["</s>"] * pad
    tg = [pos_tag(view.pos, k) for k in range(-pad, n + pad)]
    nearest = {
        "L": [left[i] if left[i] != i else (left[i - 1] if i else -1) for i in range(n)],
        "R": [right[i] if right[i] != i else (right[i + 1] if i + 1 < n else -1) for i in range(n)],
        "SL": [sleft[i] if sleft[i] != i else (sleft[i - 1] if i else -1) for i in range(n)],
        "SR": [sright[i] if sright[i] != i else (sright[i + 1] if i + 1 < n else -1) for i in range(n)],
    }
    fixed = {side: _cue_parts(side, set(js), view, lows, lemmas) for side, js in nearest.items()}
    out = []
    for i in range(n):
        w, low, c = words[i], lows[i], i + pad
        f = [
            "b",
            f"w={low}",
            f"l={lemmas[i]}",
            f"sh={shapes[i]}",
            f"s3={low[-3:]}",
            f"s2={low[-2:]}",
            f"p3={low[:3]}",
            f"t={tg[c]}",
            f"q={quotes[i]}",
            f"qp={quotes[i - 1] if i else '<s>'}",
            f"qs={starts_quoted}",
            f"para={para}",
            f"sent={min(view.sentence_of[i], 2)}",
            f"isn={_bucket(in_sent[i])}",
            f"ise={_bucket(sent_len[i] - in_sent[i] - 1)}",
            f"cue={is_cue[i]}",
            f"sf={sent_flags[i]}",
            f"pc={para_cued}",
            f"qn={quotes[i + 1] if i + 1 < n else '</s>'}",
        ]
        if w[:1].isupper():
            f.append("cap")
        f += [f"w-3={lw[c - 3]}", f"w-2={lw[c - 2]}", f"w-1={lw[c - 1]}"]
        f += [f"w1={lw[c + 1]}", f"w2={lw[c + 2]}", f"w3={lw[c + 3]}"]
        f += [f"t-2={tg[c - 2]}", f"sh-2={sh[c - 2]}", f"t-1={tg[c - 1]}", f"sh-1={sh[c - 1]}"]
        f += [f"t1={tg[c + 1]}", f"sh1={sh[c + 1]}", f"t2={tg[c + 2]}", f"sh2={sh[c + 2]}"]
        f += [f"w-1w={lw[c - 1]}|{low}", f"ww+1={low}|{lw[c + 1]}"]
        f += [f"t-1t={tg[c - 1]}|{tg[c]}", f"tt+1={tg[c]}|{tg[c + 1]}"]
        for side in ("L", "R", "SL", "SR"):
            f.extend(_cue_features(i, nearest[side][i], side, view, commas, fixed[side]))
        out.append(f)
    return out


def pos_tag(tags: Sequence[str], k: int) -> str:
    if k < 0:
        return "<s>"
    if k >= len(tags):
        return "</s>"
    return tags[k]
