"""Real-page statement scores by round of annotation and threshold, with the by-method and
by-confidence tables, in one run.

The gold pages of ``saidwhat eval pages`` split by role (dev, check) and by round (the first
round, and the pages ``split.json`` lists under ``added_2026_12_02``), each scored at 0, 0.3,
0.4 and 0.5 with the metric's own functions (``evaluate``, ``summarise``). The check pages are
printed as totals only.

    .venv/bin/python bench/pages_rounds.py [--data ../shared/data/extraction-benchmark]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from saidwhat.core.options import Options
from saidwhat_dev.eval.pages import evaluate, load_split, summarise
from saidwhat_dev.eval.pages_gold import PAGES_DIR, load_pages

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.0, 0.3, 0.4, 0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "extraction-benchmark")
    args = parser.parse_args()
    pages = load_pages(args.data, PAGES_DIR)
    split = load_split(PAGES_DIR)
    added = set(json.loads((PAGES_DIR / "split.json").read_text(encoding="utf-8")).get("added_2026_12_02", []))
    groups = {}
    for part in ("dev", "check"):
        mine = [p for p in pages if split.get(p.id, "dev") == part]
        groups[f"{part}-first"] = [p for p in mine if p.id not in added]
        groups[f"{part}-new"] = [p for p in mine if p.id in added]
        groups[f"{part}-all"] = mine
    at_zero = {}
    for t in THRESHOLDS:
        for name, chosen in groups.items():
            s = summarise(evaluate(chosen, args.data, Options(min_confidence=t)))
            if t == 0.0:
                at_zero[name] = s
            print(
                f"{name:12} @{t}: P {s['precision']} R {s['recall']} SA {s['speaker_accuracy']} n={s['predicted']}",
                flush=True,
            )
    for name in ("dev-all", "check-all"):
        for table in ("by_method", "by_confidence"):
            rows = {k: f"{v['right']}/{v['n']}" for k, v in at_zero[name][table].items()}
            print(f"{name} {table} at 0: {rows}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
