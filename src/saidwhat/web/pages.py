"""The HTML pages: each view asks the store (through :mod:`.queries`) and renders one template."""

from __future__ import annotations

from starlette.responses import Response

from ..core.errors import StoreError
from .base import Ctx, HttpError
from .params import PARAMS
from .queries import (
    ARTICLE_CHOICES,
    FILTERS,
    Page,
    article_view,
    compare_view,
    download,
    overview_charts,
    search_page,
    speaker_chart,
    speaker_view,
)
from .render import article_regions

__all__ = ["VIEWS"]

SEARCH = ("q", *FILTERS, "sort", "dir", "page", "per_page", "limit", "format")
SPEAKER = (*FILTERS[1:], "page", "per_page", "period", "format")


def search(ctx: Ctx) -> Response:
    found = search_page(ctx)
    if ctx.values["format"]:
        return download(found.hits, ctx.values["format"], "saidwhat-search")
    speakers, sites = ctx.site.choices(ctx.store)
    return ctx.render(
        "search.html", nav="/", v=ctx.values, found=found, kinds=PARAMS["kind"].choices, speakers=speakers,
        sites=sites,
    )  # fmt: skip


def articles(ctx: Ctx) -> Response:
    query, page, per_page = ctx.values["q"], ctx.values["page"], ctx.values["per_page"]
    if query:
        try:
            infos = ctx.store.find_event(query, limit=min(page * per_page, 500))[(page - 1) * per_page :]
        except StoreError as err:
            raise HttpError(400, err.reason) from err
        listing = Page(infos, len(infos) + (page - 1) * per_page, page, per_page)
    else:
        infos, total = ctx.store.list_articles((page - 1) * per_page, per_page)
        listing = Page(infos, total, page, per_page)
    return ctx.render("articles.html", nav="/articles", v=ctx.values, listing=listing)


def article(ctx: Ctx) -> Response:
    view = article_view(ctx)
    return ctx.render("article.html", nav="/articles", a=view, regions=article_regions(view.article))


def speakers(ctx: Ctx) -> Response:
    by = ctx.values["by"]
    counts = ctx.store.speakers(limit=ctx.values["limit"], by=by, **ctx.values.filters())
    return ctx.render(
        "speakers.html", nav="/speakers", v=ctx.values, counts=counts, kinds=PARAMS["kind"].choices
    )


def speaker(ctx: Ctx) -> Response:
    view = speaker_view(ctx)
    if view.choices:
        return ctx.render("speaker_choice.html", nav="/speakers", name=ctx.arg, found=view.choices)
    if ctx.values["format"]:
        return download(view.page.items, ctx.values["format"], "saidwhat-speaker")
    chart = speaker_chart(ctx, view)
    return ctx.render(
        "speaker.html", nav="/speakers", v=ctx.values, s=view, chart=chart, kinds=PARAMS["kind"].choices,
        speakers=ctx.site.choices(ctx.store)[0] if ctx.site.edits else [],
    )  # fmt: skip


def charts(ctx: Ctx) -> Response:
    return ctx.render(
        "charts.html", nav="/charts", v=ctx.values, charts=overview_charts(ctx), kinds=PARAMS["kind"].choices
    )


def compare(ctx: Ctx) -> Response:
    a, b = ctx.values["a"], ctx.values["b"]
    if a is None or b is None:
        infos, _ = ctx.store.list_articles(0, ARTICLE_CHOICES)
        return ctx.render("compare_form.html", nav="/compare", infos=infos, a=a, b=b)
    return ctx.render("compare.html", nav="/compare", c=compare_view(ctx, a, b))


def edits(ctx: Ctx) -> Response:
    return ctx.render(
        "edits.html", nav="/edits", log=list(reversed(ctx.store.speaker_edits())),
        marks=list(reversed(ctx.store.statement_marks(active=False))),
    )  # fmt: skip


def api_docs(ctx: Ctx) -> Response:
    from .api import API
    from .openapi import openapi

    return ctx.render("api.html", nav="/api/docs", spec=openapi(API))


# path, view, parameters
VIEWS = (
    ("/", search, SEARCH),
    ("/articles", articles, ("q", "page", "per_page")),
    ("/article/{arg}", article, ("days",)),
    ("/speakers", speakers, (*FILTERS[1:], "by", "limit")),
    ("/speaker/{arg:path}", speaker, SPEAKER),
    ("/charts", charts, (*FILTERS[1:], "period")),
    ("/compare", compare, ("a", "b")),
    ("/edits", edits, ()),
    ("/api/docs", api_docs, ()),
)
