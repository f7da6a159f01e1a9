"""Metadata of an HTML page: title, dates, authors, site, URLs, language, credits, provenance.

trafilatura reads title, authors, site name and URL; htmldate the dates
(``original_date=True`` for the publication date, then once more for the
latest, i.e. modified, date). What neither reads is done here from the page:
the canonical URL and language; the date a site prints in its header bar
(``page_date``), which is the day the page was fetched, not the day the
article appeared, and so is kept apart and never taken as ``published``; and
``republished_from``, when the page says its text comes from elsewhere (a
canonical URL on another host, a "Source:" line, a "Read the original" link,
or a wire agency's credit in the byline or dateline).

Nothing is fetched from the network. The words these rules look for (credit
and source labels, phrases, agencies) are data: ``lang/common/page_terms.json``.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from lxml import etree
from lxml.html import HtmlElement

from .. import lang
from ..core.errors import DataError, SaidwhatError
from ..core.model import Metadata
from .urls import host, usable_url

__all__ = [
    "PageScan",
    "PageTerms",
    "extract_metadata",
    "find_republished",
    "is_source_line",
    "page_terms",
    "scan_page",
    "strip_credit_label",
]

_T = TypeVar("_T")
_MAX_LINE = 300  # characters of one line given to a regex
_SPACES = re.compile(r"\s+")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8}){0,3}$")
_HEADER_CLASS = re.compile(
    r"date-?bar|top-?bar|today|current-?date|header-?date|date-?header|masthead", re.IGNORECASE
)


@dataclass(slots=True, frozen=True)
class PageTerms:
    credit_labels: tuple[str, ...]
    source_labels: tuple[str, ...]
    original_phrases: tuple[str, ...]
    agencies: dict[str, tuple[str, ...]]
    byline_words: tuple[str, ...] = ()


def _strings(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(f"'{key}' must be a non-empty list of non-empty strings", where)
    return tuple(value)


def page_terms() -> PageTerms:
    """The page-provenance words of ``lang/common/page_terms.json`` (labels in many languages,
    matched whatever the page's language), validated and built once (:func:`saidwhat.lang.derived`)."""
    return lang.derived("pages.page_terms", _page_terms)


def _page_terms() -> PageTerms:
    data, where = lang.common("page_terms.json")
    if not isinstance(data, dict):
        raise DataError("must hold a JSON object", where)
    agencies = data.get("agencies")
    if not isinstance(agencies, dict) or not agencies:
        raise DataError("'agencies' must map agency names to lists of credits", where)
    return PageTerms(
        credit_labels=_strings(data, "credit_labels", where),
        source_labels=_strings(data, "source_labels", where),
        original_phrases=_strings(data, "original_phrases", where),
        agencies={str(name): _strings(agencies, name, where) for name in agencies},
        byline_words=_strings(data, "byline_words", where),
    )


def extract_metadata(
    tree: HtmlElement, url: str | None, previous: Metadata, scan: PageScan | None = None
) -> Metadata:
    """The page's metadata; fields already set in ``previous`` (the URL of a WARC record) are kept."""
    scan = scan or scan_page(tree)
    meta = replace(previous, authors=list(previous.authors))
    found = _library(lambda: _trafilatura_metadata(tree, meta.url or url), None)
    meta.title = meta.title or _attr(found, "title") or _title_tag(tree)
    meta.site = meta.site or _attr(found, "sitename")
    meta.authors = meta.authors or _authors(_attr(found, "author"))
    meta.canonical_url = meta.canonical_url or _canonical(tree, url)
    meta.url = meta.url or url or usable_url(_attr(found, "url")) or meta.canonical_url
    meta.language = meta.language or _language(tree)
    meta.page_date = meta.page_date or _page_date(tree, scan.headers)
    _dates(tree, meta)
    return meta


def _library(call: Callable[[], _T], fallback: _T) -> _T:
    """A library's reading of the page (trafilatura's metadata, htmldate's dates), or ``fallback``
    when the library fails on it: hostile markup costs that piece of metadata, not the article.

    What such a library raises on hostile input (dateutil's AssertionError, urllib's
    ValueError) and the warnings it prints (dateutil's UnknownTimezoneWarning) are internal
    to it and mean nothing to the user. The time limit and a page too deeply nested for any
    stage go on to be reported as they are.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call()
    except (SaidwhatError, RecursionError):
        raise
    except Exception:  # noqa: BLE001 - see the docstring
        return fallback


def _trafilatura_metadata(tree: HtmlElement, url: str | None) -> Any:
    """trafilatura's title, author, URL and site name (its ``extract_metadata`` without dates and tags)."""
    from trafilatura import metadata as tm

    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a one-word "author" is a handle or the site: trafilatura drops it too
    try:
        found = tm.extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001, S110 - trafilatura's JSON-LD reader fails on malformed JSON-LD
        pass  # the page keeps the meta-tag values
    found.title = found.title or tm.extract_title(tree)
    found.author = found.author or _page_author(tree)
    found.url = found.url or tm.extract_url(tree, url)
    if not found.sitename:
        found.sitename = tm.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if "." not in found.sitename and found.sitename[:1].islower():
            found.sitename = found.sitename.title()
    found.clean_and_trim()
    return found


def _page_author(tree: HtmlElement) -> str | None:
    """trafilatura's ``extract_author``, without its copy of the page when the answer does not need it.

    trafilatura deletes comments, figures, dates and asides
    (``AUTHOR_DISCARD_XPATHS``) from a deep copy of the page, then takes the
    first element of its ``AUTHOR_XPATHS`` with 3 to 119 characters of text.
    The copy and its pruning are half of that time (0.2 s on the benchmark).
    On the page itself an element inside a deleted section is passed over,
    and an element that holds none has the text it would have in the copy;
    only when the element holds one is trafilatura's function run as it is.
    Same answer on every benchmark page (tested).
    """
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import extract_author
    from trafilatura.utils import trim
    from trafilatura.xpaths import AUTHOR_XPATHS

    tests = _discard_tests()
    if tests is None:  # trafilatura's rules changed shape: its own function
        return extract_author(tree)
    inside, holds = tests
    for element in _author_elements(tree, AUTHOR_XPATHS):
        if inside(element):
            continue
        if holds(element):
            return extract_author(tree)
        content = trim(" ".join(element.itertext()))
        if content and 2 < len(content) < 120:
            author: str | None = normalize_authors(None, content)
            return author
    return None


def _author_elements(tree: HtmlElement, expressions: list[etree.XPath]) -> Iterator[HtmlElement]:
    """What trafilatura's ``AUTHOR_XPATHS`` select, one expression after the other, in document order.

    Each of them walks the whole page with some ten tests an element, five of them regexes run
    in Python (``re:test``): 7 ms a page. Every element they can select has an attribute among
    :data:`_AUTHOR_ATTRIBUTES` whose value holds one of :data:`_AUTHOR_WORDS` (in any case), or is
    an ``<author>``, or has a ``<rel>`` child; so those attributes are read in one walk, the words
    looked for in Python, and each expression's own tests run on those few elements alone
    (:func:`_author_tests`): the same elements in the same order (tested on every benchmark page),
    at a third of the cost. Only for the expressions this was written for (:data:`_AUTHOR_XPATHS_SHA`).
    """
    tests = _author_tests()
    if tests is None:
        for expression in expressions:
            yield from expression(tree)
        return
    candidates: dict[HtmlElement, None] = {}
    for node in _author_candidates()(tree):
        if isinstance(node, HtmlElement):
            candidates[node] = None
        elif _AUTHOR_WORDS.search(node):  # an attribute's value (lxml's "smart string")
            candidates[node.getparent()] = None
    for test in tests:
        yield from (element for element in candidates if test(element))


_AUTHOR_ATTRIBUTES = ("class", "id", "itemprop", "rel", "data-testid", "data-component")
_AUTHOR_WORDS = re.compile(
    "author|byl|bbl|username|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by|journalist-name"
    "|screenname|writer",
    re.IGNORECASE,
)
# SHA-256 (first 16 hex digits) of trafilatura's AUTHOR_XPATHS with their whitespace collapsed, one a
# line: those of trafilatura 2.3.1, whose every test _AUTHOR_WORDS and _AUTHOR_ATTRIBUTES cover.
_AUTHOR_XPATHS_SHA = "52b3a4d1177c18bb"


@functools.cache
def _author_candidates() -> etree.XPath:
    attributes = "|".join(f"//@{name}" for name in _AUTHOR_ATTRIBUTES)
    return etree.XPath(f"{attributes}|//author|//rel/..")


@functools.cache
def _author_tests() -> tuple[etree.XPath, ...] | None:
    """Each of trafilatura's ``AUTHOR_XPATHS`` as a test of one element, or None for other expressions."""
    import hashlib

    from trafilatura.xpaths import AUTHOR_XPATHS, REGEXP_NS

    paths = [" ".join(expression.path.split()) for expression in AUTHOR_XPATHS]
    if hashlib.sha256("\n".join(paths).encode()).hexdigest()[:16] != _AUTHOR_XPATHS_SHA:
        return None
    tests = []
    for path in paths:  # "//*[tests][tests]" and once "... | //author": each tests its context element
        if not path.startswith("//*["):
            return None
        test = "self::*" + path[len("//*") :].replace("|//author", "|self::author")
        tests.append(etree.XPath(f"boolean({test})", namespaces={"re": REGEXP_NS}))
    return tuple(tests)


@functools.cache
def _discard_tests() -> tuple[etree.XPath, etree.XPath] | None:
    """XPath tests: is an element inside a section trafilatura's author search deletes / does it hold one?"""
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, REGEXP_NS

    if len(AUTHOR_DISCARD_XPATHS) != 2 or AUTHOR_DISCARD_XPATHS[1].path.strip() != "//time|//figure":
        return None
    first = AUTHOR_DISCARD_XPATHS[0].path.strip()
    if not first.startswith(".//*["):
        return None
    test = first[len(".//*") :]  # its predicates; ".//*" spares the root element
    namespaces = {"re": REGEXP_NS}
    inside = (
        f"boolean(ancestor-or-self::*[parent::*]{test} | ancestor-or-self::time | ancestor-or-self::figure)"
    )
    holds = f"boolean(descendant::*{test} | descendant::time | descendant::figure)"
    return etree.XPath(inside, namespaces=namespaces), etree.XPath(holds, namespaces=namespaces)


def _attr(document: Any, name: str) -> str | None:
    value = getattr(document, name, None) if document is not None else None
    return value.strip() or None if isinstance(value, str) else None


def _title_tag(tree: HtmlElement) -> str | None:
    for element in tree.iter("title"):
        text = _SPACES.sub(" ", element.text_content()).strip()
        if text:
            return text[:_MAX_LINE]
    return None


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in value.split(";") if name.strip()]


def _canonical(tree: HtmlElement, url: str | None) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return usable_url(str(link.get("href")), url)
    return None


def _language(tree: HtmlElement) -> str | None:
    """ISO 639-1/3 code from <html lang>, a content-language meta or og:locale."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        match = _LANG.match((value or "").strip()[:40])
        if match:
            return match.group(1).lower()
    return None


# --- dates -------------------------------------------------------------------------


def _dates(tree: HtmlElement, meta: Metadata) -> None:
    """Published (original) and modified dates; a date equal to the header bar's alone is not published."""
    published = meta.published or _find_date(tree, original=True, url=meta.url)
    if published and published == meta.page_date:
        published = _find_date(_without_header(tree), original=True, url=meta.url)
    meta.published = published
    if meta.modified is None and _has_modified_markup(tree):
        modified = _find_date(tree, original=False, extensive=False)
        if modified and published and modified > published:
            meta.modified = modified


@functools.cache
def _itemprop_query() -> etree.XPath:
    return etree.XPath("//@itemprop")


def _has_modified_markup(tree: HtmlElement) -> bool:
    """Cheap test before htmldate's second search: does the page mark a modification date at all?

    A meta tag whose property, name or itemprop says "modified" (itemprop
    also "update"), an element with ``itemprop="dateModified"``, or JSON-LD
    with a ``dateModified``. Read in Python over the few meta and script
    elements: one XPath query with these tests cost 0.11 s on the benchmark.
    """
    for meta in tree.iter("meta"):
        for key in ("property", "name", "itemprop"):
            value = (meta.get(key) or "").lower()
            if "modified" in value or (key == "itemprop" and "update" in value):
                return True
        if "updated_time" in (meta.get("property") or ""):
            return True
    for script in tree.iter("script"):
        if script.get("type") == "application/ld+json" and "dateModified" in (script.text or ""):
            return True
    return "dateModified" in _itemprop_query()(tree)


def _find_date(
    tree: HtmlElement, original: bool, extensive: bool = True, url: str | None = None
) -> str | None:
    from htmldate import find_date

    def find() -> str | None:
        return find_date(
            tree,
            url=url,
            original_date=original,
            extensive_search=extensive,
            max_date=_today(),
            deferred_url_extractor=not original,  # a date in the URL is the publication date
        )

    return _library(find, None) or None


def _today() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d")


# Site header bars: <header> outside the article, and elements whose class or id names a date bar.
# Few, short tests: the XPath engine runs them over every element of the page.
_HEADER_XPATH = "//header | //*[contains(@class,'date') or contains(@class,'today')]"
_HEADER_TEXTS = 60  # text nodes read per header element


@functools.cache
def _header_query() -> etree.XPath:
    return etree.XPath(_HEADER_XPATH)


@dataclass(slots=True)
class PageScan:
    """Elements named by their class, found in one pass over the page's class attributes.

    Each ``contains(@class, ...)`` test of an XPath query walks every element
    of the page; reading the class values once (``//@class``) and testing the
    words in Python gives the same elements, in document order, for the cost
    of one walk (measured: 0.15 s instead of 0.48 s on the 181 benchmark pages).
    """

    headers: list[HtmlElement]  # <header> elements and classes naming 'date' or 'today' (candidates)
    captions: list[HtmlElement]  # classes naming 'caption' or 'credit'
    bylines: list[HtmlElement]  # classes naming 'byline'


_SCAN_WORDS = ("date", "today", "caption", "credit", "byline")  # in the class values scan_page reads


@functools.cache
def _scan_query() -> etree.XPath:
    # The class values that hold none of the words are left out by the XPath engine, in C: most of them.
    words = " or ".join(f"contains(., '{word}')" for word in _SCAN_WORDS)
    return etree.XPath(f"//header | //@class[{words}]")


def scan_page(tree: HtmlElement) -> PageScan:
    """One pass over the page for the elements that :class:`PageScan` holds."""
    scan = PageScan([], [], [])
    for node in _scan_query()(tree):
        if isinstance(node, HtmlElement):
            scan.headers.append(node)  # a <header>
            continue
        value: str = node  # a class value, which knows its element (lxml's "smart strings")
        if "date" in value or "today" in value:
            element = node.getparent()
            if element.tag != "header":  # a <header> is already in
                scan.headers.append(element)
        if "caption" in value or "credit" in value:
            scan.captions.append(node.getparent())
        if "byline" in value:
            scan.bylines.append(node.getparent())
    return scan


def _header_elements(tree: HtmlElement, candidates: list[HtmlElement] | None = None) -> Iterator[HtmlElement]:
    for element in _header_query()(tree) if candidates is None else candidates:
        if element.tag != "header":
            name = f"{element.get('class') or ''} {element.get('id') or ''}"[:200]
            if not _HEADER_CLASS.search(name):
                continue
        if not any(a.tag in ("article", "main") for a in element.iterancestors()):
            yield element


def _page_date(tree: HtmlElement, candidates: list[HtmlElement] | None) -> str | None:
    """The date a site header shows (the day of the visit), if any."""
    from htmldate.extractors import custom_parse

    low, high = datetime(1995, 1, 1), datetime.now()
    for element in _header_elements(tree, candidates):
        for count, text in enumerate(element.itertext()):
            if count >= _HEADER_TEXTS:
                break
            line = _SPACES.sub(" ", text[:200]).strip()[:80]
            if 6 <= len(line) and sum(c.isdigit() for c in line) >= 4:
                found = _library(functools.partial(custom_parse, line, "%Y-%m-%d", low, high), None)
                if found:
                    return str(found)
    return None


def _without_header(tree: HtmlElement) -> HtmlElement:
    from copy import deepcopy

    copy = deepcopy(tree)
    for element in list(_header_elements(copy)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return copy


# --- provenance ------------------------------------------------------------------------


def _same_site(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def find_republished(
    tree: HtmlElement, meta: Metadata, lines: Iterable[str], byline: str | None
) -> str | None:
    """Where the article was first published, when the page says so; ``lines`` are its body blocks."""
    own = host(meta.url)
    canonical = host(meta.canonical_url)
    if own and canonical and not _same_site(own, canonical):
        return meta.canonical_url
    body = list(lines)
    return _source_line(tree, own) or _agency(meta, body, byline)


def _source_line(tree: HtmlElement, own: str) -> str | None:
    """A "Read the original" link, or a "Source: X" line outside figures and tables."""
    terms = page_terms()
    phrases = tuple(p.casefold() for p in terms.original_phrases)
    return _original_link(tree, own, phrases) or _source_label(tree, own, _label_pattern(terms.source_labels))


def _original_link(tree: HtmlElement, own: str, phrases: tuple[str, ...]) -> str | None:
    """The link of a "Read the original" / "Originally published in" line, when it leaves the site."""
    # Same-site links (most of a page's) are left out by the XPath engine, in C.
    anchors = _offsite_anchors()(tree, own=own) if own else _http_anchors()(tree)
    for anchor in anchors:
        parent = anchor.getparent()
        holder = anchor if parent is None else parent
        context = _SPACES.sub(" ", holder.text_content()[:_MAX_LINE]).casefold()
        if not any(p in context for p in phrases):
            continue  # tested first: most anchors fail here, and parsing their URL costs more
        href = str(anchor.get("href")).strip()
        if not _same_site(own, host(href)):
            return href
    return None


def _source_label(tree: HtmlElement, own: str, labels: re.Pattern[str]) -> str | None:
    """A short "Source: X" line: its off-site link, or X."""
    for node in _labelled_texts()(tree):
        if not labels.match(node[:_MAX_LINE].lstrip()):
            continue
        element = node.getparent()
        if element is None or any(
            a.tag in ("figure", "figcaption", "table") for a in element.iterancestors()
        ):
            continue
        line = _SPACES.sub(" ", element.text_content()[:_MAX_LINE]).strip()
        if len(line) > 120 or not labels.match(line):
            continue
        for anchor in element.iter("a"):
            href = (anchor.get("href") or "").strip()
            if href.startswith("http") and not _same_site(own, host(href)):
                return href
        rest = labels.sub("", line, count=1).strip(" .")
        if rest:
            return rest
    return None


@functools.cache
def _offsite_anchors() -> etree.XPath:
    return etree.XPath("//a[starts-with(@href,'http')][not(contains(@href, $own))]")


@functools.cache
def _http_anchors() -> etree.XPath:
    return etree.XPath("//a[starts-with(@href,'http')]")


@functools.cache
def _labelled_texts() -> etree.XPath:
    return etree.XPath("//text()[contains(., ':')][not(parent::script or parent::style)]")


@functools.cache
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^(?:{alternatives})\s?:\s*", re.IGNORECASE)


def _agency_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One whole-word pattern per agency, matching its credits as written or in capitals (built once)."""
    return lang.derived("pages.metadata.agencies", _build_agency_patterns)


def _build_agency_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    patterns = []
    for name, aliases in page_terms().agencies.items():
        forms = sorted({a for alias in aliases for a in (alias, alias.upper())}, key=len, reverse=True)
        alternatives = "|".join(re.escape(f) for f in forms)
        patterns.append((name, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")))
    return tuple(patterns)


_DATELINE_WIRE = re.compile(r"^[^()\n]{0,60}\(([^()\n]{2,40})\)\s*[-–—:]")
_TRAILING_WIRE = re.compile(r"(?:\(([^()\n]{2,40})\)|[-–—/]\s*([^\s()][^()\n]{1,38}))\s*\.?$")


def _agency(meta: Metadata, body: list[str], byline: str | None) -> str | None:
    """A wire agency credited in the byline, the authors, the dateline or the closing line."""
    site = meta.site or ""
    places = [byline or "", *meta.authors]
    places = [p[:_MAX_LINE] for p in places if p]
    if body:
        first, last = body[0][:_MAX_LINE], body[-1][-_MAX_LINE:]
        match = _DATELINE_WIRE.match(first)
        if match:
            places.append(match.group(1))
        match = _TRAILING_WIRE.search(last)
        if match:
            places.append(match.group(1) or match.group(2))
        if len(last) <= 60:
            places.append(last)
    for place in places:
        for name, pattern in _agency_patterns():
            if pattern.search(place) and not pattern.search(site):
                return name
    return None


def is_source_line(text: str) -> bool:
    """A short line that credits where the text comes from: "Source: X", "Quelle : X"."""
    return len(text) <= 120 and bool(_label_pattern(page_terms().source_labels).match(text.strip()))


def strip_credit_label(text: str) -> str:
    """'Photo: Reuters / J. Smith' -> 'Reuters / J. Smith'."""
    line = text.strip()[:_MAX_LINE].strip("() ")
    line = _label_pattern(page_terms().credit_labels).sub("", line, count=1)
    return line.lstrip("©").strip() or text.strip()
