"""Screen the line network's training settings on pages 0-7: how closely the layout model fits its
training pages, and how much the network's seed moves its cross-validated score.

``fit SETTING ...``: the CRF and the networks trained on every development dump (as ``saidwhat
train dumps`` trains them), then the body F1 and long paragraphs lost on those same dumps, by
renderer: the measure of the eval gate (``dumps_floor.json``), on training pages.

``seeds K SETTING``: five folds by site (as ``bench/dumps_cv.py --by site``); in every fold K
networks from the seeds 0 .. K-1 beside the fold's CRF; the F1 and lost of each network with the
CRF, and of the mean of the K networks with the CRF, at 0.3/0.3 and 0.4/0.4. Pages 8-f are never
read. Settings are ``name=value,...`` of :class:`saidwhat_dev.train.dumps.LayoutSettings`.

    .venv/bin/python bench/dumps_lines_screen.py fit "lines_epochs=0" "lines_epochs=30,lines_dropout=0.1"
    .venv/bin/python bench/dumps_lines_screen.py seeds 3 "lines_epochs=30,lines_dropout=0.1,lines_members=1"
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from pathlib import Path

from saidwhat.pages.dump_layout import mix
from saidwhat_dev.train.dumps import (
    _FOLDS,
    Analysed,
    LayoutSettings,
    _training_set,
    crf_marginals,
    fold_of,
    from_spec,
    labelled_sequences,
    lines_body,
    polnear_articles,
    scored,
    train_lines,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"


def fit(bench: list[Analysed], hand: list[Analysed], articles: list, s: LayoutSettings, work: Path) -> str:
    sequences = _training_set(bench, hand, s, articles)
    probs = crf_marginals(sequences, bench, s, work / "all.crfsuite")
    if s.lines_epochs:
        net = train_lines(sequences, s)
        probs = [mix(p, lines_body(net, b), s.lines_share) for p, b in zip(probs, bench)]
    parts = []
    for renderer in dict.fromkeys(b.renderer for b in bench):
        ks = [k for k, b in enumerate(bench) if b.renderer == renderer]
        got = scored([bench[k] for k in ks], [probs[k] for k in ks], s.remove_below, s.add_above)
        parts.append(f"{renderer} {got.score.f1:.4f}, {got.lost} lost")
    return "; ".join(parts)


def seeds(bench: list[Analysed], hand: list[Analysed], articles: list, s: LayoutSettings, k: int, work: Path) -> list[str]:
    crf: dict[int, list[float]] = {}
    nets: dict[int, list[list[float]]] = {}
    for fold in range(_FOLDS):
        test = [i for i, b in enumerate(bench) if fold_of(b, "site") == fold]
        sequences = _training_set([b for b in bench if fold_of(b, "site") != fold], hand, s, articles, fold)
        crf.update(zip(test, crf_marginals(sequences, [bench[i] for i in test], s, work / f"fold{fold}.crfsuite")))
        members = [train_lines(sequences, dataclasses.replace(s, seed=j, lines_members=1)) for j in range(k)]
        for i in test:
            nets[i] = [lines_body(net, bench[i]) for net in members]
    rows = {f"seed {j}": [nets[i][j] for i in range(len(bench))] for j in range(k)}
    rows[f"mean of {k}"] = [[sum(v) / k for v in zip(*nets[i])] for i in range(len(bench))]
    out = []
    for name, lines in rows.items():
        probs = [mix(crf[i], lines[i], s.lines_share) for i in range(len(bench))]
        got = [scored(bench, probs, t, t) for t in (0.3, 0.4)]
        out.append(f"{name}: 0.3/0.3 F1 {got[0].score.f1:.4f}, {got[0].lost} lost; 0.4/0.4 F1 {got[1].score.f1:.4f}, {got[1].lost} lost")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("fit", "seeds"))
    parser.add_argument("args", nargs="+", help="fit: settings; seeds: K and one setting")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA.parent / "polnear")
    args = parser.parse_args()
    bench, hand = labelled_sequences(args.data)
    articles = polnear_articles(args.polnear)
    with tempfile.TemporaryDirectory() as work:
        if args.mode == "fit":
            for spec in args.args:
                print(f"{spec or 'defaults'}: {fit(bench, hand, articles, from_spec(LayoutSettings, spec), Path(work))}", flush=True)
        else:
            k, spec = int(args.args[0]), args.args[1] if len(args.args) > 1 else ""
            for line in seeds(bench, hand, articles, from_spec(LayoutSettings, spec), k, Path(work)):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
