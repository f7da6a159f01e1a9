"""Out-of-fold P(body) of the text-dump layout model on pages 0-7, kept for studying the decision.

``oof OUT``: five folds by site (as ``bench/dumps_cv.py --by site``, the shipped settings); for
every development dump the fold's CRF and line networks give P(body) of each segment; both are
written to OUT (pickle: {(page, renderer): (crf, lines)}). Pages 8-f are never read.

``score OOF``: the body P/R/F1 (benchmark metric) and long paragraphs lost of those dumps, with P(body)
the mean of the two (the shipped share) and the decision of the code at hand
(:func:`saidwhat.pages.dump_layout.decide`), at each pair of thresholds: a change of the decision
alone is measured on the same out-of-fold P(body), without training again.

    .venv/bin/python bench/dumps_stack.py oof /tmp/oof.pkl
    .venv/bin/python bench/dumps_stack.py score /tmp/oof.pkl --thresholds 0.3/0.3,0.4/0.4
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from pathlib import Path

from saidwhat.pages.dump_layout import decide, mix, shown_structure
from saidwhat_dev.eval.dumps import long_paragraphs_lost
from saidwhat_dev.eval.extraction import page_counts, score
from saidwhat_dev.train.dumps import (
    _FOLDS,
    LayoutSettings,
    _body,
    _training_set,
    crf_marginals,
    fold_of,
    labelled_sequences,
    lines_body,
    polnear_articles,
    train_lines,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"


def oof(out: Path, data: Path, polnear: Path) -> None:
    settings = LayoutSettings()
    bench, hand = labelled_sequences(data)
    articles = polnear_articles(polnear)
    got: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    with tempfile.TemporaryDirectory() as work:
        for fold in range(_FOLDS):
            train = [s for s in bench if fold_of(s, "site") != fold]
            test = [s for s in bench if fold_of(s, "site") == fold]
            sequences = _training_set(train, hand, settings, articles, fold)
            crf = crf_marginals(sequences, test, settings, Path(work) / f"fold{fold}.crfsuite")
            net = train_lines(sequences, settings)
            for seq, c in zip(test, crf):
                got[(seq.name, seq.renderer)] = (c, lines_body(net, seq))
            print(f"fold {fold}: {len(test)} dumps", flush=True)
    out.write_bytes(pickle.dumps(got))


def scores(oof_file: Path, data: Path, thresholds: list[tuple[float, float]]) -> None:
    got = pickle.loads(oof_file.read_bytes())
    bench, _ = labelled_sequences(data)
    share = LayoutSettings().lines_share
    probs = [mix(*got[(seq.name, seq.renderer)], share) for seq in bench]
    for low, high in thresholds:
        bodies = [
            _body(seq, decide(seq.facts, seq.labels, p, low, high, shown_structure(seq.xseq))) for seq, p in zip(bench, probs)
        ]
        s = score([page_counts(seq.truth, body) for seq, body in zip(bench, bodies)])
        held = lost = 0
        for seq, body in zip(bench, bodies):
            h, gone = long_paragraphs_lost(seq.truth, "\n".join(f.segment.text for f in seq.facts), body)
            held, lost = held + h, lost + gone
        print(f"{low}/{high}: F1 {s.f1:.4f} (P {s.precision:.4f}, R {s.recall:.4f}), lost {lost}/{held}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    o = sub.add_parser("oof")
    o.add_argument("out", type=Path)
    sc = sub.add_parser("score")
    sc.add_argument("oof", type=Path)
    sc.add_argument("--thresholds", default="0.3/0.3,0.4/0.4", help="remove_below/add_above pairs")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA.parent / "polnear")
    args = parser.parse_args()
    if args.command == "oof":
        oof(args.out, args.data, args.polnear)
    else:
        pairs = [(float(a), float(b)) for a, _, b in (t.partition("/") for t in args.thresholds.split(","))]
        scores(args.oof, args.data, pairs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
