"""A second reader of a text dump's layout: a small convolutional network over the page's lines.

The CRF of :mod:`.dump_layout` sees each segment through sparse features and
the labels of its neighbours; this network reads fifteen lines on each side of
every segment (four residual convolutions, dilated 1, 2, 4 and 8; one matrix
product per layer for the whole page, no loop over lines) from a dense
description of every segment: the classifier's scores and label, length,
sentence, stop words, date, credit and phrase (:func:`compact`) and the
segment's place on the page (:func:`page_facts`: position, distance from the
page's main run of prose). The CRF's sparse features as inputs too scored no
better in cross-validation (see BENCHMARKS.md). A few networks of this shape,
trained from different seeds, are averaged: one alone scores a few thousandths
higher or lower with its seed, their mean at least as high as the best of them.

The two models make different errors; the layout decision reads the mean of
their P(body) (cross-validated by site on the development pages: see
BENCHMARKS.md, "Text dumps of real pages").

The weights (``data/dump_lines.npz``) are trained with PyTorch by ``saidwhat
train dumps`` (:mod:`saidwhat_dev.train.dumps`); the forward pass here is plain
numpy, so the runtime needs no PyTorch.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..core.blas import one_blas_thread
from ..core.errors import ModelError
from .furniture_features import SegmentFacts

__all__ = ["DEFAULT_LINES", "DILATIONS", "INPUTS", "LABELS", "WIDTH", "LineNet", "compact", "inputs", "page_facts"]

DEFAULT_LINES = Path(__file__).resolve().parent.parent / "data" / "dump_lines.npz"
# The classifier's labels, one-hot in the compact description (order matters: it is the weights').
LABELS = ("furniture", "paragraph", "heading", "title", "caption", "credit", "byline", "dateline")
_LABEL_COLUMN = {label: j for j, label in enumerate(LABELS)}
INPUTS = 28  # numbers per segment: compact (20) and page_facts (8)
WIDTH = 64  # units of every layer
DILATIONS = (1, 2, 4, 8)  # of the residual convolutions (kernel 3): each line sees 15 lines on each side
_WEIGHTS = ("mu", "sd", "inp_w", "inp_b", "out_w", "out_b") + tuple(
    f"conv{j}_{part}" for j in range(len(DILATIONS)) for part in "wb"
)
Array = npt.NDArray[np.floating[Any]]


def compact(facts: Sequence[SegmentFacts], xseq: Sequence[dict[str, float]], labels: Sequence[str]) -> Array:
    """A row of 20 numbers per segment: the classifier's four scores and its label, log words
    and characters, sentence, stop words, prose, date, credit and phrase."""
    rows = []
    for fact, x, label in zip(facts, xseq, labels):
        n = len(fact.lower)
        one_hot = [0.0] * len(LABELS)
        if label in _LABEL_COLUMN:
            one_hot[_LABEL_COLUMN[label]] = 1.0
        rows.append(
            [
                x.get("P:furniture", 0.0), x.get("P:paragraph", 0.0), x.get("P:heading", 0.0), x.get("P:title", 0.0),
                *one_hot, math.log1p(n), math.log1p(len(fact.segment.text)), fact.sentence, fact.stops,
                fact.sentence or n >= 15, fact.date, fact.credit, fact.match is not None,
            ]
        )  # fmt: skip
    return np.array(rows, dtype=np.float64).reshape(len(rows), 20)


def page_facts(n: int, run: tuple[int, int]) -> Array:
    """A row of 8 numbers per segment: relative position, page length, lines before and after,
    before or after the main run of prose (``run``, see :func:`.dump_layout.main_run`), how far
    from it, and the run's share of the page."""
    i = np.arange(n, dtype=np.float64)
    s, e = run
    cols = [
        i / max(1, n), np.full(n, np.log1p(n)), np.log1p(i), np.log1p(n - 1 - i),
        (i < s).astype(float), (i > e).astype(float), np.where(i < s, s - i, np.where(i > e, i - e, 0)),
        np.full(n, (e - s + 1) / max(1, n)),
    ]  # fmt: skip
    return np.stack(cols, axis=1).reshape(n, 8)


def inputs(
    facts: Sequence[SegmentFacts], xseq: Sequence[dict[str, float]], labels: Sequence[str], run: tuple[int, int]
) -> Array:
    """The network's input rows (before normalisation): :func:`compact` and :func:`page_facts`."""
    return np.hstack([compact(facts, xseq, labels), page_facts(len(xseq), run)])


def _sigmoid(z: Array) -> Array:
    out: Array = 0.5 * (1.0 + np.tanh(0.5 * z))  # the same function, without overflow
    return out


@dataclass(slots=True, frozen=True)
class LineNet:
    """A few networks of the same shape, trained from different seeds, whose P(body) is averaged
    (see the module doc). Every weight array has the members on its first axis."""

    weights: dict[str, Array]

    @classmethod
    def load(cls, path: Path = DEFAULT_LINES) -> LineNet:
        try:
            with np.load(path, allow_pickle=False) as raw:
                weights = {name: np.asarray(raw[name], dtype=np.float32) for name in _WEIGHTS}
                weights["mu"], weights["sd"] = weights["mu"].astype(np.float64), weights["sd"].astype(np.float64)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as err:
            raise ModelError(f"cannot load the text-dump line network: {err}", str(path)) from err
        members = weights["mu"].shape[0] if weights["mu"].ndim == 2 else 0
        if not members or weights["mu"].shape[1:] != (INPUTS,) or weights["inp_w"].shape != (members, WIDTH, INPUTS):
            raise ModelError(f"the line network's input layer is not {WIDTH} x {INPUTS} for each member", str(path))
        if any(array.shape[0] != members for array in weights.values()):
            raise ModelError("the line network's weights do not all hold the same members", str(path))
        return cls(weights)

    @property
    def members(self) -> int:
        """How many networks are averaged."""
        return int(self.weights["inp_w"].shape[0])

    def body(
        self,
        facts: Sequence[SegmentFacts],
        xseq: Sequence[dict[str, float]],
        labels: Sequence[str],
        run: tuple[int, int],
    ) -> list[float]:
        """P(body) of every segment: the mean of the members'."""
        if not xseq:
            return []
        rows = inputs(facts, xseq, labels, run)
        with one_blas_thread():
            p = np.mean([self._member(rows, j) for j in range(self.members)], axis=0)
        return [float(v) for v in p]

    def _member(self, rows: Array, j: int) -> Array:
        w = {name: array[j] for name, array in self.weights.items()}
        # float32 after the normalisation, as the network was trained: half the work of float64
        x = ((rows - w["mu"]) / w["sd"]).astype(np.float32)
        first = np.maximum(np.float32(0.0), x @ w["inp_w"].T + w["inp_b"])
        h = first
        for i, k in enumerate(DILATIONS):
            h = h + np.maximum(np.float32(0.0), _conv(h, w[f"conv{i}_w"], w[f"conv{i}_b"], k))
        logits = np.hstack([h, first]) @ w["out_w"].T + w["out_b"]
        return _sigmoid(logits[:, 0])


def _conv(h: Array, weight: Array, bias: Array, dilation: int) -> Array:
    """A convolution of kernel 3 over the lines (``weight`` as PyTorch's Conv1d: out, in, 3),
    zero past the page's ends."""
    n, width = h.shape
    padded = np.zeros((n + 2 * dilation, width), dtype=h.dtype)
    padded[dilation : dilation + n] = h
    taps = np.hstack([padded[:n], h, padded[2 * dilation :]])  # the line k before, itself, k after
    return taps @ weight.transpose(2, 1, 0).reshape(3 * width, -1) + bias
