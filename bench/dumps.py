"""The text-dump table and the text-dump path's speed per line, on the benchmark pages rendered as dumps.

Table (the same as ``saidwhat eval extraction --dumps``): per renderer (lxml,
inscriptis, html2text, see :mod:`saidwhat_dev.eval.dump_render`) the raw dump and
saidwhat's cleaned body on the development half (pages 0-7), with saidwhat's
HTML path on the same pages; ``--held-out`` adds the one number per renderer
measured on pages 8-f (run it once, at the end: never tune on it).

Speed (``--speed``): CPU time of saidwhat's text-dump path (read page + clean
article, page by page) per line of input, over the dev half's dumps of every
renderer and the labelled dumps of ``saidwhat_dev/eval/data/furniture``; each
round runs every page once, the fastest of ``--rounds`` rounds is kept (CPU
time, so other jobs on a shared machine count less).

Lost paragraphs (``--lost``, the development half only): every long ``articleBody`` paragraph
that a dump holds and its cleaned body lost, with what became of it: ``apart`` when the cleaned
article still holds its words in order, in blocks that are not body (a dateline cut from the
paragraph it opens, a caption), ``gone`` when they are not all in the article.

    .venv/bin/python bench/dumps.py [--data ../shared/data/extraction-benchmark] [--held-out] [--json]
    .venv/bin/python bench/dumps.py --speed [--rounds 5]
    .venv/bin/python bench/dumps.py --lost
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from importlib import metadata
from pathlib import Path

from saidwhat_dev.eval.dump_render import RENDERERS, available
from saidwhat_dev.eval.dumps import (
    DEV,
    HELD_OUT,
    clean_dump,
    dev_table,
    dump_pages,
    evaluate_dumps,
    half_of,
    lost_paragraphs,
    text_path,
)
from saidwhat_dev.eval.extraction import load_benchmark

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark"


def _dev_dumps(data: Path, renderers: list[str]) -> list[str]:
    pages = [p for p in load_benchmark(data) if half_of(p.id) == DEV]
    return [d.dump for name in renderers for d in dump_pages(pages, name) if d.dump.strip()]


def _labelled_dumps() -> list[str]:
    from saidwhat_dev.eval.furniture import SPLITS, load_split

    return [page.text for split in SPLITS for page in load_split(split)]


def speed(data: Path, renderers: list[str], rounds: int) -> dict[str, float]:
    dumps = _dev_dumps(data, renderers) + _labelled_dumps()
    lines = sum(len([line for line in d.split("\n") if line.strip()]) for d in dumps)
    clean_dump(dumps[0])  # loads the models outside the timing
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for n, dump in enumerate(dumps):
            clean_dump(dump, f"{n}.txt")
        best = min(best, time.process_time() - started)
    return {"dumps": len(dumps), "lines": lines, "seconds": best, "us_per_line": best / lines * 1e6}


def lost(data: Path, renderers: list[str]) -> None:
    """Print the development half's lost long paragraphs, ``apart`` or ``gone``, and their count."""
    pages = [p for p in load_benchmark(data) if half_of(p.id) == DEV]
    for renderer in renderers:
        apart = gone = 0
        for dump in dump_pages(pages, renderer):
            for item in lost_paragraphs(dump.truth, dump.dump, *text_path(dump)):
                apart, gone = apart + (not item.gone), gone + item.gone
                print(f"{renderer}\t{dump.id[:8]}\t{'gone' if item.gone else 'apart'}\t{item.paragraph[:70]!r}")
        print(f"{renderer}: {apart + gone} lost, {apart} of them apart, {gone} gone")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--renderers", default=",".join(RENDERERS))
    parser.add_argument("--held-out", action="store_true", help="also the held-out half: one F1 per renderer")
    parser.add_argument("--speed", action="store_true", help="time per line instead of the table")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--lost", action="store_true", help="the dev half's lost paragraphs instead of the table")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reasons = available()
    renderers = [n for n in args.renderers.split(",") if n and not reasons[n]]
    if args.speed:
        print(json.dumps(speed(args.data, renderers, args.rounds), indent=1))
        return 0
    if args.lost:
        lost(args.data, renderers)
        return 0
    pages = load_benchmark(args.data)
    dev = evaluate_dumps(pages, renderers, DEV)
    held = evaluate_dumps(pages, renderers, HELD_OUT, html=False) if args.held_out else []
    held_f1 = {r.renderer: round(r.score.f1, 4) for r in held if r.system == "saidwhat text"}
    versions = {p: metadata.version(p) for p in ("inscriptis", "html2text", "lxml") if not reasons.get(p)}
    if args.json:
        out = {"dev": [r.as_dict() for r in dev], "held_out_f1": held_f1, "versions": versions}
        print(json.dumps(out, indent=1))
        return 0
    print("dev half (pages 0-7):")
    print(dev_table(dev))
    if held_f1:
        scores = ", ".join(f"{k} {v:.3f}" for k, v in held_f1.items())
        print(f"held-out half (pages 8-f), saidwhat text body F1: {scores}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
