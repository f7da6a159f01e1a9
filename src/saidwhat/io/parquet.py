"""The Parquet datasets of a crawl run: schemas, rows of an article, and the article of rows.

A run of :mod:`saidwhat.executors.spark` writes four datasets, each a directory
of Parquet files under the run's output directory::

    articles/     one row per extracted page (ARTICLES)
    statements/   one row per statement (STATEMENTS)
    speakers/     one row per speaker of the crawl, keys merged as the store merges them (SPEAKERS)
    failures/     one row per input or page that could not be extracted (FAILURES)

The schemas below are the contract; :data:`PARQUET_SCHEMA` names their
version, is written into every file's key-value metadata (``saidwhat.schema``)
and into the run's manifest, and is bumped whenever a column changes, as the
JSON output's ``saidwhat/1`` is. Offsets are character offsets into the
article's ``text``, exactly as in the JSON output, so ``text[start:end]`` is
the span's text in any language that slices by code point (DuckDB's
``substring(text, start + 1, end - start)``, pandas' ``str`` slicing).

:func:`article_rows` turns an extracted :class:`~saidwhat.core.model.Article` into
its rows; :func:`article_of` rebuilds the article from them (what ``saidwhat
ingest`` stores), so nothing the store needs is lost on the way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

import pyarrow as pa

from ..core.model import (
    Article,
    Block,
    BlockKind,
    InputInfo,
    Metadata,
    Removed,
    Span,
    Speaker,
    SpeakerType,
    Statement,
    StatementKind,
)
from ..core.paths import shown
from ..core.sources import Failure
from ..store.text import site_of
from .writers.parquet import timestamp

__all__ = [
    "ARTICLES",
    "FAILURES",
    "MANIFEST",
    "PARQUET_SCHEMA",
    "SCHEMAS",
    "SPEAKERS",
    "STATEMENTS",
    "article_id",
    "article_of",
    "article_rows",
    "failure_row",
    "is_run",
    "read_run",
    "statement_rows",
    "table",
]

PARQUET_SCHEMA = "saidwhat-parquet/1"

_SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64())])
_SPEAKER = pa.struct(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("key", pa.string()),
        ("confidence", pa.float64()),
        ("members", pa.list_(pa.string())),
        ("mentions", pa.list_(_SPAN)),
    ]
)

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),  # stable: a hash of the input, the record's URL and the content hash
        ("sha256", pa.string()),  # the content hash of the page's bytes
        ("input", pa.string()),  # the file or URI read
        ("record", pa.string()),  # a web archive record's target URI ("" for a file)
        ("format", pa.string()),
        ("size", pa.int64()),
        ("url", pa.string()),  # canonical URL, else the page's URL, else the record's
        ("site", pa.string()),  # the site's name, else its host
        ("domain", pa.string()),
        ("published", pa.timestamp("us", tz="UTC")),
        ("month", pa.string()),  # YYYY-MM of ``published``, for grouping
        ("title", pa.string()),
        ("language", pa.string()),
        ("authors", pa.list_(pa.string())),
        ("text", pa.string()),
        ("metadata", pa.string()),  # JSON: every metadata field as extracted (dates as written)
        ("blocks", pa.list_(pa.struct([("kind", pa.string()), ("start", pa.int64()), ("end", pa.int64())]))),
        ("removed", pa.list_(pa.struct([("kind", pa.string()), ("text", pa.string())]))),
        ("speakers", pa.list_(_SPEAKER)),  # the article's own speakers, with their mentions
        ("n_statements", pa.int64()),
        ("republished_from", pa.string()),  # what the page says, else the cluster's origin URL
        ("republished_from_page", pa.bool_()),  # whether the page itself said it
        ("cluster", pa.string()),  # the syndicated story: its origin's article_id (its own when alone)
        ("cluster_size", pa.int64()),
        ("origin", pa.bool_()),  # the origin of its cluster (saidwhat.executors.duplicates.origin_of)
    ]
)

STATEMENTS = pa.schema(
    [
        ("article_id", pa.string()),
        ("statement_id", pa.string()),  # the article's own id ("s3"), as in the JSON output
        ("kind", pa.string()),
        ("source_text", pa.string()),
        ("source_start", pa.int64()),
        ("source_end", pa.int64()),
        ("cue_text", pa.string()),
        ("cue_start", pa.int64()),
        ("cue_end", pa.int64()),
        ("content_text", pa.string()),
        ("content_spans", pa.list_(pa.list_(pa.int64()))),
        ("parent", pa.string()),  # the statement that relays this one
        ("confidence", pa.float64()),
        ("method", pa.string()),
        ("speaker_local", pa.string()),  # the article's speaker id ("p1")
        ("speaker_name", pa.string()),
        ("speaker_type", pa.string()),
        ("speaker_key_article", pa.string()),  # the key the article gave
        ("speaker_key", pa.string()),  # the crawl's key after merging (speakers.key)
        ("site", pa.string()),
        ("url", pa.string()),
        ("published", pa.timestamp("us", tz="UTC")),
        ("month", pa.string()),
        ("cluster", pa.string()),
        ("story_statement", pa.string()),  # "article_id/statement_id" of the origin's same statement
    ]
)

SPEAKERS = pa.schema(
    [
        ("key", pa.string()),
        ("name", pa.string()),  # the name it is given most often
        ("names", pa.list_(pa.string())),
        ("type", pa.string()),
        ("merged_keys", pa.list_(pa.string())),  # the article keys merged into this one
        ("statements", pa.int64()),
        ("stories", pa.int64()),  # statements counted once per syndicated story
        ("articles", pa.int64()),
        ("by_site", pa.map_(pa.string(), pa.int64())),
        ("by_month", pa.map_(pa.string(), pa.int64())),
    ]
)

FAILURES = pa.schema(
    [
        ("input", pa.string()),
        ("record", pa.string()),
        ("reason", pa.string()),
        ("error", pa.string()),
        ("unit", pa.string()),  # the unit of work that met it
    ]
)

SCHEMAS = {"articles": ARTICLES, "statements": STATEMENTS, "speakers": SPEAKERS, "failures": FAILURES}


def table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows as a table of ``schema``, with the schema version in its metadata."""
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    data = pa.table(columns, schema=schema)
    return data.replace_schema_metadata({"saidwhat.schema": PARQUET_SCHEMA})


def article_id(article: Article) -> str:
    """A stable id: the same page of the same input gets the same id in every run."""
    info = article.input
    digest = hashlib.sha256(f"{shown(info.path)}\0{info.record}\0{info.sha256}".encode())
    return digest.hexdigest()[:24]


def _url(article: Article) -> str | None:
    meta = article.metadata
    return meta.canonical_url or meta.url or article.input.record or None


def _month(published: str | None) -> str | None:
    moment = timestamp(published)
    return moment.strftime("%Y-%m") if moment else None


def article_rows(article: Article) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The article's row and its statements' rows (cluster columns are set later, by the run)."""
    meta, url = article.metadata, _url(article)
    row = {
        "article_id": article_id(article),
        "sha256": article.input.sha256,
        "input": shown(article.input.path),
        "record": article.input.record,
        "format": article.input.format,
        "size": article.input.size,
        "url": url,
        "site": meta.site or site_of(url),
        "domain": site_of(url),
        "published": timestamp(meta.published),
        "month": _month(meta.published),
        "title": article.title,
        "language": meta.language,
        "authors": list(meta.authors),
        "text": article.text,
        "metadata": json.dumps(asdict(meta), ensure_ascii=False),
        "blocks": [{"kind": b.kind.value, "start": b.span.start, "end": b.span.end} for b in article.blocks],
        "removed": [{"kind": r.kind, "text": r.text} for r in article.removed],
        "speakers": [_speaker_row(sp) for sp in article.speakers],
        "n_statements": len(article.statements),
        "republished_from": meta.republished_from,
        "republished_from_page": meta.republished_from is not None,
    }
    return row, statement_rows(article, row)


def _speaker_row(sp: Speaker) -> dict[str, Any]:
    return {
        "id": sp.id,
        "name": sp.name,
        "type": sp.type.value,
        "key": sp.key,
        "confidence": sp.confidence,
        "members": list(sp.members),
        "mentions": [{"start": m.start, "end": m.end} for m in sp.mentions],
    }


def _span_cols(article: Article, span: Span | None, prefix: str) -> dict[str, Any]:
    if span is None:
        return {f"{prefix}_text": None, f"{prefix}_start": None, f"{prefix}_end": None}
    return {f"{prefix}_text": article.slice(span), f"{prefix}_start": span.start, f"{prefix}_end": span.end}


def statement_rows(article: Article, row: dict[str, Any]) -> list[dict[str, Any]]:
    speakers = {sp.id: sp for sp in article.speakers}
    out = []
    for st in article.statements:
        sp = speakers.get(st.speaker or "")
        out.append(
            {
                "article_id": row["article_id"],
                "statement_id": st.id,
                "kind": st.kind.value,
                **_span_cols(article, st.source, "source"),
                **_span_cols(article, st.cue, "cue"),
                "content_text": " … ".join(article.slice(s) for s in st.content),
                "content_spans": [[s.start, s.end] for s in st.content],
                "parent": st.parent,
                "confidence": st.confidence,
                "method": st.method,
                "speaker_local": st.speaker,
                "speaker_name": sp.name if sp else None,
                "speaker_type": sp.type.value if sp else None,
                "speaker_key_article": sp.key if sp else None,
                "speaker_key": sp.key if sp else None,
                **{k: row[k] for k in ("site", "url", "published", "month")},
            }
        )
    return out


def failure_row(failure: Failure, unit: str, record: str = "") -> dict[str, Any]:
    return {
        "input": shown(failure.path),
        "record": record,
        "reason": failure.reason,
        "error": failure.error,
        "unit": unit,
    }


# -- rows back into an article (for the store) ------------------------------------------------------


def _metadata(row: dict[str, Any]) -> Metadata:
    fields = json.loads(row["metadata"] or "{}")
    meta = Metadata(**{k: v for k, v in fields.items() if k in Metadata.__dataclass_fields__})
    if not row.get("republished_from_page") and row.get("republished_from"):
        meta.republished_from = row["republished_from"]  # found by clustering: the origin's URL
    return meta


def _statement(row: dict[str, Any]) -> Statement:
    def span(prefix: str) -> Span | None:
        start = row[f"{prefix}_start"]
        return None if start is None else Span(int(start), int(row[f"{prefix}_end"]))

    return Statement(
        id=row["statement_id"],
        kind=StatementKind(row["kind"]),
        content=[Span(int(a), int(b)) for a, b in row["content_spans"]],
        source=span("source"),
        cue=span("cue"),
        speaker=row["speaker_local"],
        parent=row["parent"],
        confidence=float(row["confidence"]),
        method=row["method"] or "",
    )


def article_of(row: dict[str, Any], statements: Iterable[dict[str, Any]]) -> Article:
    """The article of an ``articles`` row and its ``statements`` rows, as extracted.

    Speaker keys are the crawl's merged keys (``speaker_key``), so the store
    groups a speaker as the crawl's ``speakers`` table does."""
    statements = list(statements)
    merged = {s["speaker_local"]: s["speaker_key"] for s in statements if s["speaker_local"]}
    info = InputInfo(
        path=row["input"],
        format=row["format"],
        sha256=row["sha256"],
        size=int(row["size"]),
        record=row["record"],
    )
    article = Article(input=info, text=row["text"], metadata=_metadata(row))
    article.blocks = [Block(BlockKind(b["kind"]), Span(b["start"], b["end"])) for b in row["blocks"]]
    article.removed = [Removed(r["kind"], r["text"]) for r in row["removed"]]
    article.speakers = [
        Speaker(
            id=sp["id"],
            name=sp["name"],
            type=SpeakerType(sp["type"]),
            key=merged.get(sp["id"]) or sp["key"],
            mentions=[Span(m["start"], m["end"]) for m in sp["mentions"]],
            members=list(sp["members"]),
            confidence=float(sp["confidence"]),
        )
        for sp in row["speakers"]
    ]
    article.statements = [_statement(s) for s in statements]
    return article


# -- reading a run's tables back (``saidwhat ingest OUT``) -------------------------------------------

MANIFEST = "_saidwhat.json"  # the run's manifest, at the root of its output directory


def is_run(path: str) -> bool:
    """Whether ``path`` is the output directory of a crawl run (it holds a manifest)."""
    import os

    return "://" not in path and os.path.isfile(os.path.join(path, MANIFEST))


def _table(path: str, name: str) -> pa.Table:
    import os

    import pyarrow.dataset as ds

    from ..core.errors import InputError

    with open(os.path.join(path, MANIFEST), encoding="utf-8") as fh:
        manifest = json.load(fh)
    if manifest.get("schema") != PARQUET_SCHEMA:
        raise InputError(f"tables of schema {manifest.get('schema')}, not {PARQUET_SCHEMA}", path)
    if not manifest.get("complete"):
        raise InputError("the run did not finish: run `saidwhat spark` again to complete it", path)
    return ds.dataset(os.path.join(path, name), format="parquet", schema=SCHEMAS[name]).to_table()


def read_run(path: str) -> Iterable[Article | Failure]:
    """The articles (with their statements) and the failures of a finished run's tables, in the order
    of publication; the whole ``statements`` table is held in memory while they are read."""
    statements: dict[str, list[dict[str, Any]]] = {}
    for row in _table(path, "statements").to_pylist():
        statements.setdefault(row["article_id"], []).append(row)
    articles = _table(path, "articles").sort_by([("published", "ascending"), ("article_id", "ascending")])
    for batch in articles.to_batches(max_chunksize=512):
        for row in batch.to_pylist():
            yield article_of(row, sorted(statements.pop(row["article_id"], []), key=_statement_order))
    for row in _table(path, "failures").to_pylist():
        yield Failure(
            row["input"] + (f" {row['record']}" if row["record"] else ""), row["reason"], row["error"]
        )


def _statement_order(row: dict[str, Any]) -> tuple[int, str]:
    ident = row["statement_id"] or ""
    return (int(ident[1:]) if ident[1:].isdigit() else 1 << 30, ident)
