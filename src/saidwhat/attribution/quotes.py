"""Stage 3, find quotations: pair quotation marks into :class:`~saidwhat.core.model.Quote` spans.

Why a scanner and not a regular expression: marks nest, a straight ``"`` both
opens and closes, one character can open one style and close another (``“``
opens English quotes and closes German ``„…“``), and ``’`` is far more often an
apostrophe than a closing quote. One left-to-right pass per block with a small
stack decides each mark from its context (what stands just before and after
it) and from what is already open.

A mark that never finds its partner is dropped at the end of its paragraph: a
stray mark costs that one quotation and never the others (the counter-example
is textacy's ``direct_quotations``, which drops every quote of a document with
an odd number of marks).

Multi-paragraph quotations follow the printing convention: a paragraph that
leaves a quotation open (its text ending like a sentence), followed by a
paragraph that begins with the same opening mark, continues it. The Quote then
has one inner part per paragraph and its span runs from the first opening mark
to the final closing one.

The mark pairs are data (``lang/common/quote_marks.json``, :func:`saidwhat.lang.quote_marks`), validated on load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.model import Article, Block, BlockKind, Quote, Span
from ..core.options import Options
from ..core.resources import Context
from ..lang import QuoteMarks, parse_quote_marks, quote_marks
from ..nlp.tokens import line_spans
from .bounds import analysed_blocks

__all__ = ["FindQuotations", "QuoteMarks", "find_quotes", "parse_quote_marks", "quote_marks"]

MAX_DEPTH = 8  # deeper nesting than this is not prose: further openers are ignored
MAX_PARAGRAPHS = 30  # a quotation continued over more paragraphs than this is a stray mark
_OPEN_CONTEXT = frozenset("([{—–-/:;")  # after these, a mark opens (as after a space)
_SENTENCE_END = frozenset(".!?…:;" + quote_marks().chars("closers"))
_CONTINUED_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.BLOCKQUOTE})


@dataclass(slots=True)
class _Open:
    """A quotation opened and not yet closed."""

    char: str
    first: int  # offset of the very first opening mark: the start of the Quote's span
    part_start: int  # start of the inner part in the current paragraph
    parts: list[Span] = field(default_factory=list)  # inner parts of earlier paragraphs


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


class _BlockScanner:
    """Pairs the marks of one block; what is left open at its end is in ``stack``."""

    def __init__(self, text: str, block: Span, marks: QuoteMarks) -> None:
        self.text = text
        self.block = block
        self.marks = marks
        self.stack: list[_Open] = []
        self.quotes: list[Quote] = []
        self._last: dict[str, int] = {}

    # -- context -----------------------------------------------------------------------------
    def _around(self, i: int, end: int) -> tuple[str | None, str | None]:
        prev = self.text[i - 1] if i > self.block.start else None
        nxt = self.text[end] if end < self.block.end else None
        return prev, nxt

    def _is_mark(self, c: str | None) -> bool:
        return c is not None and (c in self.marks.closers_of or c in self.marks.openers_of)

    def _opening_context(self, prev: str | None, nxt: str | None) -> bool:
        before = prev is None or prev.isspace() or prev in _OPEN_CONTEXT or self._is_mark(prev)
        return before and nxt is not None and not nxt.isspace()

    def _closing_context(self, prev: str | None, nxt: str | None) -> bool:
        after = nxt is None or nxt.isspace() or not nxt.isalnum()
        return prev is not None and not prev.isspace() and after

    def _elision(self, i: int) -> bool:
        """'90s, 'em, rock 'n' roll: an apostrophe at the start of a word."""
        j = i + 1
        limit = min(self.block.end, i + 9)
        while j < limit and self.text[j].isalnum():
            j += 1
        word = "'" + self.text[i + 1 : j].lower()
        if (
            j < self.block.end
            and self.text[j] in self.marks.apostrophes
            and word + "'" in self.marks.elisions
        ):
            return True
        digits = word[1:].rstrip("s")
        return word in self.marks.elisions or (len(digits) == 2 and digits.isdigit())

    def _later(self, c: str, i: int) -> bool:
        """Whether ``c`` occurs again later in the block (O(1) after one rfind per mark)."""
        if c not in self._last:
            self._last[c] = self.text.rfind(c, self.block.start, self.block.end)
        return self._last[c] > i

    def _possessive(self, c: str, i: int, prev: str | None, nxt: str | None) -> bool:
        """the players' union: a plural possessive, when another closer follows later."""
        return prev in ("s", "S") and nxt is not None and nxt.isspace() and self._later(c, i)

    # -- decisions ---------------------------------------------------------------------------
    def _open_index(self, c: str) -> int:
        """Index in the stack of the innermost quotation that ``c`` closes, or -1."""
        openers = self.marks.openers_of.get(c)
        if not openers:
            return -1
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k].char in openers:
                return k
        return -1

    def _decide(self, c: str, i: int) -> str:
        """'open', 'close' or 'skip' for the mark ``c`` at offset ``i``."""
        prev, nxt = self._around(i, i + len(c))
        can_open = c in self.marks.closers_of
        can_close = self._open_index(c) >= 0
        opening = self._opening_context(prev, nxt)
        closing = self._closing_context(prev, nxt)
        if c in self.marks.apostrophes:
            if prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum():
                return "skip"  # don't, Clinton's, O'Malley
            if can_close and closing and not self._possessive(c, i, prev, nxt):
                return "close"
            if can_open and opening and not self._elision(i):
                return "open"
            return "skip"
        if can_open and c in self.marks.openers_of.get(c, ()):  # symmetric: " or ＂
            if opening and not closing:
                return "open"
            if closing and not opening:
                return "close" if can_close else "skip"
            return "close" if can_close else "open"
        if can_close and (closing or not opening or not can_open):
            return "close"
        return "open" if can_open else "skip"

    def _close(self, c: str, i: int) -> None:
        """Close the innermost quotation that ``c`` (at ``i``) closes."""
        k = self._open_index(c)
        entry = self.stack[k]
        del self.stack[k:]  # quotations opened inside it and never closed are dropped
        parts = list(entry.parts)
        last = _trim(self.text, entry.part_start, i)
        if last is not None:
            parts.append(last)
        if parts:
            self.quotes.append(Quote(Span(entry.first, i + len(c)), parts, entry.char, c))

    def scan(self, carried: _Open | None) -> None:
        start = self.block.start
        if carried is not None:
            first = _trim(self.text, start, self.block.end)
            if first is not None and self.text.startswith(carried.char, first.start):
                carried.part_start = start = first.start + len(carried.char)
                self.stack.append(carried)
        for m in self.marks.pattern.finditer(self.text, start, self.block.end):
            c, i = m.group(), m.start()
            action = self._decide(c, i)
            if action == "close":
                self._close(c, i)
            elif action == "open" and len(self.stack) < MAX_DEPTH:
                self.stack.append(_Open(c, i, i + len(c)))

    def carry(self) -> _Open | None:
        """The outermost quotation left open, if its paragraph ends like a sentence."""
        if not self.stack:
            return None
        entry = self.stack[0]
        part = _trim(self.text, entry.part_start, self.block.end)
        if part is None or self.text[part.end - 1] not in _SENTENCE_END:
            return None
        if len(entry.parts) >= MAX_PARAGRAPHS:
            return None
        entry.parts.append(part)
        return entry


def _set_depths(quotes: list[Quote]) -> None:
    quotes.sort(key=lambda q: (q.span.start, -q.span.end))
    ends: list[int] = []
    for q in quotes:
        while ends and ends[-1] <= q.span.start:
            ends.pop()
        q.depth = len(ends)
        ends.append(q.span.end)


def find_quotes(
    text: str, blocks: Sequence[Block] | None = None, marks: QuoteMarks | None = None
) -> list[Quote]:
    """Every quotation of ``text``, in order of position; ``blocks`` default to its lines (as paragraphs)."""
    marks = marks or quote_marks()
    if blocks is None:
        blocks = [Block(BlockKind.PARAGRAPH, s) for s in line_spans(text)]
    ordered = sorted(blocks, key=lambda b: b.span.start)
    quotes: list[Quote] = []
    carried: _Open | None = None
    for n, block in enumerate(ordered):
        scanner = _BlockScanner(text, block.span, marks)
        scanner.scan(carried)
        quotes.extend(scanner.quotes)
        nxt = ordered[n + 1] if n + 1 < len(ordered) else None
        continues = nxt is not None and block.kind in _CONTINUED_KINDS and nxt.kind in _CONTINUED_KINDS
        carried = scanner.carry() if continues else None
    _set_depths(quotes)
    return quotes


class FindQuotations:
    """Stage: set ``article.quotes`` from the quotation marks of the article's blocks."""

    @classmethod
    def create(cls, context: Context) -> FindQuotations:
        """The stage for a pipeline's context (:mod:`saidwhat.core.resources`)."""
        return cls(context.options, quote_marks())

    def __init__(self, options: Options, marks: QuoteMarks | None = None) -> None:
        self.options = options
        self.marks = marks or quote_marks()

    def __call__(self, article: Article) -> Article:
        blocks = analysed_blocks(article.text, article.blocks)  # past the bounds of .bounds, the part read
        article.quotes = find_quotes(article.text, blocks or article.blocks or None, self.marks)
        return article
