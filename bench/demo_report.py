"""Scores of the pipeline on the demo corpus, page by page and in total, against the floors.

    .venv/bin/python bench/demo_report.py [--misses] [--page 04] [--attribution auto|model|rules]

Runs ``extract_bytes`` on every page of ``saidwhat/demo/pages`` and scores it
against its hand-written expectation (``saidwhat.demo.score``). Prints one row
per page (hits/total of each metric), the corpus total with the floor pinned in
``saidwhat/demo/floors.json``, and, with ``--misses``, every miss. A floor can
be raised to a total it reaches; the test of the demo corpus then holds it.
"""

from __future__ import annotations

import argparse
import sys

from saidwhat.core.errors import SaidwhatError
from saidwhat.core.options import Options
from saidwhat.demo import demo_pages
from saidwhat.demo.score import METRICS, PageScore, Tally, floors, load_expected, score_page, total
from saidwhat.pipeline import extract_bytes

SHORT = {
    "furniture_removed": "furn",
    "should_keep": "keep",
    "title": "title",
    "captions": "capt",
    "credits": "cred",
    "metadata": "meta",
    "statement_recall": "recall",
    "statement_precision": "prec",
    "speaker": "spkr",
    "kind": "kind",
    "cue": "cue",
    "content_complete": "compl",
    "parent": "parent",
}


def _cell(tally: Tally) -> str:
    return f"{tally.hits}/{tally.total}" if tally.total else "-"


def _table(scores: list[PageScore], totals: dict[str, Tally]) -> list[str]:
    width = max(len(s.name) for s in scores) + 2
    lines = [f"{'page':<{width}}" + "".join(f"{SHORT[m]:>8}" for m in METRICS)]
    for page in scores:
        lines.append(f"{page.name:<{width}}" + "".join(f"{_cell(page.tallies[m]):>8}" for m in METRICS))
    lines.append(f"{'total':<{width}}" + "".join(f"{_cell(totals[m]):>8}" for m in METRICS))
    return lines


def _totals(totals: dict[str, Tally], pinned: dict[str, float]) -> list[str]:
    lines = [f"{'metric':<20} {'score':>7} {'floor':>7}"]
    for m in METRICS:
        mark = "  BELOW FLOOR" if totals[m].rate < pinned[m] - 1e-9 else ""
        score = f"{totals[m].rate:.3f}" if totals[m].total else "n/a"
        lines.append(f"{m:<20} {score:>7} {pinned[m]:>7.3f}  ({_cell(totals[m])}){mark}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list every miss, page by page")
    parser.add_argument("--page", default="", help="only pages whose name starts with this")
    parser.add_argument("--attribution", default="auto", choices=("auto", "model", "rules"))
    args = parser.parse_args()
    options = Options(attribution=args.attribution)
    scores: list[PageScore] = []
    for page in demo_pages():
        if not page.name.startswith(args.page):
            continue
        try:
            article = extract_bytes(page.read_bytes(), f"demo/{page.name}", options)
        except SaidwhatError as err:
            print(f"{page.name}: FAILED: {err}", file=sys.stderr)
            return 1
        scores.append(score_page(article, load_expected(page.name)))
    if not scores:
        print(f"no demo page starts with {args.page!r}", file=sys.stderr)
        return 1
    totals = total(scores)
    print("\n".join(_table(scores, totals)))
    print()
    print("\n".join(_totals(totals, floors())))
    if args.misses:
        for page in scores:
            misses = [f"  [{m}] {x}" for m in METRICS for x in page.tallies[m].misses]
            if misses:
                print(f"\n{page.name}:")
                print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
