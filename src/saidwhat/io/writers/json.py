"""JSON: the JSON object of an article (what ``saidwhat extract`` writes), and the JSON writers.

Every span is written with its offsets and the exact text they slice from
``article.text``; :data:`SCHEMA` is bumped whenever the shape changes. JSON
is UTF-8, so a file name that is not valid UTF-8 is written with its
undecodable bytes escaped (:func:`saidwhat.core.paths.shown`).

:class:`JsonWriter` writes one JSON value (indented), :class:`JsonLinesWriter`
one object a line; :class:`PageWriter` is ``saidwhat extract``'s default, one
or the other by what was read.
"""

from __future__ import annotations

import json
from typing import IO, Any, TypeVar

from ...core.model import Article, Span, Statement
from ...core.paths import shown
from .base import Layout, StreamWriter

__all__ = ["SCHEMA", "JsonLinesWriter", "JsonWriter", "PageWriter", "article_to_dict", "statement_to_dict"]

R = TypeVar("R")

SCHEMA = "saidwhat/1"


def _span(article: Article, span: Span | None, **extra: Any) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"text": article.slice(span), "start": span.start, "end": span.end, **extra}


def statement_to_dict(article: Article, st: Statement) -> dict[str, Any]:
    return {
        "id": st.id,
        "kind": st.kind.value,
        "source": _span(article, st.source, speaker=st.speaker) if st.source else (
            {"text": None, "start": None, "end": None, "speaker": st.speaker}
        ),
        "cue": _span(article, st.cue),
        "content": {
            "text": " … ".join(article.slice(s) for s in st.content),
            "spans": [[s.start, s.end] for s in st.content],
        },
        "parent": st.parent,
        "confidence": round(st.confidence, 3),
        "method": st.method,
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    meta = article.metadata
    return {
        "schema": SCHEMA,
        "input": {
            "path": shown(article.input.path),  # a name that is not valid UTF-8 has its bytes escaped
            "format": article.input.format,
            "sha256": article.input.sha256,
            **({"record": article.input.record} if article.input.record else {}),
        },
        "article": {
            "title": article.title,
            "text": article.text,
            "blocks": [
                {"kind": b.kind.value, "start": b.span.start, "end": b.span.end, "text": article.slice(b.span)}
                for b in article.blocks
            ],
            "removed": [{"kind": r.kind, "text": r.text} for r in article.removed],
            "metadata": {
                "published": meta.published,
                "modified": meta.modified,
                "page_date": meta.page_date,
                "authors": list(meta.authors),
                "site": meta.site,
                "url": meta.url,
                "canonical_url": meta.canonical_url,
                "language": meta.language,
                "photo_credit": meta.photo_credit,
                "republished_from": meta.republished_from,
            },
        },
        "statements": [statement_to_dict(article, st) for st in article.statements],
        "speakers": [
            {
                "id": sp.id,
                "name": sp.name,
                "type": sp.type.value,
                "key": sp.key,
                "confidence": round(sp.confidence, 3),
                "members": list(sp.members),
                "mentions": [_span(article, m) for m in sp.mentions],
            }
            for sp in article.speakers
        ],
    }


class JsonWriter(StreamWriter[R]):
    """One JSON value, indented: the record alone, or an array of the records; written at close
    (nothing when there is no record)."""

    def __init__(
        self, out: IO[Any], layout: Layout[R], errors: IO[str] | None = None, flush: bool = False
    ) -> None:
        super().__init__(out, layout, errors, flush)
        self._rows: list[dict[str, Any]] = []

    def _write(self, record: R) -> None:
        self._rows.append(self.layout.row(record))

    def close(self) -> None:
        if self._rows:
            payload: object = self._rows[0] if len(self._rows) == 1 else self._rows
            self.out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


class JsonLinesWriter(StreamWriter[R]):
    """One JSON object a line, each written as it comes."""

    def _write(self, record: R) -> None:
        self.out.write(json.dumps(self.layout.row(record), ensure_ascii=False) + "\n")


class PageWriter(StreamWriter[Article]):
    """One page as one JSON object; the pages of a web archive (they carry their record's address)
    as JSON Lines, whatever their number: once such a page has come, every page that follows is a
    line too."""

    def __init__(
        self, out: IO[Any], layout: Layout[Article], errors: IO[str] | None = None, flush: bool = False
    ) -> None:
        super().__init__(out, layout, errors, flush)
        self._single = JsonWriter(out, layout)
        self._lines = JsonLinesWriter(out, layout)
        self._archive = False

    def _write(self, record: Article) -> None:
        self._archive = self._archive or bool(record.input.record)
        (self._lines if self._archive else self._single).write(record)

    def close(self) -> None:
        self._single.close()
