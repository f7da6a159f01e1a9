"""Choose the text-dump layout model's settings: five-fold cross-validation by page or site on pages 0-7.

Every renderer's dump of a benchmark page sits in the same fold; the hand-
labelled dumps (``eval/data/furniture/train``) are in every training set. The
score is the benchmark metric on the body the cleaner keeps for the held-out
fold's dumps (all renderers together), for each pair of thresholds on P(body)
(the synthetic short dumps of the settings are added to each training fold, their short
lines taken from that fold's training dumps)
(remove_below/add_above, see :func:`saidwhat.pages.dump_layout.decide`). Pages
8-f are never read. Each setting is ``name=value,...`` of
:class:`saidwhat_dev.train.dumps.LayoutSettings`; no setting: the defaults.

With ``--by site`` every page of one site (host without ``www.``) is in the same fold: the
development half holds 15 sites with two pages, and a fold scored on a site its model learned
from is optimistic for pages of sites the model never saw.

``--pages DIR`` adds a folder of more labelled pages in the benchmark's format to every training
fold (never scored: does a team's own labelled pages help on the benchmark's sites?). ``--sites
SHARE`` keeps that share of the development sites in every training fold (the same sites in each,
chosen by ``--sites-seed``; the scored folds are whole): the learning curve of BENCHMARKS.md.

    .venv/bin/python bench/dumps_cv.py ["c1=0,c2=3" "c1=0.1,c2=0.05" ...] [--thresholds 0.3/0.3,0.1/0.4] [--by site]
    .venv/bin/python bench/dumps_cv.py seed=1 --by site --sites 0.5 --sites-seed 1 --thresholds 0.3/0.3,0.4/0.4
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from saidwhat_dev.train.dumps import (
    LayoutSettings,
    Sites,
    cross_validate,
    from_spec,
    labelled_sequences,
    more_sequences,
    polnear_articles,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", nargs="*", default=[""])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--by", choices=("page", "site"), default="page", help="folds by page id, or by site (every page of a site in one fold)"
    )
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA.parent / "polnear")
    parser.add_argument(
        "--thresholds",
        default="0.3/0.3,0.2/0.3,0.1/0.3,0.2/0.4,0.1/0.4,0.2/0.5",
        help="remove_below/add_above pairs",
    )
    parser.add_argument("--pages", type=Path, action="append", default=[], metavar="DIR", help="more labelled pages")
    parser.add_argument("--sites", type=float, default=1.0, help="share of the development sites trained on")
    parser.add_argument("--sites-seed", type=int, default=0, help="which sites --sites keeps")
    args = parser.parse_args()
    thresholds = [(float(a), float(b)) for a, _, b in (t.partition("/") for t in args.thresholds.split(","))]
    started = time.perf_counter()
    bench, hand = labelled_sequences(args.data)
    articles = polnear_articles(args.polnear)
    more = more_sequences(args.pages, args.data)
    sites = Sites(args.sites, args.sites_seed)
    print(f"{len(bench)} benchmark dumps, {len(hand)} hand-labelled, {len(more)} more ({time.perf_counter() - started:.0f} s)")
    with tempfile.TemporaryDirectory() as work:
        for spec in args.settings:
            settings = from_spec(LayoutSettings, spec)
            short = articles if settings.short_dumps else ()
            r = cross_validate(bench, hand, settings, thresholds, Path(work), short, args.by, more, sites)
            by_t = ", ".join(f"{a}/{b}: {f1:.4f}" for (a, b), f1 in r.by_thresholds.items())
            print(
                f"{spec or 'defaults'}: F1 {r.f1:.4f} (P {r.precision:.4f}, R {r.recall:.4f}),"
                f" lost {r.lost}/{r.held} at {r.best[0]}/{r.best[1]}; {by_t}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
