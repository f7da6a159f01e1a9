"""Training the statement verifier (:mod:`saidwhat.attribution.verifier`).

Examples are the statements the pipeline proposes before verification:

- on PolNeAR **dev** (one annotation file per article; not train, which the
  tagger learned: its statements there are surer than anywhere else, and a
  verifier trained on them learns to trust the tagger too much), a statement is right
  when at least half of its content lies in one gold attribution's content
  and its source overlaps that attribution's source (or both have none);
- on the real-page gold set's **dev** pages, by the verdicts of
  :mod:`saidwhat_dev.eval.pages` (right, or not; optional ones are left out).
  The ``check`` pages are never used.

A logistic regression (L2, full-batch gradient descent in numpy; the weights
are a few dozen numbers) is trained on both, real-page examples weighted more
(they are the pages users have). Calibration: the real dev pages are split into
folds by page; each fold is scored by a model trained without it, and a Platt
scaling fitted to those out-of-fold scores maps the final model's score to a
probability. The out-of-fold reliability (stated vs measured precision by
band) is written beside the weights.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from saidwhat.attribution.verifier import DEFAULT_VERIFIER, ArticleIndex, Verifier, features
from saidwhat.core.model import Article, Statement, covered
from saidwhat.core.options import Options

__all__ = ["VerifierSettings", "collect_pages", "collect_polnear", "train_verifier"]

Example = tuple[dict[str, float], int, str]  # features, label, group (page id or "polnear")


@dataclass(slots=True)
class VerifierSettings:
    l2: float = 10.0
    page_weight: float = 4.0
    folds: int = 5
    iterations: int = 3000
    learning_rate: float = 0.5
    seed: int = 0
    polnear_limit: int = 0  # 0: every train article


def _stages(options: Options) -> list[Callable[[Article], Article]]:
    from saidwhat.attribution.verifier import VerifyStatements
    from saidwhat.pipeline import build_pipeline

    return [s for s in build_pipeline(options) if not isinstance(s, VerifyStatements)]


def _polnear_label(st: Statement, relations: Sequence[Any]) -> int:
    size = sum(len(s) for s in st.content)
    for rel in relations:
        if not rel.content or covered(st.content, rel.content) < 0.5 * max(size, 1):
            continue
        if st.source is None and not rel.source:
            return 1
        if st.source is not None and any(st.source.overlaps(s) for s in rel.source):
            return 1
    return 0


def _nested(statements: Sequence[Statement]) -> set[str]:
    """Relayed statements and those whose cue lies inside another statement's content."""
    out = {st.id for st in statements if st.parent is not None}
    for st in statements:
        if st.cue is not None and any(
            other is not st and any(c.contains(st.cue) for c in other.content) for other in statements
        ):
            out.add(st.id)
    return out


def collect_polnear(data: Path, limit: int = 0, split: str = "dev", model: str | None = None) -> list[Example]:
    from saidwhat.attribution.crf_rules import corpus_blocks
    from saidwhat.core.model import InputInfo
    from saidwhat.pipeline import run_stages
    from saidwhat_dev.eval.polnear_corpus import one_per_article, read_split, split_dir

    docs = one_per_article(read_split(split_dir(data, split)))
    if limit:
        docs = docs[:limit]
    stages = _stages(Options(model=model, min_confidence=0.0))[2:]  # the text is clean: quotations onwards
    out: list[Example] = []
    for doc in docs:
        article = Article(
            input=InputInfo(path=doc.id, format="text"), text=doc.text, blocks=corpus_blocks(doc.text)
        )
        article = run_stages(article, stages)
        nested = _nested(article.statements)
        index = ArticleIndex(article)
        out.extend(
            (features(article, st, index), _polnear_label(st, doc.relations), "polnear")
            for st in article.statements
            if st.id not in nested  # PolNeAR annotates no nested attribution: these have no label
        )
    return out


def collect_pages(benchmark: Path, gold_dir: Path | None = None, model: str | None = None) -> list[Example]:
    from saidwhat.core.sources import Source
    from saidwhat.pipeline import extract_source
    from saidwhat_dev.eval.pages import evaluate_page, load_split
    from saidwhat_dev.eval.pages_gold import PAGES_DIR, load_pages

    gold_dir = gold_dir or PAGES_DIR
    split = load_split(gold_dir)
    options = Options(model=model, min_confidence=0.0)
    stages = _stages(options)
    out: list[Example] = []
    for page in load_pages(benchmark, gold_dir):
        if split.get(page.id, "dev") != "dev":
            continue  # the check pages measure the verifier; they never train it
        import gzip

        html = gzip.decompress((benchmark / "html" / f"{page.id}.html.gz").read_bytes())
        article = extract_source(Source(f"{page.id}.html", html), options, stages)
        verdicts = {o.id: o.verdict for o in evaluate_page(page, article).outcomes}
        index = ArticleIndex(article)
        for st in article.statements:
            verdict = verdicts.get(st.id)
            if verdict in (None, "optional"):
                continue
            out.append((features(article, st, index), int(verdict == "right"), page.id))
    return out


# --------------------------------------------------------------------------- the regression


def _matrix(examples: Sequence[Example], names: Sequence[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(examples), len(names)))
    for row, (feats, _, _) in enumerate(examples):
        for k, v in feats.items():
            if k in index:
                x[row, index[k]] = v
    return x


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, s: VerifierSettings) -> np.ndarray:
    beta = np.zeros(x.shape[1])
    total = w.sum()
    reg = np.full(x.shape[1], s.l2)
    reg[0] = 0.0  # no penalty on the bias (column 0)
    for _ in range(s.iterations):
        z = np.clip(x @ beta, -30, 30)
        p = 1 / (1 + np.exp(-z))
        grad = x.T @ (w * (p - y)) / total + reg * beta / total
        beta -= s.learning_rate * grad
    return beta


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    a, b = 1.0, 0.0
    for _ in range(2000):
        p = 1 / (1 + np.exp(-np.clip(a * z + b, -30, 30)))
        ga, gb = float(np.mean((p - y) * z)), float(np.mean(p - y))
        a, b = a - 0.5 * ga, b - 0.5 * gb
    return a, b


@dataclass(slots=True)
class Report:
    examples_polnear: int = 0
    examples_pages: int = 0
    positives_pages: int = 0
    reliability: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


def _reliability(p: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    bands = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.01)
    rows = []
    for lo, hi in itertools.pairwise(bands):
        mask = (p >= lo) & (p < hi)
        if mask.any():
            rows.append(
                {
                    "band": f"{lo:.2f}-{min(hi, 1.0):.2f}",
                    "n": int(mask.sum()),
                    "stated": round(float(p[mask].mean()), 3),
                    "measured": round(float(y[mask].mean()), 3),
                }
            )
    return rows


def train_verifier(
    polnear: Path,
    benchmark: Path,
    out: Path = DEFAULT_VERIFIER,
    settings: VerifierSettings | None = None,
    model: str | None = None,
) -> Report:
    """``model``: the attribution model directory whose statements are judged (default: the shipped one)."""
    s = settings or VerifierSettings()
    started = time.monotonic()
    corpus = collect_polnear(polnear, s.polnear_limit, model=model)
    pages = collect_pages(benchmark, model=model)
    names = ["bias"] + sorted({k for feats, _, _ in corpus + pages for k in feats} - {"bias"})
    report = Report(len(corpus), len(pages), sum(label for _, label, _ in pages))
    x_c, y_c = _matrix(corpus, names), np.array([lab for _, lab, _ in corpus], dtype=float)
    x_p, y_p = _matrix(pages, names), np.array([lab for _, lab, _ in pages], dtype=float)
    groups = sorted({g for _, _, g in pages})
    fold_of = {g: i % s.folds for i, g in enumerate(groups)}
    folds = np.array([fold_of[g] for _, _, g in pages])
    oof = np.zeros(len(pages))
    for k in range(s.folds):
        test = folds == k
        x = np.vstack([x_c, x_p[~test]])
        y = np.concatenate([y_c, y_p[~test]])
        w = np.concatenate([np.ones(len(y_c)), np.full(int((~test).sum()), s.page_weight)])
        oof[test] = x_p[test] @ _fit(x, y, w, s)
    scale, shift = _platt(oof, y_p)
    report.reliability = _reliability(1 / (1 + np.exp(-(scale * oof + shift))), y_p)
    w_all = np.concatenate([np.ones(len(y_c)), np.full(len(y_p), s.page_weight)])
    beta = _fit(np.vstack([x_c, x_p]), np.concatenate([y_c, y_p]), w_all, s)
    report.seconds = round(time.monotonic() - started, 1)
    payload = {
        "about": "saidwhat statement verifier: logistic regression weights and Platt calibration "
        "(saidwhat.attribution.verifier); made by `saidwhat train verifier`.",
        "weights": {n: round(float(b), 6) for n, b in zip(names, beta, strict=True) if abs(b) > 1e-9},
        "scale": round(scale, 6),
        "shift": round(shift, 6),
        "settings": asdict(s),
        "report": asdict(report),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    Verifier.load(out)  # what was written loads
    return report
