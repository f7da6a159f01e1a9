"""Store benchmark: ingestion throughput, search latency on a large store, size per 1,000 articles.

1. Ingestion: ``saidwhat ingest TEXT_DIR --db NEW.db --jobs N`` (the real command, in a
   subprocess, interpreter start included) on PolNeAR train texts, for each ``--jobs`` value;
   pages per second = pages / wall time.
2. A large store: the articles extracted in step 1 are stored again and again under distinct
   names (path, URL and content hash differ per copy; site and date come from the corpus
   file name), through :meth:`Store.add`, until it holds at least ``--min-statements``.
3. Search latency: ``--queries`` searches (limit 20) mixing single words, two-word queries,
   phrases and filtered queries (speaker, site, date range, kind); median and p95.
4. Size: the SQLite file (after a WAL checkpoint) per 1,000 articles.

    .venv/bin/python bench/store_bench.py [--data ../shared/data/polnear/train/text] [--work DIR]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from saidwhat.core.model import Article
from saidwhat.core.options import Options
from saidwhat.core.sources import Failure, Source
from saidwhat.pipeline import extract_many
from saidwhat.store import Store

_NAME = re.compile(r"([a-z]+)_(\d{4}-\d{2}-\d{2})_")


def ingest_throughput(texts: Path, work: Path, jobs: int) -> dict[str, float]:
    db = work / f"ingest-j{jobs}.db"
    db.unlink(missing_ok=True)
    n = sum(1 for p in texts.iterdir() if p.is_file())
    command = [sys.executable, "-m", "saidwhat", "ingest", str(texts), "--db", str(db), "--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    with Store.open(db) as store:
        stats = store.stats()
    return {
        "jobs": jobs,
        "pages": n,
        "seconds": round(seconds, 2),
        "pages_per_s": round(n / seconds, 2),
        "articles": stats.articles,
        "statements": stats.statements,
        "failures": stats.failures,
    }


def extract_all(texts: Path) -> list[Article]:
    sources = [Source(str(p), p.read_bytes()) for p in sorted(texts.iterdir()) if p.is_file()]
    return [a for a in extract_many(sources, Options()) if not isinstance(a, Failure)]


def stored_articles(db: Path) -> list[Article]:
    """The articles of an ingestion store, rebuilt (the same objects extraction gave)."""
    with Store.open(db) as store:
        return [store.article(info.id) for info in store.articles()]


def copy_of(article: Article, k: int) -> Article:
    out = copy.copy(article)
    name = Path(article.input.path).stem
    out.input = copy.copy(article.input)
    out.input.path = f"copy{k:03d}/{name}.txt"
    out.input.sha256 = hashlib.sha256(f"{k}:{article.input.sha256}".encode()).hexdigest()
    out.metadata = copy.copy(article.metadata)
    match = _NAME.match(name)
    out.metadata.site = match.group(1) if match else None
    out.metadata.published = match.group(2) if match else None
    out.metadata.url = f"https://{out.metadata.site or 'news'}.example/{k}/{name}"
    return out


def build_large(articles: list[Article], db: Path, min_statements: int, max_copies: int) -> dict[str, float]:
    db.unlink(missing_ok=True)
    per_copy = sum(len(a.statements) for a in articles) or 1
    copies = min(max_copies, -(-min_statements // per_copy))
    started = time.perf_counter()
    with Store.open(db) as store:
        for k in range(copies):
            for article in articles:
                store.add(copy_of(article, k))
        store.optimize()  # as `saidwhat ingest` does at the end of a run
        stats = store.stats()
    seconds = time.perf_counter() - started
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    size = db.stat().st_size
    return {
        "copies": copies,
        "articles": stats.articles,
        "statements": stats.statements,
        "speakers": stats.speakers,
        "store_seconds": round(seconds, 1),
        "articles_per_s_stored": round(stats.articles / seconds, 1),
        "bytes": size,
        "mb_per_1000_articles": round(size / stats.articles * 1000 / 1e6, 2),
    }


def queries(store: Store, n: int, rng: random.Random) -> list[dict[str, object]]:
    sample = [h.content for h in store.search(limit=3000)]
    words = sorted({w.lower() for c in sample for w in re.findall(r"[A-Za-z]{5,}", c)})
    speakers = [c.key for c in store.speakers(limit=40)]
    sites = sorted({h.site for h in store.search(limit=500) if h.site})
    out: list[dict[str, object]] = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            out.append({"query": rng.choice(words)})
        elif kind == 1:
            out.append({"query": f"{rng.choice(words)} {rng.choice(words)}"})
        elif kind == 2:
            text = rng.choice(sample).split()
            start = rng.randrange(max(1, len(text) - 2))
            phrase = " ".join(re.sub(r"[^\w']", "", w) for w in text[start : start + 2]).strip()
            out.append({"query": f'"{phrase}"' if phrase else rng.choice(words)})
        elif kind == 3:
            out.append({"query": rng.choice(words), "speaker": rng.choice(speakers) if speakers else None})
        else:
            out.append(
                {
                    "query": None,
                    "site": rng.choice(sites) if sites else None,
                    "since": "2016-01",
                    "until": "2016-06",
                    "kind": "direct",
                }
            )
    return out


def search_latency(db: Path, n: int) -> dict[str, float]:
    rng = random.Random(7)
    with Store.open(db) as store:
        plan = queries(store, n, rng)
        store.search("campaign")  # warm the page cache once
        times: list[float] = []
        hits = 0
        for q in plan:
            started = time.perf_counter()
            hits += len(store.search(**q, limit=20))  # type: ignore[arg-type]
            times.append(time.perf_counter() - started)
    times.sort()
    return {
        "queries": n,
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(times[int(0.95 * (n - 1))] * 1000, 2),
        "max_ms": round(times[-1] * 1000, 2),
        "mean_hits": round(hits / n, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear/train/text"))
    parser.add_argument("--work", type=Path, default=None, help="where the stores go (default: a temp dir)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--min-statements", type=int, default=100_000)
    parser.add_argument("--max-copies", type=int, default=200)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="saidwhat-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {"data": str(args.data), "work": str(work)}
    if not args.skip_ingest:
        report["ingest"] = [ingest_throughput(args.data, work, j) for j in args.jobs]
        print(json.dumps(report["ingest"]), file=sys.stderr)
    first = work / f"ingest-j{args.jobs[0]}.db"
    # The articles of step 1 (or of an earlier run's step 1 with --skip-ingest), else extract afresh.
    articles = stored_articles(first) if first.exists() else extract_all(args.data)
    report["large_store"] = build_large(articles, work / "large.db", args.min_statements, args.max_copies)
    print(json.dumps(report["large_store"]), file=sys.stderr)
    report["search"] = search_latency(work / "large.db", args.queries)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
