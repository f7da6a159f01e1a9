"""What the page stage's pass over inline markup costs (hover cards out, inline classes off).

CPU time of :func:`saidwhat.pages.html._plain_inline` over the parsed trees of
the benchmark's development pages (0-7), against the whole page stage on the
same pages, in one run, as a share.

    .venv/bin/python bench/inline_pass.py [--data ../shared/data/extraction-benchmark]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

from lxml.html import fromstring

from saidwhat.pages.html import _plain_inline
from saidwhat_dev.eval.extraction import _saidwhat

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "extraction-benchmark")
    args = parser.parse_args()
    pages = [gzip.decompress(f.read_bytes()) for f in sorted((args.data / "html").glob("[0-7]*.html.gz"))]
    trees = [fromstring(p) for p in pages]
    started = time.process_time()
    for tree in trees:
        _plain_inline(tree)
    inline = time.process_time() - started
    started = time.process_time()
    for page in pages:
        _saidwhat(page, "")
    stage = time.process_time() - started
    print(f"{len(pages)} pages: inline pass {inline:.3f} s CPU, page stage {stage:.2f} s CPU, share {inline / stage:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
