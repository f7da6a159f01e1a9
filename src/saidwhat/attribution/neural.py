"""The attribution tagger's network at run time: a BiLSTM-CRF evaluated with numpy.

Each token's crfsuite-style attributes (:mod:`.features`, plus the rules'
statements of :mod:`.crf_rules`) are hashed (CRC-32, stable across processes)
into ``buckets`` rows of two tables: an embedding (summed, then ``tanh``) that
feeds a bidirectional LSTM (one or more layers), and a per-label weight
(summed) that acts as the linear CRF's emission score. Emissions are the LSTM's projection plus
that linear term; a first-order CRF (transition, start and end scores) decodes
them with Viterbi, and forward-backward gives each chosen label's marginal
probability (the statements' confidence).

The weights are trained with PyTorch by :mod:`saidwhat_dev.train.network` and saved as a
plain ``.npz`` file, so running the model needs numpy only. The LSTM follows
PyTorch's equations (gates in order input, forget, cell, output).
"""

from __future__ import annotations

import bisect
import itertools
import json
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..core.blas import one_blas_thread
from ..core.errors import ModelError
from .manifest import NETWORK_FILE  # the file name belongs to the model directory

__all__ = ["NETWORK_FILE", "Network", "hash_features"]

_WEIGHTS = ("emb", "lin", "out_w", "out_b", "trans", "start", "end")
_LAYER = ("wih", "whh", "b")  # per LSTM layer and direction: l{n}_{fwd|bwd}_{wih|whh|b}

Array = NDArray[np.float32]


_CRC: dict[str, int] = {}  # attribute -> CRC-32: most attributes recur from page to page
_CRC_LIMIT = 1 << 20  # entries kept before the cache starts afresh (bounds its memory)
BATCH_TOKENS = 16_384  # padded tokens per batch: bounds the network's memory whatever the page's size
GATHER_TOKENS = 512  # tokens whose attribute rows are gathered at once (some 7 MB), then summed


def _crc(feature: str) -> int:
    value = _CRC[feature] = zlib.crc32(feature.encode("utf-8"))
    return value


def hash_features(
    tokens: Sequence[Sequence[str]], buckets: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Row ids of all attributes (flat) and each token's offset into them."""
    if len(_CRC) > _CRC_LIMIT:
        _CRC.clear()
    get = _CRC.get  # a CRC of 0 is merely computed again
    ids = np.asarray([get(f) or _crc(f) for fs in tokens for f in fs], dtype=np.int64)
    offsets = np.cumsum([0] + [len(fs) for fs in tokens[:-1]], dtype=np.int64)
    return ids & (buckets - 1), offsets


def _sigmoid(x: Array) -> Array:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * x)), dtype=np.float32)


class Network:
    """Weights of a trained BiLSTM-CRF and the labels it emits."""

    def __init__(self, weights: dict[str, Array], labels: Sequence[str]) -> None:
        self.layers = sum(1 for k in weights if k.startswith("l") and k.endswith("_fwd_wih"))
        layer_keys = [
            f"l{n}_{side}_{w}" for n in range(self.layers) for side in ("fwd", "bwd") for w in _LAYER
        ]
        missing = [k for k in (*_WEIGHTS, *layer_keys) if k not in weights]
        if missing or not self.layers:
            raise ModelError(f"attribution network lacks weights {', '.join(missing) or 'l0_fwd_wih'}")
        self.w = {k: np.asarray(weights[k], dtype=np.float32) for k in (*_WEIGHTS, *layer_keys)}
        self.labels = tuple(labels)
        self.buckets = int(self.w["emb"].shape[0])
        self.dim = int(self.w["emb"].shape[1])
        # one table for both hashed lookups (one gather per page); emb and lin become views of it. Its
        # last row, ``absent`` (= buckets), is zeros: the id of an attribute a token lacks (see :meth:`label_ids`)
        self._table = np.concatenate([self.w["emb"], self.w["lin"]], axis=1)
        self._table = np.concatenate([self._table, np.zeros((1, self._table.shape[1]), np.float32)])
        self.absent = self.buckets
        self.w["emb"], self.w["lin"] = self._table[:-1, : self.dim], self._table[:-1, self.dim :]
        self._lstm_weights = {  # per layer and direction, transposed once for the matrix products
            side: (self.w[f"{side}_wih"].T.copy(), self.w[f"{side}_whh"].T.copy(), self.w[f"{side}_b"])
            for side in (f"l{n}_{d}" for n in range(self.layers) for d in ("fwd", "bwd"))
        }
        self._steps = {side: _step_weights(*ws) for side, ws in self._lstm_weights.items()}
        if self.buckets & (self.buckets - 1) or self.w["trans"].shape != (len(labels), len(labels)):
            raise ModelError("attribution network has inconsistent shapes")

    @classmethod
    def load(cls, path: Path) -> Network:
        try:
            with np.load(path, allow_pickle=False) as data:
                weights = {k: data[k] for k in data.files if k != "labels"}
                labels = json.loads(str(data["labels"]))
        except (OSError, ValueError, KeyError) as err:
            raise ModelError(f"cannot load attribution network: {err}", str(path)) from err
        return cls(weights, labels)

    def save(self, path: Path) -> None:
        arrays = {k: v.astype(np.float16) if v.size > 1 << 16 else v for k, v in self.w.items()}
        np.savez_compressed(path, labels=np.asarray(json.dumps(list(self.labels))), **arrays)  # type: ignore[arg-type]

    def label(self, paragraphs: Sequence[Sequence[Sequence[str]]]) -> list[tuple[list[str], list[float]]]:
        """Labels and their marginal probabilities for every paragraph (token attribute lists)."""
        return self.label_ids([self.ids(p) for p in paragraphs])

    def ids(self, tokens: Sequence[Sequence[str]]) -> NDArray[np.int64]:
        """The row ids of the tokens' attributes, one row per token, padded with :attr:`absent`."""
        ids, offsets = hash_features(tokens, self.buckets) if tokens else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        sizes = np.asarray([len(fs) for fs in tokens], dtype=np.int64)
        out = np.full((len(tokens), int(sizes.max(initial=0))), self.absent, dtype=np.int64)
        row = np.repeat(np.arange(len(tokens)), sizes)
        out[row, np.arange(len(ids)) - offsets[row]] = ids
        return out

    def label_ids(self, paragraphs: Sequence[NDArray[np.int64]]) -> list[tuple[list[str], list[float]]]:
        """:meth:`label` for paragraphs given as row ids: one row per token, the ids of its attributes in
        order (:func:`hash_features`), an attribute it lacks as :attr:`absent` (it adds zeros)."""
        out: list[tuple[list[str], list[float]]] = [([], []) for _ in paragraphs]
        sizes = [len(p) for p in paragraphs]
        order = sorted((i for i, n in enumerate(sizes) if n), key=lambda i: sizes[i])
        with one_blas_thread():
            for batch in _batches(order, sizes):
                em, lengths = self._emissions([paragraphs[i] for i in batch])
                best = self._viterbi(em, lengths)
                marg = self._marginals(em, lengths)
                for k, i in enumerate(batch):
                    path = best[k, : lengths[k]]
                    out[i] = ([self.labels[j] for j in path], marg[k, np.arange(lengths[k]), path].tolist())
        return out

    def _emissions(self, paragraphs: Sequence[NDArray[np.int64]]) -> tuple[Array, list[int]]:
        """Emission scores, padded: (paragraphs, longest, labels), and the paragraph lengths.

        They are computed shortest first, as :meth:`label` batches them. Tokens stay packed (one row per real
        token, paragraph after paragraph) except inside the LSTM's time loop, so no work is spent on
        padding (the scores are those of the padded form up to float32 rounding: a product's rows
        may round otherwise with the number of rows, see :func:`_live_from`)."""
        w, dim = self.w, self.dim
        lengths = [len(p) for p in paragraphs]
        order = _sorting(lengths)
        if order is not None:  # another caller's order: computed shortest first, given back in its own
            em, _ = self._emissions([paragraphs[i] for i in order])
            return em[np.argsort(order)], lengths
        summed = self._lookup(_stacked(paragraphs, self.absent))
        x, lin = np.tanh(summed[:, :dim]), summed[:, dim:]
        steps = _Steps(lengths)
        for layer in range(self.layers):
            x = self._bilstm(x, layer, steps)
        em = np.zeros((len(lengths), steps.longest, len(self.labels)), dtype=np.float32)
        em[steps.row, steps.fwd] = lin + x @ w["out_w"].T + w["out_b"]
        return em, lengths

    def _bilstm(self, x: Array, layer: int, steps: _Steps) -> Array:
        """One bidirectional layer over packed tokens: each token's forward and backward states side
        by side. The two directions step together, stacked on a first axis of size 2 (numpy's
        stacked product runs the same gemm per direction); at step ``t`` only the paragraphs still
        running are computed: a suffix of the rows, since the paragraphs come shortest first.

        The gates are computed as :func:`_step_weights` prepares them: one ``tanh`` over all four,
        the sigmoid gates (their weights halved) then turned into ``sigmoid(x) = 0.5 * tanh(x / 2) + 0.5``
        in place: the same numbers as PyTorch's equations, with fewer numpy calls per step."""
        sides = [self._steps[f"l{layer}_{d}"] for d in ("fwd", "bwd")]
        whh = np.stack([s[1] for s in sides])
        hidden = whh.shape[1]
        n, longest = len(steps.lengths), steps.longest
        pre = np.zeros((2, longest, n, 4 * hidden), dtype=np.float32)  # time-major: pre[:, t] is contiguous
        for d, (wih, _, b) in enumerate(sides):
            pre[d, steps.time(d), steps.row] = x @ wih + b
        c = np.zeros((2, n, hidden), dtype=np.float32)
        hs = np.zeros((2, longest, n, hidden), dtype=np.float32)
        sig, cell, out = slice(0, 3 * hidden), slice(3 * hidden, 4 * hidden), slice(2 * hidden, 3 * hidden)
        forget, into = slice(hidden, 2 * hidden), slice(0, hidden)
        for t in range(longest):
            lo = _live_from(steps.lengths, t)
            g = pre[:, t, lo:]
            if t:
                g += np.matmul(hs[:, t - 1, lo:], whh)
            np.tanh(g, out=g)
            gates = g[..., sig]
            gates *= 0.5
            gates += 0.5
            state = c[:, lo:]
            state *= g[..., forget]
            state += g[..., into] * g[..., cell]
            np.multiply(g[..., out], np.tanh(state), out=hs[:, t, lo:])
        return np.concatenate([hs[0, steps.fwd, steps.row], hs[1, steps.bwd, steps.row]], axis=1)

    def _lookup(self, ids: NDArray[np.int64]) -> Array:
        """Each token's rows (``ids``: one row of ids per token) summed in order: the embedding input and
        the linear term side by side.

        The rows are gathered for :data:`GATHER_TOKENS` tokens at a time: gathered at once for a
        full batch they took over 200 MB (one row per attribute, some sixty attributes a token)."""
        summed = np.empty((len(ids), self._table.shape[1]), dtype=np.float32)
        for a in range(0, len(ids), GATHER_TOKENS):
            summed[a : a + GATHER_TOKENS] = self._table[ids[a : a + GATHER_TOKENS]].sum(axis=1)
        return summed

    def _viterbi(self, em: Array, lengths: list[int]) -> NDArray[np.int64]:
        """Best label path of every paragraph (padded positions carry the last real label on).

        ``lengths`` come shortest first: at step ``t`` the paragraphs still running are a suffix of
        the rows, and only those are scored (max and argmax are exact, so no rounding changes)."""
        order = _sorting(lengths)
        if order is not None:
            return self._viterbi(em[order], [lengths[i] for i in order])[np.argsort(order)]
        n, longest, k = em.shape
        trans = self.w["trans"]
        back = np.broadcast_to(np.arange(k), (n, longest, k)).copy()  # an ended paragraph keeps its label
        score = self.w["start"] + em[:, 0]
        for t in range(1, longest):
            lo = bisect.bisect_right(lengths, t)
            cand = score[lo:, :, None] + trans[None]
            back[lo:, t] = cand.argmax(axis=1)
            score[lo:] = cand.max(axis=1) + em[lo:, t]
        best = np.zeros((n, longest), dtype=np.int64)
        best[:, -1] = (score + self.w["end"]).argmax(axis=1)
        rows = np.arange(n)
        for t in range(longest - 1, 0, -1):
            best[:, t - 1] = back[rows, t, best[:, t]]
        return best

    def _marginals(self, em: Array, lengths: list[int]) -> NDArray[np.float64]:
        """Marginal probability of every label at every position (forward-backward).

        In probability space, each step's scores scaled to sum to one (so nothing overflows or
        underflows however long the paragraph): a step is a product with ``exp(trans)`` and an
        element-wise product, where the log-space form took a dozen numpy calls. As in
        :meth:`_viterbi`, each step computes only the rows still running (see :func:`_live_from`);
        padded positions are set to 0 at the end, never read."""
        order = _sorting(lengths)
        if order is not None:
            return self._marginals(em[order], [lengths[i] for i in order])[np.argsort(order)]
        n, longest, k = em.shape
        w = {name: self.w[name].astype(np.float64) for name in ("trans", "start", "end")}
        trans = np.exp(w["trans"] - w["trans"].max())  # a constant factor cancels in the scaling
        trans_t = np.ascontiguousarray(trans.T)
        em64 = em.astype(np.float64)
        scores = np.exp(em64 - em64.max(axis=2, keepdims=True))  # per position, at most 1
        ends = np.asarray(lengths)
        alpha = np.zeros((n, longest, k), dtype=np.float64)
        beta = np.zeros((n, longest, k), dtype=np.float64)
        first = np.exp(w["start"] - w["start"].max()) * scores[:, 0]
        alpha[:, 0] = first / first.sum(axis=1, keepdims=True)
        for t in range(1, longest):
            lo = _live_from(lengths, t)
            step = alpha[lo:, t - 1] @ trans
            step *= scores[lo:, t]
            step /= step.sum(axis=1, keepdims=True)
            alpha[lo:, t] = step
        rows = np.arange(n)
        beta[rows, ends - 1] = np.exp(w["end"] - w["end"].max())
        for t in range(longest - 2, -1, -1):
            lo = _live_from(lengths, t + 1)
            step = (scores[lo:, t + 1] * beta[lo:, t + 1]) @ trans_t  # the rows that run past t + 1
            step /= step.sum(axis=1, keepdims=True)
            beta[lo:, t] = step
        marg = alpha * beta
        total = marg.sum(axis=2, keepdims=True)
        live = (np.arange(longest)[None, :] < ends[:, None])[:, :, None]
        return np.where(live, marg / np.where(live, total, 1.0), 0.0)


def _step_weights(wih: Array, whh: Array, b: Array) -> tuple[Array, Array, Array]:
    """The LSTM weights (transposed: gates in columns, PyTorch's order input, forget, cell, output)
    reordered input, forget, output, cell, the three sigmoid gates' columns halved: a product with
    them gives ``x / 2`` exactly (halving is exact in binary floating point), whose ``tanh`` turns
    into the sigmoid (see :meth:`Network._bilstm`)."""
    hidden = whh.shape[1] // 4
    order = np.r_[0 : 2 * hidden, 3 * hidden : 4 * hidden, 2 * hidden : 3 * hidden]
    scale = np.ones(4 * hidden, dtype=np.float32)
    scale[: 3 * hidden] = 0.5
    return (
        np.ascontiguousarray(wih[:, order] * scale),
        np.ascontiguousarray(whh[:, order] * scale),
        np.ascontiguousarray(b[order] * scale),
    )


def _sorting(lengths: Sequence[int]) -> NDArray[np.intp] | None:
    """The order that puts ``lengths`` shortest first, None when they are already (as
    :meth:`Network.label` gives them): the steps of a batch compute only the rows still running."""
    if all(a <= b for a, b in itertools.pairwise(lengths)):
        return None
    return np.argsort(np.asarray(lengths), kind="stable")


def _live_from(lengths: Sequence[int], t: int) -> int:
    """First of the rows (``lengths`` ascending) longer than ``t``. (A product of one row goes to
    gemv, which rounds otherwise than gemm: a paragraph's scores may differ in the last bits with
    the paragraphs batched with it; keeping two rows, as this did to keep them bit for bit, cost a
    longest paragraph's steps twice the work.)"""
    return bisect.bisect_right(lengths, t)


class _Steps:
    """Where each packed token sits in the padded, time-major arrays of a batch, and which rows still
    run at each step. ``lengths`` come shortest first."""

    def __init__(self, lengths: Sequence[int]) -> None:
        self.lengths = list(lengths)
        self.longest = max(lengths)
        sizes = np.asarray(lengths, dtype=np.int64)
        self.row: NDArray[np.int64] = np.repeat(np.arange(len(lengths), dtype=np.int64), sizes)  # its paragraph
        starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
        self.fwd: NDArray[np.int64] = np.arange(len(self.row), dtype=np.int64) - starts  # its position there
        self.bwd: NDArray[np.int64] = np.repeat(sizes, sizes) - 1 - self.fwd  # the same, read backward

    def time(self, direction: int) -> NDArray[np.int64]:
        """Each packed token's step in the forward (0) or backward (1) direction."""
        return self.bwd if direction else self.fwd



def _stacked(paragraphs: Sequence[NDArray[np.int64]], absent: int) -> NDArray[np.int64]:
    """The paragraphs' rows of ids one under the other, the narrower ones padded with ``absent``."""
    width = max(p.shape[1] for p in paragraphs)
    return np.concatenate([p if p.shape[1] == width else _widened(p, width, absent) for p in paragraphs])


def _widened(p: NDArray[np.int64], width: int, absent: int) -> NDArray[np.int64]:
    out = np.full((len(p), width), absent, dtype=np.int64)
    out[:, : p.shape[1]] = p
    return out


def _batches(order: list[int], sizes: list[int]) -> Iterator[list[int]]:
    """Paragraph indices (given shortest first) in batches of at most BATCH_TOKENS padded tokens."""
    batch: list[int] = []
    for i in order:  # each paragraph is the longest of its batch so far
        if batch and (len(batch) + 1) * sizes[i] > BATCH_TOKENS:
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


def _logsumexp(x: NDArray[np.float64], axis: int) -> NDArray[np.float64]:
    """log(sum(exp(x))) shifted by the maximum, so no exp overflows (an all -inf row gives -inf)."""
    top = x.max(axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):  # log(0) of an all -inf row is -inf, as it should be
        return np.asarray(np.log(np.exp(x - top).sum(axis=axis)) + np.squeeze(top, axis=axis))
