"""Clean a plain-text dump of a scraped page: keep the article, set the site's furniture aside.

The lines of the dump are cut and labelled by the furniture classifier
(:func:`~.furniture.classify_segments`). Title, headings and paragraphs become
the article's text; captions, photo credits, bylines and datelines become
blocks of their own kind; everything else goes to ``article.removed`` with its
furniture kind, so nothing is silently lost. What the furniture says about the
page is kept as metadata: the date bar of the site's header (``page_date``,
never the publication date), a "Published ..." line (``published``), a photo
credit (``photo_credit``), the byline's names (``authors``), and a "Source: X" /
"Read the original at X" line or a wire agency in the dateline
(``republished_from``).

Which lines are the article body is then decided for the page as a whole by
the layout model (:mod:`.dump_layout`, a CRF over the segments), which reads
the classifier's labels as evidence; the structure around the body (title,
captions, credits, byline, dateline) stays the classifier's.

A batch can pass a :class:`~.furniture_profile.BatchProfile`: lines that repeat
on many pages of the same site are then removed as furniture too.
"""

from __future__ import annotations

import re

from ..core.errors import EmptyInput
from ..core.model import Article, BlockKind, Removed
from ..core.options import Options
from ..core.resources import Resources, shared_resources
from .builder import TextBuilder
from .dump_layout import LAYOUT_MODEL, relabel
from .furniture import LINE_MODEL, Classified, SiteProfile, classify_segments
from .furniture_data import FurnitureData, furniture_data, normalise
from .furniture_features import SegmentFacts
from .furniture_profile import BatchProfile

__all__ = ["classify_dump", "clean_text", "credit_line", "parse_date"]

_KINDS = {
    "title": BlockKind.TITLE,
    "heading": BlockKind.HEADING,
    "paragraph": BlockKind.PARAGRAPH,
    "caption": BlockKind.CAPTION,
    "credit": BlockKind.CREDIT,
    "byline": BlockKind.BYLINE,
    "dateline": BlockKind.DATELINE,
}
_NUMERIC_DATE = re.compile(
    r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b|\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"
)
_CLOCK = re.compile(r"\b\d{1,2}[:h]\d{2}(?:\s?(?:am|pm|AM|PM|Uhr))?")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_CREDIT_HEAD = re.compile(r"^\(?\s?[^:()]{1,30}:\s?")
_NAME_SPLIT = re.compile(r"\s(?:and|et|und|y|&)\s|;")
_CREDIT_SPLIT = re.compile(r"[\s/|]+")
_CREDIT_WORDS = 12  # a credit line is short
_CREDIT_CHARS = 160
_CREDIT_STOPS = 0.2  # "Photo by Jane Doe / Getty Images" at most; a sentence has more
# The part of a dump that is read (the rest is dropped): the line classifier and the layout model
# keep the words of each line (some 120 bytes a word) and the features of each line and of its
# neighbours (some 6 KB a line), for the whole page at once; a 20 MB dump of long lines peaked at
# 620 MB in this stage alone, 125,000 short lines at 1.2 GB. A news page's dump has 10 to 100 KB
# and a few hundred lines.
_MAX_CHARS = 2_000_000
_MAX_LINES = 20_000


def clean_text(
    article: Article, options: Options, profile: BatchProfile | None = None, resources: Resources | None = None
) -> None:
    """Set ``article.text``, ``blocks``, ``removed`` and metadata from the dump in ``article.page``
    (``resources``: where the models come from; default: the process's, ``shared_resources``)."""
    lines = article.page[:_MAX_CHARS].split("\n")[:_MAX_LINES]
    if not any(line.strip() for line in lines):
        raise EmptyInput("the text dump is empty", article.input.path)
    site = profile.site(article.input.record or article.input.path) if profile else None
    data = furniture_data()
    items = [_as_credit(item, data) for item in classify_dump(lines, site, resources or shared_resources(options))]
    builder = TextBuilder()
    for item in items:
        if item.label == "furniture":
            article.removed.append(Removed(item.kind, item.text))
        else:
            builder.add(_KINDS[item.label], item.text)
    article.text, article.blocks = builder.text, builder.blocks
    _metadata(article, items, data)


def classify_dump(
    lines: list[str], site: SiteProfile | None = None, resources: Resources | None = None
) -> list[Classified]:
    """The dump's segments labelled by the classifier, with the body decided by the layout model
    (both from ``resources``; default: the process's)."""
    resources = resources or shared_resources(Options())
    layout = resources.get(LAYOUT_MODEL)

    def relabel_page(
        facts: list[SegmentFacts], xs: list[dict[str, float]], probs: list[dict[str, float]], labels: list[str]
    ) -> list[str]:
        return relabel(facts, xs, probs, labels, layout)

    return classify_segments(lines, site, resources.get(LINE_MODEL), relabel_page)


def _as_credit(item: Classified, data: FurnitureData) -> Classified:
    """A photo credit line that the classifier removed or kept as text is a credit block:
    "Main photo source: AFP / REUTERS", "(AP Photo/Evan Vucci)", "Getty Images"."""
    if item.label in ("credit", "caption", "title", "byline", "dateline") or item.kind == "copyright":
        return item
    if item.text.lstrip("( ").startswith("©") or not credit_line(item.text, data):
        return item  # "© Site 2026. All rights reserved." is the site's, not a photo's
    return Classified(item.segment, "credit", "", item.confidence)


def credit_line(text: str, data: FurnitureData | None = None) -> bool:
    """A line that credits a photo: a credit head before a colon, an agency alone or with the
    photographer's name, or either in parentheses."""
    if len(text) > _CREDIT_CHARS:
        return False
    data = data or furniture_data()
    words = text.split()
    if not 0 < len(words) <= _CREDIT_WORDS:
        return False
    if _labelled_credit(text, data) or (
        ":" in text[:60] and normalise(text.split(":", 1)[0]) in data.credit_heads
    ):
        return True
    if not data.agency_re.search(text) or text.rstrip()[-1:] in "!?" or _source_named(text, data):
        return False  # "Quelle: dpa" names where the text comes from, not who took a photo
    lower = [w.lower().strip("()/,.") for w in _CREDIT_SPLIT.split(text) if w.strip("()/,.")]
    return data.stop_ratio(lower) <= _CREDIT_STOPS  # a name, agencies, "via", "Photo": no sentence


def _metadata(article: Article, items: list[Classified], data: FurnitureData) -> None:
    meta = article.metadata
    for item in items:
        if item.kind == "date-bar" and meta.page_date is None:
            meta.page_date = parse_date(item.text, data)
        elif item.kind in ("date", "meta") and meta.published is None:
            meta.published = parse_date(item.text, data)
        elif item.kind == "republished" and meta.republished_from is None:
            meta.republished_from = _source_named(item.text, data)
        elif item.label == "byline" and not meta.authors:
            meta.authors = _authors(item.text, data)
    if meta.republished_from is None:  # no "Source:" line: a wire agency in the dateline
        agencies = (data.agency_re.search(i.text) for i in items if i.label == "dateline")
        meta.republished_from = next((a.group(0) for a in agencies if a), None)
    credits = [i.text for i in items if i.label == "credit"]
    labelled = [c for c in credits if _labelled_credit(c, data)]
    agency = [c for c in credits if data.agency_re.search(c[:200])]
    if meta.photo_credit is None and (labelled or agency):
        meta.photo_credit = _strip_credit((labelled or agency)[0])
    if meta.title is None:
        meta.title = next((i.text for i in items if i.label == "title"), None)


def parse_date(text: str, data: FurnitureData | None = None) -> str | None:
    """ISO date (YYYY-MM-DD) of a date written out in one of the known languages, or None."""
    data = data or furniture_data()
    text = _CLOCK.sub(" ", text[:200])
    numeric = _NUMERIC_DATE.search(text)
    if numeric:
        g = numeric.groups()
        day, month, year = (g[0], g[1], g[2]) if g[0] else (g[5], g[4], g[3])
        return _iso(int(year), int(month), int(day))
    words = normalise(text.replace("#", " ")).split()
    raw = [w for w in re.split(r"[^\w]+", text) if w]
    month = next((data.months[w] for w in words if w in data.months), None)
    year = next((int(w) for w in raw if _YEAR.match(w)), None)
    day = next((int(w) for w in raw if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), None)
    if month and year and day:
        return _iso(year, month, day)
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _source_named(text: str, data: FurnitureData) -> str | None:
    """X of "Source: X", "Read the original at X", "Original article: X" (an outlet, never link text)."""
    head, sep, rest = text[:300].partition(":")
    if sep and normalise(head) in data.source_heads:
        return _outlet(rest, data)
    words = text[:300].split()
    for n in range(min(8, len(words)), 0, -1):
        if normalise(" ".join(words[:n])) in data.source_heads:
            rest_words = words[n:]
            if rest_words and normalise(rest_words[0]) in data.source_prepositions:
                rest_words = rest_words[1:]
            return _outlet(" ".join(rest_words), data)
    return None


def _outlet(text: str, data: FurnitureData) -> str | None:
    """An outlet's name or a URL, or None: "Source link", "Read the original here" name none.

    A name is written with a capital letter or a digit somewhere (The Kellan Courier,
    dpa-AFX, 20 Minutes) or is a known agency (dpa); a URL or a domain holds a dot."""
    text = text.strip(" .")
    if not text or normalise(text) in data.link_words:
        return None
    if "." in text or any(c.isupper() or c.isdigit() for c in text) or data.agency_re.fullmatch(text):
        return text
    return None


def _labelled_credit(text: str, data: FurnitureData) -> bool:
    """ "Photo: X", "Foto: X", "© X", "Main photo source: X": a credit that names itself."""
    head = normalise(text.split(":", 1)[0]) if ":" in text[:60] else ""
    return head in data.credit_prefixes or head in data.credit_heads or text.lstrip("( ").startswith("©")


def _strip_credit(text: str) -> str:
    text = text.strip().strip("()").strip()
    return _CREDIT_HEAD.sub("", text, count=1).strip() or text


def _authors(text: str, data: FurnitureData) -> list[str]:
    words = text[:300].split()
    for n in (3, 2, 1):
        if len(words) > n and normalise(" ".join(words[:n])) in data.byline_prefixes:
            words = words[n:]
            break
    names = " ".join(words).split(",")[0]
    return [n.strip() for n in _NAME_SPLIT.split(names) if n.strip()]
