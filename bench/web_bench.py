"""Web page benchmark: page times on a store of 100,000+ statements, and a bounded load run.

1. A large store: the PolNeAR train texts (or the demo pages when they are absent) are extracted
   once and stored again and again under distinct paths, URLs and hashes, each copy a month after
   the previous one (so that a story's other coverage is found among the articles of its own days,
   not among its copies), until the store holds ``--min-statements``.
2. The real server: ``saidwhat serve --db STORE --port 0 --quiet`` in a subprocess (uvicorn, the
   default 4 readers), on 127.0.0.1.
3. Page times: ``--requests`` sequential GETs per page type over one keep-alive connection, the
   answer read whole: search (words, filters, later pages, sorted columns), speaker (the most quoted
   and others), compare (two articles of one day), article and charts; p50 / p95 / max.
   The same pages are also answered in-process (Starlette's test client, no socket) and timed in
   CPU seconds of the process: on a machine shared with other jobs, wall times measure the wait for
   a core as much as the page, CPU time measures the page.
4. Load: ``--clients`` threads, each with its own keep-alive connection, request a mix of those
   pages for ``--seconds``; requests per second, errors (non-200 answers and failed connections),
   p50 / p95, and whether the server still answers afterwards.

    .venv/bin/python bench/web_bench.py [--data ../shared/data/polnear/train/text] [--work DIR]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

from store_bench import copy_of, extract_all

from saidwhat.core.model import Article
from saidwhat.core.sources import Failure, Source
from saidwhat.demo import demo_pages
from saidwhat.pipeline import extract_many
from saidwhat.store import Store


def source_articles(data: Path) -> list[Article]:
    if data.is_dir():
        return extract_all(data)
    sources = [Source(f"demo/{p.name}", p.read_bytes()) for p in demo_pages()]
    return [a for a in extract_many(sources) if not isinstance(a, Failure)]


def build(articles: list[Article], db: Path, min_statements: int) -> dict[str, object]:
    db.unlink(missing_ok=True)
    per_copy = sum(len(a.statements) for a in articles) or 1
    copies = -(-min_statements // per_copy)
    started = time.perf_counter()
    with Store.open(db) as store:
        for k in range(copies):
            for article in articles:
                out = copy_of(article, k)
                if out.metadata.published:  # one month later per copy
                    moved = date.fromisoformat(out.metadata.published[:10]) + timedelta(days=31 * k)
                    out.metadata.published = moved.isoformat()
                store.add(out)
        store.optimize()
        stats = store.stats()
    return {"copies": copies, "articles": stats.articles, "statements": stats.statements,
            "speakers": stats.speakers, "seconds": round(time.perf_counter() - started, 1)}  # fmt: skip


def start_server(db: Path, source: Path | None = None, workers: int = 1) -> tuple[subprocess.Popen[str], int]:
    """``saidwhat serve`` in a subprocess; ``source``: the ``src`` folder of another saidwhat to run
    (an earlier version, for a baseline on the same machine and store)."""
    import os

    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source.resolve())
    command = [sys.executable, "-m", "saidwhat", "serve", "--db", str(db), "--port", "0", "--quiet"]
    if workers > 1:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    assert server.stderr is not None
    for line in server.stderr:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            threading.Thread(target=server.stderr.read, daemon=True).start()  # keep draining the log
            return server, int(found.group(1))
    raise SystemExit("the server did not start")


def plan(db: Path, rng: random.Random) -> dict[str, list[str]]:
    """URLs per page type, drawn from the store's own words, speakers, sites and days."""
    with Store.open(db, read_only=True) as store:
        sample = [h.content for h in store.search(None, limit=3000)]
        words = sorted({w.lower() for c in sample for w in re.findall(r"[A-Za-z]{5,}", c)})
        top = [c.key for c in store.speakers(limit=40)]
        others = [c.key for c in store.speakers(limit=2000)][40:]
        sites = [s for s, _ in store.sites(50)]
        infos, _ = store.list_articles(0, 5000)
    by_day: dict[str, list[int]] = {}
    for info in infos:
        by_day.setdefault((info.published or "")[:10], []).append(info.id)
    pairs = [ids[:2] for day, ids in by_day.items() if day and len(ids) >= 2]
    sorts = ["date", "speaker", "site", "confidence"]

    def search(i: int) -> str:
        params: dict[str, object] = {}
        if i % 4 == 0:
            params["q"] = rng.choice(words)
        elif i % 4 == 1:
            params.update(q=f"{rng.choice(words)} {rng.choice(words)}")
        elif i % 4 == 2:
            params.update(site=rng.choice(sites), kind="direct", since="2016-01", until="2017-12")
        else:
            params.update(sort=rng.choice(sorts), dir=rng.choice(["asc", "desc"]), page=rng.randint(1, 20))
        return "/?" + urlencode(params)

    def speaker(i: int) -> str:
        key = rng.choice(top) if i % 2 == 0 or not others else rng.choice(others)
        return "/speaker/" + quote(key, safe="")

    return {
        "search": [search(i) for i in range(400)],
        "speaker": [speaker(i) for i in range(400)],
        "compare": [f"/compare?a={a}&b={b}" for a, b in (rng.choice(pairs) for _ in range(400))],
        "article": [f"/article/{rng.choice(infos).id}" for _ in range(400)],
        "charts": ["/charts?" + urlencode({"period": rng.choice(["week", "month"])}) for _ in range(40)],
    }


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def summary(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "n": len(times),
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1),
    }


def page_times(port: int, urls: dict[str, list[str]], n: int) -> dict[str, dict[str, float]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    out: dict[str, dict[str, float]] = {}
    for kind, paths in urls.items():
        fetch(conn, paths[0])  # warm this page type once
        times, bad = [], 0
        for path in paths[: n if kind != "charts" else min(n, len(paths))]:
            status, seconds = fetch(conn, path)
            bad += status != 200
            times.append(seconds)
        out[kind] = {**summary(times), "non_200": bad}
        print(kind, json.dumps(out[kind]), file=sys.stderr)
    conn.close()
    return out


def page_cpu_times(db: Path, urls: dict[str, list[str]], n: int) -> dict[str, dict[str, float]]:
    """CPU time per page, answered in this process (parsing, queries, templates; no HTTP)."""
    from starlette.testclient import TestClient

    from saidwhat.web import create_app

    out: dict[str, dict[str, float]] = {}
    with TestClient(create_app(str(db))) as client:
        for kind, paths in urls.items():
            client.get(paths[0])
            times = []
            for path in paths[: min(n, len(paths))]:
                started = time.process_time()
                assert client.get(path).status_code == 200, path
                times.append(time.process_time() - started)
            out[kind] = summary(times)
            print(kind, "cpu", json.dumps(out[kind]), file=sys.stderr)
    return out


def load(port: int, urls: dict[str, list[str]], clients: int, seconds: float) -> dict[str, object]:
    mix = [u for kind in ("search", "speaker", "compare", "article") for u in urls[kind]]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    times: list[float] = []
    errors: dict[str, int] = {}

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            try:
                status, took = fetch(conn, rng.choice(mix))
            except (OSError, http.client.HTTPException) as err:
                with lock:
                    errors[type(err).__name__] = errors.get(type(err).__name__, 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            with lock:
                times.append(took)
                if status != 200:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    after = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    still_up = fetch(after, "/speakers")[0] == 200
    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(times),
            "requests_per_s": round(len(times) / elapsed, 1), "errors": errors, **summary(times),
            "server_still_up": still_up}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear/train/text"))
    parser.add_argument("--work", type=Path, default=None, help="where the store goes (default: a temp dir)")
    parser.add_argument("--db", type=Path, default=None, help="use this store instead of building one")
    parser.add_argument("--min-statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per page type")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1, help="serve --workers (processes)")
    parser.add_argument(
        "--baseline-src", type=Path, default=None,
        help="serve with the saidwhat of this src folder instead (a baseline; no in-process CPU times)",
    )  # fmt: skip
    parser.add_argument(
        "--plan-db", type=Path, default=None,
        help="draw the URLs from this copy of the store (so that a baseline's store is only read by it)",
    )  # fmt: skip
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="saidwhat-web-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {}
    db = args.db
    if db is None:
        db = work / "web.db"
        report["store"] = build(source_articles(args.data), db, args.min_statements)
        print(json.dumps(report["store"]), file=sys.stderr)
    server, port = start_server(db, args.baseline_src, args.workers)
    try:
        urls = plan(args.plan_db or db, random.Random(11))
        report["pages"] = page_times(port, urls, args.requests)
        if args.baseline_src is None:
            report["pages_cpu"] = page_cpu_times(db, urls, args.requests)
        report["load"] = load(port, urls, args.clients, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
