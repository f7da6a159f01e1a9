"""Choose the furniture classifier's training settings by leave-one-site-out cross-validation.

Only the *train* split of ``saidwhat_dev/eval/data/furniture`` is used: each site's
pages are held out in turn, a model is trained on the other sites and scored on
the held-out ones, so the scores say how the model does on a site style it has
not seen. The test split is never read here. The chosen settings are the
defaults of ``saidwhat_dev.train.furniture.TrainSettings``; the shipped
weights are then trained on the whole train split with::

    saidwhat train furniture

Usage: ``python bench/train_furniture.py [--grid | --speed]`` (one core; ``--grid`` takes several minutes).
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections import defaultdict

from saidwhat.pages.furniture import LABELS, classify_segments
from saidwhat.pages.furniture_data import furniture_data
from saidwhat.pages.furniture_features import facts_of, features
from saidwhat.pages.furniture_split import split_lines
from saidwhat_dev.eval.furniture import LabelledPage, _predicted_label, gold_label_of, load_split
from saidwhat_dev.train.furniture import CLASS_WEIGHTS, TrainSettings, train


def _examples(pages: list[LabelledPage]) -> tuple[list[dict[str, float]], list[str]]:
    data = furniture_data()
    xs: list[dict[str, float]] = []
    ys: list[str] = []
    for page in pages:
        segments = split_lines(page.lines)
        xs.extend(features(facts_of(segments, page.lines, data), data))
        ys.extend(gold_label_of(page, s) for s in segments)
    return xs, ys


def cross_validate(pages: list[LabelledPage], settings: TrainSettings) -> dict[str, float]:
    by_site: dict[str, list[LabelledPage]] = defaultdict(list)
    for page in pages:
        by_site[page.site].append(page)
    counts = dict.fromkeys(("pieces", "correct", "removed", "true_removed", "gold_f", "para", "para_lost"), 0)
    for site, held in sorted(by_site.items()):
        rest = [p for p in pages if p.site != site]
        model = train(*_examples(rest), LABELS, settings, CLASS_WEIGHTS)
        for page in held:
            predicted = classify_segments(page.lines, model=model)
            for piece in page.pieces:
                label = _predicted_label(piece, predicted)
                counts["pieces"] += 1
                counts["correct"] += label == piece.label
                counts["removed"] += label == "furniture"
                counts["gold_f"] += piece.label == "furniture"
                counts["true_removed"] += label == "furniture" == piece.label
                counts["para"] += piece.label == "paragraph"
                counts["para_lost"] += piece.label == "paragraph" and label == "furniture"
    return {
        "precision": counts["true_removed"] / max(1, counts["removed"]),
        "recall": counts["true_removed"] / max(1, counts["gold_f"]),
        "accuracy": counts["correct"] / max(1, counts["pieces"]),
        "paragraphs_lost": counts["para_lost"],
    }


def speed(rounds: int = 10) -> int:
    """Pages and lines per second of ``clean_text`` (one core) over every labelled page."""
    from saidwhat.core.model import Article, InputInfo
    from saidwhat.core.options import Options
    from saidwhat.pages.textdump import clean_text

    texts = [p.text for split in ("train", "test") for p in load_split(split)]
    clean_text(Article(input=InputInfo(path="-"), page=texts[0]), Options())  # load data and model
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            clean_text(Article(input=InputInfo(path="-"), page=text), Options())
    elapsed = time.perf_counter() - started
    lines = rounds * sum(t.count("\n") + 1 for t in texts)
    print(f"clean_text: {rounds * len(texts) / elapsed:.0f} pages/s, {lines / elapsed:.0f} lines/s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grid", action="store_true", help="try a grid of settings, not only the defaults")
    parser.add_argument("--speed", action="store_true", help="only time clean_text on the labelled pages")
    args = parser.parse_args()
    if args.speed:
        return speed()
    pages = load_split("train")
    grid = [TrainSettings()]
    if args.grid:
        grid = [
            TrainSettings(epochs=e, l2=l2, rate=r)
            for e, l2, r in itertools.product((15, 30, 60), (1e-4, 1e-3, 1e-2), (0.02, 0.05))
        ]
    print(f"{'epochs':>6} {'l2':>7} {'rate':>5} {'prec':>6} {'recall':>6} {'acc':>6} {'lost':>4}")
    for s in grid:
        r = cross_validate(pages, s)
        print(
            f"{s.epochs:>6} {s.l2:>7g} {s.rate:>5g} {r['precision']:>6.3f} {r['recall']:>6.3f} "
            f"{r['accuracy']:>6.3f} {r['paragraphs_lost']:>4}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
