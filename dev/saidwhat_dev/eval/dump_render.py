"""Turn HTML pages into the text dumps a scraper makes: the measure of saidwhat's text-dump path.

Crawled corpora hold pages that someone already turned into text: the visible
text of the page, one line per element, the site's menus, teasers, captions
and credits still inside, no markup. To score saidwhat's text-dump cleaner on
real pages, the benchmark's HTML is rendered here by three independent
renderers, each giving the body's text with blank lines dropped:

- ``lxml``: saidwhat's own naive scraper: scripts, styles and forms' hidden
  parts out, one line per block element (``p``, ``div``, ``li``, ``h1``-``h6``,
  ``td``, ``figcaption``, ...), inline text joined with single spaces;
- ``inscriptis`` (PyPI ``inscriptis``): a layout-aware HTML-to-text converter;
- ``html2text`` (PyPI ``html2text``): Markdown-flavoured text, links, images
  and emphasis left out, no hard wrapping (headings keep their ``#``).

The two library renderers are optional (the ``test`` extra installs them);
:func:`available` says which renderers can run here and why the others cannot.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.html
from lxml import etree

__all__ = ["RENDERERS", "available", "render", "render_lxml"]

# Elements that start a line of their own in a browser (and so in a naive scraper's dump).
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Never visible text.
_INVISIBLE = frozenset(
    ["script", "style", "noscript", "template", "svg", "head", "iframe", "object", "select", "textarea"]
)
_SPACE = re.compile(r"\s+")


def _lines(text: str) -> str:
    """One stripped line per non-blank line, single spaces inside."""
    out = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in out if line)


def render_lxml(html: bytes | str) -> str:
    """The visible text of the page's body, one line per block element."""
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    body = root.find(".//body")
    parts: list[str] = []
    _walk(body if body is not None else root, parts)
    return _lines("".join(parts))


def _walk(element: etree._Element, parts: list[str]) -> None:
    """Text of ``element`` and its children in document order, a newline around each block."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _INVISIBLE or not isinstance(element.tag, str) or _hidden(element):
        return
    block = tag.lower() in _BLOCKS
    if block:
        parts.append("\n")
    if element.text:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def _hidden(element: etree._Element) -> bool:
    """``hidden`` and ``display:none`` elements: a scraper reading the DOM text skips them too."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style


def render_inscriptis(html: bytes | str) -> str:
    from inscriptis import get_text

    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    return _lines(get_text(text))


def render_html2text(html: bytes | str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.body_width = 0
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    return _lines(converter.handle(text))


RENDERERS: dict[str, Callable[[bytes | str], str]] = {
    "lxml": render_lxml,
    "inscriptis": render_inscriptis,
    "html2text": render_html2text,
}
_MODULES = {"inscriptis": "inscriptis", "html2text": "html2text"}


def available() -> dict[str, str]:
    """Renderer name -> "" when it can run here, else the reason it cannot."""
    import importlib.util

    out = {}
    for name in RENDERERS:
        module = _MODULES.get(name)
        missing = module is not None and importlib.util.find_spec(module) is None
        out[name] = f"the {module} package is not installed (pip install {module})" if missing else ""
    return out


def render(name: str, html: bytes | str) -> str:
    """The dump of ``html`` by renderer ``name`` (KeyError for an unknown name)."""
    return RENDERERS[name](html)
