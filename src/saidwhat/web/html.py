"""Small HTML helpers for the web pages: every piece of text goes through :func:`esc`.

Stored text came from scraped pages and is hostile. Nothing here builds markup
from unescaped text: :func:`esc` escapes (quotes included) and replaces
control characters one for one (so offsets still line up with the stored
text); :func:`tag` escapes every attribute value and quotes it; :func:`Markup`
marks a string that is already safe HTML, and only this module and the
renderers made of these helpers produce one. A link to a scraped URL is made
only for ``http``/``https`` URLs (:func:`outbound`), with ``rel`` set so the
target gets no referrer and no handle on this page; anything else is shown as
text.

Highlighting (:func:`highlight`) works on exact offsets: the text of a block is
cut at every span boundary, and each piece carries the roles (source, cue,
content of which statement) of all the spans covering it. Spans may nest or
overlap (a relayed statement's cue lies inside the content of the statement
that relays it); cutting at boundaries represents any overlap without
re-nesting elements.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import quote, urlsplit

from ..model import Article, BlockKind, Speaker, Statement
from ..store import AlignedPair, ArticleInfo, Comparison, SpeakerCount, StatementHit

__all__ = [
    "Mark",
    "Markup",
    "esc",
    "highlight",
    "join",
    "link",
    "outbound",
    "page",
    "path_part",
    "tag",
]

# C0/C1 controls (but tab, newline, carriage return) and bidi overrides: one replacement character each,
# so that escaped text keeps one visible character per stored character.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPECIAL = re.compile(r"[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_URL_MAX = 2000


class Markup(str):
    """A string of HTML that is safe to emit as is (built only from escaped parts)."""

    __slots__ = ()

    # Concatenation keeps the guarantee: the other operand is escaped unless it is Markup already
    # (so a mistake shows up as visible double escaping, never as injected markup).
    def __add__(self, other: object) -> Markup:
        return Markup(str.__add__(self, esc(other)))

    def __radd__(self, other: object) -> Markup:
        return Markup(str.__add__(esc(other), self))


def esc(value: object) -> Markup:
    """Text as HTML: ``& < > " '`` escaped, control characters replaced one for one."""
    if isinstance(value, Markup):
        return value
    text = "" if value is None else str(value)
    if not _SPECIAL.search(text):
        return Markup(text)  # the common case: nothing to replace
    return Markup(html.escape(_CONTROL.sub("\ufffd", text), quote=True))


def join(parts: Iterable[object], sep: str = "") -> Markup:
    """Concatenate parts, escaping those that are not :class:`Markup` already."""
    return Markup(esc(sep).join(esc(p) for p in parts))


def listing(parts: Iterable[object], sep: str = " · ") -> Markup:
    """The parts that are not empty, separated by ``sep``."""
    return join((p for p in parts if p), sep)


_NAME = re.compile(r"[a-z][a-z0-9-]*")


def tag(element: str, /, *children: object, **attrs: object) -> Markup:
    """``<name attr="value">children</name>``; attribute values escaped and quoted, ``None`` ones left out.

    Attribute names are code, not data (``class_`` gives ``class``, ``data_x`` gives ``data-x``).
    """
    if not _NAME.fullmatch(element):
        raise ValueError(f"bad tag name {element!r}")
    out = ["<", element]
    for key, value in attrs.items():
        attr = key.rstrip("_").replace("_", "-")
        if not _NAME.fullmatch(attr):
            raise ValueError(f"bad attribute name {attr!r}")
        if value is None or value is False:
            continue
        out.append(f' {attr}="{esc("" if value is True else value)}"')
    out.append(">")
    if element in ("br", "hr", "input", "link", "meta"):
        return Markup("".join(out))
    out.append(join(children))
    out.append(f"</{element}>")
    return Markup("".join(out))



def said_content(kind: str, content: str) -> Markup:
    """What was said: in quotation marks only when it is a quotation (kind ``direct``); reported
    and mixed speech is shown as written, so paraphrase never looks verbatim (a mixed statement's
    own quoted words keep their marks from the text)."""
    if kind == "direct":
        return tag("q", content, class_="con")
    return tag("span", content, class_="con reported")

def link(href: str, /, *children: object, **attrs: object) -> Markup:
    """A link inside this site: ``href`` is a path built by the caller from quoted parts."""
    return tag("a", *children, href=href, **attrs)


def path_part(value: object) -> str:
    """One path segment, percent-encoded (a speaker key such as ``person:jane doe``)."""
    return quote(str(value), safe="")


def outbound(url: str | None, text: object | None = None) -> Markup:
    """A scraped URL: a link when it is plain ``http(s)``, else (or when odd) the URL shown as text."""
    if not url:
        return Markup("")
    shown = esc(text if text is not None else url)
    if len(url) > _URL_MAX or _CONTROL.search(url) or any(c.isspace() for c in url):
        return tag("span", shown, class_="url")
    try:
        parts = urlsplit(url)
    except ValueError:
        return tag("span", shown, class_="url")
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return tag("span", shown, class_="url")
    return tag("a", shown, href=url, rel="noopener noreferrer nofollow", class_="out")


@dataclass(slots=True, frozen=True)
class Mark:
    """One span to highlight: ``[start, end)`` over the article text, its role and statement."""

    start: int
    end: int
    role: str  # "source", "cue" or "content"
    statement: str


_ROLE_CLASS = {"source": "src", "cue": "cue", "content": "con"}


def _piece(text: str, active: Sequence[Mark]) -> Markup:
    if not active:
        return esc(text)
    roles = sorted({_ROLE_CLASS.get(m.role, "other") for m in active})
    if sum(1 for m in active if m.role == "content") > 1:
        roles.append("deep")  # inside the content of two statements: a relayed statement
    names = " ".join(f"{m.statement}:{m.role}" for m in active)
    title = "; ".join(f"{m.statement} {m.role}" for m in active)
    return tag("span", text, class_="hl " + " ".join(roles), data_roles=names, title=title)


def highlight(
    text: str, start: int, end: int, marks: Sequence[Mark], anchors: dict[int, list[str]] | None = None
) -> Markup:
    """``text[start:end]`` as HTML, cut at every mark boundary, each piece tagged with the marks over it.

    ``anchors`` maps offsets to element ids put at that point (the start of each statement),
    so that a list elsewhere on the page can link to it.
    """
    inside = [
        Mark(max(m.start, start), min(m.end, end), m.role, m.statement)
        for m in marks
        if m.start < end and m.end > start and m.start < m.end
    ]
    here = {pos: ids for pos, ids in (anchors or {}).items() if start <= pos < end}
    cuts = sorted({start, end, *here, *(m.start for m in inside), *(m.end for m in inside)})
    opening: dict[int, list[Mark]] = {}
    for m in sorted(inside, key=lambda m: (m.start, -m.end)):
        opening.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[str] = []
    for left, right in pairwise(cuts):
        active = [m for m in active if m.end > left] + opening.get(left, [])
        out.extend(tag("span", id=anchor, class_="anchor") for anchor in here.get(left, []))
        out.append(_piece(text[left:right], active))
    return Markup("".join(out))


def page(title: str, body: Markup, *, nav: str = "") -> Markup:
    """A whole page: the shared head (stylesheet only, no script), navigation and ``body``."""
    items = [("/", "Search"), ("/articles", "Articles"), ("/speakers", "Speakers"), ("/compare", "Compare")]
    menu = join(tag("a", label, href=href, class_="here" if href == nav else None) for href, label in items)
    return Markup(
        Markup("<!DOCTYPE html>\n")
        + tag(
            "html",
            tag(
                "head",
                Markup('<meta charset="utf-8">'),
                Markup('<meta name="viewport" content="width=device-width, initial-scale=1">'),
                Markup('<meta name="referrer" content="no-referrer">'),
                tag("title", title, " · saidwhat"),
                Markup('<link rel="stylesheet" href="/static/style.css">'),
            ),
            tag(
                "body",
                tag("header", tag("a", "saidwhat", href="/", class_="brand"), tag("nav", menu)),
                tag("main", body),
            ),
            lang="en",
        )
        + "\n"
    )


# -- page parts ------------------------------------------------------------------------------------


def field(label: str, name: str, value: str | None, *, size: int = 20, kind: str = "text") -> Markup:
    """A labelled form input whose current value is escaped into the attribute."""
    return tag(
        "label",
        tag("span", label),
        tag("input", type=kind, name=name, value=value or "", size=str(size), maxlength="500"),
    )


def select(label: str, name: str, value: str | None, options: Sequence[tuple[str, str]]) -> Markup:
    """A labelled ``<select>``; ``options`` are (value, label) pairs."""
    opts = join(tag("option", text, value=v, selected=(v == (value or ""))) for v, text in options)
    return tag("label", tag("span", label), tag("select", opts, name=name))


def form(action: str, *fields_: Markup, button: str = "Search") -> Markup:
    return tag(
        "form",
        join(fields_),
        tag("button", button, type="submit"),
        action=action,
        method="get",
        class_="filters",
    )


def table(head: Sequence[str], rows: Iterable[Sequence[object]], class_: str = "") -> Markup:
    header = tag("thead", tag("tr", join(tag("th", h) for h in head)))
    body = tag("tbody", join(tag("tr", join(tag("td", cell) for cell in row)) for row in rows))
    return tag("table", header, body, class_=class_ or None)


def dl(items: Iterable[tuple[str, object]]) -> Markup:
    """A definition list of the items whose value is not empty."""
    parts = [tag("dt", k) + tag("dd", v) for k, v in items if v not in (None, "", [], Markup(""))]
    return tag("dl", join(parts))


def error_page(status: int, reason: str, message: str) -> Markup:
    body = (
        tag("h1", f"{status} {reason}")
        + tag("p", message, class_="error")
        + tag("p", link("/", "Back to the search"))
    )
    return page(f"{status} {reason}", body)


# -- views of the store's records ---------------------------------------------------------------------

KINDS = ("direct", "indirect", "mixed", "headline")


def speaker_link(name: str | None, key: str | None) -> Markup:
    if key:
        return link("/speaker/" + path_part(key), name or key, class_="who")
    return tag("span", name or "(unknown)", class_="who unknown")


def article_link(article_id: int, title: str | None, anchor: str | None = None) -> Markup:
    href = f"/article/{int(article_id)}" + ("#st-" + path_part(anchor) if anchor else "")
    return link(href, title or f"article {int(article_id)}", class_="title")


def hit_item(hit: StatementHit, *, show_speaker: bool = True) -> Markup:
    """One statement found: who, kind, what (with its cue), and the article it comes from."""
    who = speaker_link(hit.speaker or hit.source, hit.speaker_key) if show_speaker else Markup("")
    said = join(
        [
            tag("span", hit.kind, class_=f"kind k-{hit.kind}"),
            tag("span", hit.source, class_="src") if hit.source else "",
            " ",
            tag("span", hit.cue, class_="cue") if hit.cue else "",
            " ",
            said_content(hit.kind, hit.content),
        ]
    )
    where = listing(
        [
            article_link(hit.article_id, hit.title, hit.local_id),
            tag("span", hit.site, class_="site") if hit.site else "",
            tag("time", hit.published) if hit.published else "",
        ]
    )
    return tag(
        "li",
        tag("div", who, class_="head"),
        tag("div", said, class_="said"),
        tag("div", where, class_="where"),
    )


def hits_list(
    hits: Sequence[StatementHit], *, show_speaker: bool = True, empty: str = "No statement found."
) -> Markup:
    if not hits:
        return tag("p", empty, class_="empty")
    return tag("ol", join(hit_item(h, show_speaker=show_speaker) for h in hits), class_="hits")


def search_page(values: dict[str, str | None], hits: Sequence[StatementHit], note: str = "") -> Markup:
    controls = form(
        "/",
        field("Said", "q", values.get("q"), size=40, kind="search"),
        field("Speaker", "speaker", values.get("speaker")),
        field("Site", "site", values.get("site")),
        field("Since", "since", values.get("since"), size=10),
        field("Until", "until", values.get("until"), size=10),
        select("Kind", "kind", values.get("kind"), [("", "any"), *((k, k) for k in KINDS)]),
        select(
            "Confidence",
            "min_confidence",
            values.get("min_confidence"),
            [("", "at least 0.5 (sure)"), ("0.8", "at least 0.8"), ("0", "all, unsure included")],
        ),
        field("Limit", "limit", values.get("limit"), size=4),
    )
    heading = f"{len(hits)} statement{'s' if len(hits) != 1 else ''}"
    body = join(
        [
            tag("h1", "What was said"),
            controls,
            tag("p", note, class_="note") if note else "",
            tag("h2", heading),
            hits_list(hits),
        ]
    )
    return page("Search", body, nav="/")


def articles_page(query: str | None, infos: Sequence[ArticleInfo], total: int) -> Markup:
    rows = [
        (
            str(i.id),
            article_link(i.id, i.title),
            i.site or "",
            i.published or "",
            str(i.n_statements),
            "" if i.latest else "older version",
        )
        for i in infos
    ]
    body = join(
        [
            tag("h1", "Articles"),
            form("/articles", field("Text", "q", query, size=40, kind="search")),
            tag("p", f"{len(infos)} shown of {total}.", class_="note"),
            table(("id", "title", "site", "published", "statements", ""), rows),
        ]
    )
    return page("Articles", body, nav="/articles")


# -- the article page ---------------------------------------------------------------------------------

_BLOCK_TAGS = {
    BlockKind.TITLE: ("h1", "title"),
    BlockKind.HEADING: ("h2", "heading"),
    BlockKind.PARAGRAPH: ("p", "para"),
    BlockKind.CAPTION: ("p", "caption"),
    BlockKind.CREDIT: ("p", "credit"),
    BlockKind.BYLINE: ("p", "byline"),
    BlockKind.DATELINE: ("p", "dateline"),
    BlockKind.BLOCKQUOTE: ("blockquote", "bq"),
}


def statement_marks(article: Article) -> tuple[list[Mark], dict[int, list[str]]]:
    """Every source, cue and content span of the article's statements, and where each statement starts."""
    limit = len(article.text)
    marks: list[Mark] = []
    anchors: dict[int, list[str]] = {}
    for st in article.statements:
        spans = [("content", s) for s in st.content]
        spans += [(role, s) for role, s in (("source", st.source), ("cue", st.cue)) if s is not None]
        spans = [(role, s) for role, s in spans if s.end <= limit]  # a stale offset is not shown
        for role, span in spans:
            marks.append(Mark(span.start, span.end, role, st.id))
        if spans:
            first = min(s.start for _, s in spans)
            anchors.setdefault(min(first, max(limit - 1, 0)), []).append("st-" + path_part(st.id))
    return marks, anchors


def article_text(article: Article) -> Markup:
    """The clean text, block by block, every statement span highlighted at its exact offsets.

    Text between blocks (normally blank lines) is emitted too, so that no offset is lost.
    """
    marks, anchors = statement_marks(article)
    text = article.text
    regions: list[tuple[int, int, BlockKind | None]] = []
    at = 0
    for block in sorted(article.blocks, key=lambda b: (b.span.start, b.span.end)):
        start, end = max(block.span.start, at), min(block.span.end, len(text))
        if start >= end:
            continue
        if start > at:
            regions.append((at, start, None))
        regions.append((start, end, block.kind))
        at = end
    if at < len(text):
        regions.append((at, len(text), None))
    out: list[str] = []
    for start, end, kind in regions:
        inner = highlight(text, start, end, marks, anchors)
        if kind is None:
            out.append(tag("div", inner, class_="gap") if text[start:end].strip() else inner)
        else:
            name, cls = _BLOCK_TAGS.get(kind, ("p", "para"))
            out.append(tag(name, inner, class_=cls))
    return Markup("".join(out))


def _statement_item(article: Article, st: Statement) -> Markup:
    sp = article.speaker(st.speaker) if st.speaker else None
    who = (
        speaker_link(sp.name, sp.key)
        if sp
        else tag("span", article.slice(st.source) if st.source else "(unknown)", class_="who unknown")
    )
    content = " … ".join(article.slice(s) for s in st.content)
    relay = join(["relayed by ", link("#st-" + path_part(st.parent), st.parent)]) if st.parent else ""
    facts = listing(
        [
            tag("span", st.kind.value, class_=f"kind k-{st.kind.value}"),
            f"confidence {st.confidence:.2f}",
            st.method,
            relay,
        ]
    )
    return tag(
        "li",
        tag("div", link("#st-" + path_part(st.id), st.id, class_="sid"), " ", who, class_="head"),
        tag(
            "div",
            tag("span", article.slice(st.cue), class_="cue") if st.cue else "",
            " ",
            said_content(st.kind.value, content),
            class_="said",
        ),
        tag("div", facts, class_="where"),
    )


def _speaker_row(sp: Speaker, text: str) -> tuple[object, ...]:
    seen = dict.fromkeys(text[m.start : m.end] for m in sp.mentions if m.end <= len(text))
    shown = join((tag("span", m, class_="mention") for m in list(seen)[:6]), ", ")
    return speaker_link(sp.name, sp.key or None), sp.type.value, str(len(sp.mentions)), shown


def article_meta(info: ArticleInfo, article: Article, versions: Sequence[ArticleInfo]) -> Markup:
    meta = article.metadata
    others = [v for v in versions if v.id != info.id]
    return dl(
        [
            ("Site", meta.site or info.site),
            ("Published", meta.published),
            ("Modified", meta.modified),
            ("Date shown", meta.page_date),
            ("Authors", ", ".join(meta.authors)),
            ("URL", outbound(meta.url or info.url)),
            ("Canonical URL", outbound(meta.canonical_url) if meta.canonical_url != meta.url else ""),
            ("Republished from", meta.republished_from),
            ("Language", meta.language),
            ("Photo credit", meta.photo_credit),
            ("Input", f"{article.input.path} ({article.input.format})"),
            ("SHA-256", article.input.sha256),
            (
                "Other versions",
                join((article_link(v.id, f"#{v.id} {v.published or ''}") for v in others), ", "),
            ),
        ]
    )


def article_page(info: ArticleInfo, article: Article, versions: Sequence[ArticleInfo]) -> Markup:
    title = article.title or info.title or f"article {info.id}"
    statements = tag("ol", join(_statement_item(article, st) for st in article.statements), class_="hits")
    speakers = table(
        ("speaker", "type", "mentions", "as"), (_speaker_row(sp, article.text) for sp in article.speakers)
    )
    removed = tag(
        "details",
        tag("summary", f"Removed from the page ({len(article.removed)})"),
        tag("ul", join(tag("li", tag("span", r.kind, class_="kind"), " ", r.text) for r in article.removed)),
        class_="removed",
    )
    legend = tag(
        "p",
        tag("span", "source", class_="hl src"),
        " ",
        tag("span", "cue", class_="hl cue"),
        " ",
        tag("span", "content", class_="hl con"),
        " ",
        tag("span", "relayed content", class_="hl con deep"),
        class_="legend",
    )
    main = tag("div", legend, tag("article", article_text(article), class_="text"))
    side = tag(
        "aside",
        tag("h2", "About"),
        article_meta(info, article, versions),
        tag("h2", f"Speakers ({len(article.speakers)})"),
        speakers,
        tag("h2", f"Statements ({len(article.statements)})"),
        statements,
        removed,
    )
    return page(title, tag("div", main, side, class_="columns"))


# -- speakers and comparison ----------------------------------------------------------------------------


def _sites(sites: dict[str, int]) -> Markup:
    return join((tag("span", f"{site}: {n}", class_="site") for site, n in sites.items()), ", ")


def speakers_page(values: dict[str, str | None], counts: Sequence[SpeakerCount]) -> Markup:
    controls = form(
        "/speakers",
        field("Site", "site", values.get("site")),
        field("Since", "since", values.get("since"), size=10),
        field("Until", "until", values.get("until"), size=10),
        select("Kind", "kind", values.get("kind"), [("", "any"), *((k, k) for k in KINDS)]),
        select(
            "Confidence",
            "min_confidence",
            values.get("min_confidence"),
            [("", "at least 0.5 (sure)"), ("0.8", "at least 0.8"), ("0", "all, unsure included")],
        ),
        select(
            "Rows by",
            "by",
            values.get("by"),
            [("", "speaker"), ("site", "site"), ("month", "month"), ("year", "year")],
        ),
        field("Limit", "limit", values.get("limit"), size=4),
        button="Show",
    )
    grouped = bool(values.get("by"))
    head = ["speaker", "type", "statements", "articles", "first", "last", "by site"]
    rows = [
        [
            speaker_link(c.name, c.key),
            c.type,
            str(c.statements),
            str(c.articles),
            c.first or "",
            c.last or "",
            _sites(c.sites),
        ]
        for c in counts
    ]
    if grouped:
        head.insert(1, str(values.get("by")))
        for row, c in zip(rows, counts):
            row.insert(1, c.group or "")
    body = join(
        [
            tag("h1", "Who is quoted most"),
            controls,
            table(head, rows) if counts else tag("p", "No speaker.", class_="empty"),
        ]
    )
    return page("Speakers", body, nav="/speakers")


def speaker_page(name: str, key: str, hits: Sequence[StatementHit], note: str = "") -> Markup:
    sites: dict[str, int] = {}
    for h in hits:
        sites[h.site or "(no site)"] = sites.get(h.site or "(no site)", 0) + 1
    articles = len({h.article_id for h in hits})
    summary = tag(
        "p", f"{len(hits)} statements in {articles} articles, by site: ", _sites(sites), class_="note"
    )
    body = join(
        [
            tag("h1", name),
            tag("p", key, class_="key"),
            summary,
            tag("p", note, class_="note") if note else "",
            tag("h2", "Timeline, oldest first"),
            hits_list(hits, show_speaker=False),
        ]
    )
    return page(name, body, nav="/speakers")


def speaker_choice_page(name: str, found: Sequence[tuple[str, str]]) -> Markup:
    items = join(tag("li", speaker_link(n, k), " ", tag("span", k, class_="key")) for k, n in found)
    body = tag("h1", "Which speaker?") + tag("p", f"Several speakers match {name!r}:") + tag("ul", items)
    return page("Which speaker?", body, nav="/speakers")


def compare_form_page(infos: Sequence[ArticleInfo], a: str | None, b: str | None) -> Markup:
    options = [("", "choose an article")] + [
        (str(i.id), f"#{i.id} {i.site or ''} {i.published or ''} — {i.title or i.path}"[:140]) for i in infos
    ]
    controls = form(
        "/compare",
        select("Account A", "a", a, options),
        select("Account B", "b", b, options),
        button="Compare",
    )
    body = tag("h1", "Compare two accounts") + controls
    return page("Compare", body, nav="/compare")


def _side(info: ArticleInfo) -> Markup:
    return listing([article_link(info.id, info.title), info.site, info.published])


def _pair_row(p: AlignedPair) -> tuple[object, ...]:
    def one(hit: StatementHit, adds: list[str]) -> Markup:
        extra = tag("div", "adds: ", join((tag("b", w) for w in adds), ", "), class_="adds") if adds else ""
        return join([speaker_link(hit.who, hit.speaker_key), " ", said_content(hit.kind, hit.content), extra])

    relation = join([p.relation, tag("div", f"similarity {p.similarity:.2f}", class_="note")])
    return one(p.a, p.a_adds), relation, one(p.b, p.b_adds)


def _terms(words: Sequence[str]) -> Markup:
    return (
        join((tag("span", w, class_="term") for w in words), ", ")
        if words
        else tag("span", "none", class_="empty")
    )


def compare_page(cmp: Comparison) -> Markup:
    voices = table(
        ("voice", "A", "B"), ((speaker_link(v.name, v.key), str(v.in_a), str(v.in_b)) for v in cmp.voices)
    )
    pairs = table(("A", "how they match", "B"), (_pair_row(p) for p in cmp.pairs), class_="pairs")
    alone = tag(
        "div",
        tag(
            "section",
            tag("h3", "Only in A"),
            hits_list(cmp.only_a, empty="Nothing."),
            tag("p", "Words: ", _terms(cmp.terms_only_a)),
            tag("p", "Figures: ", _terms(cmp.figures_only_a)),
        ),
        tag(
            "section",
            tag("h3", "Only in B"),
            hits_list(cmp.only_b, empty="Nothing."),
            tag("p", "Words: ", _terms(cmp.terms_only_b)),
            tag("p", "Figures: ", _terms(cmp.figures_only_b)),
        ),
        class_="two",
    )
    body = join(
        [
            tag("h1", "Two accounts"),
            tag(
                "div",
                tag("p", tag("b", "A: "), _side(cmp.a)),
                tag("p", tag("b", "B: "), _side(cmp.b)),
                class_="two",
            ),
            tag("h2", "Voices"),
            voices,
            tag("h2", f"Reported by both ({len(cmp.pairs)})"),
            pairs
            if cmp.pairs
            else tag("p", "No statement of one matches a statement of the other.", class_="empty"),
            tag("h2", "Reported by one only"),
            alone,
        ]
    )
    return page("Compare", body, nav="/compare")
