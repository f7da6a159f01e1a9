"""CPU time to read every slice of one large gzip web archive: byte ranges against whole readings.

A Spark unit that is a slice of a large archive reads its pages twice (the batch's first pass
learns the lines that repeat, the second extracts). Before 2026-12-02 each slice read and inflated
the whole archive and kept every n-th page; now a slice of a gzip archive of a member per record
reads only its byte range (:mod:`saidwhat.io.readers.warc_ranges`). This times one reading of
every slice both ways, in one process, alternating, for several slice counts; the pages read must
be the same.

    .venv/bin/python bench/warc_slices.py [--records 1000] [--parts 2,5,21] [--rounds 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from spark_throughput import build_warc

from saidwhat.core.sources import Source
from saidwhat.executors.crawl import Unit, _documents
from saidwhat.io.readers import iter_sources

LIMIT = 20_000_000


def whole_readings(path: Path, parts: int) -> list[str]:
    """The earlier way: each slice reads the whole archive and keeps every n-th page."""
    out = []
    for k in range(parts):
        for i, item in enumerate(iter_sources([str(path)], LIMIT)):
            if i % parts == k and isinstance(item, Source):
                out.append(item.record or "")
    return out


def ranges(path: Path, parts: int) -> list[str]:
    size = path.stat().st_size
    units = [Unit((str(path),), (size,), k, parts) for k in range(parts)]
    return [i.record or "" for u in units for i in _documents(u, LIMIT) if isinstance(i, Source)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--parts", default="2,5,21")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "crawl.warc.gz"
        build_warc(path, args.records)
        print(f"{args.records} records, {path.stat().st_size / 2**20:.1f} MiB")
        for parts in [int(p) for p in args.parts.split(",")]:
            best = {"whole readings": float("inf"), "byte ranges": float("inf")}
            for _ in range(args.rounds):
                seen = []
                for name, read in (("whole readings", whole_readings), ("byte ranges", ranges)):
                    started = time.process_time()
                    seen.append(sorted(read(path, parts)))
                    best[name] = min(best[name], time.process_time() - started)
                assert seen[0] == seen[1], "the two ways read different pages"
            print(
                f"{parts:>3} slices: whole readings {best['whole readings']:.2f} s, "
                f"byte ranges {best['byte ranges']:.2f} s (CPU, best of {args.rounds})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
