"""The article-extraction benchmark table: saidwhat beside the plain extractors, in one run.

Scores saidwhat's article body and, on the same bytes in the same run,
trafilatura with its defaults, trafilatura with the settings saidwhat starts
from (no comments, precision mode), readability-lxml and jusText, with the
benchmark's own metric (:mod:`saidwhat_dev.eval.extraction`, which also backs
``saidwhat eval extraction``). Library versions are printed with the table.

    .venv/bin/python bench/extraction.py [--data ../shared/data/extraction-benchmark] [--json]

Changes measured while building saidwhat's HTML cleaner (F1, all 181 pages,
trafilatura 2.3.1; each row adds to the one above):

    trafilatura defaults                                   0.9525  (P 0.928, R 0.978)
    + reader comments left out (include_comments=False)    0.9598
    + trafilatura precision mode                           0.9641
    + blocks rebuilt with kinds; body = paragraphs,
      headings, quotes (with captions counted in: 0.9508)  0.9644
    + blocks >= 80 % link text and <= 60 words removed     0.9653
    + paragraphs of sibling containers recovered           0.9676
    + precision-mode body < 500 chars: default mode again  0.9716  (P 0.964, R 0.979)
    + short blocks equal to / labelled by a furniture
      phrase of data/furniture.json removed                0.9722  (P 0.965, R 0.980)
      (the same with phrase prefixes too: 0.9720)
    + precision mode without trafilatura's readability/
      jusText comparison (fast=True; default-mode retry
      keeps it): 5 pages change, 1 s less CPU             0.9731  (P 0.967, R 0.980)
    readability-lxml's missed paragraphs added (union) when
      our body < 30..100 % of the page's prose             0.9709 to 0.9722: no gain, not kept
    text-dump furniture classifier on HTML paragraphs,
      five variants (remove / relabel / edges / short)     0.917 to 0.9646: all lower, so it is off
      (re-measured at the end, on top of all the above)    0.9670
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import metadata
from pathlib import Path

from saidwhat_dev.eval.extraction import EXTRACTORS, evaluate, load_benchmark, table

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"
ORDER = ("saidwhat", "trafilatura", "trafilatura-tuned", "readability", "justext")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--extractors", default=",".join(ORDER), help=f"among {', '.join(EXTRACTORS)}")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pages = load_benchmark(args.data)
    results = evaluate(pages, [n.strip() for n in args.extractors.split(",") if n.strip()])
    versions = {p: metadata.version(p) for p in ("trafilatura", "readability-lxml", "jusText", "lxml")}
    if args.json:
        out = {r.name: {**r.score.as_dict(), "seconds": r.seconds} for r in results}
        print(json.dumps({"results": out, "versions": versions}, indent=2))
    else:
        print(table(results))
        print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
