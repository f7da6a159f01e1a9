"""Behaviour unchanged: record, then check, the exact output of ``saidwhat extract`` on fixed corpora.

A restructuring of the code must not change what saidwhat reports. This
script runs ``saidwhat extract --format jsonl`` (one call per corpus, so the
batch furniture profile is part of what is compared) on:

- ``demo``: the built-in demo corpus;
- ``polnear-dev``: PolNeAR's dev texts (``../shared/data/polnear/dev/text``);
- ``pages-dev``: the extraction benchmark's pages ``0``-``7``;
- ``pages-held-out``: its pages ``8``-``f``, reported as one count only
  (no page name, no content).

``record`` writes a SHA-256 digest per output line (and one for the error
output) to ``bench/results/identical.json``; ``check`` reruns and lists the
documents whose output differs. Exit status 1 when any differs.

    .venv/bin/python bench/identical.py record
    .venv/bin/python bench/identical.py check
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "bench" / "results" / "identical.json"
HELD_OUT = "pages-held-out"


def _corpora() -> dict[str, list[Path]]:
    html = DATA / "extraction-benchmark" / "html"
    pages = sorted(html.iterdir()) if html.is_dir() else []
    return {
        "demo": sorted((ROOT / "src" / "saidwhat" / "demo" / "pages").iterdir()),
        "polnear-dev": sorted((DATA / "polnear" / "dev" / "text").glob("*")),
        "pages-dev": [p for p in pages if p.name[0] in "01234567"],
        HELD_OUT: [p for p in pages if p.name[0] in "89abcdef"],
    }


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def run_corpus(files: list[Path]) -> dict[str, str]:
    """Digests of each document's JSON line, keyed by file name, plus ``<stderr>``."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for path in files:  # one folder, same relative names on every run
            shutil.copyfile(path, folder / path.name)
        done = subprocess.run(
            [sys.executable, "-m", "saidwhat", "extract", "--format", "jsonl", "in"],
            cwd=tmp,
            capture_output=True,
            text=True,
            errors="surrogateescape",
            check=False,
        )
    digests = {"<stderr>": _digest(done.stderr), "<status>": str(done.returncode)}
    for line in done.stdout.splitlines():
        name = Path(json.loads(line)["input"]["path"]).name
        digests[name] = _digest(line)
    return digests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("mode", choices=("record", "check"))
    parser.add_argument("--only", default="", help="comma-separated corpus names (default: all)")
    args = parser.parse_args()
    corpora = {k: v for k, v in _corpora().items() if v and (not args.only or k in args.only.split(","))}
    now = {name: run_corpus(files) for name, files in corpora.items()}
    if args.mode == "record":
        RESULTS.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"recorded {sum(len(v) - 2 for v in now.values())} documents in {RESULTS}")
        return 0
    before = json.loads(RESULTS.read_text())
    changed = 0
    for name, digests in now.items():
        old = before.get(name, {})
        differ = sorted(k for k in set(old) | set(digests) if old.get(k) != digests.get(k))
        changed += len(differ)
        if name == HELD_OUT:
            print(f"{name}: {len(digests) - 2} documents, {len(differ)} differ")
        else:
            print(f"{name}: {len(digests) - 2} documents, {len(differ)} differ {' '.join(differ[:20])}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
