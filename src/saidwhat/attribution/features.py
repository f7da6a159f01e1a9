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

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..lang import quote_marks
from ..nlp.tokens import Token

__all__ = ["CueLexicon", "FeatureIds", "ParagraphView", "lemma", "paragraph_features", "shape"]

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


def _nearest_other(lows: Sequence[str], cues: frozenset[str], left: bool) -> list[int]:
    """Index of the nearest cue word strictly before (``left``) or after each token (-1 when none)."""
    n = len(lows)
    out = [-1] * n
    last = -1
    for i in range(n) if left else range(n - 1, -1, -1):
        out[i] = last
        if lows[i] in cues:
            last = i
    return out


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


class FeatureIds:
    """The attributes of :func:`paragraph_features` as hashed row ids, without building a string per token.

    An attribute is ``template=value``; its id (CRC-32 of the string, masked to ``buckets`` rows, as
    :func:`saidwhat.attribution.neural.hash_features` computes it) is computed once per distinct value
    of each template and kept, so a page costs one dict lookup per attribute. :meth:`paragraph` gives
    one row per token, the attributes in :func:`paragraph_features`'s order, an attribute that the
    token lacks (``cap``, the cue attributes when no cue word lies on that side) as ``absent``
    (``buckets``: the network's all-zero row), so that summing a row in order gives the same sum."""

    # entries kept before the caches start afresh: about 400 bytes a word (measured), so some 50 MB at most
    LIMIT = 1 << 18

    def __init__(self, lexicon: CueLexicon, buckets: int) -> None:
        self.lexicon = lexicon
        self.mask = buckets - 1
        self.absent = buckets
        self._templates: dict[str, dict[object, int]] = {}
        self._words: dict[str, tuple[str, str]] = {}  # word -> lowercase, lemma
        self._word_ids: dict[str, NDArray[np.int64]] = {}  # word -> ids of _WORD_COLUMNS
        self._tag_ids: dict[str, NDArray[np.int64]] = {}  # tag -> ids of _TAG_COLUMNS
        self._small_ids: dict[str, NDArray[np.int64]] = {}
        self._pad_rows: NDArray[np.int64] | None = None  # _WORD_COLUMNS of each of _PADS
        # CRC-32 of each template's ``template=``: a value's bytes continue it (zlib.crc32's second argument)
        self._prefixes = {t: zlib.crc32(f"{t}=".encode()) for t in [*(t for t, _ in _WORD_COLUMNS), "w-1w", "ww+1"]}

    def id(self, attribute: str) -> int:
        """The row id of one attribute string."""
        return zlib.crc32(attribute.encode("utf-8")) & self.mask

    def column(self, template: str, values: Sequence[object]) -> list[int]:
        """Ids of ``template=value`` for each value; None gives ``absent``. A template's values must be
        of one type (``True`` and ``1`` are the same key); a tuple value is joined with ``|``."""
        ids = self._templates.get(template)
        if ids is None:
            ids = self._templates[template] = {None: self.absent}
        try:
            return [ids[v] for v in values]
        except KeyError:
            for v in {v for v in values if v not in ids}:  # (set - keys() would copy all the keys)
                text = "|".join(str(x) for x in v) if isinstance(v, tuple) else str(v)
                ids[v] = self.id(f"{template}={text}")
            return [ids[v] for v in values]

    def words(self, words: Sequence[str]) -> tuple[list[str], list[str]]:
        """Lowercase form and lemma of each word."""
        cache = self._words
        try:
            parts = [cache[w] for w in words]
        except KeyError:
            for w in {w for w in words if w not in cache}:
                low = w.lower()
                cache[w] = (low, lemma(low))
            parts = [cache[w] for w in words]
        lows, lemmas = (list(x) for x in zip(*parts)) if parts else ([], [])
        return lows, lemmas

    def trim(self) -> None:
        """Start the caches afresh once they hold :data:`LIMIT` entries (new dicts, not cleared ones: a
        call running in another thread keeps reading the ones it holds)."""
        if len(self._words) + len(self._word_ids) + sum(len(d) for d in self._templates.values()) > self.LIMIT:
            self._templates = {}
            self._words = {}
            self._word_ids = {}

    def _word_rows(self, words: Sequence[str]) -> NDArray[np.int64]:
        """Per word, the ids of the attributes that depend on it alone (:data:`_WORD_COLUMNS`)."""
        cache = self._word_ids
        try:
            return np.stack([cache[w] for w in words])
        except KeyError:
            crc, mask, prefixes = zlib.crc32, self.mask, self._prefixes
            cap = self.id("cap")
            for w in {w for w in words if w not in cache}:
                low = w.lower()
                parts = {"low": low, "lemma": lemma(low), "shape": shape(w)}
                parts |= {"s3": low[-3:], "s2": low[-2:], "p3": low[:3]}
                data = {k: v.encode("utf-8") for k, v in parts.items()}
                cache[w] = np.asarray(
                    [crc(data[v], prefixes[t]) & mask if v != "cap" else cap for t, v in _WORD_COLUMNS],
                    dtype=np.int64,
                )
                if not w[:1].isupper():
                    cache[w][_CAP] = self.absent
            return np.stack([cache[w] for w in words])

    def _tag_rows(self, tags: Sequence[str]) -> NDArray[np.int64]:
        """Per tag, the ids of the attributes that depend on it alone (:data:`_TAG_COLUMNS`)."""
        cache = self._tag_ids
        for t in {t for t in tags if t not in cache}:
            cache[t] = np.asarray([self.id(f"{c}={t}") for c in _TAG_COLUMNS], dtype=np.int64)
        return np.stack([cache[t] for t in tags])

    def paragraph(self, view: ParagraphView) -> NDArray[np.int64]:
        """The ids of every token's attributes: one row per token, one column per attribute, in
        :func:`paragraph_features`'s order (an attribute the token lacks is ``absent``)."""
        return self.paragraphs([view])[0]

    def paragraphs(
        self, views: Sequence[ParagraphView], extra: Sequence[tuple[str, Sequence[object]]] = ()
    ) -> list[NDArray[np.int64]]:
        """:meth:`paragraph` of each view, computed for all the views at once (numpy's cost per call
        outweighed the work on paragraphs of a few dozen tokens). ``extra``: more columns after these,
        as (template, the value of every token of the views, None where it lacks the attribute)."""
        self.trim()
        col = self.column
        sizes = [len(v.tokens) for v in views]
        n = sum(sizes)
        words = [t.text for v in views for t in v.tokens]
        lows, lemmas = self.words(words)
        cues, strong = self.lexicon.words, self.lexicon.strong
        is_cue = [low in cues for low in lows]
        # what depends on the paragraph: computed per view, then joined
        quotes: list[str] = []
        before: list[str] = []  # the quotation state of the token before (qp), of the token after (qn)
        after: list[str] = []
        flags: list[str] = []
        in_sent: list[int] = []
        sent_len: list[int] = []
        tags: list[str] = []
        constant: list[int] = []  # qs, para, pc
        nearest: list[list[int]] = [[], [], [], []]  # L, R, SL, SR: global index of the cue word, -1 none
        first = 0
        for view, size in zip(views, sizes):
            vw, vl = words[first : first + size], lows[first : first + size]
            q = _quote_states(vw)
            quotes += q
            before += ["<s>", *q[:-1]]
            after += [*q[1:], "</s>"]
            flags += _sentence_flags(view.sentence_of, vw, is_cue[first : first + size])
            pos, length = _sentence_positions(view.sentence_of)
            in_sent += pos
            sent_len += length
            tags += list(view.pos[:size]) + ["</s>"] * (size - len(view.pos))  # pos_tag past the tags
            constant += [
                col("qs", [vw[0] in _QUOTES])[0],
                col("para", ["p0" if view.paragraph_index == 0 else "pN"])[0],
                col("pc", [any(is_cue[first : first + size])])[0],
            ]
            for k, (lexicon, left) in enumerate(((cues, True), (cues, False), (strong, True), (strong, False))):
                nearest[k] += [j + first if j >= 0 else -1 for j in _nearest_other(vl, lexicon, left)]
            first += size
        sizes_a = np.asarray(sizes, dtype=np.int64)
        in_sent_a = np.asarray(in_sent, dtype=np.int64)
        sent_len_a = np.asarray(sent_len, dtype=np.int64)
        starts = np.repeat(np.cumsum(sizes_a) - sizes_a, sizes_a)
        index = np.arange(n, dtype=np.int64)
        place = index - starts  # each token's index in its paragraph
        length_a = np.repeat(sizes_a, sizes_a)
        # distinct words and tags, the pads after them; each token's index among them
        distinct: dict[str, int] = {}
        wi = np.asarray([distinct.setdefault(w, len(distinct)) for w in words], dtype=np.int64)
        start, end, _ = range(len(distinct), len(distinct) + len(_PADS))
        if self._pad_rows is None:
            self._pad_rows = np.asarray([[self.id(f"{t}={p}") for t, _ in _WORD_COLUMNS] for p in _PADS])
        wrows = np.concatenate([self._word_rows(list(distinct)), self._pad_rows])
        tag_index: dict[str, int] = {}
        ti = np.asarray([tag_index.setdefault(t, len(tag_index)) for t in tags], dtype=np.int64)
        t_start, t_end = (tag_index.setdefault(p, len(tag_index)) for p in _PADS[:2])
        trows = self._tag_rows(list(tag_index))

        def shifted(rows: NDArray[np.int64], pad: tuple[int, int], shift: int) -> NDArray[np.int64]:
            """``rows`` of the token ``shift`` places away in the same paragraph, else of the pad."""
            there = place + shift
            inside = np.where(there < 0, pad[0], pad[1])
            return np.where((there >= 0) & (there < length_a), rows[np.clip(index + shift, 0, n - 1)], inside)

        w_prev, w_next = shifted(wi, (start, end), -1), shifted(wi, (start, end), 1)
        t_prev, t_next = shifted(ti, (t_start, t_end), -1), shifted(ti, (t_start, t_end), 1)
        names = [*(self._words[w][0] for w in distinct), *_PADS]  # lowercase
        tag_names = list(tag_index)
        own = wrows[wi]
        sentence_of = np.asarray([s for v in views for s in v.sentence_of[: len(v.tokens)]], dtype=np.int64)
        per_view = np.asarray(constant, dtype=np.int64).reshape(-1, 3)
        paragraph = np.repeat(np.arange(len(views)), sizes_a)
        columns: list[object] = [
            np.full(n, self.id("b")),
            own[:, :_CAP],  # w, l, sh, s3, s2, p3
            trows[ti, 0],
            col("q", quotes),
            col("qp", before),
            per_view[paragraph, 0],
            per_view[paragraph, 1],
            self._small("sent", (0, 1, 2), np.minimum(sentence_of, 2)),
            self._small("isn", _DISTANCES, np.minimum(in_sent_a, len(_DISTANCES) - 1)),
            self._small("ise", _DISTANCES, np.minimum(sent_len_a - in_sent_a - 1, len(_DISTANCES) - 1)),
            self._small("cue", (False, True), np.asarray(is_cue, dtype=np.int64)),
            col("sf", flags),
            per_view[paragraph, 2],
            col("qn", after),
            own[:, _CAP],
        ]
        for k, shift in enumerate((-3, -2, -1, 1, 2, 3)):  # w-3 .. w3
            columns.append(wrows[shifted(wi, (start, end), shift), _CAP + 1 + k])
        for k, shift in enumerate((-2, -1, 1, 2)):  # t-2 sh-2, t-1 sh-1, t1 sh1, t2 sh2
            columns.append(trows[shifted(ti, (t_start, t_end), shift), 1 + k])
            columns.append(wrows[shifted(wi, (start, end), shift), _CAP + 7 + k])
        # the word pairs, mostly new: each id continues the CRC of ``w-1w={previous}|`` (``ww+1={word}|``)
        crc, mask = zlib.crc32, self.mask
        data = [name.encode("utf-8") for name in names]
        before_state = [crc(d + b"|", self._prefixes["w-1w"]) for d in data]
        after_state = [crc(d + b"|", self._prefixes["ww+1"]) for d in data]
        own_index = wi.tolist()
        columns.append([crc(data[b], before_state[a]) & mask for a, b in zip(w_prev.tolist(), own_index)])
        columns.append([crc(data[b], after_state[a]) & mask for a, b in zip(own_index, w_next.tolist())])
        columns.append(col("t-1t", [(tag_names[a], b) for a, b in zip(t_prev.tolist(), tags)]))
        columns.append(col("tt+1", [(a, tag_names[b]) for a, b in zip(tags, t_next.tolist())]))
        is_comma = np.asarray([w == "," for w in words], dtype=np.int64)
        commas = np.cumsum(is_comma) - is_comma  # commas before each token (differences: commas between)
        for k, side in enumerate(("L", "R", "SL", "SR")):
            js = np.asarray(nearest[k], dtype=np.int64)
            found = js >= 0
            j = np.where(found, js, index)
            same = sentence_of == sentence_of[j]
            # the few cue words: their attributes once each, then spread over the tokens
            cue_words, which = np.unique(j[found], return_inverse=True)
            step = 1 if side.endswith("L") else -1
            beside = [lows[x + step] if 0 <= place[x] + step < length_a[x] else "|" for x in cue_words.tolist()]
            near_ids = [
                col(f"c{side}", [lemmas[x] for x in cue_words.tolist()]),
                col(f"c{side}n", beside),
                col(f"c{side}t", [tags[x][:2] for x in cue_words.tolist()]),
            ]
            spread = [np.full(n, self.absent if m else self.id(f"c{side}=none")) for m in range(3)]
            for m, ids in enumerate(near_ids):
                spread[m][found] = np.asarray(ids, dtype=np.int64)[which]
            columns.append(spread[0])
            columns.append(self._small(f"c{side}d", _DISTANCES, np.minimum(np.abs(index - j), len(_DISTANCES) - 1)))
            columns.append(self._small(f"c{side}s", (False, True), same.astype(np.int64)))
            columns.append(spread[1])
            columns.append(spread[2])
            columns.append(
                self._small(f"c{side}c", _COMMAS, 2 * np.minimum(np.abs(commas - commas[j]), 2) + same.astype(np.int64))
            )
            for c in columns[-5:-3] + columns[-1:]:
                assert isinstance(c, np.ndarray)
                c[~found] = self.absent
        columns += [col(template, values) for template, values in extra]
        out: NDArray[np.int64] = np.column_stack(columns)  # type: ignore[arg-type]
        return np.split(out, np.cumsum(sizes_a)[:-1])

    def _small(self, template: str, values: Sequence[object], codes: NDArray[np.int64]) -> NDArray[np.int64]:
        """Ids of ``template=values[code]`` for each code (a template of few values)."""
        table = self._small_ids.get(template)
        if table is None:
            table = self._small_ids[template] = np.asarray(self.column(template, values), dtype=np.int64)
        return table[codes]


# the attributes that depend on one word alone, as (template, part of the word): the word's own, then
# its neighbours' (read at a shift)
_WORD_COLUMNS = (
    [("w", "low"), ("l", "lemma"), ("sh", "shape"), ("s3", "s3"), ("s2", "s2"), ("p3", "p3"), ("cap", "cap")]
    + [(f"w{k}", "low") for k in ("-3", "-2", "-1", "1", "2", "3")]
    + [(f"sh{k}", "shape") for k in ("-2", "-1", "1", "2")]
)
_CAP = 6  # the column of ``cap`` (the token's own attributes come before it)
_PADS = ("<s>", "</s>", "|")  # before the first token, after the last, a cue word's missing neighbour
_TAG_COLUMNS = ["t", "t-2", "t-1", "t1", "t2"]  # the attributes that depend on one tag alone
_DISTANCES = [_bucket(k) for k in range(27)]  # 26 and over share a bucket
_COMMAS = [(c, same) for c in range(3) for same in (False, True)]
