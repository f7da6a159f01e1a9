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

from saidwhat.pages.dump_layout import mix
from saidwhat_dev.train.dumps import LayoutSettings, labelled_sequences, out_of_fold, polnear_articles, scored

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"


def oof(out: Path, data: Path, polnear: Path) -> None:
    bench, hand = labelled_sequences(data)
    with tempfile.TemporaryDirectory() as work:
        got = out_of_fold(bench, hand, LayoutSettings(), Path(work), polnear_articles(polnear), "site")
    out.write_bytes(pickle.dumps({(seq.name, seq.renderer): got[k] for k, seq in enumerate(bench)}))


def scores(oof_file: Path, data: Path, thresholds: list[tuple[float, float]]) -> None:
    got = pickle.loads(oof_file.read_bytes())
    bench, _ = labelled_sequences(data)
    share = LayoutSettings().lines_share
    probs = [mix(*got[(seq.name, seq.renderer)], share) for seq in bench]
    for low, high in thresholds:
        r = scored(bench, probs, low, high)
        s = r.score
        print(f"{low}/{high}: F1 {s.f1:.4f} (P {s.precision:.4f}, R {s.recall:.4f}), lost {r.lost}/{r.held}", flush=True)


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
