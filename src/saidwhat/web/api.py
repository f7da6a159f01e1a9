"""The JSON API under ``/api/``: the pages' questions, the same parameters and bounds, JSON answers.

Every answer is ``application/json`` with ``<``, ``>`` and ``&`` escaped (no
browser reads it as HTML); an error is ``{"error": {"status", "reason",
"message"}}``. The routes and their parameters are documented by
``/api/openapi.json`` (OpenAPI 3.1, built from the same declarations,
:mod:`.openapi`) and ``/api/docs``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from starlette.responses import Response

from ..core.errors import StoreError
from ..io.writers.json import article_to_dict
from .base import Ctx, HttpError, json_response
from .queries import FILTERS, Page, article_view, compare_view, search_page, speaker_view

__all__ = ["API"]


def _page(page: Page) -> dict[str, Any]:
    return {"total": page.total, "page": page.page, "per_page": page.per_page, "pages": page.pages}


def search(ctx: Ctx) -> Response:
    found = search_page(ctx)
    return json_response(
        {**_page(found.page), "note": found.note or None, "statements": [asdict(h) for h in found.hits]}
    )


def articles(ctx: Ctx) -> Response:
    page, per_page = ctx.values["page"], ctx.values["per_page"]
    infos, total = ctx.store.list_articles((page - 1) * per_page, per_page)
    return json_response(
        {**_page(Page(infos, total, page, per_page)), "articles": [asdict(i) for i in infos]}
    )


def article(ctx: Ctx) -> Response:
    view = article_view(ctx)
    data = article_to_dict(view.article)
    data["id"] = view.info.id
    data["versions"] = [v.id for v in view.versions]
    data["statement_ids"] = view.ids
    data["marked_wrong"] = [asdict(m) for m in view.marks.values()]
    data["related"] = [
        {"article": asdict(r.article), "similarity": r.similarity, "duplicate": r.duplicate,
         "shared_speakers": r.shared_speakers}
        for r in view.related
    ]  # fmt: skip
    return json_response(data)


def speakers(ctx: Ctx) -> Response:
    counts = ctx.store.speakers(limit=ctx.values["limit"], by=ctx.values["by"], **ctx.values.filters())
    return json_response({"speakers": [asdict(c) for c in counts]})


def speaker(ctx: Ctx) -> Response:
    view = speaker_view(ctx)
    if view.choices:
        raise HttpError(400, "several speakers match: " + "; ".join(k for k, _ in view.choices[:20]))
    return json_response(
        {"key": view.key, "name": view.name, "type": view.type, **_page(view.page), "articles": view.articles,
         "sites": view.sites, "statements": [asdict(h) for h in view.page.items]}
    )  # fmt: skip


def counts(ctx: Ctx) -> Response:
    by = ctx.values["group"]
    if not by:
        raise HttpError(
            400, "give one or more group parameters (speaker, site, week, month, year, type, kind)"
        )
    try:
        rows = ctx.store.statement_counts(by, **ctx.values.filters())
    except StoreError as err:
        raise HttpError(400, err.reason) from err
    rows.sort(key=lambda r: (-r.count, [g or "" for g in r.groups]))
    return json_response(
        {"by": by, "counts": [{**dict(zip(by, r.groups)), "statements": r.count} for r in rows]}
    )


def compare(ctx: Ctx) -> Response:
    a, b = ctx.values["a"], ctx.values["b"]
    if a is None or b is None:
        raise HttpError(400, "give two article ids: ?a=ID&b=ID")
    return json_response(asdict(compare_view(ctx, a, b)))


def complete(ctx: Ctx) -> Response:
    prefix = ctx.values["prefix"] or ""
    return json_response(
        {"speakers": [{"key": k, "name": n} for k, n in ctx.store.complete_speaker(prefix, 20)]}
    )


def edits(ctx: Ctx) -> Response:
    return json_response(
        {
            "corrections": ctx.store.speaker_edits(),
            "marks": [asdict(m) for m in ctx.store.statement_marks(active=False)],
        }
    )


def openapi_json(ctx: Ctx) -> Response:
    from .openapi import openapi

    return json_response(openapi(API))


_SEARCH = ("q", *FILTERS, "sort", "dir", "page", "per_page", "limit")

# path, view, parameters, summary
API = (
    ("/api/search", search, _SEARCH, "Statements matching words and filters, a page at a time"),
    ("/api/articles", articles, ("page", "per_page"), "The latest articles, newest first"),
    ("/api/article/{arg}", article, ("days",), "One article: text, statements with offsets, other coverage"),
    ("/api/speakers", speakers, (*FILTERS[1:], "by", "limit"), "Who is quoted most"),
    (
        "/api/speaker/{arg:path}",
        speaker,
        (*FILTERS[1:], "page", "per_page"),
        "One speaker's statements, oldest first",
    ),
    (
        "/api/counts",
        counts,
        ("group", *FILTERS[1:]),
        "Statements counted by speaker, site, period, type or kind",
    ),
    ("/api/compare", compare, ("a", "b"), "Two accounts of one event side by side"),
    ("/api/complete", complete, ("prefix",), "Speakers whose names begin with a prefix"),
    ("/api/edits", edits, (), "Every correction and mark, oldest first"),
    ("/api/openapi.json", openapi_json, (), "This API, as an OpenAPI 3.1 document"),
)
