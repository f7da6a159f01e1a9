"""The Spark executor: a whole crawl through the pipeline on Apache Spark, Parquet tables out.

::

    driver   list the inputs -> plan units (.crawl) -> skip the committed ones
    tasks    one task per unit: extract its pages with the pipeline, commit its parts (.crawl.run_unit)
    driver   read the committed parts -> syndicated copies (.duplicates: MinHash LSH bands joined in
             Spark, clusters and origins) -> speaker keys merged by the store's rules
             (saidwhat.store.keymap) -> articles/ statements/ speakers/ failures/ (Parquet)

Spark distributes the units and does the joins and aggregations; there is no
scheduling, retrying or shuffling of saidwhat's own. The output directory's
manifest (``_saidwhat.json``) records the schema version, the options and the
units; a rerun into it runs only the units without a committed marker and
writes the tables again only when some unit was added, so rerunning a
completed job changes nothing.

Under ``spark-submit``, the script is :mod:`saidwhat.cli.spark_submit` (it
takes the arguments of ``saidwhat spark``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from saidwhat.core.errors import UsageError
from saidwhat.core.options import Options
from saidwhat.core.paths import shown
from saidwhat.executors.crawl import (
    UnitReport,
    committed_units,
    filesystem,
    list_inputs,
    plan_units,
    run_unit,
    unit_dir,
)
from saidwhat.executors.duplicates import MIN_CONTAINMENT, NUM_PERM, Copy, clusters
from saidwhat.io.parquet import MANIFEST, PARQUET_SCHEMA, SCHEMAS

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = ["MANIFEST", "RunReport", "run", "session"]

TABLES = ("articles", "statements", "speakers", "failures")
_MAX_BUCKET = 50  # a band bucket larger than this links its members to its first one only


@dataclass(slots=True)
class RunReport:
    units: int = 0
    skipped: int = 0  # units committed by an earlier run
    articles: int = 0  # pages extracted by this run
    failures: int = 0
    tables_written: bool = False


def _require() -> None:
    """The spark extra's packages, or a one-line error saying how to install them."""
    try:
        import datasketch  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as err:
        raise UsageError(
            f"saidwhat spark needs the spark extra: pip install 'saidwhat[spark]' ({err})"
        ) from err


_LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1"


def _local_cores(master: str | None) -> int:
    """The cores of a local master (``local`` 1, ``local[4]`` 4, ``local[*]`` all); 8 when not told."""
    if master is None:
        return 8
    inside = master.partition("[")[2].split("]")[0].split(",")[0].strip()
    if master == "local":
        return 1
    return int(inside) if inside.isdigit() and int(inside) > 0 else os.cpu_count() or 1


def session(master: str | None = None, app: str = "saidwhat") -> SparkSession:
    """The active Spark session, or a new one (``master`` e.g. ``local[2]``; None: spark-submit's)."""
    from pyspark.sql import SparkSession

    # Local mode: the executors' Python is this one, where saidwhat is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local"):
        # One machine: Spark's 200 shuffle partitions would be 200 tiny tasks per join; one per core
        # is enough for the tables of a crawl that one machine can extract.
        builder = builder.config("spark.sql.shuffle.partitions", str(_local_cores(master)))
        # The JVM does little here but plan and run the small joins of the tables (the pages are
        # extracted in Python): its optimising JIT compiler (C2) costs more CPU than it ever wins
        # back in such a short life, while the quick one (C1) alone halves the JVM's start and the
        # tables' time (BENCHMARKS.md, "Where Spark's fixed time goes").
        builder = builder.config("spark.driver.extraJavaOptions", _LOCAL_JVM_OPTIONS)
    builder = (
        builder.config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.python.worker.reuse", "true")  # one pipeline per worker process, kept
    )
    try:
        spark = builder.getOrCreate()
    except Exception as err:  # pyspark's own errors: most often no Java runtime
        first = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
        raise UsageError(f"Spark could not start (is a Java runtime installed?): {first}") from err
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# -- the manifest --------------------------------------------------------------------------------------


def _options_json(options: Options) -> dict[str, Any]:
    return {k: v for k, v in asdict(options).items() if isinstance(v, str | int | float | bool) or v is None}


def _read_manifest(out: str) -> dict[str, Any] | None:
    fs, path = filesystem(out)
    try:
        with fs.open_input_stream(f"{path.rstrip('/')}/{MANIFEST}") as fh:
            found: dict[str, Any] = json.loads(fh.read())
            return found
    except FileNotFoundError:
        return None


def _write_manifest(out: str, manifest: dict[str, Any]) -> None:
    fs, path = filesystem(out)
    fs.create_dir(path, recursive=True)
    target = f"{path.rstrip('/')}/{MANIFEST}"
    with fs.open_output_stream(target + ".tmp") as fh:
        fh.write(json.dumps(manifest, indent=1, sort_keys=True).encode())
    fs.move(target + ".tmp", target)


def _check_manifest(out: str, found: dict[str, Any] | None, options: Options) -> None:
    if found is None:
        return
    if found.get("schema") != PARQUET_SCHEMA:
        raise UsageError(
            f"{shown(out)} holds the output of schema {found.get('schema')}, not {PARQUET_SCHEMA}"
        )
    if found.get("options") != _options_json(options):
        raise UsageError(f"{shown(out)} holds a run with other options: give another output directory")


# -- the run -------------------------------------------------------------------------------------------


def run(
    inputs: list[str],
    out: str,
    options: Options | None = None,
    spark: SparkSession | None = None,
    split_bytes: int = 256 * 2**20,
    log: Callable[[str], None] | None = None,
    master: str | None = None,
) -> RunReport:
    """Extract every page of ``inputs`` on Spark and write the tables under ``out``.

    ``spark``: a session to use (else one is made, on ``master``)."""
    from saidwhat.core.version import __version__

    _require()
    options = options or Options()
    say = log or (lambda line: None)
    found = _read_manifest(out)
    _check_manifest(out, found, options)
    units = plan_units(list_inputs(inputs), split_bytes)
    done = committed_units(out)
    todo = [u for u in units if u.id not in done]
    unit_ids = sorted(u.id for u in units)
    report = RunReport(units=len(units), skipped=len(units) - len(todo))
    manifest = {"schema": PARQUET_SCHEMA, "saidwhat": __version__, "options": _options_json(options)}
    if found and found.get("complete") and found.get("units") == unit_ids and not todo:
        say(f"{len(units)} units already done: nothing to do")
        return report
    _write_manifest(out, {**manifest, "units": unit_ids, "complete": False})
    started = time.monotonic()
    if spark is None:
        spark = session(master)
        say(f"Spark started in {time.monotonic() - started:.1f} s")
    say(f"{len(todo)} of {len(units)} units to run ({report.skipped} committed before)")
    started = time.monotonic()
    for result in _run_units(spark, todo, options, out):
        report.articles += result.articles
        report.failures += result.failures
        for line in result.failed:
            say(f"saidwhat: {line}")
    say(f"units run in {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    _write_tables(spark, out, [unit_dir(out, u) for u in unit_ids])
    say(f"tables written in {time.monotonic() - started:.1f} s")
    _write_manifest(out, {**manifest, "units": unit_ids, "complete": True})
    report.tables_written = True
    return report


def _run_units(spark: SparkSession, todo: list[Any], options: Options, out: str) -> list[UnitReport]:
    if not todo:
        return []
    rdd = spark.sparkContext.parallelize(todo, len(todo))  # one task per unit
    return rdd.map(lambda unit: run_unit(unit, options, out)).collect()


# -- the tables ----------------------------------------------------------------------------------------


def _spark_uri(path: str) -> str:
    """A path as Spark's Hadoop file systems name it (S3 is ``s3a://`` there)."""
    if "://" not in path:
        return "file://" + os.path.abspath(path)
    return "s3a://" + path.split("://", 1)[1] if path.startswith("s3://") else path


def _parts(spark: SparkSession, dirs: list[str], name: str) -> DataFrame:
    from saidwhat.executors.crawl import SIGNATURES

    schema = SIGNATURES if name == "signatures" else SCHEMAS[name]
    files = [_spark_uri(f"{d}/{name}.parquet") for d in dirs]
    return spark.read.schema(_spark_schema(schema)).parquet(*files) if files else _empty(spark, schema)


def _spark_schema(schema: Any) -> Any:
    """A Spark schema from an Arrow one (the documented schemas are Arrow's)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _empty(spark: SparkSession, schema: Any) -> DataFrame:
    return spark.createDataFrame([], _spark_schema(schema))


def _write_tables(spark: SparkSession, out: str, dirs: list[str]) -> None:
    articles = _parts(spark, dirs, "articles")
    # Read four times by the band join and the origins: kept in memory after the first.
    signatures = _parts(spark, dirs, "signatures").persist()
    story = _clusters(spark, articles, signatures)
    # Kept in memory (spilled to disk when large): every table below reads them again.
    articles = _with_clusters(articles, story).persist()
    keys = _speaker_keys(spark, articles)
    signatures.unpersist()
    statements = _with_story(_parts(spark, dirs, "statements").drop("cluster", "story_statement"), articles)
    statements = _with_keys(statements, keys).persist()

    def write(name: str, frame: DataFrame) -> None:
        columns = SCHEMAS[name].names
        frame.select(*columns).write.mode("overwrite").parquet(_spark_uri(f"{out}/{name}"))

    def statements_then_speakers() -> None:
        write("statements", statements)  # fills the cache the speakers table reads
        write("speakers", _speakers(statements, keys))

    # The writes are small jobs of a few tasks each: run side by side, they keep every core busy
    # where one after the other would leave all but one idle for most of the phase.
    with ThreadPoolExecutor(max_workers=3) as pool:
        running = [
            pool.submit(write, "articles", articles),
            pool.submit(write, "failures", _parts(spark, dirs, "failures")),
            pool.submit(statements_then_speakers),
        ]
        for job in running:
            job.result()
    articles.unpersist()
    statements.unpersist()


# -- syndicated copies ---------------------------------------------------------------------------------


def _candidates(signatures: DataFrame) -> DataFrame:
    """Pairs (a, b), a < b, of articles that share an LSH band."""
    from pyspark.sql import functions as F

    buckets = (
        signatures.select("article_id", F.posexplode("bands").alias("band", "hash"))
        .groupBy("band", "hash")
        .agg(F.array_sort(F.collect_set("article_id")).alias("ids"))
        .where(F.size("ids") > 1)
    )
    # Every pair of a small bucket; in a large one (a template shared by many pages) each member
    # meets the first only, which keeps the work linear and the clusters connected.
    small = buckets.where(F.size("ids") <= _MAX_BUCKET).select(F.explode("ids").alias("a"), "ids")
    small = small.select("a", F.explode("ids").alias("b")).where(F.col("a") < F.col("b"))
    large = buckets.where(F.size("ids") > _MAX_BUCKET).select(
        F.col("ids")[0].alias("a"), F.explode(F.slice("ids", 2, 1_000_000)).alias("b")
    )
    return small.union(large).distinct()


def _clusters(spark: SparkSession, articles: DataFrame, signatures: DataFrame) -> DataFrame:
    """article_id -> cluster (the origin's id), cluster_size, for the articles that have copies."""
    from pyspark.sql import functions as F

    a = signatures.select(
        F.col("article_id").alias("a"), F.col("size").alias("na"), F.col("values").alias("va")
    )
    b = signatures.select(
        F.col("article_id").alias("b"), F.col("size").alias("nb"), F.col("values").alias("vb")
    )
    pairs = _candidates(signatures).join(a, "a").join(b, "b")
    same = F.aggregate(
        F.zip_with("va", "vb", lambda x, y: (x == y).cast("int")), F.lit(0), lambda s, x: s + x
    )
    jaccard = same / F.lit(float(NUM_PERM))
    shared = jaccard * (F.col("na") + F.col("nb")) / (1.0 + jaccard)
    contained = shared / F.least("na", "nb")
    copies = [(r["a"], r["b"]) for r in pairs.where(contained >= MIN_CONTAINMENT).select("a", "b").collect()]
    ids = sorted({x for pair in copies for x in pair})
    found_copies: dict[str, Copy] = {}
    if ids:
        rows = (
            articles.where(F.col("article_id").isin(ids))
            .join(signatures.select("article_id", "values"), "article_id", "left")
            .select("article_id", "published", "republished_from_page", "values")
            .collect()
        )
        found_copies = {
            r["article_id"]: Copy(
                r["published"],
                bool(r["republished_from_page"]),
                tuple(r["values"]) if r["values"] is not None else None,
            )
            for r in rows
        }
    found = [(k, origin, size) for k, (origin, size) in clusters(copies, found_copies).items()]
    return spark.createDataFrame(found, "article_id string, cluster string, cluster_size long")


def _with_clusters(articles: DataFrame, story: DataFrame) -> DataFrame:
    from pyspark.sql import functions as F

    articles = articles.drop("cluster", "cluster_size", "origin").join(story, "article_id", "left")
    articles = articles.withColumn("cluster", F.coalesce("cluster", "article_id"))
    articles = articles.withColumn("cluster_size", F.coalesce("cluster_size", F.lit(1).cast("long")))
    articles = articles.withColumn("origin", F.col("cluster") == F.col("article_id"))
    origin_url = articles.where("origin").select(
        F.col("article_id").alias("cluster"), F.col("url").alias("o_url")
    )
    articles = articles.join(origin_url, "cluster", "left")
    said = F.col("republished_from_page") & F.col("republished_from").isNotNull()
    inferred = F.when(~F.col("origin"), F.col("o_url"))
    return articles.withColumn(
        "republished_from", F.when(said, F.col("republished_from")).otherwise(inferred)
    )


def _norm(column: str) -> Column:
    from pyspark.sql import functions as F

    return F.trim(F.regexp_replace(F.lower(F.col(column)), r"[^\p{L}\p{N}]+", " "))


def _with_story(statements: DataFrame, articles: DataFrame) -> DataFrame:
    """Each statement's ``story_statement``: the origin's statement with the same words, else itself."""
    from pyspark.sql import functions as F

    statements = statements.join(articles.select("article_id", "cluster"), "article_id")
    statements = statements.withColumn("norm", _norm("content_text"))
    origin = (
        statements.where(F.col("article_id") == F.col("cluster"))
        .groupBy("cluster", "norm")
        .agg(F.min(F.concat_ws("/", "article_id", "statement_id")).alias("match"))
    )
    statements = statements.join(origin, ["cluster", "norm"], "left")
    own = F.concat_ws("/", "article_id", "statement_id")
    return statements.withColumn("story_statement", F.coalesce("match", own)).drop("norm", "match")


# -- speakers ------------------------------------------------------------------------------------------


def _speaker_keys(spark: SparkSession, articles: DataFrame) -> DataFrame:
    """article key -> crawl key, by the store's merging rules, keys met in order of first publication."""
    from pyspark.sql import functions as F

    from saidwhat.store.keymap import merged_keys

    found = (
        articles.select("published", F.explode("speakers").alias("sp"))
        .where(F.col("sp.key").isNotNull() & (F.col("sp.key") != ""))
        .groupBy(F.col("sp.key").alias("key"))
        .agg(
            F.min("published").alias("first"), F.min("sp.name").alias("name"), F.min("sp.type").alias("type")
        )
    )
    rows = found.collect()
    order = sorted(rows, key=lambda r: (r["first"] is None, r["first"] or datetime.min, r["key"]))
    mapping = merged_keys((r["key"], r["name"], r["type"]) for r in order)
    return spark.createDataFrame(list(mapping.items()), "article_key string, crawl_key string")


def _with_keys(statements: DataFrame, keys: DataFrame) -> DataFrame:
    from pyspark.sql import functions as F

    joined = statements.join(keys, statements["speaker_key_article"] == keys["article_key"], "left")
    return joined.withColumn("speaker_key", F.coalesce("crawl_key", "speaker_key_article")).drop(
        "article_key", "crawl_key"
    )


def _counts_by(statements: DataFrame, column: str, alias: str) -> DataFrame:
    from pyspark.sql import functions as F

    counted = statements.groupBy("speaker_key", F.coalesce(column, F.lit("unknown")).alias("k")).count()
    return counted.groupBy("speaker_key").agg(
        F.map_from_entries(F.array_sort(F.collect_list(F.struct("k", "count")))).alias(alias)
    )


def _speakers(statements: DataFrame, keys: DataFrame) -> DataFrame:
    from pyspark.sql import functions as F

    said = statements.where(F.col("speaker_key").isNotNull())
    names = said.groupBy("speaker_key", "speaker_name").count()
    top = names.groupBy("speaker_key").agg(
        F.max_by("speaker_name", F.struct("count", "speaker_name")).alias("name")
    )
    totals = said.groupBy("speaker_key").agg(
        F.array_sort(F.collect_set("speaker_name")).alias("names"),
        F.max_by("speaker_type", "confidence").alias("type"),
        F.array_sort(F.collect_set("speaker_key_article")).alias("merged_keys"),
        F.count("*").alias("statements"),
        F.countDistinct("story_statement").alias("stories"),
        F.countDistinct("article_id").alias("articles"),
    )
    frame = totals.join(top, "speaker_key").join(_counts_by(said, "site", "by_site"), "speaker_key")
    frame = frame.join(_counts_by(said, "month", "by_month"), "speaker_key")
    return frame.withColumnRenamed("speaker_key", "key")
