"""The questions the pages and the JSON API share: each takes the request context, asks the store,
and returns typed results (a page of statements, an article and its other coverage, charts)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from starlette.responses import Response

from ..core.errors import StoreError
from ..core.model import Article
from ..io.export import LAYOUTS
from ..io.writers import CsvWriter, JsonLinesWriter, write_all
from ..store import ArticleInfo, Comparison, StatementHit
from ..store.browse import CountRow, Related, period_of
from ..store.marks import Mark
from ..store.records import READING_CONFIDENCE, as_row
from . import charts as ch
from .base import Ctx, HttpError

__all__ = [
    "ARTICLE_CHOICES",
    "FILTERS",
    "Page",
    "article_view",
    "compare_view",
    "download",
    "overview_charts",
    "search_page",
    "speaker_chart",
    "speaker_view",
]

FILTERS = ("speaker", "site", "since", "until", "kind", "min_confidence")
ARTICLE_CHOICES = 500  # articles offered by the compare form
MAX_KEY = 600  # characters of a speaker key in a path
TOP_SPEAKERS = 8  # series of the "quoted most over time" chart
TOP_SITES = 8
MAX_PERIODS = 260  # bars of a time chart (five years of weeks)
_ID = re.compile(r"[0-9]{1,19}")


@dataclass(slots=True)
class Page:
    """One page of rows, how many there are in all, and where this page is."""

    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def around(self, width: int = 3) -> list[int | None]:
        """Page numbers to offer: the first, the last, and those near this one (None for a gap)."""
        shown = sorted(
            {1, self.pages, *range(max(1, self.page - width), min(self.pages, self.page + width) + 1)}
        )
        out: list[int | None] = []
        for number in shown:
            if out and number - (out[-1] or 0) > 1:
                out.append(None)
            out.append(number)
        return out


@dataclass(slots=True)
class Found:
    """A page of statements found, with the note about an unknown speaker."""

    hits: list[StatementHit]
    page: Page
    note: str = ""


def _search_error(query: str | None, err: StoreError) -> HttpError:
    if query and "search query" in err.reason:
        return HttpError(400, err.reason)  # a query that only leaves words out
    if "kind" in err.reason or "date" in err.reason or "confidence" in err.reason:
        return HttpError(400, err.reason)
    raise err


def search_page(ctx: Ctx) -> Found:
    """The statements of the search form, one page of them, in the order asked."""
    v = ctx.values
    query, filters = v["q"], v.filters()
    page = v["page"]
    per_page = v["limit"] if v.raw.get("limit") else v["per_page"]  # `limit`: the older name
    order = v["sort"] if v["sort"] != "relevance" or query else "relevance"
    try:
        key = (query, *sorted((k, str(v)) for k, v in filters.items()))
        total = ctx.site.remember(("count", *key), lambda: ctx.store.count_statements(query, **filters))
        hits = ctx.store.search(
            query, limit=per_page, offset=(page - 1) * per_page, order=order, descending=v["dir"] == "desc",
            **filters,
        )  # fmt: skip
    except StoreError as err:
        raise _search_error(query, err) from err
    return Found(hits, Page(hits, total, page, per_page), _speaker_note(ctx, v["speaker"], total))


def _speaker_note(ctx: Ctx, speaker: str | None, total: int) -> str:
    if not speaker or total:
        return ""
    found = ctx.store.resolve_speaker(speaker)
    if not found:
        return f"No speaker is known as {speaker!r}."
    names = "; ".join(f"{n} [{k}]" for k, n in found[:8])
    return f"Speakers whose names contain {speaker!r}: {names}"


# -- an article --------------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleView:
    info: ArticleInfo
    article: Article
    versions: list[ArticleInfo]
    ids: dict[str, int]  # local statement id -> store id
    marks: dict[str, Mark]  # local statement id -> its mark
    related: list[Related]
    contents: dict[str, str] = field(default_factory=dict)  # local statement id -> what was said


def article_id(arg: str) -> int:
    if not _ID.fullmatch(arg):
        raise HttpError(404, "no such page")
    return int(arg)


def article_view(ctx: Ctx) -> ArticleView:
    number = article_id(ctx.arg)
    try:
        info = ctx.store.find_article(number)
    except StoreError as err:
        raise HttpError(404, f"no article with id {number}") from err
    hits = ctx.store.statements_of(info.id)
    ids = {h.local_id: h.statement_id for h in hits}
    local = {h.statement_id: h.local_id for h in hits}
    marks = {local[m.statement_id]: m for m in ctx.store.statement_marks(info.id) if m.statement_id in local}
    related = ctx.store.related_articles(info.id, days=ctx.values.get("days", 7))
    article = ctx.store.article(info.id)
    limit = len(article.text)
    contents = {
        st.id: " … ".join(article.slice(s) for s in st.content if s.end <= limit) for st in article.statements
    }
    return ArticleView(info, article, ctx.store.versions(info.id), ids, marks, related, contents)


# -- a speaker ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class SpeakerView:
    key: str = ""
    name: str = ""
    type: str = ""
    page: Page = field(default_factory=lambda: Page([], 0, 1, 1))
    articles: int = 0
    sites: dict[str, int] = field(default_factory=dict)
    choices: list[tuple[str, str]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    article_choices: list[tuple[int, str]] = field(default_factory=list)
    counts: list[CountRow] = field(default_factory=list)  # statements by (date, site, article)


def speaker_view(ctx: Ctx) -> SpeakerView:
    """One speaker's statements, oldest first, a page at a time; or the speakers a name may mean."""
    key = ctx.arg
    if len(key) > MAX_KEY:
        raise HttpError(400, "speaker key too long")
    found = ctx.store.resolve_speaker(key)
    if not found:
        raise HttpError(404, f"no speaker is known as {key!r}")
    if len(found) > 1:
        return SpeakerView(choices=found)
    key, name, kind = ctx.store.speaker(found[0][0])
    v = ctx.values
    filters = {**v.filters(), "speaker": key}
    page, per_page = v["page"], v["per_page"]
    # One grouped count gives the total, the sites, the articles and the chart: the speaker's
    # statements are read once, however many there are.
    rows = ctx.store.statement_counts(["date", "site", "article"], **filters)
    total = sum(r.count for r in rows)
    hits = ctx.store.search(None, limit=per_page, offset=(page - 1) * per_page, order="time", **filters)
    sites: dict[str, int] = {}
    for r in rows:
        sites[r.groups[1] or "(no site)"] = sites.get(r.groups[1] or "(no site)", 0) + r.count
    sites = dict(sorted(sites.items(), key=lambda item: -item[1]))
    view = SpeakerView(key, name, kind, Page(hits, total, page, per_page), sites=sites, counts=rows)
    view.articles = len({r.groups[2] for r in rows})
    view.edits = [e for e in ctx.store.speaker_edits() if key in (e["speaker"], e["detail"].get("from"))]
    if ctx.site.edits:
        seen: dict[int, str] = {}
        for h in ctx.store.search(None, limit=500, order="time", speaker=key, min_confidence=0.0):
            seen.setdefault(
                h.article_id, f"#{h.article_id} {h.site or ''} {h.published or ''} {h.title or h.path}"[:120]
            )
        view.article_choices = list(seen.items())
    return view


def speaker_chart(ctx: Ctx, view: SpeakerView) -> ch.Chart:
    """The speaker's statements per period, stacked by outlet."""
    period = ctx.values["period"]
    rows = [CountRow((period_of(r.groups[0], period), r.groups[1]), r.count) for r in view.counts]
    return _time_chart(f"Statements per {period}, by outlet", rows, period, TOP_SITES, "(no site)")


def _periods(first: str, last: str, period: str) -> list[str]:
    """Every period from ``first`` to ``last`` (so that the time axis has no holes), at most MAX_PERIODS."""
    out: list[str] = []
    if period == "year":
        out = [str(y) for y in range(int(first), int(last) + 1)]
    elif period == "month":
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last and len(out) <= MAX_PERIODS:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        day = date.fromisoformat(first)
        while day.isoformat() <= last and len(out) <= MAX_PERIODS:
            out.append(day.isoformat())
            day += timedelta(days=7)
    return out[-MAX_PERIODS:]


def _time_chart(title: str, rows: list[CountRow], period: str, top: int, unknown: str) -> ch.Chart:
    """Bars per period (rows grouped by (period, series)), the ``top`` series by count, the rest "other"."""
    dated = [r for r in rows if r.groups[0]]
    undated = sum(r.count for r in rows if not r.groups[0])
    chart = _time_bars(title, dated, period, top, unknown)
    if undated:
        chart.note = f"{undated} statement{'s' if undated != 1 else ''} of undated articles not charted"
    return chart


def _time_bars(title: str, dated: list[CountRow], period: str, top: int, unknown: str) -> ch.Chart:
    if not dated:
        return ch.stacked_bars(title, [], [], {})
    totals: dict[str, int] = {}
    for r in dated:
        name = r.groups[1] or unknown
        totals[name] = totals.get(name, 0) + r.count
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    series = ranked[:top] + (["other"] if len(ranked) > top else [])
    counts: dict[tuple[str, str], int] = {}
    for r in dated:
        name = r.groups[1] or unknown
        name = name if name in ranked[:top] else "other"
        cell = (str(r.groups[0]), name)
        counts[cell] = counts.get(cell, 0) + r.count
    periods = sorted({str(r.groups[0]) for r in dated})
    return ch.stacked_bars(title, _periods(periods[0], periods[-1], period), series, counts)


TYPES = (
    "person",
    "organisation",
    "government",
    "country",
    "group",
    "document",
    "anonymous",
    "unknown",
    "unresolved",
)


def overview_charts(ctx: Ctx) -> list[ch.Chart]:
    """The store at a glance: who is quoted most over time and by outlet, who speaks, how it is
    reported (five counts of the whole store: kept a while, see :meth:`~.base.Site.remember`)."""
    filters = ctx.values.filters()
    key = ("charts", ctx.values["period"], *sorted((k, str(v)) for k, v in filters.items()))
    return ctx.site.remember(key, lambda: _overview_charts(ctx, filters, ctx.values["period"]))


def _overview_charts(ctx: Ctx, filters: dict[str, Any], period: str) -> list[ch.Chart]:
    top = ctx.store.speakers(limit=TOP_SPEAKERS, **filters)
    names = {c.key: c.name for c in top}
    keys = list(names)
    over_time = ctx.store.statement_counts([period, "speaker"], speakers=keys, **filters)
    renamed = [CountRow((r.groups[0], names.get(r.groups[1] or "", r.groups[1])), r.count) for r in over_time]
    charts = [_time_chart(f"Who is quoted most, per {period}", renamed, period, TOP_SPEAKERS, "(unknown)")]
    by_site = ctx.store.statement_counts(["speaker", "site"], speakers=keys, **filters)
    site_totals: dict[str, int] = {}
    for r in by_site:
        site_totals[r.groups[1] or "(no site)"] = site_totals.get(r.groups[1] or "(no site)", 0) + r.count
    sites = sorted(site_totals, key=lambda s: (-site_totals[s], s))
    series = sites[:TOP_SITES] + (["other outlets"] if len(sites) > TOP_SITES else [])
    counts: dict[tuple[str, str], int] = {}
    for r in by_site:
        site = r.groups[1] or "(no site)"
        cell = (
            names.get(r.groups[0] or "", str(r.groups[0])),
            site if site in sites[:TOP_SITES] else "other outlets",
        )
        counts[cell] = counts.get(cell, 0) + r.count
    charts.append(ch.hbars("Who is quoted most, by outlet", [c.name for c in top], series, counts))
    types = {r.groups[0]: r.count for r in ctx.store.statement_counts(["type"], **filters)}
    charts.append(
        ch.share_bar("Who speaks: statements by type of speaker", [(t, types.get(t, 0)) for t in TYPES])
    )
    kinds = {r.groups[0]: r.count for r in ctx.store.statement_counts(["kind"], **filters)}
    order = ("direct", "mixed", "indirect", "headline")
    charts.append(
        ch.share_bar(
            "How it is reported: direct, mixed and indirect speech", [(k, kinds.get(k, 0)) for k in order]
        )
    )
    return charts


# -- compare -----------------------------------------------------------------------------------------


def compare_view(ctx: Ctx, a: int, b: int) -> Comparison:
    if a == b:
        raise HttpError(400, "choose two different articles")
    for ref in (a, b):
        try:
            ctx.store.find_article(ref)
        except StoreError as err:
            raise HttpError(404, f"no article with id {ref}") from err
    return ctx.store.compare(a, b, READING_CONFIDENCE)


# -- downloads ---------------------------------------------------------------------------------------

def download(hits: list[StatementHit], fmt: str, name: str) -> Response:
    """The statements a page shows, as CSV or JSON Lines (an attachment)."""
    out = io.StringIO()
    if fmt == "jsonl":
        write_all(JsonLinesWriter(out, LAYOUTS["statements"]), (as_row(h) for h in hits))
        media = "application/x-ndjson; charset=utf-8"
    else:  # the statements' columns, even for none; text that looks like a formula is quoted
        write_all(CsvWriter(out, LAYOUTS["statements"], spreadsheet_safe=True), (as_row(h) for h in hits))
        media = "text/csv; charset=utf-8"
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(out.getvalue().encode("utf-8", "replace"), 200, headers=headers, media_type=media)
