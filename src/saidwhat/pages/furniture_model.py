"""A small multinomial logistic regression over sparse named features, in pure Python.

The furniture classifier has a few dozen features and a few hundred training
segments, so a dependency-free softmax regression is enough: it trains in
seconds with mini-batch Adam and L2 regularisation, in a fixed order drawn
from a fixed seed, so that the same data always gives the same weights. The
weights are stored as JSON (``data/furniture_model.json``): one row of class
weights per feature name. Features the model does not know score zero.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..core.errors import ModelError

__all__ = ["LineModel", "TrainSettings", "train"]

FORMAT = "saidwhat-furniture-model/1"


@dataclass(slots=True, frozen=True)
class TrainSettings:
    epochs: int = 30
    batch: int = 16
    rate: float = 0.02
    l2: float = 1e-3
    seed: int = 13


@dataclass(slots=True)
class LineModel:
    classes: list[str]
    weights: dict[str, list[float]]  # feature name -> one weight per class
    meta: dict[str, Any]
    _matrix: tuple[dict[str, int], Any] | None = field(default=None, init=False, repr=False, compare=False)

    def batch_proba(self, xs: Sequence[dict[str, float]]) -> list[list[float]]:
        """:meth:`proba` of every vector of a trained model: the same numbers, faster.

        The weights are one numpy matrix; the rows of a vector's features are
        added with ``cumsum``, one after the other in the order of the
        features, as :meth:`scores` does, so the sums are bit for bit the same.
        The matrix is built on first use: do not change the weights after it.
        """
        if self._matrix is None:
            names = list(self.weights)
            table = [self.weights[n] for n in names] + [[0.0] * len(self.classes)]
            self._matrix = ({n: i for i, n in enumerate(names)}, np.array(table))
        index, matrix = self._matrix
        unknown = len(matrix) - 1  # an unknown feature takes the last row, all zeros: no sum changes
        get = index.get
        picked: list[int] = [get(name, unknown) for x in xs for name in x]
        values = np.fromiter((v for x in xs for v in x.values()), dtype=float, count=len(picked))
        terms = matrix[picked] * values[:, None]
        out = []
        start = 0
        zeros = [0.0] * len(self.classes)
        for x in xs:
            end = start + len(x)
            out.append(_softmax(np.cumsum(terms[start:end], axis=0)[-1].tolist() if x else zeros))
            start = end
        return out

    def scores(self, x: dict[str, float]) -> list[float]:
        out = [0.0] * len(self.classes)
        weights = self.weights
        for name, value in x.items():
            row = weights.get(name)
            if row is not None:  # same sums in the same order as a loop per class, in one pass
                out = [o + w * value for o, w in zip(out, row)]
        return out

    def proba(self, x: dict[str, float]) -> list[float]:
        return _softmax(self.scores(x))

    def to_json(self) -> dict[str, Any]:
        rounded = {k: [round(w, 5) for w in row] for k, row in sorted(self.weights.items())}
        return {"format": FORMAT, "classes": self.classes, "meta": self.meta, "weights": rounded}

    @classmethod
    def from_json(cls, data: Any, where: str) -> LineModel:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"not a furniture model (expected format {FORMAT!r})", where)
        classes = data.get("classes")
        weights = data.get("weights")
        if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes) or not classes:
            raise ModelError("'classes' must be a non-empty list of labels", where)
        if not isinstance(weights, dict):
            raise ModelError("'weights' must map feature names to rows of class weights", where)
        for name, row in weights.items():
            if (
                not isinstance(row, list)
                or len(row) != len(classes)
                or not all(isinstance(w, (int, float)) for w in row)
            ):
                raise ModelError(f"feature {name!r} must have one number per class", where)
        meta = data.get("meta")
        meta = dict(meta) if isinstance(meta, dict) else {}
        return cls(list(classes), {k: [float(w) for w in v] for k, v in weights.items()}, meta)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def train(
    xs: Sequence[dict[str, float]],
    ys: Sequence[str],
    classes: Sequence[str],
    settings: TrainSettings | None = None,
    class_weights: dict[str, float] | None = None,
) -> LineModel:
    """Fit softmax regression by mini-batch Adam; deterministic for a given seed."""
    settings = settings or TrainSettings()
    index = {c: i for i, c in enumerate(classes)}
    targets = [index[y] for y in ys]
    sample_w = [(class_weights or {}).get(y, 1.0) for y in ys]
    names = sorted({k for x in xs for k in x})
    model = LineModel(list(classes), {k: [0.0] * len(classes) for k in names}, {})
    adam = _Adam(names, len(classes), settings.rate)
    order = list(range(len(xs)))
    rng = random.Random(settings.seed)
    for _ in range(settings.epochs):
        rng.shuffle(order)
        for b in range(0, len(order), settings.batch):
            batch = order[b : b + settings.batch]
            grad = _gradient(
                model, [xs[i] for i in batch], [targets[i] for i in batch], [sample_w[i] for i in batch]
            )
            _add_l2(grad, model, settings.l2)
            adam.step(model.weights, grad)
    model.meta = {"settings": asdict(settings), "examples": len(xs)}
    return model


def _gradient(
    model: LineModel, xs: list[dict[str, float]], ys: list[int], ws: list[float]
) -> dict[str, list[float]]:
    grad: dict[str, list[float]] = {}
    scale = 1.0 / max(1.0, sum(ws))
    for x, y, w in zip(xs, ys, ws):
        p = model.proba(x)
        p[y] -= 1.0
        for name, value in x.items():
            row = grad.setdefault(name, [0.0] * len(p))
            for c, pc in enumerate(p):
                row[c] += pc * value * w * scale
    return grad


def _add_l2(grad: dict[str, list[float]], model: LineModel, l2: float) -> None:
    for name, row in grad.items():
        if name == "bias":
            continue
        weights = model.weights[name]
        for c in range(len(row)):
            row[c] += l2 * weights[c]


class _Adam:
    """Adam on the features present in each batch (lazy, as for sparse inputs)."""

    def __init__(self, names: list[str], classes: int, rate: float) -> None:
        self.m = {k: [0.0] * classes for k in names}
        self.v = {k: [0.0] * classes for k in names}
        self.t = {k: 0 for k in names}
        self.rate = rate

    def step(self, weights: dict[str, list[float]], grad: dict[str, list[float]]) -> None:
        b1, b2, eps = 0.9, 0.999, 1e-8
        for name, g in grad.items():
            m, v, w = self.m[name], self.v[name], weights[name]
            self.t[name] += 1
            t = self.t[name]
            for c, gc in enumerate(g):
                m[c] = b1 * m[c] + (1 - b1) * gc
                v[c] = b2 * v[c] + (1 - b2) * gc * gc
                w[c] -= self.rate * (m[c] / (1 - b1**t)) / (math.sqrt(v[c] / (1 - b2**t)) + eps)
