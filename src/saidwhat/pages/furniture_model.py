"""A small multinomial logistic regression over sparse named features, in pure Python.

The furniture classifier has a few dozen features and a few hundred training
segments, so a dependency-free softmax regression is enough (trained by
:mod:`saidwhat_dev.train.furniture`, deterministically). The
weights are stored as JSON (``data/furniture_model.json``): one row of class
weights per feature name. Features the model does not know score zero.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..core.errors import ModelError

__all__ = ["LineModel"]

FORMAT = "saidwhat-furniture-model/1"
BATCH = 1_024  # vectors scored at once by LineModel.batch_proba


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
        Vectors are scored :data:`BATCH` at a time, so that the matrix of terms (a row of class
        weights for each feature of each line) does not grow with the page.
        """
        out: list[list[float]] = []
        for start in range(0, len(xs), BATCH):
            out.extend(self._batch_proba(xs[start : start + BATCH]))
        return out

    def _batch_proba(self, xs: Sequence[dict[str, float]]) -> list[list[float]]:
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
