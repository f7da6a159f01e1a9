"""How much of an article the analysis reads: a bound per paragraph and per article.

The analysis stages (quotations, attributions, and through them speakers) keep a
few hundred bytes per token of what they read, and the tagger's attributes of a
batch of tokens some kilobytes each, so their memory grows with the text: a 20 MB
text (the default ``--max-bytes``) on one line passed 1 GB before the time limit
stopped it. Prose a reader reads is far from the sizes that matter: on the
extraction benchmark's 181 pages a paragraph has at most 12,494 characters and an
article at most 53,254; in PolNeAR's texts 2,573 and 33,601. So the analysis reads

- at most :data:`MAX_BLOCK_CHARS` characters of each block (paragraph, heading...),
  cut at the last space before the bound when there is one;
- at most :data:`MAX_ARTICLE_CHARS` characters of the article's blocks in all, in
  text order: blocks after the budget is spent are not read.

What is not read is still the article's text (``article.text`` and its blocks are
unchanged, and reported as they are): no quotation or statement is found in it.
The same 400,000 characters bound the text the speaker stage reads
(:mod:`saidwhat.speakers`). With these bounds a 20 MB text of any of the hostile
shapes of ``bench/fuzz.py`` peaks under 500 MB (BENCHMARKS.md, issue 12).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..core.model import Block, BlockKind, Span
from ..nlp.tokens import line_spans

__all__ = ["MAX_ARTICLE_CHARS", "MAX_BLOCK_CHARS", "analysed_blocks"]

MAX_BLOCK_CHARS = 50_000
MAX_ARTICLE_CHARS = 400_000
_SPACES = " \n\t"


def analysed_blocks(text: str, blocks: Sequence[Block] | None) -> list[Block] | None:
    """The parts of ``blocks`` (default: the lines of ``text``, as paragraphs) the analysis reads,
    in text order; None when that is all of them (every text within the bounds)."""
    if len(text) <= min(MAX_BLOCK_CHARS, MAX_ARTICLE_CHARS):
        return None
    given = list(blocks) if blocks else [Block(BlockKind.PARAGRAPH, s) for s in line_spans(text)]
    ordered = sorted(given, key=lambda b: b.span.start)
    kept: list[Block] = []
    budget = MAX_ARTICLE_CHARS
    for block in ordered:
        if budget <= 0:
            break
        span = block.span
        end = _cut(text, span.start, span.end, span.start + min(MAX_BLOCK_CHARS, budget))
        kept.append(block if end == span.end else replace(block, span=Span(span.start, end)))
        budget -= end - span.start
    if len(kept) == len(ordered) and all(k is b for k, b in zip(kept, ordered)):
        return None
    return kept


def _cut(text: str, start: int, end: int, bound: int) -> int:
    """Where a block from ``start`` to ``end`` ends when read up to ``bound``: the last space
    before the bound, or the bound itself in a run of characters without one."""
    if bound >= end:
        return end
    space = max(text.rfind(c, start, bound + 1) for c in _SPACES)
    return space if space > start else bound
