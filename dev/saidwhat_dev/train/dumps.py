"""Train the text-dump layout model (:mod:`saidwhat.pages.dump_layout`): ``saidwhat train dumps``.

Labelled sequences come from two sources:

- the extraction benchmark's development half (pages whose id starts with
  ``0``-``7``; the held-out half is never read here), each page rendered to a
  text dump by every available renderer (:mod:`saidwhat_dev.eval.dump_render`) and labelled
  automatically by aligning every segment with the page's ``articleBody``
  (:func:`align`: a segment whose 4-token shingles are mostly in the body is
  ``body``; a short one is ``body`` when it is a whole line of the body);
- the team's hand-labelled dumps (``eval/data/furniture/train``), where
  paragraphs and headings are ``body`` and titles, captions, credits, bylines,
  datelines and furniture are ``other``.

Settings (CRF regularisation, the marginal threshold, how much the hand-
labelled pages weigh) are chosen by :func:`cross_validate`: five folds by
page of the development half (every renderer's dump of a page in the same
fold), scored with the benchmark metric on the body the cleaner would keep.
Training is deterministic (L-BFGS, no sampling).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pycrfsuite

from saidwhat.pages.dump_layout import BODY, DEFAULT_MODEL, OTHER, decide, layout_features, shown_structure
from saidwhat.pages.furniture import classify_segments
from saidwhat.pages.furniture_data import furniture_data
from saidwhat.pages.furniture_features import SegmentFacts
from saidwhat_dev.eval.dump_render import RENDERERS, available
from saidwhat_dev.eval.dumps import DEV, dump_pages, half_of
from saidwhat_dev.eval.extraction import page_counts, score, shingles, tokens

__all__ = [
    "Analysed",
    "LayoutSettings",
    "align",
    "analyse",
    "cross_validate",
    "labelled_sequences",
    "train_layout",
]

_FOLDS = 5
_ALIGN_SHARE = 0.5


@dataclass(slots=True, frozen=True)
class LayoutSettings:
    """CRF training settings and the decision threshold (chosen by cross-validation by page)."""

    # Five-fold cross-validation by page on pages 0-7 (bench/dumps_cv.py, body F1 of the held-out
    # folds, all renderers). Regularisation: c1 0.1 / c2 0.05: 0.901; c1 0 / c2 1: 0.901;
    # c1 0.5 / c2 0.01: 0.900; c1 0 / c2 3: 0.907 (kept). Hand-labelled pages weighed 0 times:
    # 0.895; 1: 0.908; 3: 0.907 (kept: they carry the structure the benchmark does not label).
    # Thresholds (remove_below/add_above): 0.3/0.3 best or tied with 0.4/0.4 (within 0.001);
    # 0.2/0.3: -0.004; 0.1/0.3: -0.011. The layout features read on the classifier's own vector
    # (one pass of feature code, for speed) score 0.904 against 0.908 with a separate set.
    c1: float = 0.0
    c2: float = 3.0
    max_iterations: int = 150
    remove_below: float = 0.3
    add_above: float = 0.3
    hand_weight: int = 3  # times each hand-labelled page is repeated in training


@dataclass(slots=True)
class Analysed:
    """One dump as the classifier sees it, with its layout features and gold sequence."""

    name: str
    facts: list[SegmentFacts]
    labels: list[str]
    xseq: list[dict[str, float]]
    gold: list[str]
    truth: str = ""  # articleBody, for benchmark pages


Seen = tuple[list[SegmentFacts], list[dict[str, float]], list[dict[str, float]], list[str]]


def analyse(lines: list[str]) -> Seen:
    """The segments' facts, the classifier's features, its scores and its smoothed labels."""
    seen: list[Seen] = []

    def keep(
        facts: list[SegmentFacts],
        xs: list[dict[str, float]],
        probs: list[dict[str, float]],
        labels: list[str],
    ) -> list[str]:
        seen.append((facts, xs, probs, labels))
        return labels

    classify_segments(lines, relabel=keep)
    return seen[0] if seen else ([], [], [], [])


def align(facts: list[SegmentFacts], truth: str) -> list[str]:
    """``body`` or ``other`` for every segment, by its overlap with ``articleBody``."""
    gold = shingles(truth)
    body_lines = {" ".join(tokens(line)) for line in truth.split("\n")}
    out = []
    for fact in facts:
        toks = tokens(fact.segment.text)
        if len(toks) >= 4:
            own = shingles(fact.segment.text)
            inside = sum(min(c, gold.get(k, 0)) for k, c in own.items()) / max(1, sum(own.values()))
            out.append(BODY if inside >= _ALIGN_SHARE else OTHER)
        else:
            out.append(BODY if toks and " ".join(toks) in body_lines else OTHER)
    return out


def _hand_gold(labels_by_piece: list[str]) -> list[str]:
    return [BODY if label in ("paragraph", "heading") else OTHER for label in labels_by_piece]


def labelled_sequences(benchmark: Path) -> tuple[list[Analysed], list[Analysed]]:
    """(benchmark dev-half dumps, hand-labelled train dumps), analysed and labelled."""
    from saidwhat_dev.eval.extraction import load_benchmark
    from saidwhat_dev.eval.furniture import gold_label_of, load_split

    data = furniture_data()
    pages = [p for p in load_benchmark(benchmark) if half_of(p.id) == DEV]
    renderers = [name for name, reason in available().items() if not reason and name in RENDERERS]
    bench = []
    for renderer in renderers:
        for dump in dump_pages(pages, renderer):
            facts, xs, probs, labels = analyse(dump.dump.split("\n"))
            if facts:
                xseq = layout_features(facts, xs, probs, labels, data)
                bench.append(Analysed(dump.id, facts, labels, xseq, align(facts, dump.truth), dump.truth))
    hand = []
    for page in load_split("train"):
        facts, xs, probs, labels = analyse(page.lines)
        gold = _hand_gold([gold_label_of(page, f.segment) for f in facts])
        hand.append(Analysed(page.name, facts, labels, layout_features(facts, xs, probs, labels, data), gold))
    return bench, hand


def _train(sequences: Sequence[Analysed], settings: LayoutSettings, out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for seq in sequences:
        trainer.append(pycrfsuite.ItemSequence(seq.xseq), seq.gold)
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.max_iterations,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def _training_set(
    bench: Sequence[Analysed], hand: Sequence[Analysed], settings: LayoutSettings
) -> list[Analysed]:
    return [*bench, *(list(hand) * settings.hand_weight)]


def train_layout(
    benchmark: Path, out: Path = DEFAULT_MODEL, settings: LayoutSettings | None = None
) -> dict[str, object]:
    """Train on every labelled sequence and write the model and its settings; a report of what was used."""
    settings = settings or LayoutSettings()
    bench, hand = labelled_sequences(benchmark)
    _train(_training_set(bench, hand, settings), settings, out)
    report: dict[str, object] = {
        **asdict(settings),
        "benchmark_dumps": len(bench),
        "benchmark_pages": len({s.name for s in bench}),
        "hand_labelled_dumps": len(hand),
        "segments": sum(len(s.gold) for s in bench) + sum(len(s.gold) for s in hand),
        "renderers": [n for n, reason in available().items() if not reason],
        "trained_on": "extraction benchmark pages 0-7 (aligned with articleBody) + eval/data/furniture/train",
    }
    out.with_suffix(".json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


# --- cross-validation by page -----------------------------------------------------------


@dataclass(slots=True)
class CvResult:
    settings: LayoutSettings
    f1: float
    precision: float
    recall: float
    best: tuple[float, float]
    by_thresholds: dict[tuple[float, float], float] = field(default_factory=dict)  # -> F1


def _fold(name: str) -> int:
    return int(name[:2], 16) % _FOLDS


def _body(seq: Analysed, labels: list[str]) -> str:
    return "\n\n".join(f.segment.text for f, lab in zip(seq.facts, labels) if lab in ("paragraph", "heading"))


def cross_validate(
    bench: Sequence[Analysed],
    hand: Sequence[Analysed],
    settings: LayoutSettings,
    thresholds: Sequence[tuple[float, float]],
    work: Path,
) -> CvResult:
    """Body P/R/F1 of the held-out folds (benchmark metric), for every (remove_below, add_above)."""
    marginals: dict[int, list[float]] = {}
    for fold in range(_FOLDS):
        train = [s for s in bench if _fold(s.name) != fold]
        path = work / f"fold{fold}.crfsuite"
        _train(_training_set(train, hand, settings), settings, path)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        for k, seq in enumerate(bench):
            if _fold(seq.name) == fold:
                tagger.set(pycrfsuite.ItemSequence(seq.xseq))
                tagger.tag()
                marginals[k] = [tagger.marginal(BODY, i) for i in range(len(seq.xseq))]
        tagger.close()
    by_pair = {}
    for low, high in thresholds:
        counts = [
            page_counts(
                seq.truth, _body(seq, decide(seq.facts, seq.labels, marginals[k], low, high, shown_structure(seq.xseq)))
            )
            for k, seq in enumerate(bench)
        ]
        by_pair[(low, high)] = score(counts)
    best = max(by_pair, key=lambda t: by_pair[t].f1)
    s = by_pair[best]
    rounded = {t: round(v.f1, 4) for t, v in by_pair.items()}
    return CvResult(settings, s.f1, s.precision, s.recall, best, rounded)
