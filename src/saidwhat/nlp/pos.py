"""A small part-of-speech tagger (Penn tags) for the attribution features.

A linear-chain CRF (python-crfsuite, averaged perceptron) over word-shape
features, trained on the silver CoreNLP annotation shipped with PolNeAR
(``train/tokens.tsv.gz``; the trainer is :mod:`saidwhat_dev.train.pos`). Words are taken from the article text at the token
offsets, so CoreNLP's escapes (``-LRB-``, ``````) do not leak into the model.
It ships with the attribution model (``attribution/models/pos.crfsuite``).

At run time the model is not run by crfsuite: :class:`PosTagger` reads its
weights from the file (:func:`read_crfsuite`) and tags in numpy, the tags
crfsuite gives to the bit (see :meth:`PosTagger.tag_sentences`). Handing
crfsuite some fourteen attribute strings per word cost more than tagging; here a
word's attributes become weight rows once per distinct word. crfsuite stays the
trainer and the reference the tests compare with.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..core.errors import ModelError

__all__ = ["DEFAULT_POS_MODEL", "CrfWeights", "PosTagger", "read_crfsuite", "word_features"]

DEFAULT_POS_MODEL = Path(__file__).resolve().parents[1] / "attribution" / "models" / "pos.crfsuite"


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:10]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def word_features(words: Sequence[str]) -> list[list[str]]:
    """crfsuite attributes of each word of a sentence (training, and the reference of the tests)."""
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
    parts = _WORDS[word] = _parts(word)
    return parts


def _parts(word: str) -> tuple[list[str], bool, tuple[str, str, str, str]]:
    low = word.lower()
    own = ["b", f"w={low}", f"s1={low[-1:]}", f"s2={low[-2:]}", f"s3={low[-3:]}"]
    own += [f"p1={low[:1]}", f"p2={low[:2]}", f"sh={_shape(word)}"]
    return own, "-" in word, (f"w-1={low}", f"w+1={low}", f"w-2={low}", f"w+2={low}")


@dataclass(slots=True, frozen=True)
class CrfWeights:
    """A first-order linear-chain CRF as crfsuite stores it.

    ``state[a, y]`` is the weight of attribute ``a`` for label ``y`` (zero where the model has
    no such feature; the last row, for attributes the model does not know, is all zero);
    ``transition[y, z]`` the weight of label ``z`` after label ``y``."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: NDArray[np.float64]
    transition: NDArray[np.float64]


def read_crfsuite(path: Path) -> CrfWeights:
    """The weights of a crfsuite model file (crfsuite's ``crf1d`` format, little-endian).

    The layout is crfsuite's ``crf1d_model.c``: a header of offsets, a chunk ``FEAT`` of
    features (type, source, destination: ``uint32``; weight: ``float64``; type 0 is
    attribute → label, type 1 label → label), and the label and attribute names in two
    CQDB chunks whose backward arrays give each id's record (id, size, name with its NUL).
    crfsuite's own dump prints the weights rounded to six decimals, hence reading the file."""
    try:
        data = path.read_bytes()
        magic, _, kind, _, _, n_labels, n_attrs, off_feat, off_labels, off_attrs, _, _ = struct.unpack_from(
            "<4sI4s9I", data, 0
        )
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError("not a crfsuite first-order CRF model")
        labels = _cqdb_names(data, off_labels, n_labels)
        attributes = _cqdb_names(data, off_attrs, n_attrs)
        chunk, _, count = struct.unpack_from("<4sII", data, off_feat)
        if chunk != b"FEAT":
            raise ValueError("no feature chunk")
        record = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
        feats = np.frombuffer(data, dtype=record, count=count, offset=off_feat + 12)
    except (OSError, ValueError, struct.error, UnicodeDecodeError) as err:
        raise ModelError(f"cannot read part-of-speech model: {err}", str(path)) from err
    state = np.zeros((n_attrs + 1, n_labels))
    transition = np.zeros((n_labels, n_labels))
    s = feats[feats["type"] == 0]
    t = feats[feats["type"] == 1]
    state[s["src"], s["dst"]] = s["weight"]
    transition[t["src"], t["dst"]] = t["weight"]
    return CrfWeights(tuple(labels), {a: i for i, a in enumerate(attributes)}, state, transition)


def _cqdb_names(data: bytes, offset: int, count: int) -> list[str]:
    magic, _, _, _, n_ids, off_bwd = struct.unpack_from("<4s5I", data, offset)
    if magic != b"CQDB" or n_ids != count:
        raise ValueError("bad name table")
    names = []
    for k, rec in enumerate(np.frombuffer(data, dtype="<u4", count=n_ids, offset=offset + off_bwd).tolist()):
        at = offset + rec
        rid, size = struct.unpack_from("<iI", data, at)
        if rid != k:
            raise ValueError("bad name table")
        names.append(data[at + 8 : at + 7 + size].decode("utf-8"))
    return names


class PosTagger:
    """Penn part-of-speech tags for the words of sentences (a crfsuite model run in numpy)."""

    # distinct words kept before the cache starts afresh: about 580 bytes each (tracemalloc: a row of
    # 45 float64 sums, four ids, the dict entry, the arrays' spare rows), so some 40 MB at most
    LIMIT = 1 << 16
    FEW = 6  # sentences still running up to which a Viterbi step takes the whole product (cheaper: measured)
    BATCH_TOKENS = 16_384  # tokens tagged together: their scores take 6 MB (two arrays of 45 float64 each)

    def __init__(self, weights: CrfWeights) -> None:
        self._w = weights
        self._state = weights.state
        self._trans = weights.transition
        self._trans_t = np.ascontiguousarray(weights.transition.T)
        # _gain[k, i] = max over z of transition[i, z] - transition[k, z]: what label i can gain on
        # label k in one step; a label behind the best one by more cannot lie on a best path
        diff = weights.transition[None, :, :] - weights.transition[:, None, :]
        self._gain = diff.max(axis=2)
        ids = [weights.attributes.get(a, len(weights.attributes)) for a in _CONSTANT]
        self._bos1, self._eos1, self._bos2, self._eos2, self._first, self._hyphen = ids
        self._bias = weights.attributes.get("b", len(weights.attributes))
        # template -> value -> id ("s2=ed" is _values["s2"]["ed"]): a new word's ids without
        # spelling its twelve attribute strings
        self._values: dict[str, dict[str, int]] = {t: {} for t in _TEMPLATES}
        for name, aid in weights.attributes.items():
            template, eq, value = name.partition("=")
            if eq and template in self._values:
                self._values[template][value] = aid
        self._new_cache()

    def _new_cache(self) -> None:
        self._index: dict[str, int] = {}
        self._own = np.empty((1024, len(self._w.labels)))  # the sum of a word's own attributes' rows
        self._near = np.empty((1024, 4), dtype=np.intp)  # its w-1, w+1, w-2, w+2 attribute ids
        self._hyphens = np.empty(1024, dtype=bool)

    @classmethod
    def load(cls, path: Path = DEFAULT_POS_MODEL) -> PosTagger:
        """The tagger in file ``path`` (default: the shipped model's); each call reads the file."""
        if not path.exists():
            raise ModelError("part-of-speech model is missing (run 'saidwhat train')", str(path))
        return cls(read_crfsuite(path))

    @property
    def labels(self) -> tuple[str, ...]:
        return self._w.labels

    def tag(self, words: Sequence[str]) -> list[str]:
        return self.tag_sentences([words])[0]

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """The tags of each sentence, as crfsuite tags it with :func:`word_features`.

        The same numbers in the same order: a token's state score adds its attributes' weights one
        by one in :func:`word_features`' order, starting from zero (the first eight, the word's
        own, summed once per distinct word); Viterbi adds ``score + transition`` as crfsuite does
        and keeps the first of equal maxima (``argmax``), forward and back."""
        out: list[list[str]] = []
        batch: list[Sequence[str]] = []
        size = 0
        for sentence in sentences:
            if batch and size + len(sentence) > self.BATCH_TOKENS:
                out.extend(self._tag_batch(batch))
                batch, size = [], 0
            batch.append(sentence)
            size += len(sentence)
        out.extend(self._tag_batch(batch))
        return out

    def _tag_batch(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        lengths = [len(s) for s in sentences]
        words = [w for s in sentences for w in s]
        if not words:
            return [[] for _ in sentences]
        rows = self._rows(words)
        scores = self._scores(rows, np.asarray(lengths, dtype=np.intp))
        best = self._viterbi(scores, [n for n in lengths if n])
        names = self._w.labels
        flat = [names[i] for i in best.tolist()]
        out = []
        at = 0
        for n in lengths:
            out.append(flat[at : at + n])
            at += n
        return out

    def _rows(self, words: list[str]) -> NDArray[np.intp]:
        """Each word's row in the word cache (new words added, the cache started afresh when full)."""
        index = self._index
        fresh = {w for w in words if w not in index}
        if fresh:
            if len(index) + len(fresh) > self.LIMIT:
                self._new_cache()
                index = self._index
                fresh = set(words)
            self._add(sorted(fresh))
        return np.fromiter((index[w] for w in words), dtype=np.intp, count=len(words))

    def _add(self, words: list[str]) -> None:
        index = self._index
        start = len(index)
        end = start + len(words)
        if end > len(self._own):
            size = max(end, min(2 * len(self._own), self.LIMIT))
            self._own = np.resize(self._own, (size, self._own.shape[1]))
            self._near = np.resize(self._near, (size, 4))
            self._hyphens = np.resize(self._hyphens, size)
        unknown = len(self._w.attributes)
        v = self._values
        w, s1, s2, s3, p1, p2, sh = v["w"], v["s1"], v["s2"], v["s3"], v["p1"], v["p2"], v["sh"]
        m1, n1, m2, n2 = v["w-1"], v["w+1"], v["w-2"], v["w+2"]
        bias = self._bias
        ids: list[int] = []  # per word: its eight own attributes, then its four as a neighbour
        hyphens: list[bool] = []
        for k, word in enumerate(words, start):
            low = word.lower()  # the attributes of _parts, in its order
            ids += (
                bias,
                w.get(low, unknown),
                s1.get(low[-1:], unknown),
                s2.get(low[-2:], unknown),
                s3.get(low[-3:], unknown),
                p1.get(low[:1], unknown),
                p2.get(low[:2], unknown),
                sh.get(_shape(word), unknown),
                m1.get(low, unknown),
                n1.get(low, unknown),
                m2.get(low, unknown),
                n2.get(low, unknown),
            )
            hyphens.append("-" in word)
            index[word] = k
        table = np.array(ids, dtype=np.intp).reshape(len(words), 12)
        own = table[:, :8]
        self._near[start:end] = table[:, 8:]
        self._hyphens[start:end] = hyphens
        total = self._state[own[:, 0]]  # crfsuite's 0 + first weight: the same number
        for j in range(1, 8):
            total += self._state[own[:, j]]
        self._own[start:end] = total

    def _scores(self, rows: NDArray[np.intp], lengths: NDArray[np.intp]) -> NDArray[np.float64]:
        """State scores of the tokens, (tokens, labels), in :func:`word_features`' order of terms."""
        n = len(rows)
        ends = np.cumsum(lengths)
        # position of each token in its sentence, and how many tokens follow it there
        at = np.arange(n) - np.repeat(ends - lengths, lengths)
        left = np.repeat(lengths, lengths) - at - 1
        near = self._near[rows]
        state = self._state
        scores = self._own[rows]
        for column, shift, edge, fill in (
            (0, 1, at, self._bos1),
            (1, -1, left, self._eos1),
            (2, 2, at, self._bos2),
            (3, -2, left, self._eos2),
        ):
            ids = np.roll(near[:, column], shift)
            ids[edge < abs(shift)] = fill
            scores += state[ids]
        first = np.flatnonzero(at == 0)
        scores[first] += state[self._first]
        hyphen = np.flatnonzero(self._hyphens[rows])
        if len(hyphen):
            scores[hyphen] += state[self._hyphen]
        return scores

    def _viterbi(self, scores: NDArray[np.float64], lengths: list[int]) -> NDArray[np.intp]:
        """The best labels of the (non-empty) sentences whose state scores follow each other in
        ``scores``, all sentences stepped together, longest first.

        At a step, the new score of label ``z`` is ``max_y(alpha[y] + transition[y, z]) + state[z]``.
        A label ``y`` further behind the best ``k`` than ``_gain[k, y]`` (with a margin for
        rounding) cannot reach that maximum for any ``z``: where only ``k`` is left — most steps —
        the maximum is ``alpha[k] + transition[k, z]`` for every ``z``, and the product is taken
        over the labels left otherwise (over all of them when :attr:`FEW` sentences or fewer still
        run). The backtrack takes the first best ``y`` for the next label, like crfsuite's strict
        ``<``."""
        count = len(lengths)
        order = sorted(range(count), key=lambda b: -lengths[b])  # stable: ties keep input order
        sorted_lengths = [lengths[b] for b in order]
        starts = np.cumsum([0, *lengths[:-1]])[order]
        longest = sorted_lengths[0]
        # live[t]: sentences longer than t (a prefix of the sorted ones)
        live = np.searchsorted(-np.asarray(sorted_lengths), -np.arange(longest), side="left").tolist()
        offsets = np.cumsum([0, *live]).tolist()
        where = np.concatenate([starts[:m] + t for t, m in enumerate(live)])  # step-major token order
        alpha = scores[where]
        # the largest |score| a step can reach bounds the rounding a comparison can suffer
        bound = float(np.abs(scores).max()) * (longest + 1) + float(np.abs(self._trans).max()) * longest
        margin = 1e-6 + 1e-12 * bound
        trans, gain = self._trans, self._gain
        for t in range(1, longest):
            m = live[t]
            prev = alpha[offsets[t - 1] : offsets[t - 1] + m]
            if m <= self.FEW:  # the bound costs more calls than the whole product of a few rows
                alpha[offsets[t] : offsets[t] + m] += (prev[:, :, None] + trans).max(axis=1)
                continue
            best = prev.argmax(axis=1)
            top = prev.max(axis=1)
            rivals = (prev + gain[best]) >= (top - margin)[:, None]  # best itself is one
            step = trans[best]
            step += top[:, None]
            several = np.flatnonzero(rivals.sum(axis=1) > 1)
            if len(several):
                keep = np.flatnonzero(rivals[several].any(axis=0))
                step[several] = (prev[several][:, keep, None] + trans[keep]).max(axis=1)
            alpha[offsets[t] : offsets[t] + m] += step
        labels = np.empty(len(alpha), dtype=np.intp)
        trans_t = self._trans_t
        for t in range(longest - 1, -1, -1):
            m = live[t]
            after = live[t + 1] if t + 1 < longest else 0
            here = alpha[offsets[t] : offsets[t] + m]
            if m > after:  # sentences that end here
                labels[offsets[t] + after : offsets[t] + m] = here[after:].argmax(axis=1)
            if after:
                nxt = labels[offsets[t + 1] : offsets[t + 1] + after]
                labels[offsets[t] : offsets[t] + after] = (here[:after] + trans_t[nxt]).argmax(axis=1)
        out = np.empty(len(alpha), dtype=np.intp)
        out[where] = labels
        return out


# attributes every word may have beside its own (word_features' spelling)
_CONSTANT = ("w-1=<s>", "w+1=</s>", "w-2=<s>", "w+2=</s>", "first", "hyphen")
# the templates of a word's own and neighbour attributes (_parts: "w=the", "s1=e", ..., "w+2=the")
_TEMPLATES = ("w", "s1", "s2", "s3", "p1", "p2", "sh", "w-1", "w+1", "w-2", "w+2")
