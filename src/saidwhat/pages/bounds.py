"""Bounds on an HTML page's markup, applied before the page is parsed.

The HTML parser (libxml2, through lxml) runs as one C call, which the time
limit cannot interrupt, and part of its work is not linear: each attribute of
an element is appended at the end of the element's list of attributes, so one
tag with 200,000 attributes (2.3 MB) kept it busy for minutes whatever
``--max-seconds`` said. Real pages are far from such numbers: on the
extraction benchmark a tag has at most 22 attributes and a page at most 1,709
elements. So, before parsing:

- the attributes of a tag beyond :data:`MAX_ATTRIBUTES` are dropped (a
  degraded parse: the tag, its first attributes and its content stay), which
  bounds the parser's work to a page's size times :data:`MAX_ATTRIBUTES`;
- a page with more than :data:`MAX_TAGS` tags is refused
  (:class:`~saidwhat.core.errors.InputTooLarge`): every later stage walks the tree
  (about 60 µs a tag in all), and the tree's memory grows with it.

Tags are found as the HTML tokenizer finds them (comments and the text of
scripts and style sheets hold none), so that an attribute value holding ``>``
hides no attributes from the count.
"""

from __future__ import annotations

import functools
import re

from ..core.errors import InputTooLarge

__all__ = ["MAX_ATTRIBUTES", "MAX_TAGS", "bound_markup"]

MAX_ATTRIBUTES = 100
MAX_TAGS = 20_000

# The HTML tokenizer's start tag: a name, then attributes (name, optional "=" and value) and separators.
_WS = r"[\t\n\f\r ]"
_ATTRIBUTE = re.compile(
    rf"""[^\t\n\f\r />][^\t\n\f\r />=]*(?>{_WS}*={_WS}*(?>"[^"]*"|'[^']*'|[^\t\n\f\r >]*))?"""
)
_ATTRIBUTES = re.compile(rf"(?>{_WS}+|/|{_ATTRIBUTE.pattern})*+")  # possessive: linear, no backtracking
_OPENING = re.compile(r"<(!--|[A-Za-z][^\t\n\f\r />]*)")
# An opening and its attributes in one search: a comment's opening, or a tag's name then its attributes.
_TAG = re.compile(rf"<(?:(!--)|([A-Za-z][^\t\n\f\r />]*)({_ATTRIBUTES.pattern}))")
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})


def bound_markup(page: str) -> str:
    """The page with each tag's attributes beyond :data:`MAX_ATTRIBUTES` dropped; raises
    InputTooLarge for a page of more than :data:`MAX_TAGS` tags.

    One regex search finds a tag and its attributes (:data:`_TAG`: the opening of
    :data:`_OPENING`, then :data:`_ATTRIBUTES` from its end), and the attributes are counted only
    when they are long enough to hold too many: the loop runs once per tag of the page."""
    kept: list[str] = []
    done = pos = tags = 0
    search = _TAG.search
    while (found := search(page, pos)) is not None:
        name = found.group(2)
        if name is None:  # a comment
            end = page.find("-->", found.end(1))
            pos = len(page) if end < 0 else end + 3
            continue
        tags += 1
        if tags > MAX_TAGS:
            raise InputTooLarge(f"the page has more than {MAX_TAGS:,} tags")
        start, end = found.span(3)
        cut = _cut(page, start, end) if end - start > 2 * MAX_ATTRIBUTES else None
        if cut is not None:
            kept.append(page[done:cut])
            done = end
        lower = name.lower()
        pos = _after_raw_text(page, lower, end) if lower in _RAW_TEXT else end
    return "".join(kept) + page[done:] if kept else page


def _cut(page: str, start: int, end: int) -> int | None:
    """Where a tag's attributes from ``start`` to ``end`` must be cut, or None when they are few."""
    if end - start <= 2 * MAX_ATTRIBUTES:  # an attribute and its separator take 2 characters at least
        return None
    for count, attribute in enumerate(_ATTRIBUTE.finditer(page, start, end), 1):
        if count == MAX_ATTRIBUTES:
            return attribute.end()
    return None


def _after_raw_text(page: str, name: str, start: int) -> int:
    """The position of the end tag that closes a script, a style sheet (...): no tag is inside them."""
    close = _closing(name).search(page, start)
    return len(page) if close is None else close.start()


@functools.cache
def _closing(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}(?![^\t\n\f\r />])", re.IGNORECASE)
