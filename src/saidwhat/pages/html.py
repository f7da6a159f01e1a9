"""Clean an HTML page: the article's blocks, each with its kind, and the page's metadata.

trafilatura finds the main text (with its own readability and jusText
fallbacks); its XML body keeps the kind of each block (``head``, ``p``,
``quote``, ``list``, ``table``), which becomes a :class:`~saidwhat.core.model.BlockKind`.
What trafilatura leaves out but belongs to the article, figure captions, photo
credits and the byline, is read from the page itself and put back in reading
order, found by matching trafilatura's paragraphs to the page's elements
(:class:`_PageIndex`). The same match gives each paragraph's link density and
container, from which two general rules correct trafilatura: a short block
that is mostly link text is a list of related articles (removed, kept in
``article.removed``), and a prose paragraph in a container of the same kind
as the kept paragraphs' is article text that trafilatura missed (a body split
into several containers around ads).

Every setting below was measured on the article-extraction benchmark
(``bench/extraction.py``, whose docstring holds the table): no reader comments
+0.007 F1, precision mode +0.004, link lists +0.001, sibling containers +0.002,
default mode again when precision mode finds almost nothing +0.004, blocks that
are a phrase of the shared furniture phrase list (the languages' ``furniture.json``)
+0.0006, precision mode without trafilatura's comparison with readability and
jusText (its ``fast`` option) +0.0009 and a fifth of the page stage's time.

Speed (``bench/pages_speed.py``): the page is parsed once (:func:`parse_html`)
and the one tree serves metadata, trafilatura (which copies it, as it prunes
what it reads) and the matching of blocks; the elements named by their class
(date bars, captions, bylines) are found in one pass (:func:`.metadata.scan_page`). Adding readability's paragraphs that trafilatura missed, on pages
where our body is short beside the page's prose, gained nothing (0.9709 to
0.9722 over the triggers tried) and is not done. The
text-dump furniture classifier (:mod:`.furniture`) made every variant tried
worse on HTML (it was built for text dumps and drops real paragraphs of
trafilatura's output), so it is off: :data:`USE_FURNITURE_CLASSIFIER`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml.html import HtmlElement

from .. import lang
from ..core.model import Article, BlockKind, Removed
from ..core.options import Options
from ..lang import quote_marks
from .bounds import bound_markup
from .builder import TextBuilder
from .urls import usable_url

if TYPE_CHECKING:
    from .metadata import PageScan

__all__ = ["clean_html", "clean_references", "html_blocks", "parse_html"]

_MAX_BLOCK = 20_000  # characters: a longer "paragraph" is cut before any regex sees it
_SPACES = re.compile(r"\s+")
_CREDIT_CLASS = re.compile(r"credit|copyright|photographer|source", re.IGNORECASE)
_TEXT_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})


@dataclass(slots=True)
class Piece:
    """One block on its way into the article: kind, text, and its position in the page (or -1)."""

    kind: BlockKind
    text: str
    position: int = -1
    links: float = 0.0  # share of the text that is link text
    source: HtmlElement | None = None  # the page element the text comes from, when found


def parse_html(page: str) -> HtmlElement | None:
    """The page's lxml tree, as trafilatura's loader makes it (it repairs what lxml alone would refuse),
    from the page with its invalid character references cleaned and its markup bounded (:mod:`.bounds`).

    The loader first deletes the characters XML forbids with a regex over the
    whole page, a third of its time (0.2 s of 0.65 s on the benchmark pages),
    though pages almost never hold one. Here the test is done on the UTF-8
    bytes in C (``bytes.translate``); a page that holds one goes through the
    loader as it is, any other through the same parser and repairs without
    the scan (the trees are identical on all benchmark pages).
    """
    from trafilatura.utils import load_html

    page = bound_markup(clean_references(page))  # the parser cannot be interrupted: its work is bounded
    if _xml_forbidden(page):
        tree: HtmlElement | None = load_html(page)
        return tree
    return _load_valid(page)


# A numeric character reference; as in browsers and libxml2 the closing ";" may be missing.
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));?")
_MAX_DIGITS = 8  # more significant digits name no character (beyond U+10FFFF): no int() of a huge string


def clean_references(page: str) -> str:
    """The page with its numeric character references to characters XML forbids cleaned away.

    The HTML parser turns ``&#1;`` or ``&#65535;`` into that character in the
    tree, where no XML string may hold it: trafilatura then fails on the page
    and the article is lost. The literal characters are deleted before parsing
    (trafilatura's loader, :func:`_xml_forbidden`), and so are references to
    them; a reference that names no character (0, a surrogate, beyond
    U+10FFFF) is U+FFFD, as the HTML standard says and the parser already does.
    """
    if "&#" not in page:
        return page
    return _CHAR_REF.sub(_clean_reference, page)


def _clean_reference(match: re.Match[str]) -> str:
    hex_digits, digits = match.groups()
    significant = (hex_digits or digits).lstrip("0")
    if len(significant) > _MAX_DIGITS:
        return "\ufffd"
    code = int(significant or "0", 16 if hex_digits else 10)
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\ufffd"
    if code in (9, 10, 13) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000:
        return match.group(0)  # a character XML allows: the parser resolves it
    return ""


_XML_FORBIDDEN = bytes(b for b in range(32) if b not in (9, 10, 13))  # as trafilatura's INVALID_XML_CHARS
_NOT_FORBIDDEN = bytes(b for b in range(256) if b not in _XML_FORBIDDEN)


def _xml_forbidden(page: str) -> bool:
    """True when the page holds a character that XML forbids (C0 controls, U+FFFE, U+FFFF)."""
    data = page.encode("utf-8", "surrogatepass")
    return bool(data.translate(None, _NOT_FORBIDDEN)) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data


def _load_valid(page: str) -> HtmlElement | None:
    """trafilatura's ``load_html`` for a page without forbidden characters: same parser, repairs and checks."""
    from lxml.html import fromstring
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, HTML_PARSER, fromstring_bytes, is_dubious_html

    beginning = page[:50].lower()
    dubious = is_dubious_html(beginning)
    # trafilatura's repair_faulty_html without its character scan: a doctype lxml misreads, a self-closing <html/>.
    if "doctype" in beginning:
        first, _, rest = page.partition("\n")
        page = DOCTYPE_TAG.sub("", first, count=1) + "\n" + rest
    for line in page[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            page = FAULTY_HTML.sub(r"\1>", page, count=1)
            break
    tree: HtmlElement | None = None
    parsed_bytes = False
    try:
        tree = fromstring(page, parser=HTML_PARSER)
    except ValueError:  # a string with an encoding declaration: lxml wants bytes
        tree, parsed_bytes = fromstring_bytes(page), True
    except Exception:  # noqa: BLE001 - as trafilatura: a page lxml cannot parse has no tree
        tree = None
    if (tree is None or len(tree) < 1) and not parsed_bytes:
        tree = fromstring_bytes(page)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def clean_html(article: Article, options: Options) -> None:
    """Set the article's text, blocks, removed furniture and metadata from its HTML page."""
    from .metadata import extract_metadata, find_republished, scan_page, strip_credit_label

    tree = parse_html(article.page)
    if tree is None:
        return
    url = article.metadata.url = usable_url(article.metadata.url or article.input.record)
    scan = scan_page(tree)
    meta = article.metadata = extract_metadata(tree, url, article.metadata, scan)
    _plain_inline(tree)
    document = _trafilatura(tree, meta.url)
    pieces = list(html_blocks(tree, document, meta.title, scan))
    _source_credits(pieces)
    pieces = _apply_furniture(pieces, article.removed)
    body = [p.text for p in pieces if p.kind in (BlockKind.PARAGRAPH, BlockKind.BLOCKQUOTE)]
    byline = next((p.text for p in pieces if p.kind is BlockKind.BYLINE), None)
    meta.republished_from = meta.republished_from or find_republished(tree, meta, body, byline)
    credit = next((p.text for p in pieces if p.kind is BlockKind.CREDIT), None)
    if credit and not meta.photo_credit:
        meta.photo_credit = strip_credit_label(credit)
    builder = TextBuilder()
    for piece in pieces:
        builder.add(piece.kind, piece.text)
    article.text, article.blocks = builder.text, builder.blocks


_INLINE = frozenset({"span", "a", "em", "strong", "b", "i", "u", "small", "abbr", "cite", "q", "mark", "sup", "sub"})


def _plain_inline(tree: HtmlElement) -> None:
    """Inline markup inside a paragraph loses its class and id: trafilatura's precision mode drops
    elements by class name, and "has reported that <span class="link"><a>the NFL will fine
    Rudolph</a></span> for his role" lost the words in the middle of the sentence. Words inside a
    paragraph are the paragraph's; only the block around them is furniture or not."""
    for p in tree.iter("p"):
        _drop_cards(p)
        for el in p.iterdescendants():
            if isinstance(el.tag, str) and el.tag in _INLINE:
                el.attrib.pop("class", None)
                el.attrib.pop("id", None)


@dataclass(slots=True)
class _Inside:
    """What an element holds, counted once for a paragraph's whole subtree."""

    image: bool = False
    links: int = 0
    headline: bool = False  # a link of five words or more
    card_inside: bool = False


def _drop_cards(p: HtmlElement) -> None:
    """Take out hover cards and teaser boxes set inside a paragraph's markup (a politician's name
    whose card lists three headlines of other stories: "Rep. Ilhan Omar<span><img><a>Ilhan
    Omar</a><a>Hillicon Valley: ...</a>..."): an inline element holding an image and two or more
    links, one of them a headline. Only the innermost such element goes, so the linked name
    before it stays. One pass from the leaves up: linear in the paragraph's markup."""
    seen: dict[HtmlElement, _Inside] = {}
    cards = []
    for el in reversed(list(p.iter())):  # descendants before their ancestors
        if not isinstance(el.tag, str):
            continue
        inside = seen.get(el) or _Inside()
        if el.tag == "img":
            inside.image = True
        elif el.tag == "a":
            inside.links += 1
            inside.headline = inside.headline or len(el.text_content().split()) >= 5
        card = el.tag in _INLINE and el is not p and inside.image and inside.links >= 2 and inside.headline
        if card and not inside.card_inside:
            cards.append(el)
        parent = el.getparent()
        if parent is not None and el is not p:
            up = seen.setdefault(parent, _Inside())
            up.image, up.links = up.image or inside.image, up.links + inside.links
            up.headline = up.headline or inside.headline
            up.card_inside = up.card_inside or card or inside.card_inside
    for el in cards:
        el.clear(keep_tail=True)  # an empty element stays, the text after it too (drop_tree is quadratic)


_TAIL = 3  # closing blocks where a "Source: X" line is a credit, not article text


def _source_credits(pieces: list[Piece]) -> None:
    """A closing "Source: X" line credits the outlet the text comes from: a credit block."""
    from .metadata import is_source_line

    for piece in pieces[-_TAIL:]:
        if piece.kind is BlockKind.PARAGRAPH and is_source_line(piece.text):
            piece.kind = BlockKind.CREDIT


SHORT_BODY = 500  # characters: a shorter precision-mode body is extracted again in trafilatura's default mode


def _trafilatura(tree: HtmlElement, url: str | None) -> Any:
    """trafilatura's body in precision mode; in its default mode when precision mode finds almost nothing.

    In precision mode trafilatura's comparison with readability and jusText
    is skipped (``fast``): it cost a fifth of the page stage's time and, on
    the benchmark, changed 5 pages for a net loss (F1 0.9722 with it, 0.9731
    without). The default-mode retry keeps it: it is the fallback for pages
    where precision mode finds almost nothing.
    """
    document = _bare_extraction(tree, url, precision=True)
    if _body_length(document) < SHORT_BODY:
        second = _bare_extraction(tree, url, precision=False)
        if _body_length(second) > _body_length(document):
            return second
    return document


def _bare_extraction(tree: HtmlElement, url: str | None, precision: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        favor_precision=precision,
        fast=precision,  # no readability/jusText comparison in precision mode (see _trafilatura)
        include_tables=True,
        output_format="python",
    )


def _body_length(document: Any) -> int:
    if document is None or document.body is None:
        return 0
    return sum(len(t) for t in document.body.itertext())


def html_blocks(
    tree: HtmlElement, document: Any, title: str | None, scan: PageScan | None = None
) -> Iterator[Piece]:
    """The article's pieces in reading order: title, byline, body blocks with captions and credits."""
    if scan is None:
        from .metadata import scan_page

        scan = scan_page(tree)
    body = [] if document is None or document.body is None else list(_body_pieces(document.body))
    captions = _caption_elements(tree, scan.captions)
    bylines = scan.bylines
    index = _PageIndex(tree, {str(e.tag) for e in captions + bylines})
    for piece in body:
        source = index.element(piece.text)
        if source is not None:
            piece.position, piece.links, piece.source = index.order[source], _link_share(source), source
    body = list(_merge_side_pieces(body, _sibling_paragraphs(body, index)))
    title_piece = _title_piece(body, title)
    if title_piece is not None:
        yield title_piece
    byline = _byline(bylines, index, body)
    if byline is not None:
        yield byline
    yield from _merge_side_pieces(body, list(_figure_pieces(captions, index, body)))


def _title_piece(body: list[Piece], title: str | None) -> Piece | None:
    """The page's title: trafilatura's first heading when it is the title, else the metadata title."""
    if body and body[0].kind is BlockKind.HEADING and title and _norm(body[0].text) == _norm(title):
        first = body.pop(0)
        first.kind = BlockKind.TITLE
        return first
    for i, piece in enumerate(body[:3]):  # a first-level heading equal to the title, after a kicker
        if piece.kind is BlockKind.HEADING and title and _norm(piece.text) == _norm(title):
            body.pop(i)
            piece.kind = BlockKind.TITLE
            return piece
    return Piece(BlockKind.TITLE, title) if title else None


def _body_pieces(body: Any) -> Iterator[Piece]:
    for element in body:
        tag = element.tag
        if tag == "head":
            yield _piece(BlockKind.HEADING, element)
        elif tag == "quote":
            inner = [c for c in element if c.tag == "p"]
            for part in inner or [element]:
                yield _piece(BlockKind.BLOCKQUOTE, part)
        elif tag == "list":
            for item in element.iter("item"):
                if item.getparent() is element:
                    yield _piece(BlockKind.PARAGRAPH, item)
        elif tag != "graphic":
            yield _piece(BlockKind.PARAGRAPH, element)


def _piece(kind: BlockKind, element: Any) -> Piece:
    return Piece(kind, _text(element))


def _text(element: Any) -> str:
    from trafilatura.xml import xmltotxt

    tail, element.tail = element.tail, None
    try:
        text: str = xmltotxt(element, include_formatting=False)
    finally:
        element.tail = tail
    return text.strip()[:_MAX_BLOCK]


def _norm(text: str) -> str:
    # str.split() splits on the characters that \s matches: the same key as a regex, at half its cost
    return " ".join(text[:_MAX_BLOCK].split()).casefold()


class _PageIndex:
    """Where a piece of text sits in the page: the element it comes from, found by its opening words."""

    __slots__ = ("_first", "order", "paragraphs")

    KEY = 40  # characters of normalised text that identify a block

    def __init__(self, tree: HtmlElement, extra_tags: set[str]) -> None:
        self._first: dict[str, HtmlElement] = {}
        self.order: dict[HtmlElement, int] = {}
        self.paragraphs: list[HtmlElement] = []
        # Only the tags that matter are visited (C-level filter): document order among them is enough.
        for i, element in enumerate(tree.iter(*(_TEXT_TAGS | extra_tags))):
            self.order[element] = i
            if element.tag == "p":
                self.paragraphs.append(element)
            if element.tag in _TEXT_TAGS:
                key = _norm(_text_head(element, self.KEY * 2))[: self.KEY]
                if key and key not in self._first:
                    self._first[key] = element

    def element(self, text: str) -> HtmlElement | None:
        return self._first.get(_norm(text)[: self.KEY])


def _link_share(element: HtmlElement) -> float:
    """The share of an element's text that is link text (high in lists of related articles)."""
    total = sum(len(t.strip()) for t in element.itertext())
    if not total:
        return 0.0
    linked = sum(len(t.strip()) for a in element.iter("a") for t in a.itertext())
    return min(1.0, linked / total)


def _text_head(element: HtmlElement, size: int) -> str:
    """The first ``size`` or so characters of an element's text, without joining all of it."""
    first = element.text or ""
    if len(first) >= size:  # most paragraphs: their first text node is long enough
        return first[: size * 2]
    parts: list[str] = []
    length = 0
    for text in element.itertext():
        parts.append(text)
        length += len(text)
        if length >= size:
            break
    return "".join(parts)[: size * 2]


def _element_text(element: HtmlElement) -> str:
    return "".join(element.itertext())[:_MAX_BLOCK]


_MIN_RECOVERED = 80  # characters: shorter paragraphs are too often labels and buttons
_OUTSIDE = frozenset({"aside", "nav", "footer", "header", "figure", "form", "figcaption", "button", "label"})


def _signature(element: HtmlElement) -> tuple[str, ...] | None:
    """Tag and class of a paragraph's parent and grandparent; None when neither has a class."""
    parent = element.getparent()
    grand = parent.getparent() if parent is not None else None
    if parent is None or grand is None:
        return None
    classes = (parent.get("class") or "").strip(), (grand.get("class") or "").strip()
    if not any(classes):
        return None
    return (str(parent.tag), classes[0], str(grand.tag), classes[1])


_CODE = re.compile(r"[{}<>]|&lt;|\w\(|=\s*[\"'\d]")
_SENTENCE_END = (".", "!", "?", "…", *quote_marks().chars("sentence_closers"), "。", "！", "？", ")")


def _prose(text: str, element: HtmlElement) -> bool:
    """Running text: a sentence that ends, with no script, style or code in it."""
    if element.find(".//script") is not None or element.find(".//style") is not None:
        return False
    return text.endswith(_SENTENCE_END) and len(_CODE.findall(text[:_MAX_BLOCK])) <= 1


def _sibling_paragraphs(body: list[Piece], index: _PageIndex) -> list[Piece]:
    """Paragraphs trafilatura left out of containers like the ones it took (a body split by ads).

    Pages cut their article into several containers of one kind; trafilatura
    sometimes keeps only the first. A ``<p>`` whose parent and grandparent have
    the tag and class of a kept paragraph's, with little link text and outside
    asides, navigation and figures, is article text too.
    """
    signatures = {sig for p in body if p.source is not None and (sig := _signature(p.source)) is not None}
    if not signatures:
        return []
    taken = {p.source for p in body if p.source is not None}
    seen = {_norm(p.text)[: _PageIndex.KEY] for p in body}
    found: list[Piece] = []
    for element in index.paragraphs:
        if element in taken or _signature(element) not in signatures:
            continue
        text = _SPACES.sub(" ", _element_text(element)).strip()
        key = _norm(text)[: _PageIndex.KEY]
        if (
            len(text) < _MIN_RECOVERED
            or key in seen
            or _link_share(element) >= 0.5
            or not _prose(text, element)
        ):
            continue
        if any(a.tag in _OUTSIDE for a in element.iterancestors()):
            continue
        seen.add(key)
        found.append(Piece(BlockKind.PARAGRAPH, text, index.order[element], source=element))
    return found


def _merge_side_pieces(body: list[Piece], side: list[Piece]) -> Iterator[Piece]:
    """Body pieces in order, each side piece (caption, credit) before the first body piece after it."""
    side = sorted(side, key=lambda p: p.position)
    j = 0
    for piece in body:
        while j < len(side) and piece.position >= 0 and side[j].position < piece.position:
            yield side[j]
            j += 1
        yield piece
    yield from side[j:]


def _article_range(body: list[Piece]) -> tuple[int, int] | None:
    positions = [p.position for p in body if p.position >= 0]
    if not positions:
        return None
    return min(positions), max(positions)


_LEAD_SLACK = 40  # text elements before the first paragraph where the lead image's caption may sit


def _figure_pieces(captions: list[HtmlElement], index: _PageIndex, body: list[Piece]) -> Iterator[Piece]:
    """Captions and photo credits inside the article's range of the page."""
    bounds = _article_range(body)
    if bounds is None:
        return
    start, end = bounds[0] - _LEAD_SLACK, bounds[1]
    seen: set[str] = {_norm(p.text) for p in body}
    for element in captions:
        position = index.order.get(element, -1)
        if not start <= position <= end:
            continue
        for kind, text in _split_credit(_SPACES.sub(" ", _element_text(element)).strip(), element):
            key = _norm(text)
            if key and key not in seen:
                seen.add(key)
                yield Piece(kind, text, position)


def _caption_elements(tree: HtmlElement, named: list[HtmlElement]) -> list[HtmlElement]:
    """Figure captions, and elements named caption or credit (``named``) that are not inside one."""
    found: list[HtmlElement] = list(tree.iter("figcaption"))
    inside = {d for f in found for d in f.iterdescendants()}
    for element in named:
        if element.tag in _NOT_CAPTIONS or element in inside:
            continue
        if any(a in inside or a.tag == "figcaption" for a in element.iterancestors()):
            continue
        if element.find(".//figcaption") is None:
            found.append(element)
            inside.update(element.iterdescendants())
    return found


_NOT_CAPTIONS = frozenset({"figcaption", "img", "figure", "body", "html", "script", "style"})


def _split_credit(text: str, element: HtmlElement) -> list[tuple[BlockKind, str]]:
    """A caption, a credit, or a caption ending in a credit ("... Photo: Reuters"), as pieces."""
    if not text or len(text) > 1000:
        return []
    classes = element.get("class") or ""
    if (
        element.tag != "figcaption"
        and _CREDIT_CLASS.search(classes)
        and not re.search("caption", classes, re.IGNORECASE)
    ):
        return [(BlockKind.CREDIT, text)]
    match = _credit_pattern().search(text)
    if match is None:
        return [(BlockKind.CAPTION, text)]
    caption, credit = text[: match.start()].strip(), text[match.start() :].strip()
    return [(k, t) for k, t in ((BlockKind.CAPTION, caption), (BlockKind.CREDIT, credit)) if t]


def _byline_pattern() -> re.Pattern[str]:
    """ "By X", "Von X", "Par X": a byline word of the page terms, then a name."""
    from .metadata import page_terms

    def build() -> re.Pattern[str]:
        words = "|".join(re.escape(w) for w in page_terms().byline_words)
        return re.compile(rf"^(?:{words})\s+\S", re.IGNORECASE)

    return lang.derived("pages.html.byline", build)


def _credit_pattern() -> re.Pattern[str]:
    """A photo credit at the end of a caption, from the page terms' credit labels (built once)."""
    return lang.derived("pages.html.credit", _build_credit_pattern)


def _build_credit_pattern() -> re.Pattern[str]:
    from .metadata import page_terms

    labels = "|".join(re.escape(label) for label in page_terms().credit_labels)
    # "Photo: X", "(Photo: X)", "© X" at the end of a caption; the credit itself is short.
    return re.compile(rf"(?:\(\s*)?(?:(?:{labels})\s*[:/]|©)\s*[^\n]{{1,120}}$", re.IGNORECASE)


def _byline(candidates: list[HtmlElement], index: _PageIndex, body: list[Piece]) -> Piece | None:
    """The byline: trafilatura's first paragraph when it reads "By ...", else a byline element by the article."""
    first = body[0] if body else None
    if (
        first
        and first.kind is BlockKind.PARAGRAPH
        and len(first.text) < 120
        and _byline_pattern().match(first.text)
    ):
        body.pop(0)
        first.kind = BlockKind.BYLINE
        return first
    bounds = _article_range(body)
    if bounds is None:
        return None
    for element in candidates:
        if not bounds[0] - _LEAD_SLACK <= index.order.get(element, -1) <= bounds[1]:
            continue  # the byline of another story, in a list or a sidebar
        text = _SPACES.sub(" ", _element_text(element)).strip()
        if 0 < len(text) <= 120:
            return Piece(BlockKind.BYLINE, text)
    return None


_LINK_SHARE = 0.8  # a short block that is this much link text is a list of links (related articles)
_LINK_WORDS = 60
_RELABEL = {"caption": BlockKind.CAPTION, "credit": BlockKind.CREDIT, "byline": BlockKind.BYLINE}
_TEXT_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.HEADING})
USE_FURNITURE_CLASSIFIER = False  # measured: lowers F1 on the benchmark (see the module docstring)
_FURNITURE_WORDS = 12  # when used: only short lines, at the opening or closing of the article


def _apply_furniture(pieces: list[Piece], removed: list[Removed]) -> list[Piece]:
    """Take out what is still furniture in trafilatura's output: lists of links, then classified lines."""
    kept: list[Piece] = []
    for piece in pieces:
        if (
            piece.kind in _TEXT_KINDS
            and piece.links >= _LINK_SHARE
            and len(piece.text.split()) <= _LINK_WORDS
        ):
            removed.append(Removed("links", piece.text))
        else:
            kept.append(piece)
    kept = _phrase_lines(kept, removed)
    classify = _furniture_classifier()
    return kept if classify is None else _classified(kept, removed, classify)


# A whole block equal to a furniture phrase, or a phrase label ("Read more: ..."); phrases found only
# inside a longer block are not enough (measured: the prefix rule costs recall).
_PHRASE_HOWS = frozenset({"exact", "label"})
_PHRASE_WORDS = 12


def _phrase_lines(pieces: list[Piece], removed: list[Removed]) -> list[Piece]:
    """Short blocks that are a furniture phrase of the shared phrase list, removed with its kind."""
    try:
        from .furniture_data import furniture_data
    except ImportError:
        return pieces
    match_line = getattr(furniture_data(), "match", None)
    if match_line is None:
        return pieces
    kept: list[Piece] = []
    for piece in pieces:
        match = None
        if piece.kind in _TEXT_KINDS and len(piece.text.split()) <= _PHRASE_WORDS:
            match = match_line(piece.text)
        if match is not None and match.how in _PHRASE_HOWS:
            removed.append(Removed(str(match.kind), piece.text))
        else:
            kept.append(piece)
    return kept


def _classified(pieces: list[Piece], removed: list[Removed], classify: Any) -> list[Piece]:
    candidates = [i for i, p in enumerate(pieces) if p.kind is BlockKind.PARAGRAPH]
    labels: list[str] = classify([pieces[i].text.replace("\n", " ") for i in candidates])
    furniture = {
        i
        for i, label in zip(candidates, labels)
        if label == "furniture" and len(pieces[i].text.split()) <= _FURNITURE_WORDS
    }
    drop = _edges(furniture, len(pieces))
    for i, label in zip(candidates, labels):
        if i in drop:
            removed.append(Removed("furniture", pieces[i].text))
        elif label in _RELABEL:
            pieces[i].kind = _RELABEL[label]
    return [p for i, p in enumerate(pieces) if i not in drop]


def _edges(drop: set[int], count: int) -> set[int]:
    """Only the runs of furniture that open or close the article: furniture is not read mid-article."""
    edges: set[int] = set()
    i = 0
    while i in drop:
        edges.add(i)
        i += 1
    i = count - 1
    while i in drop:
        edges.add(i)
        i -= 1
    return edges


def _furniture_classifier() -> Any:
    """The text-dump classifier's ``classify_lines``, when it is switched on and present."""
    if not USE_FURNITURE_CLASSIFIER:
        return None
    try:
        from .furniture import classify_lines
    except ImportError:
        return None
    return classify_lines
