"""The unit every attribution rule works on, and the state one article's rule pass shares.

A rule never looks at a whole article: it looks at one *unit* (a sentence, or
the sentences one quotation runs over), tokenised once and capped at
``MAX_UNIT_TOKENS`` so that every rule's work stays bounded on hostile text.
The limits used by more than one rule module live here too, so that the
modules after this one depend on it and on nothing circular; the function
words they test (relatives, clause openers, auxiliaries) are the languages'
data, in ``r.lex`` (:class:`~.lexicon.Lexicon`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..core.model import Article, Block, Quote, Span, Statement
from ..nlp.tokens import Token, sentences_of_tokens, tokenize
from .lexicon import Lexicon, normalise

__all__ = [
    "MAX_ADVERBS",
    "Match",
    "Rules",
    "Unit",
    "capitalised",
    "clause_end",
    "make_unit",
    "token_span",
    "units_of",
]


MAX_UNIT_TOKENS = 250  # a longer sentence is cut: bounds every rule's work

MAX_ADVERBS = 4  # tokens allowed between a source and its cue (has also said)

_FINAL = frozenset({".", "!", "?", "…", "...", ")", "]"})


@dataclass(slots=True)
class Unit:
    """The tokens a rule looks at: one sentence (or a few joined by a quotation)."""

    tokens: list[Token]
    words: list[str]  # normalised token texts
    quoted: list[bool]  # token inside a quotation (marks included): its cues are not the article's
    block: Block


@dataclass(slots=True)
class Match:
    """What a rule found, before it becomes a Statement."""

    rule: str
    cue: tuple[int, int]  # token range
    source: tuple[int, int] | None
    content: list[Span]
    that: bool = False  # content introduced by "that", a colon or a quotation
    relay: bool = True  # the content may hold a relayed statement


@dataclass(slots=True)
class Rules:
    """State of one article's rule pass."""

    article: Article
    lex: Lexicon
    quotes: list[Quote]  # outermost quotations, by position
    starts: list[int] = field(default_factory=list)
    found: list[Statement] = field(default_factory=list)
    cue_starts: frozenset[str] = frozenset()  # first words of the cues: no other word starts one
    speech_nouns: frozenset[str] = frozenset()  # the lexicon's, read once per article
    normal: dict[str, str] = field(default_factory=dict)  # token text -> its normalised word

    def __post_init__(self) -> None:
        self.starts = [q.span.start for q in self.quotes]
        self.cue_starts = _cue_starts(self.lex)
        self.speech_nouns = self.lex.words["speech_nouns"]

    @property
    def text(self) -> str:
        return self.article.text

    # -- quotations ------------------------------------------------------------------------
    def quote_at(self, offset: int) -> Quote | None:
        """The outermost quotation whose span contains ``offset``."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.quotes[k].span.end:
            return self.quotes[k]
        return None

    def opens(self, tok: Token) -> bool:
        """The token is the opening mark of a quotation."""
        q = self.quote_at(tok.start)
        return q is not None and q.span.start == tok.start

    def closes(self, tok: Token) -> bool:
        """The token is the closing mark of a quotation."""
        q = self.quote_at(tok.start)
        return q is not None and q.span.end == tok.end

    def quote_after(self, offset: int) -> Quote | None:
        """The quotation that starts right after ``offset`` (only spaces between)."""
        k = bisect.bisect_left(self.starts, offset)
        if k < len(self.quotes) and not self.text[offset : self.quotes[k].span.start].strip():
            return self.quotes[k]
        return None

    def next_id(self) -> str:
        """Ids follow the order statements are found, which stage.py renumbers later."""
        return f"r{len(self.found) + 1}"


def units_of(r: Rules, block: Block) -> list[Unit]:
    """The units of a block: its sentences, cut where a quotation opens after a stop and joined
    where one quotation runs over several; long ones are cut to bound the work."""
    block_tokens = tokenize(r.text, block.span.start, block.span.end)
    spans = [piece for s in sentences_of_tokens(r.text, block_tokens) for piece in _split_at_quotes(r, s)]
    merged: list[Span] = []
    for s in spans:
        if merged:
            q = r.quote_at(merged[-1].end - 1)
            if q is not None and q.span.end > merged[-1].end and s.start < q.span.end + 1:
                merged[-1] = Span(merged[-1].start, s.end)
                continue
        merged.append(s)
    units = []
    for span in merged:
        # the block's tokens, from tokenize's memo when whitespace bounds the span (nlp.tokens)
        tokens = tokenize(r.text, span.start, span.end)
        for k in range(0, len(tokens), MAX_UNIT_TOKENS):
            units.append(make_unit(r, tokens[k : k + MAX_UNIT_TOKENS], block))
    return units


def _split_at_quotes(r: Rules, span: Span) -> list[Span]:
    """Cut a sentence where a quotation opens after a full stop (``said. ''We ...''``), which the
    sentence splitter may miss with unusual marks."""
    out = []
    start = span.start
    k = bisect.bisect_right(r.starts, span.start)
    while k < len(r.quotes) and r.quotes[k].span.start < span.end:
        q = r.quotes[k].span.start
        before = r.text[start:q].rstrip()
        if before and before[-1] in ".!?" and len(before) < len(r.text[start:q]):
            out.append(Span(start, start + len(before)))
            start = q
        k += 1
    out.append(Span(start, span.end))
    return out


_CUE_STARTS: dict[int, tuple[Lexicon, frozenset[str]]] = {}  # by the lexicon's id (one or two per process)


def _cue_starts(lex: Lexicon) -> frozenset[str]:
    """The first words of the lexicon's cues, computed once per lexicon, not once per article."""
    known = _CUE_STARTS.get(id(lex))
    if known is not None and known[0] is lex:
        return known[1]
    starts = frozenset(words[0] for words in lex.cues)
    if len(_CUE_STARTS) > 16:
        _CUE_STARTS.clear()
    _CUE_STARTS[id(lex)] = (lex, starts)
    return starts


def make_unit(r: Rules, tokens: list[Token], block: Block) -> Unit:
    """Normalise the words once and mark quoted tokens, so that no rule recomputes them.

    A word's normal form is remembered for the article (``r.normal``: an article repeats its
    words), and the quoted tokens are found in one walk along the quotations, which are in order
    and do not overlap, as the tokens are."""
    normal = r.normal
    words = []
    for t in tokens:
        word = normal.get(t.text)
        if word is None:
            word = normal[t.text] = normalise(t.text)
        words.append(word)
    return Unit(tokens, words, _quoted(r, tokens), block)


def _quoted(r: Rules, tokens: list[Token]) -> list[bool]:
    """``[r.quote_at(t.start) is not None for t in tokens]`` for tokens in order of their starts."""
    starts, quotes = r.starts, r.quotes
    if not tokens or not quotes:
        return [False] * len(tokens)
    n = len(starts)
    k = bisect.bisect_right(starts, tokens[0].start) - 1
    out = []
    for t in tokens:
        offset = t.start
        while k + 1 < n and starts[k + 1] <= offset:
            k += 1
        out.append(k >= 0 and offset < quotes[k].span.end)
    return out


def capitalised(tok: Token) -> bool:
    """A capital letter is the main sign of a name in text without a tagger (also inside a brand
    written with a small first letter: iFixit, eBay)."""
    t = tok.text
    return t[:1].isupper() or (len(t) > 2 and t[0].islower() and t[1].isupper() and t[2:3].islower())


def clause_end(u: Unit, lo: int) -> int:
    """Index after the last token of the unit that is not its final punctuation."""
    e = len(u.tokens)
    while e > lo and u.words[e - 1] in _FINAL:
        e -= 1
    return e


def token_span(u: Unit, a: int, b: int) -> Span | None:
    """The text span of tokens ``[a, b)``, None when empty (a rule found nothing there)."""
    return Span(u.tokens[a].start, u.tokens[b - 1].end) if b > a else None
