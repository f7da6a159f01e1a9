"""A crawl cut into units of work, and one unit run from its inputs to committed Parquet parts.

This is the part of a distributed run that knows nothing of the engine: the
Spark executor (:mod:`saidwhat.executors.spark`) plans the units on the
driver and runs :func:`run_unit` in its tasks, but any engine that can call a
Python function on each unit could do the same.

**Units.** The work is split by input file, the natural unit of a crawl (a
WARC file): a file larger than ``split_bytes`` is split into several units
that each take a part of it: in a gzip web archive written a record per gzip
member (as crawlers write them), the records between two cut points, found
from the file's size and read alone (:mod:`saidwhat.io.readers.warc_ranges`);
in any other file, every n-th page (each slice reads the file, and skips the
pages of the other slices before extracting anything); and
small files (pages of a directory) are grouped, in name order, into units of
at most ``split_bytes``. A unit's id is a hash of its files, their sizes and
its slice, so the same inputs give the same units in every run.

**Commits.** A unit writes its four parts (articles, statements, failures,
signatures) under ``OUT/work/UNIT/`` and then, last, its marker
``_COMMITTED``. A unit with a marker is done: a rerun after a crash or a
killed job runs only the units without one, and parts left by a unit killed
before its marker are written again. Nothing of a unit is read before its
marker exists.

**Documents.** Each page runs through the pipeline of ``saidwhat extract``
(:class:`saidwhat.pipeline.Pipeline`) under the per-document size and
time limits; the stages (the model and the lexicons) are built once per
process and kept for every unit that process runs. A page that fails is a row
of ``failures``, never a failed unit.

Paths are local paths or URIs read and written with Arrow's file systems
(``file://``, ``s3://`` and ``s3a://``, ``gs://``, ``hdfs://``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, BinaryIO, cast

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from ..core.errors import SaidwhatError, UsageError
from ..core.model import Article
from ..core.options import Options
from ..core.paths import shown
from ..core.resources import Resources
from ..core.sources import Failure, Source
from ..io.parquet import ARTICLES, FAILURES, STATEMENTS, article_rows, failure_row, table
from ..io.readers import iter_sources, sources_of
from ..pipeline import Pipeline, profile_batch
from .duplicates import signature

__all__ = [
    "COMMITTED",
    "PARTS",
    "SIGNATURES",
    "Unit",
    "UnitReport",
    "committed_units",
    "filesystem",
    "list_inputs",
    "plan_units",
    "run_unit",
    "unit_dir",
]

COMMITTED = "_COMMITTED"
PARTS = ("articles", "statements", "failures", "signatures")
SIGNATURES = pa.schema(
    [
        ("article_id", pa.string()),
        ("size", pa.int64()),  # distinct shingles
        ("values", pa.list_(pa.int64())),  # NUM_PERM MinHash values
        ("bands", pa.list_(pa.int64())),  # BANDS band hashes
    ]
)
_BATCH = 256  # rows kept in memory before a row group is written


@dataclass(slots=True, frozen=True)
class Unit:
    """Some input files, or a slice of one large file (every ``parts``-th page from ``part``)."""

    files: tuple[str, ...]
    sizes: tuple[int, ...]
    part: int = 0
    parts: int = 1

    @property
    def id(self) -> str:
        # a slice of a gzip web archive is a byte range (since 2026-12): the id says so, and a
        # slice committed under the earlier rule (every n-th page) is not taken for one
        rule = ["ranges"] if self.parts > 1 else []
        key = json.dumps([self.files, self.sizes, self.part, self.parts, *rule])
        return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:20]

    def __str__(self) -> str:
        first = shown(self.files[0])
        more = f" and {len(self.files) - 1} more" if len(self.files) > 1 else ""
        part = f" (slice {self.part + 1} of {self.parts})" if self.parts > 1 else ""
        return f"{first}{more}{part}"


@dataclass(slots=True)
class UnitReport:
    """What one unit did (its marker's content)."""

    unit: str
    articles: int = 0
    statements: int = 0
    failures: int = 0
    failed: list[str] = field(default_factory=list)  # "input: reason" of the first failures, for the log


# -- file systems --------------------------------------------------------------------------------------

_ARROW_SCHEMES = {"s3a": "s3", "s3n": "s3"}  # Hadoop's names for S3, as Arrow knows it


def filesystem(uri: str) -> tuple[pafs.FileSystem, str]:
    """The Arrow file system of a local path or a URI, and the path within it."""
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return pafs.LocalFileSystem(), os.path.abspath(uri)
    try:
        fs, path = pafs.FileSystem.from_uri(f"{_ARROW_SCHEMES.get(scheme, scheme)}://{rest}")
    except (pa.ArrowException, ValueError) as err:
        raise UsageError(f"{shown(uri)}: cannot open this location ({err})".splitlines()[0]) from err
    return fs, str(path)


def _join(base: str, *names: str) -> str:
    return "/".join([base.rstrip("/"), *names])


def list_inputs(inputs: list[str]) -> list[tuple[str, int]]:
    """(file, size) of every file under ``inputs``, in name order; directories are walked."""
    out: list[tuple[str, int]] = []
    for uri in inputs:
        fs, path = filesystem(uri)
        info = fs.get_file_info(path)
        if info.type == pafs.FileType.NotFound:
            raise UsageError(f"{shown(uri)}: no such file or directory")
        if info.type == pafs.FileType.Directory:
            found = fs.get_file_info(pafs.FileSelector(path, recursive=True))
            files = [f for f in found if f.type == pafs.FileType.File and not _hidden(f.path, path)]
            out += [(_as_uri(uri, f.path), int(f.size or 0)) for f in sorted(files, key=lambda f: f.path)]
        else:
            out.append((_as_uri(uri, path), int(info.size or 0)))
    return out


def _hidden(path: str, root: str) -> bool:
    """Names starting with a dot are skipped, as ``saidwhat extract`` skips them in a directory."""
    return any(part.startswith(".") for part in path[len(root) :].split("/"))


def _as_uri(given: str, path: str) -> str:
    """A listed path in the form it was given: a local path, or a URI of the same scheme."""
    scheme, sep, rest = given.partition("://")
    if not sep:
        return path
    if scheme == "file":
        return "file://" + path
    host = rest.split("/", 1)[0]
    return f"{scheme}://{path}" if path.startswith(host) else f"{scheme}://{host}/{path.lstrip('/')}"


def plan_units(files: list[tuple[str, int]], split_bytes: int) -> list[Unit]:
    """Units of at most about ``split_bytes`` (see the module docstring)."""
    units: list[Unit] = []
    group: list[tuple[str, int]] = []

    def close_group() -> None:
        if group:
            units.append(Unit(tuple(n for n, _ in group), tuple(s for _, s in group)))
            group.clear()

    for name, size in files:
        if size > split_bytes:
            close_group()
            parts = -(-size // split_bytes)
            units += [Unit((name,), (size,), k, parts) for k in range(parts)]
            continue
        if sum(s for _, s in group) + size > split_bytes:
            close_group()
        group.append((name, size))
    close_group()
    return units


def unit_dir(out: str, unit_id: str) -> str:
    return _join(out, "work", unit_id)


def committed_units(out: str) -> set[str]:
    """The ids of the units whose marker exists under ``out``."""
    fs, path = filesystem(out)
    work = _join(path, "work")
    if fs.get_file_info(work).type != pafs.FileType.Directory:
        return set()
    found = fs.get_file_info(pafs.FileSelector(work, recursive=True))
    return {f.path.rstrip("/").split("/")[-2] for f in found if f.base_name == COMMITTED}


# -- running one unit (in an executor process) ----------------------------------------------------------

# The resources of this executor process, one set per options: the model and lexicons load once
# per process, whatever the number of units it runs (each unit builds its pipeline on them).
_RESOURCES: dict[Options, Resources] = {}


def _resources(options: Options) -> Resources:
    if options not in _RESOURCES:
        _RESOURCES[options] = Resources(options)
    return _RESOURCES[options]


def _read(name: str, limit: int) -> Iterator[Source | Failure]:
    """The documents of one input: streamed from a local file, read whole from a URI."""
    if "://" not in name:
        yield from iter_sources([name], limit)
        return
    fs, path = filesystem(name)
    try:
        with fs.open_input_stream(path) as fh:
            data = fh.read()
    except (OSError, pa.ArrowException) as err:
        yield Failure(name, f"cannot read ({str(err).splitlines()[0][:200]})", "MissingInput")
        return
    yield from sources_of(name, data, limit)


def _open_seekable(name: str) -> Any:
    if "://" not in name:
        return open(name, "rb")  # closed by the archive reader
    fs, path = filesystem(name)
    return fs.open_input_file(path)


def _archive_range(unit: Unit, limit: int) -> Iterator[Source | Failure] | None:
    """The unit's part of a gzip web archive written a record per member: the records between
    two cut points (:mod:`saidwhat.io.readers.warc_ranges`), read alone; None for any other file
    (its slice is then taken page by page from a reading of the whole file)."""
    from ..io.readers.warc import iter_warc
    from ..io.readers.warc_ranges import RangeReader, record_boundary, starts_record

    name, size = unit.files[0], unit.sizes[0]
    try:
        fh = _open_seekable(name)
    except (OSError, pa.ArrowException, UsageError):
        return None  # the whole-file reading reports it, once
    try:
        ranged = starts_record(fh, 0)  # a gzip archive of a member per record
        if ranged:
            cuts = [size * k // unit.parts for k in (unit.part, unit.part + 1)]
            start, end = (record_boundary(fh, cut, size) for cut in cuts)
    except (OSError, pa.ArrowException):
        ranged = False
    if not ranged:
        fh.close()
        return None
    return iter_warc(name, limit, data=cast(BinaryIO, RangeReader(fh, start, end)))


def _documents(unit: Unit, limit: int) -> Iterator[Source | Failure]:
    """The unit's documents: all of its files, its part of a gzip web archive, or its slice of
    another large file's pages."""
    if unit.parts > 1 and len(unit.files) == 1:
        ranged = _archive_range(unit, limit)
        if ranged is not None:
            yield from ranged
            return
    items = itertools.chain.from_iterable(_read(name, limit) for name in unit.files)
    if unit.parts == 1:
        yield from items
        return
    for index, item in enumerate(items):
        # A failure to read the file itself comes once, to the first slice.
        if index % unit.parts == unit.part or (isinstance(item, Failure) and unit.part == 0):
            yield item


class _Parts:
    """The unit's four Parquet files, written a row group at a time to temporary names."""

    def __init__(self, out: str, unit: str) -> None:
        self.fs, base = filesystem(out)
        self.dir = unit_dir(base, unit)
        self.fs.create_dir(self.dir, recursive=True)
        schemas = {
            "articles": ARTICLES,
            "statements": STATEMENTS,
            "failures": FAILURES,
            "signatures": SIGNATURES,
        }
        self.schemas = schemas
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in PARTS}
        self.writers = {
            name: pq.ParquetWriter(
                self.fs.open_output_stream(_join(self.dir, f"{name}.parquet.tmp")), schemas[name]
            )
            for name in PARTS
        }

    def add(self, name: str, rows: list[dict[str, Any]]) -> None:
        self.rows[name] += rows
        if len(self.rows[name]) >= _BATCH:
            self._flush(name)

    def _flush(self, name: str) -> None:
        self.writers[name].write_table(table(self.rows[name], self.schemas[name]))
        self.rows[name] = []

    def close(self) -> None:
        for name in PARTS:
            self._flush(name)
            self.writers[name].close()
            self.fs.move(_join(self.dir, f"{name}.parquet.tmp"), _join(self.dir, f"{name}.parquet"))

    def commit(self, report: UnitReport) -> None:
        """The marker, written last: from now on the unit is done."""
        with self.fs.open_output_stream(_join(self.dir, COMMITTED)) as fh:
            fh.write(json.dumps(asdict(report)).encode())


def _signature_row(row: dict[str, Any]) -> list[dict[str, Any]]:
    sig = signature(row["text"])
    if sig is None:
        return []
    return [{"article_id": row["article_id"], "size": sig.size, "values": sig.values, "bands": sig.bands}]


def _extract(source: Source, pipeline: Pipeline) -> Article | Failure:
    try:
        return pipeline(source)
    except SaidwhatError as err:
        return Failure(err.where or source.path, err.reason, type(err).__name__)


def _keep(parts: _Parts, report: UnitReport, result: Article | Failure, record: str) -> None:
    """Write one document's rows; a document whose rows cannot be made is a failure too."""
    if isinstance(result, Article):
        try:
            row, statements = article_rows(result)
            signatures = _signature_row(row)
        except Exception as err:  # noqa: BLE001 - hostile text must cost one page, not the unit
            result = Failure(
                result.input.path, f"cannot be written: {type(err).__name__}: {err}"[:300], "ExtractionError"
            )
        else:
            parts.add("articles", [row])
            parts.add("statements", statements)
            parts.add("signatures", signatures)
            report.articles += 1
            report.statements += len(statements)
            return
    parts.add("failures", [failure_row(result, report.unit, record)])
    report.failures += 1
    if len(report.failed) < 20:
        report.failed.append(shown(str(result))[:300])


def run_unit(unit: Unit, options: Options, out: str) -> UnitReport:
    """Extract the unit's documents and commit its parts under ``out`` (see the module docstring)."""
    report = UnitReport(unit.id)
    parts = _Parts(out, unit.id)
    # the unit is a batch, run in the pipeline's two passes (saidwhat.pipeline.extract_batch): the
    # first learns the lines that repeat on many of its pages of one site
    profile = profile_batch(_documents(unit, options.max_bytes), options)
    pipeline = Pipeline(options, _resources(options), profile)
    for item in _documents(unit, options.max_bytes):
        record = item.record if isinstance(item, Source) else ""
        result = item if isinstance(item, Failure) else _extract(item, pipeline)
        _keep(parts, report, result, record)
    parts.close()
    parts.commit(report)
    return report
