"""Other model classes over the text-dump layout features, in the folds of bench/dumps_cv.py (issue 15).

An experiment, not shipped: the layout model stays the CRF of
:mod:`saidwhat.pages.dump_layout`. The same labelled sequences
(:func:`saidwhat_dev.train.dumps.labelled_sequences`, pages 0-7 only; pages 8-f
are never read), the same five folds by page (every renderer of a page in one
fold, the hand-labelled dumps in every training set, weighed 3x), the same
decision (:func:`saidwhat.pages.dump_layout.decide`) and metric; each model's
P(body) of the held-out fold replaces the CRF's marginals. Reported: body F1 (P, R) and the long
paragraphs lost (as bench/dumps.py counts them, all renderers) at the best of
the thresholds 0.3/0.3, 0.4/0.4, 0.5/0.5, 0.2/0.3 (remove_below/add_above).

Models:

- ``crf``: the shipped CRF (the baseline, its out-of-fold marginals);
- ``gb``: scikit-learn HistGradientBoosting over a dense vector per line: the
  CRF's non-lexical features (one-hots, classifier scores), a compact
  description (classifier scores and label, log words and characters, sentence,
  stop words, prose, date, credit, phrase) of the line and of its neighbours
  at +-1..+-5, its means over +-3/10/25 lines (both sides, before, after), and
  page facts (relative position, page length, the main run of prose);
- ``gb-stack``: the same without the one-hots, the CRF's out-of-fold marginal
  added to the compact description (so its neighbours' and window means too);
  the training rows' marginals come from an inner cross-validation (nested),
  the held-out fold's from the CRF trained on the other folds;
- ``lstm`` / ``lstm-stack``: a BiLSTM (torch) over the line's own vector,
  compact description and page facts (no windows: the LSTM reads the page),
  with and without the CRF's marginal as an input (8 epochs, dropout 0.4, seed 0;
  ``lstm-s1``: seed 1);
- ``mean:a+b+...``: the mean of the models' P(body).

    .venv/bin/python bench/dumps_seq_models.py [crf gb gb-stack lstm lstm-stack mean:gb-stack+lstm-stack ...]

Needs the ``train`` extra (scikit-learn, torch). Results are cached in ``--work``.
"""

from __future__ import annotations

import argparse
import collections
import pickle
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from saidwhat.pages.dump_layout import BODY, decide, main_run, prose_lines, shown_structure
from saidwhat_dev.eval.dumps import long_paragraphs_lost
from saidwhat_dev.eval.extraction import page_counts, score
from saidwhat_dev.train.dumps import (
    _FOLDS,
    Analysed,
    LayoutSettings,
    _body,
    _fold,
    crf_marginals,
    labelled_sequences,
    weighted,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"
THRESHOLDS = ((0.3, 0.3), (0.4, 0.4), (0.5, 0.5), (0.2, 0.3))
_LEX = ("tok", "first", "first2")
_LABS = ("furniture", "paragraph", "heading", "title", "caption", "credit", "byline", "dateline")
HAND_WEIGHT = 3
Probs = dict[int, np.ndarray]


class Data:
    def __init__(self, bench: list[Analysed], hand: list[Analysed]) -> None:
        self.bench, self.hand = bench, hand
        count: collections.Counter[str] = collections.Counter()
        for s in [*bench, *hand]:
            for k in set().union(*s.xseq):
                count[k] += 1
        self.vocab = sorted(k for k in count if k.split(":")[0] not in _LEX and count[k] >= 3)
        self.y_bench = [np.array([g == BODY for g in s.gold], np.float32) for s in bench]
        self.y_hand = [np.array([g == BODY for g in s.gold], np.float32) for s in hand]

    def train_of(self, fold: int) -> list[int]:
        return [k for k, s in enumerate(self.bench) if _fold(s.name) != fold]

    def test_of(self, fold: int) -> list[int]:
        return [k for k, s in enumerate(self.bench) if _fold(s.name) == fold]


def _compact(seq: Analysed) -> np.ndarray:
    rows = []
    for f, x, lab in zip(seq.facts, seq.xseq, seq.labels):
        n = len(f.lower)
        rows.append(
            [
                x.get("P:furniture", 0.0), x.get("P:paragraph", 0.0), x.get("P:heading", 0.0), x.get("P:title", 0.0),
                *[1.0 if lab == name else 0.0 for name in _LABS],
                np.log1p(n), np.log1p(len(f.segment.text)), float(f.sentence), f.stops,
                float(f.sentence or n >= 15), float(f.date), float(f.credit), float(f.match is not None),
            ]
        )  # fmt: skip
    return np.array(rows, dtype=np.float64)


def dense(
    data: Data,
    seq: Analysed,
    offsets: int = 5,
    windows: Sequence[int] = (3, 10, 25),
    extra: np.ndarray | None = None,
    own: bool = True,
) -> np.ndarray:
    n = len(seq.xseq)
    parts = []
    if own:
        index = {k: j for j, k in enumerate(data.vocab)}
        mine = np.zeros((n, len(index)))
        for i, x in enumerate(seq.xseq):
            for k, v in x.items():
                j = index.get(k)
                if j is not None:
                    mine[i, j] = v
        parts.append(mine)
    c = _compact(seq)
    if extra is not None:
        c = np.hstack([c, extra[:, None]])
    d = c.shape[1]
    parts.append(c)
    padded = np.vstack([np.full((offsets, d), np.nan), c, np.full((offsets, d), np.nan)])
    for o in range(1, offsets + 1):
        parts += [padded[offsets - o : offsets - o + n], padded[offsets + o : offsets + o + n]]
    sums = np.vstack([np.zeros((1, d)), np.cumsum(c, axis=0)])
    i = np.arange(n)
    for w in windows:
        lo, hi = np.clip(i - w, 0, n), np.clip(i + w + 1, 0, n)
        parts.append((sums[hi] - sums[lo] - c) / np.maximum(1, hi - lo - 1)[:, None])
        parts.append((sums[i] - sums[lo]) / np.maximum(1, i - lo)[:, None])
        parts.append((sums[hi] - sums[i + 1]) / np.maximum(1, hi - i - 1)[:, None])
    s, e = main_run(seq.facts, prose_lines(seq.facts))
    page = [
        i / max(1, n), np.full(n, np.log1p(n)), np.log1p(i), np.log1p(n - 1 - i),
        (i < s).astype(float), (i > e).astype(float), np.where(i < s, s - i, np.where(i > e, i - e, 0)),
        np.full(n, (e - s + 1) / max(1, n)),
    ]  # fmt: skip
    parts.append(np.stack(page, axis=1))
    return np.hstack(parts)


# --- the CRF: out-of-fold and nested out-of-fold marginals ------------------------------


def _crf(train: list[tuple[Analysed, int]], targets: list[Analysed]) -> list[np.ndarray]:
    with tempfile.TemporaryDirectory() as work:
        got = crf_marginals(weighted(train), targets, LayoutSettings(), Path(work) / "model")
    return [np.array(m) for m in got]


def crf_outer(data: Data) -> Probs:
    probs: Probs = {}
    for fold in range(_FOLDS):
        train = [(data.bench[k], 1) for k in data.train_of(fold)] + [(s, HAND_WEIGHT) for s in data.hand]
        test = data.test_of(fold)
        probs.update(zip(test, _crf(train, [data.bench[k] for k in test])))
    return probs


def crf_inner(data: Data) -> dict[int, tuple[Probs, list[np.ndarray]]]:
    """For each outer fold, out-of-fold marginals of its training rows: benchmark dumps by the
    inner folds, hand-labelled dumps in five groups."""
    groups = [j % _FOLDS for j in range(len(data.hand))]
    out = {}
    for fold in range(_FOLDS):
        bench: Probs = {}
        hand: list[np.ndarray] = [np.zeros(0)] * len(data.hand)
        for g in range(_FOLDS):
            train = [(data.bench[k], 1) for k in data.train_of(fold) if _fold(data.bench[k].name) != g]
            train += [(s, HAND_WEIGHT) for j, s in enumerate(data.hand) if groups[j] != g]
            tb = [] if g == fold else data.test_of(g)
            th = [j for j in range(len(data.hand)) if groups[j] == g]
            got = _crf(train, [data.bench[k] for k in tb] + [data.hand[j] for j in th])
            bench.update(zip(tb, got[: len(tb)]))
            for j, m in zip(th, got[len(tb) :]):
                hand[j] = m
        out[fold] = (bench, hand)
    return out


# --- gradient boosting ----------------------------------------------------------------------


def gradient_boosting(data: Data, stack: dict[str, object] | None) -> Probs:
    from sklearn.ensemble import HistGradientBoostingClassifier

    probs: Probs = {}
    if stack is None:
        params: dict[str, float] = {"learning_rate": 0.05, "max_leaf_nodes": 31}
    else:
        params = {"learning_rate": 0.1, "max_leaf_nodes": 15}
    for fold in range(_FOLDS):
        train = data.train_of(fold)
        if stack is None:
            xb = [dense(data, data.bench[k]) for k in train]
            xh = [dense(data, s) for s in data.hand]
        else:
            bench_m, hand_m = stack["inner"][fold]  # type: ignore[index]
            xb = [dense(data, data.bench[k], extra=bench_m[k], own=False) for k in train]
            xh = [dense(data, s, extra=hand_m[j], own=False) for j, s in enumerate(data.hand)]
        y = np.concatenate([data.y_bench[k] for k in train] + data.y_hand)
        w = np.concatenate([np.ones(sum(map(len, xb))), np.full(sum(map(len, xh)), float(HAND_WEIGHT))])
        clf = HistGradientBoostingClassifier(
            max_iter=100,
            min_samples_leaf=40,
            l2_regularization=1.0,
            random_state=0,
            **params,  # type: ignore[arg-type]
        ).fit(np.vstack(xb + xh), y, sample_weight=w)
        for k in data.test_of(fold):
            if stack is None:
                x = dense(data, data.bench[k])
            else:
                x = dense(data, data.bench[k], extra=stack["outer"][k], own=False)  # type: ignore[index]
            probs[k] = clf.predict_proba(x)[:, 1]
    return probs


# --- BiLSTM ---------------------------------------------------------------------------------


def bilstm(data: Data, stack: dict[str, object] | None, epochs: int, dropout: float, seed: int = 0) -> Probs:
    import torch
    from torch import nn

    torch.set_num_threads(1)

    class Net(nn.Module):
        def __init__(self, d: int) -> None:
            super().__init__()
            self.inp = nn.Sequential(nn.Linear(d, 64), nn.ReLU(), nn.Dropout(dropout))
            self.lstm = nn.LSTM(64, 32, batch_first=True, bidirectional=True)
            self.out = nn.Linear(64 + 64, 1)

        def forward(self, x: torch.Tensor, lengths: list[int]) -> torch.Tensor:
            h = self.inp(x)
            packed = nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
            o, _ = self.lstm(packed)
            o, _ = nn.utils.rnn.pad_packed_sequence(o, batch_first=True, total_length=x.shape[1])
            return self.out(torch.cat([o, h], -1)).squeeze(-1)  # type: ignore[no-any-return]

    def pad(items: list[tuple[np.ndarray, np.ndarray, float]]) -> tuple[torch.Tensor, ...] | tuple:
        length = max(len(x) for x, _, _ in items)
        xs = np.zeros((len(items), length, items[0][0].shape[1]), np.float32)
        ys = np.zeros((len(items), length), np.float32)
        ws = np.zeros((len(items), length), np.float32)
        for i, (x, y, w) in enumerate(items):
            xs[i, : len(x)], ys[i, : len(y)], ws[i, : len(y)] = x, y, w
        return torch.from_numpy(xs), torch.from_numpy(ys), torch.from_numpy(ws), [len(x) for x, _, _ in items]

    plain = {k: dense(data, s, offsets=0, windows=()) for k, s in enumerate(data.bench)}
    plain_hand = [dense(data, s, offsets=0, windows=()) for s in data.hand]
    probs: Probs = {}
    for fold in range(_FOLDS):
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        train, test = data.train_of(fold), data.test_of(fold)
        if stack is None:
            xb = {k: plain[k] for k in train}
            xh = plain_hand
            xt = {k: plain[k] for k in test}
        else:
            bench_m, hand_m = stack["inner"][fold]  # type: ignore[index]
            xb = {k: np.hstack([plain[k], bench_m[k][:, None]]) for k in train}
            xh = [np.hstack([x, hand_m[j][:, None]]) for j, x in enumerate(plain_hand)]
            xt = {k: np.hstack([plain[k], stack["outer"][k][:, None]]) for k in test}  # type: ignore[index]
        every = np.nan_to_num(np.vstack(list(xb.values()) + xh))
        mu, sd = every.mean(0), every.std(0) + 1e-6

        def norm(x: np.ndarray, mu: np.ndarray = mu, sd: np.ndarray = sd) -> np.ndarray:
            return ((np.nan_to_num(x) - mu) / sd).astype(np.float32)

        items = [(norm(xb[k]), data.y_bench[k], 1.0) for k in train]
        items += [(norm(x), data.y_hand[j], float(HAND_WEIGHT)) for j, x in enumerate(xh)]
        net = Net(every.shape[1])
        opt = torch.optim.Adam(net.parameters(), lr=3e-3, weight_decay=1e-4)
        for _ in range(epochs):
            net.train()
            order = rng.permutation(len(items))
            for b in range(0, len(order), 8):
                x, y, w, lengths = pad([items[j] for j in order[b : b + 8]])
                loss = (
                    nn.functional.binary_cross_entropy_with_logits(net(x, lengths), y, reduction="none") * w
                ).sum()
                opt.zero_grad()
                (loss / w.sum()).backward()
                opt.step()
        net.eval()
        with torch.no_grad():
            for k, x in xt.items():
                probs[k] = (
                    torch.sigmoid(net(torch.from_numpy(norm(x))[None], [len(x)]))[0].numpy().astype(float)
                )
    return probs


# --- scoring --------------------------------------------------------------------------------


def show(data: Data, name: str, probs: Probs) -> None:
    """F1 (P, R) at the best pair of thresholds, with the long paragraphs lost, and F1 at every pair."""
    results = {}
    for low, high in THRESHOLDS:
        counts, held, lost = [], 0, 0
        for k, s in enumerate(data.bench):
            body = _body(s, decide(s.facts, s.labels, list(probs[k]), low, high, shown_structure(s.xseq)))
            counts.append(page_counts(s.truth, body))
            h, lo = long_paragraphs_lost(s.truth, "\n".join(f.segment.text for f in s.facts), body)
            held, lost = held + h, lost + lo
        results[(low, high)] = (score(counts), held, lost)
    best = max(results, key=lambda t: results[t][0].f1)
    r, held, lost = results[best]
    by_t = ", ".join(f"{a}/{b}: {v.f1:.4f} lost {lo}" for (a, b), (v, _, lo) in results.items())
    print(
        f"{name}: F1 {r.f1:.4f} (P {r.precision:.4f}, R {r.recall:.4f}), lost {lost}/{held} at {best[0]}/{best[1]};"
        f" {by_t}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=["crf", "gb", "gb-stack", "lstm", "lstm-stack"])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "saidwhat-dumps-seq")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--dropout", type=float, default=0.4)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    bench, hand = labelled_sequences(args.data)
    assert all(s.name[:1] in "01234567" for s in bench), "pages 8-f are never read"
    data = Data(bench, hand)

    def cached(name: str, make: object) -> object:
        path = args.work / f"{name}.pkl"
        if not path.is_file():
            started = time.perf_counter()
            path.write_bytes(pickle.dumps(make()))  # type: ignore[operator]
            print(f"({name}: {time.perf_counter() - started:.0f} s)", flush=True)
        return pickle.loads(path.read_bytes())

    stack = lambda: {
        "outer": cached("crf", lambda: crf_outer(data)),
        "inner": cached("crf-inner", lambda: crf_inner(data)),
    }
    makers = {
        "crf": lambda: crf_outer(data),
        "gb": lambda: gradient_boosting(data, None),
        "gb-stack": lambda: gradient_boosting(data, stack()),
        "lstm": lambda: bilstm(data, None, args.epochs, args.dropout),
        "lstm-stack": lambda: bilstm(data, stack(), args.epochs, args.dropout),
        "lstm-s1": lambda: bilstm(data, None, args.epochs, args.dropout, seed=1),
    }
    for model in args.models:
        if model.startswith("mean:"):
            parts = [cached(m, makers[m]) for m in model[5:].split("+")]
            show(data, model, {k: np.mean([p[k] for p in parts], axis=0) for k in parts[0]})  # type: ignore[index,attr-defined]
        else:
            show(data, model, cached(model, makers[model]))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
