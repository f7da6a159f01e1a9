"""Training the furniture classifier (:mod:`saidwhat.pages.furniture`) on the labelled pages.

The line classifier is a small softmax regression over sparse named features
(:class:`saidwhat.pages.furniture_model.LineModel`), trained here with mini-batch
Adam and L2 regularisation, in a fixed order drawn from a fixed seed, so that the
same data always gives the same weights. ``saidwhat train furniture`` runs
:func:`train_model` on the labelled train split of ``eval/data/furniture``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from saidwhat.pages.furniture import LABELS
from saidwhat.pages.furniture_data import furniture_data
from saidwhat.pages.furniture_features import facts_of, features
from saidwhat.pages.furniture_model import LineModel
from saidwhat.pages.furniture_split import split_lines
from saidwhat_dev.eval.furniture import gold_label_of, load_split

__all__ = ["CLASS_WEIGHTS", "TrainSettings", "train", "train_model", "training_examples"]


@dataclass(slots=True, frozen=True)
class TrainSettings:
    epochs: int = 30
    batch: int = 16
    rate: float = 0.02
    l2: float = 1e-3
    seed: int = 13




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


# Class weights for training: losing a paragraph costs more than keeping a menu line.
CLASS_WEIGHTS = {"paragraph": 2.0, "title": 2.0, "heading": 1.5}


def training_examples(split: str = "train") -> tuple[list[dict[str, float]], list[str]]:
    """Features and gold labels of every segment of a labelled split."""
    data = furniture_data()
    xs: list[dict[str, float]] = []
    ys: list[str] = []
    for page in load_split(split):
        segments = split_lines(page.lines)
        facts = facts_of(segments, page.lines, data)
        xs.extend(features(facts, data))
        ys.extend(gold_label_of(page, seg) for seg in segments)
    return xs, ys


def train_model(split: str = "train", settings: TrainSettings | None = None) -> LineModel:
    """Train the line classifier on a labelled split (the shipped weights: ``train``, default settings)."""
    xs, ys = training_examples(split)
    model = train(xs, ys, LABELS, settings or TrainSettings(), CLASS_WEIGHTS)
    model.meta["trained_on"] = f"saidwhat_dev/eval/data/furniture/{split}"
    model.meta["class_weights"] = CLASS_WEIGHTS
    return model
