"""Time and peak memory of `saidwhat extract` over a directory of pages, on one core.

    .venv/bin/python bench/extract_speed.py ../shared/data/polnear/dev/text [--attribution auto|model|rules]

Runs the same path as the CLI (inputs -> extract_many) pinned to one CPU, then
prints articles/s, tokens/s (tokens as saidwhat.nlp.tokens counts them) and the
peak resident memory of the process. Prints a Markdown row for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

from saidwhat import Failure, Options, extract_many
from saidwhat.inputs import iter_sources
from saidwhat.nlp.tokens import tokenize


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--attribution", default="auto", choices=("auto", "model", "rules"))
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    options = Options(attribution=args.attribution)
    files = sorted(str(p) for p in args.directory.glob("*.txt"))
    tokens = sum(len(tokenize(Path(f).read_text(encoding="utf-8"))) for f in files)
    # Warm-up: load the model and data files once, as a long batch would.
    list(extract_many(iter_sources(files[:1], options.max_bytes), options))
    started = time.perf_counter()
    cpu_started = time.process_time()
    done = failed = statements = 0
    for result in extract_many(iter_sources(files, options.max_bytes), options):
        if isinstance(result, Failure):
            failed += 1
            print(result, file=sys.stderr)
        else:
            done += 1
            statements += len(result.statements)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files {len(files)}  extracted {done}  failed {failed}  statements {statements}  tokens {tokens}")
    print(f"wall {wall:.2f} s  cpu {cpu:.2f} s  on one core")
    print(f"articles/s {done / wall:.1f}  tokens/s {tokens / wall:,.0f}  peak RSS {peak_mb:.0f} MB")
    print(
        f"| extract --attribution {args.attribution} | {done / wall:.1f} | {tokens / wall:,.0f} | {peak_mb:.0f} MB"
        f" | {platform.processor() or platform.machine()}, Python {platform.python_version()} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
