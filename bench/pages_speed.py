"""Speed and peak memory of saidwhat's page stage against trafilatura alone, on the benchmark pages.

Each measure runs in a fresh child process (one core), so that its peak
resident memory is its own: ``trafilatura`` is ``trafilatura.extract(html)``
with its defaults; ``trafilatura+meta`` the same with its metadata (title,
author, site, dates through htmldate), the like-for-like reference;
``saidwhat`` is saidwhat's page stage (read page + clean article: decoding,
parsing, trafilatura in precision mode, blocks, captions, bylines and
metadata, dates included) on the same bytes. Every mode gets the same bytes
and is timed from its first page (imports done, lazy loads inside the
timing). The modes alternate over several rounds and the fastest round of
each is kept (CPU time, so that other jobs on the machine count less); the
ratio is saidwhat's time over trafilatura's. ``baseline`` only loads the
pages and imports, for the memory floor. On a shared machine the ratio
moves by 0.1 or more between runs: repeat it before trusting a difference.

    .venv/bin/python bench/pages_speed.py [--data ../shared/data/extraction-benchmark] [--rounds 3]
        [--modes trafilatura,saidwhat]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"
MODES = ("baseline", "trafilatura", "trafilatura+meta", "saidwhat")


def _worker(mode: str, data: Path, limit: int) -> dict[str, float]:
    import trafilatura

    from saidwhat.core.errors import SaidwhatError
    from saidwhat.core.sources import Source
    from saidwhat.pipeline import extract_source
    from saidwhat_dev.eval.extraction import load_benchmark, page_options, page_stages

    pages = load_benchmark(data)
    if limit:
        pages = pages[:limit]
    stages = page_stages()
    started = time.process_time()
    for page in pages:
        if mode == "trafilatura":
            trafilatura.extract(page.html, url=page.url or None)
        elif mode == "trafilatura+meta":
            trafilatura.extract(page.html, url=page.url or None, with_metadata=True, output_format="json")
        elif mode == "saidwhat":
            try:
                extract_source(Source(page.url or "-", page.html, format="html"), page_options(), stages)
            except SaidwhatError:
                continue  # a refused page counts its time too
    seconds = time.process_time() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"pages": len(pages), "seconds": seconds, "peak_mib": peak_kib / 1024}


def _run_child(mode: str, data: Path, limit: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", mode, "--data", str(data), "--limit", str(limit)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated, among " + ", ".join(MODES))
    parser.add_argument("--worker", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(_worker(args.worker, args.data, args.limit)))
        return 0
    modes = [m for m in MODES if m in args.modes.split(",")]
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.rounds):
        for mode in modes:
            result = _run_child(mode, args.data, args.limit)
            if mode not in best or result["seconds"] < best[mode]["seconds"]:
                best[mode] = result
    print(f"{'mode':<16} {'pages':>5} {'cpu s':>7} {'pages/s':>8} {'peak MiB':>9}")
    for mode in modes:
        r = best[mode]
        rate = r["pages"] / r["seconds"] if r["seconds"] else float("inf")
        print(f"{mode:<16} {int(r['pages']):5d} {r['seconds']:7.2f} {rate:8.1f} {r['peak_mib']:9.1f}")
    for reference in ("trafilatura", "trafilatura+meta"):
        if reference not in best or "saidwhat" not in best:
            continue
        ratio = best["saidwhat"]["seconds"] / best[reference]["seconds"]
        print(f"time ratio saidwhat / {reference}: {ratio:.2f}x (target <= 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
