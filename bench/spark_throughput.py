"""Documents per second on one machine: ``ingest --jobs 1|2`` against ``saidwhat spark local[1]|local[2]``.

Builds one web archive (gzip WARC) of ``--records`` HTML responses: the 181
pages of the extraction benchmark repeated, each copy under its own URL and
with its own bytes (a trailing HTML comment, so that ``ingest`` does not skip
it as a page already stored); this measures speed, not quality, so every page
is used. Each mode then runs as
its own command on that archive, from a clean output, timed by wall clock
from start to exit (Spark's JVM start and the final tables included; the
store's writes included for ingest), with the child's CPU time beside it.
Results are appended to ``--json`` as they come, so a long run keeps what it
measured. On a shared machine, note the load average printed with each mode.

``--src A,B`` runs the Spark modes of each source tree (a ``src`` directory,
e.g. one made with ``git archive main src``) in turn, alternating, so that two
versions are compared on the same archive under the same load;
``--rounds`` repeats the whole sequence. With ``--src`` each Spark run goes
through a driver that times its phases (Spark's start, the units, the tables)
by wrapping the executor's functions, so older code is timed alike, and
lists the tables' Spark jobs from Spark's REST API.

    .venv/bin/python bench/spark_throughput.py [--records 5000] [--modes jobs2,local2,local1,jobs1]
        [--json bench/results/spark_throughput.json] [--split-mb 8]
    .venv/bin/python bench/spark_throughput.py --records 1000 --modes local1,local2 \
        --src /tmp/base-spark/src,src --rounds 1
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "extraction-benchmark" / "html"
BIN = ROOT / ".venv" / "bin" / "saidwhat"
PYTHON = ROOT / ".venv" / "bin" / "python"

# Runs `saidwhat spark` in this process with its phases timed (argv: WARC OUT MASTER SPLIT_MB RESULT).
_DRIVER = """
import json, sys, time, urllib.request
from datetime import datetime
started = time.perf_counter()
warc, out, master, split_mb, result = sys.argv[1:6]
import saidwhat.executors.spark as S
from saidwhat.core.options import Options
phases, jobs = {}, []
def timed(name, fn, after=None):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[name] = round(time.perf_counter() - t, 2)
            if after:
                after(args[0])
    return wrapper
def spark_jobs(spark):
    sc = spark.sparkContext
    url = f"{sc.uiWebUrl}/api/v1/applications/{sc.applicationId}/jobs"
    when = lambda s: datetime.strptime(s.replace("GMT", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
    for j in json.load(urllib.request.urlopen(url, timeout=30)):
        if "completionTime" in j:
            jobs.append({"id": j["jobId"], "name": j["name"], "tasks": j["numTasks"],
                         "s": round(when(j["completionTime"]) - when(j["submissionTime"]), 2)})
S.session = timed("session", S.session)
S._run_units = timed("units", S._run_units)
S._write_tables = timed("tables", S._write_tables, spark_jobs)
report = S.run([warc], out, Options(), None, int(float(split_mb) * 2**20), None, master)
phases["in_process"] = round(time.perf_counter() - started, 2)
json.dump({"phases": phases, "jobs": sorted(jobs, key=lambda j: j["id"]), "units": report.units,
           "articles": report.articles}, open(result, "w"))
"""


def build_warc(path: Path, records: int) -> int:
    """The benchmark pages repeated under distinct URLs, ``records`` HTML responses; returns bytes written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [gzip.decompress(p.read_bytes()) for p in sorted(DATA.glob("*.html.gz"))]
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(records):
            # A comment makes each copy's bytes its own: ingest would skip a content hash it has stored.
            body = pages[i % len(pages)] + f"\n<!-- copy {i} -->\n".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://bench.example/{i // len(pages)}/{i % len(pages)}.html",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
            writer.write_record(record)
    return path.stat().st_size


def command(mode: str, warc: Path, out: Path, split_mb: float) -> list[str]:
    if mode.startswith("jobs"):
        return [
            str(BIN),
            "ingest",
            str(warc),
            "--db",
            str(out / "bench.db"),
            "--jobs",
            mode[4:],
            "--no-progress",
        ]
    master = f"local[{mode[5:]}]"
    return [
        str(BIN),
        "spark",
        str(warc),
        "-o",
        str(out / "run"),
        "--master",
        master,
        "--split-mb",
        str(split_mb),
    ]


def measure(
    mode: str, warc: Path, records: int, split_mb: float, src: str | None = None
) -> dict[str, object]:
    out = Path(tempfile.mkdtemp(prefix=f"saidwhat-bench-{mode}-"))
    load = os.getloadavg()[0]
    env = None
    args = command(mode, warc, out, split_mb)
    if src is not None and mode.startswith("local"):
        env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
        args = [str(PYTHON), "-c", _DRIVER, str(warc), str(out / "run"), f"local[{mode[5:]}]",
                str(split_mb), str(out / "phases.json")]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timed = json.loads((out / "phases.json").read_text()) if (out / "phases.json").exists() else {}
    shutil.rmtree(out, ignore_errors=True)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tail = proc.stderr.strip().splitlines()[-1:] if proc.stderr.strip() else []
    found: dict[str, object] = {
        "mode": mode,
        "records": records,
        "wall_s": round(wall, 1),
        "docs_per_s": round(records / wall, 2),
        "child_cpu_s": round(cpu, 1),  # Python children; the JVM's threads count too where it is a child
        "load_avg_at_start": round(load, 2),
        "exit": proc.returncode,
        "summary": tail[0][:300] if tail else "",
    }
    if src is not None:
        found["src"] = src
    if timed:
        phases = timed["phases"]
        # what is not the units: Spark's start, the tables, the JVM's and Python's start and exit
        phases["not_units"] = round(wall - phases.get("units", 0.0), 2)
        found.update(phases=phases, units=timed["units"], jobs=timed["jobs"])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--modes", default="jobs2,local2,local1,jobs1")
    parser.add_argument("--split-mb", type=float, default=8.0, help="units of about this size for spark")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "spark_throughput.json")
    parser.add_argument("--src", default=None, help="source trees to compare, comma-separated (see above)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    trees: list[str | None] = args.src.split(",") if args.src else [None]
    with tempfile.TemporaryDirectory(prefix="saidwhat-bench-") as tmp:
        warc = Path(tmp) / "bench.warc.gz"
        size = build_warc(warc, args.records)
        print(f"{args.records} records, {size / 2**20:.1f} MiB gzip WARC", flush=True)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        runs = [(m, t) for _ in range(args.rounds) for m in args.modes.split(",") for t in trees]
        for mode, tree in runs:
            result = measure(mode, warc, args.records, args.split_mb, tree)
            shown = {k: v for k, v in result.items() if k != "jobs"}
            print(json.dumps(shown), flush=True)
            with open(args.json, "a", encoding="utf-8") as fh:
                fh.write(
                    json.dumps(
                        {**result, "date": time.strftime("%Y-%m-%d"), "warc_mib": round(size / 2**20, 1)}
                    )
                    + "\n"
                )


if __name__ == "__main__":
    main()
