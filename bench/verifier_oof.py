"""The statement verifier out of fold: does another learner or more features rank unseen pages better?

Measures, on the real-page gold set's dev pages, statement precision and
recall as ``saidwhat eval pages`` counts them when every page is scored by a
verifier that never saw it: the five folds by page of
``saidwhat_dev.train.verifier`` (same assignment), each fold's verifier trained
on PolNeAR dev plus the other four folds (page weight 4, as the trainer), the
out-of-fold scores then Platt-calibrated as the trainer does, relayed
statements scored as the pipeline scores them (their parent's confidence times
their own), and the pages judged at 0.3 / 0.4 / 0.5.

Verifiers compared in one run, on the same candidates and folds:

- ``LR``: the shipped learner and features (logistic regression, L2 10);
- ``LR+``: the same with the candidate features of :func:`candidate_features`
  (the content shared with another statement, split content, question,
  opening quotation mark, cue or source inside a quotation, the block's length,
  the share of it the content fills, whether the statement opens its block,
  how much attribution the page holds (its rule statements and quotations),
  and whether the content has a finite verb or none, by the part-of-speech tagger);
- ``HGB``: scikit-learn's HistGradientBoostingClassifier over the same
  features (shallow trees; the number of trees chosen by the out-of-fold log
  loss of the pages), and its blend with ``LR+`` (sum of log-odds).

The check pages are never read. Run from the project root (about four minutes a fold assignment)::

    .venv/bin/python bench/verifier_oof.py [--polnear ../shared/data/polnear] [--assignments 5]

``--assignments N`` averages over N assignments of pages to folds (the
trainer's, then shuffles): with 25 pages one assignment moves recall by a
statement or two either way.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import random
import re
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

from saidwhat.attribution.crf_rules import corpus_blocks
from saidwhat.attribution.verifier import ArticleIndex, _parents_first, drop_below, features
from saidwhat.core.model import Article, InputInfo, Span, Statement
from saidwhat.core.options import Options
from saidwhat.core.sources import Source
from saidwhat.lang import quote_marks
from saidwhat.nlp.pos import PosTagger
from saidwhat.nlp.tokens import tokenize
from saidwhat.pipeline import extract_source, run_stages
from saidwhat_dev.eval.pages import evaluate_page, load_split, summarise
from saidwhat_dev.eval.pages_gold import PAGES_DIR, load_pages
from saidwhat_dev.eval.polnear_corpus import one_per_article, read_split, split_dir
from saidwhat_dev.train.verifier import (
    VerifierSettings,
    _fit,
    _matrix,
    _nested,
    _platt,
    _polnear_label,
    _stages,
)

BENCHMARK = Path("../shared/data/extraction-benchmark")
THRESHOLDS = (0.3, 0.4, 0.5)
_WORD = re.compile(r"\w+")
_QUOTES = quote_marks().chars("verifier")
Scorer = Callable[[np.ndarray, np.ndarray, np.ndarray], Callable[[np.ndarray], np.ndarray]]


def _overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)


_POS: list[PosTagger] = []


def _pos() -> PosTagger:
    if not _POS:
        _POS.append(PosTagger.load())
    return _POS[0]


def candidate_features(article: Article, st: Statement) -> dict[str, float]:
    """Features the shipped verifier does not have, tried here (prefixed ``x:``)."""
    f: dict[str, float] = {}
    size = sum(len(s) for s in st.content)
    content = " ".join(article.slice(s) for s in st.content)
    others = sum(_overlap(st.content, o.content) for o in article.statements if o is not st)
    f["x:content_shared"] = min(1.0, others / size) if size else 0.0
    same = sum(o.speaker == st.speaker for o in article.statements if o is not st) if st.speaker else 0
    f["x:speaker_statements"] = float(np.log1p(same)) / 2
    f["x:content_pieces"] = float(len(st.content) > 1)
    f["x:content_question"] = float(content.rstrip(_QUOTES + " ")[-1:] == "?")
    f["x:content_opens_quote"] = float(content.lstrip()[:1] in _QUOTES)
    quotes = [q.span for q in article.quotes]
    for name, span in (("cue", st.cue), ("source", st.source)):
        if span is not None and len(span):
            f[f"x:{name}_quoted"] = min(1.0, _overlap([span], quotes) / len(span))
    tags = _pos().tag([t.text for s in st.content for t in tokenize(article.text, s.start, s.end)][:80])
    f["x:content_finite_verb"] = float(any(t in ("VBD", "VBZ", "VBP", "MD") for t in tags))
    f["x:content_no_verb"] = float(not any(t.startswith("VB") or t == "MD" for t in tags))
    rules = sum("rule:" in o.method and "unattributed" not in o.method for o in article.statements)
    f["x:page_rule_statements"] = float(np.log1p(rules)) / 3
    f["x:page_quotes"] = float(np.log1p(len(article.quotes))) / 3
    anchor = st.content[0] if st.content else st.cue
    block = next(
        (b.span for b in article.blocks if anchor is not None and b.span.start <= anchor.start < b.span.end),
        None,
    )
    spans = [s for s in (st.source, st.cue, *st.content) if s is not None]
    if block is not None and spans:
        f["x:block_words"] = float(np.log1p(len(_WORD.findall(article.slice(block))))) / 5
        f["x:block_share"] = min(1.0, size / max(len(block), 1))
        first = min(s.start for s in spans)
        f["x:block_opens"] = float(
            first <= block.start or not _WORD.search(article.text[block.start : first])
        )
    return f


def _both(article: Article, st: Statement, index: ArticleIndex) -> dict[str, float]:
    return features(article, st, index) | candidate_features(article, st)


class Data:
    """Candidates of PolNeAR dev and of the dev pages, their labels, and the pages to judge again."""

    def __init__(self, polnear: Path) -> None:
        docs = one_per_article(read_split(split_dir(polnear, "dev")))
        stages = _stages(Options(min_confidence=0.0))
        corpus: list[tuple[dict[str, float], int]] = []
        for doc in docs:
            art = Article(
                input=InputInfo(path=doc.id, format="text"), text=doc.text, blocks=corpus_blocks(doc.text)
            )
            art = run_stages(art, stages[2:])
            nested, index = _nested(art.statements), ArticleIndex(art)
            corpus += [
                (_both(art, st, index), _polnear_label(st, doc.relations))
                for st in art.statements
                if st.id not in nested
            ]
        split = load_split(PAGES_DIR)
        self.pages: list[tuple[Any, Article]] = []
        labelled: list[tuple[dict[str, float], int, str]] = []
        every: list[tuple[int, str, dict[str, float]]] = []
        for page in load_pages(BENCHMARK, PAGES_DIR):
            if split.get(page.id, "dev") != "dev":
                continue  # check pages: never read here
            html = gzip.decompress((BENCHMARK / "html" / f"{page.id}.html.gz").read_bytes())
            art = extract_source(Source(f"{page.id}.html", html), Options(min_confidence=0.0), stages)
            verdicts = {o.id: o.verdict for o in evaluate_page(page, art).outcomes}
            index = ArticleIndex(art)
            for st in art.statements:
                feats = _both(art, st, index)
                every.append((len(self.pages), st.id, feats))
                if verdicts.get(st.id) not in (None, "optional"):
                    labelled.append((feats, int(verdicts[st.id] == "right"), page.id))
            self.pages.append((page, art))
        self.names = ["bias"] + sorted(
            {k for f, _ in corpus for k in f} | {k for f, _, _ in labelled for k in f} - {"bias"}
        )
        rows = [(f, y, "") for f, y in corpus]
        self.x_c, self.y_c = _matrix(rows, self.names), np.array([y for _, y in corpus], dtype=float)
        self.x_p, self.y_p = _matrix(labelled, self.names), np.array([y for _, y, _ in labelled], dtype=float)
        self.x_a = _matrix([(f, 0, "") for _, _, f in every], self.names)
        self.every = [(p, sid) for p, sid, _ in every]
        self.groups = sorted({g for _, _, g in labelled})
        self.labelled_pages = [g for _, _, g in labelled]
        self.assign(0)
        self.shipped = np.array([not n.startswith("x:") for n in self.names])

    def assign(self, seed: int) -> None:
        """Pages to five folds: seed 0 as the trainer assigns them, others a shuffle of the pages."""
        groups = list(self.groups)
        if seed:
            random.Random(seed).shuffle(groups)
        fold_of = {g: i % 5 for i, g in enumerate(groups)}
        self.fold_p = np.array([fold_of[g] for g in self.labelled_pages])
        self.fold_a = np.array([fold_of.get(self.pages[p][0].id, -1) for p, _ in self.every])

    def out_of_fold(
        self, scorer: Scorer, columns: np.ndarray | None = None, page_weight: float = 4.0
    ) -> tuple[np.ndarray, np.ndarray]:
        cols = self.shipped if columns is None else columns
        zp, za = np.zeros(len(self.y_p)), np.zeros(len(self.every))
        for k in range(5):
            test = self.fold_p == k
            x = np.vstack([self.x_c[:, cols], self.x_p[~test][:, cols]])
            y = np.concatenate([self.y_c, self.y_p[~test]])
            w = np.concatenate([np.ones(len(self.y_c)), np.full(int((~test).sum()), page_weight)])
            score = scorer(x, y, w)
            zp[test] = score(self.x_p[test][:, cols])
            za[self.fold_a == k] = score(self.x_a[self.fold_a == k][:, cols])
        return zp, za

    def judge(self, name: str, zp: np.ndarray, za: np.ndarray) -> dict[str, Any]:
        a, b = _platt(zp, self.y_p)
        p_lab = 1 / (1 + np.exp(-(a * zp + b)))
        p_all = 1 / (1 + np.exp(-(a * za + b)))
        q = np.clip(p_lab, 1e-9, 1 - 1e-9)
        row: dict[str, Any] = {
            "verifier": name,
            "auc": float(roc_auc_score(self.y_p, zp)),
            "log_loss": float(-np.mean(self.y_p * np.log(q) + (1 - self.y_p) * np.log(1 - q))),
        }
        conf: dict[tuple[int, str], float] = {key: float(p) for key, p in zip(self.every, p_all, strict=True)}
        for t in THRESHOLDS:
            results = []
            for i, (page, art) in enumerate(self.pages):
                art = copy.deepcopy(art)
                verified: dict[str, float] = {}
                for st in _parents_first(art.statements):
                    if st.parent is not None and st.parent in verified:
                        verified[st.id] = verified[st.parent] * st.confidence
                    else:
                        verified[st.id] = conf[(i, st.id)]
                for st in art.statements:
                    st.confidence = round(verified[st.id], 3)
                drop_below(art, t)
                results.append(evaluate_page(page, art))
            s = summarise(results)
            row[f"P@{t}"], row[f"R@{t}"] = s["precision"], s["recall"]
        return row


def logistic(settings: VerifierSettings) -> Scorer:
    def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        beta = _fit(x, y, w, settings)
        return lambda x_new: x_new @ beta

    return fit


def trees(depth: int, iterations: int, leaf: int = 20) -> Scorer:
    def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        model = HistGradientBoostingClassifier(
            max_depth=depth,
            max_iter=iterations,
            learning_rate=0.05,
            min_samples_leaf=leaf,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=0,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(x, y, sample_weight=w)
        return lambda x_new: np.asarray(model.decision_function(x_new))

    return fit


def best_iterations(data: Data, depth: int, most: int = 400) -> int:
    """The number of trees with the least out-of-fold log loss on the pages (a multiple of 10)."""
    staged = np.zeros((most, len(data.y_p)))
    for k in range(5):
        test = data.fold_p == k
        x = np.vstack([data.x_c, data.x_p[~test]])
        y = np.concatenate([data.y_c, data.y_p[~test]])
        w = np.concatenate([np.ones(len(data.y_c)), np.full(int((~test).sum()), 4.0)])
        model = HistGradientBoostingClassifier(
            max_depth=depth, max_iter=most, learning_rate=0.05, min_samples_leaf=20,
            l2_regularization=1.0, early_stopping=False, random_state=0,
        )  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(x, y, sample_weight=w)
        for i, z in enumerate(model.staged_decision_function(data.x_p[test])):
            staged[i, test] = z
    losses = []
    for n in range(10, most + 1, 10):
        a, b = _platt(staged[n - 1], data.y_p)
        q = np.clip(1 / (1 + np.exp(-(a * staged[n - 1] + b))), 1e-9, 1 - 1e-9)
        losses.append((float(-np.mean(data.y_p * np.log(q) + (1 - data.y_p) * np.log(1 - q))), n))
    return min(losses)[1]


def _line(name: str, rows: Sequence[dict[str, Any]]) -> str:
    def mean(key: str) -> float:
        return float(np.mean([r[key] for r in rows]))

    cells = [f"{mean('auc'):.3f}", f"{mean('log_loss'):.3f}"]
    cells += [f"{mean(f'P@{t}'):.3f} / {mean(f'R@{t}'):.3f}" for t in THRESHOLDS]
    return f"| {name} | " + " | ".join(cells) + " |"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--no-trees", action="store_true", help="logistic regressions only")
    parser.add_argument(
        "--assignments", type=int, default=1, help="fold assignments averaged (1: the trainer's only)"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    data = Data(args.polnear)
    print(
        f"{len(data.y_c)} PolNeAR dev candidates ({int(data.y_c.sum())} right), {len(data.y_p)} on "
        f"{len(data.pages)} dev pages ({int(data.y_p.sum())} right), {int(data.shipped.sum())} shipped "
        f"features + {int((~data.shipped).sum())} candidates; {time.monotonic() - started:.0f} s to collect"
    )
    every = np.ones(len(data.names), dtype=bool)
    no_lemmas = np.array([not n.startswith("cue_lemma=") for n in data.names]) & data.shipped
    few = data.shipped | np.isin(data.names, ["x:content_shared", "x:block_opens"])
    density = data.shipped | np.isin(data.names, ["x:page_rule_statements", "x:page_quotes"])
    verb = data.shipped | np.isin(data.names, ["x:content_finite_verb", "x:content_no_verb"])
    depths = (
        {} if args.no_trees else {depth: best_iterations(data, depth) for depth in (2, 3)}
    )  # on the trainer's folds
    rows: dict[str, list[dict[str, Any]]] = {}
    for seed in range(args.assignments):
        data.assign(seed)
        shipped = data.out_of_fold(logistic(VerifierSettings()))
        plus = data.out_of_fold(logistic(VerifierSettings()), every)
        runs = {"LR (shipped learner and features)": shipped, "LR+ (candidate features)": plus}
        runs["LR without the cue lemmas"] = data.out_of_fold(logistic(VerifierSettings()), no_lemmas)
        runs["LR + shared content, opens block"] = data.out_of_fold(logistic(VerifierSettings()), few)
        runs["LR + page density"] = data.out_of_fold(logistic(VerifierSettings()), density)
        runs["LR + content verb"] = data.out_of_fold(logistic(VerifierSettings()), verb)
        runs["LR + content verb + page density"] = data.out_of_fold(logistic(VerifierSettings()), verb | density)
        for weight in (2.0, 8.0):
            runs[f"LR, page weight {weight:g} (not 4)"] = data.out_of_fold(
                logistic(VerifierSettings()), page_weight=weight
            )
        for depth, n in depths.items():
            boosted = data.out_of_fold(trees(depth, n), every)
            runs[f"HGB depth {depth}, {n} trees"] = boosted
            runs[f"0.6 LR+ + 0.4 HGB depth {depth}"] = (
                0.6 * plus[0] + 0.4 * boosted[0],
                0.6 * plus[1] + 0.4 * boosted[1],
            )
        for name, (zp, za) in runs.items():
            rows.setdefault(name, []).append(data.judge(name, zp, za))
        print(f"fold assignment {seed}: {time.monotonic() - started:.0f} s", flush=True)
    print(f"mean over {args.assignments} fold assignment(s)")
    print("| verifier | AUC | log loss | P / R @0.3 | @0.4 | @0.5 |\n|---|---|---|---|---|---|")
    for name, measured in rows.items():
        print(_line(name, measured))
    for name, measured in rows.items():
        print(name, "R@0.5 per assignment:", [round(r["R@0.5"], 3) for r in measured])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
