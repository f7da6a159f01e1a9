"""CPU time per document by stage, against ``trafilatura.extract`` alone on the same pages.

Runs every page of the extraction benchmark (all 181: this measures speed,
and only totals are printed) through the stages of
:func:`saidwhat.pipeline.build_pipeline` one by one, timing each with the
process's CPU time (so that other jobs on a shared machine count less), then
through what a crawl run adds per page (``write``: the Parquet rows and the
MinHash signature, :mod:`saidwhat.executors.crawl`). ``trafilatura`` is
``trafilatura.extract(html)`` with its defaults on the same bytes, timed the
same way in the same process. A first pass over a few pages loads the
models and lexicons outside the timing. One core, one process.

``--against DIR`` compares two versions in one run: DIR is another
checkout's ``src`` (``git archive OLD src | tar -x -C /tmp/old``); each round
profiles it and this checkout's ``src`` in fresh child processes, one after
the other (the order alternating from round to round: the second process of a
pair runs slower here, trafilatura alone included), and the fastest round of
each is reported side by side, so that the load of a shared machine weighs on
both alike. Use an even number of rounds.

    .venv/bin/python bench/stage_profile.py [--rounds 2] [--json FILE] [--against DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark" / "html"
NAMES = ["read", "clean", "quotes", "attribution", "speakers", "verify"]


def profile(pages: list[bytes]) -> dict[str, float]:
    """CPU seconds per stage over all pages (the fastest of the rounds is kept by the caller)."""
    import trafilatura

    from saidwhat.core.options import Options
    from saidwhat.core.sources import Source
    from saidwhat.executors.crawl import _signature_row
    from saidwhat.io.parquet import ARTICLES, article_rows, table
    from saidwhat.pipeline import _new_article, build_pipeline

    options = Options()
    stages = build_pipeline(options)
    totals = dict.fromkeys(["trafilatura", *NAMES, "write"], 0.0)
    for i, data in enumerate(pages):
        started = time.process_time()
        trafilatura.extract(data.decode("utf-8", "replace"))
        totals["trafilatura"] += time.process_time() - started
        article = _new_article(Source(f"page-{i}.html", data), options)
        for name, stage in zip(NAMES, stages, strict=True):
            started = time.process_time()
            article = stage(article)
            totals[name] += time.process_time() - started
        started = time.process_time()
        row, _ = article_rows(article)
        table([row], ARTICLES)
        _signature_row(row)
        totals["write"] += time.process_time() - started
    return totals


def _summary(best: dict[str, float], pages: int) -> dict[str, object]:
    pipeline = sum(best[k] for k in NAMES)
    return {
        "pages": pages,
        "ms_per_page": {k: round(1000 * v / pages, 1) for k, v in best.items()},
        "pipeline_over_trafilatura": round(pipeline / best["trafilatura"], 2),
        "with_write_over_trafilatura": round((pipeline + best["write"]) / best["trafilatura"], 2),
    }


def _child(src: Path) -> dict[str, float]:
    """One round (after the warm-up pass) in a fresh process that imports saidwhat from ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, __file__, "--worker"], env=env, check=True, capture_output=True, text=True
    )
    totals: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--against", type=Path, default=None, help="another checkout's src, profiled alternately")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(DATA.glob("*.html.gz"))]
    if args.worker:
        profile(pages[:5])
        print(json.dumps(profile(pages)))
        return
    report: dict[str, object]
    if args.against:
        runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        trees = {"before": args.against.resolve(), "after": ROOT / "src"}
        for n in range(args.rounds):
            # the second process of a pair runs slower on this machine (trafilatura alone too):
            # the order alternates from round to round, so that neither tree always comes second
            order = ["before", "after"] if n % 2 == 0 else ["after", "before"]
            for name in order:
                runs[name].append(_child(trees[name]))
        report = {
            name: _summary({k: min(r[k] for r in rs) for k in rs[0]}, len(pages)) for name, rs in runs.items()
        }
        report["before_src"] = str(args.against)
    else:
        profile(pages[:5])  # load the models, lexicons and trafilatura's own caches
        rounds = [profile(pages) for _ in range(args.rounds)]
        report = _summary({k: min(r[k] for r in rounds) for k in rounds[0]}, len(pages))
    report["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
