"""Serialise articles: the JSON object of ``saidwhat extract`` and its table view.

Every span is written with its offsets and the exact text they slice from
``article.text``; :data:`SCHEMA` is bumped whenever the shape changes. JSON
is UTF-8, so a file name that is not valid UTF-8 is written with its
undecodable bytes escaped (:func:`saidwhat.core.paths.shown`).
"""

from __future__ import annotations

from typing import Any

from .core.model import Article, Span, Statement
from .core.paths import shown

__all__ = ["SCHEMA", "article_to_dict", "statement_to_dict"]

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
