"""Tokens and sentences over an article's text, with exact character offsets.

The tokenizer follows Penn Treebank conventions closely enough for the
attribution tagger (trained on CoreNLP tokens of PolNeAR): words keep inner
hyphens and apostrophes, clitics (``n't``, ``'s``) are split off,
abbreviations keep their dots, and every punctuation mark is its own token.
Sentences end at ``.``, ``!`` or ``?`` (possibly followed by closing quotes or
brackets) before a capitalised word, unless the token before the dot is a
known abbreviation or an initial; a paragraph boundary always ends one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import lang
from ..core.model import Span
from ..lang import TokenizerExceptions

__all__ = ["ABBREVIATIONS", "Token", "sentences", "sentences_of_tokens", "tokenize"]

# a site named by its address (Polygraph.info, Amazon.com) is one word, as Penn Treebank tokenizers
# read it; the common top-level domains only, so that a full stop with no space after it
# ("said.The") still ends a word
_TLD = "com|org|net|info|gov|edu|io|co|uk|tv|news|de|fr|es|eu|ru|in|au|ca"
_DOMAIN = rf"[A-Za-z][A-Za-z0-9-]{{0,60}}(?:\.(?:{_TLD}))+(?![\w-])(?!\.\w)"


def _pattern(exceptions: TokenizerExceptions) -> re.Pattern[str]:
    """The token pattern with a language's clitics; linear: alternatives are tried at each
    position, none nests quantifiers."""
    apostrophe = "['’]"
    negation = apostrophe.join(re.escape(p) for p in exceptions.negation.split("'"))
    clitics = "|".join(re.escape(c) for c in exceptions.clitics)
    split = [f"{negation}\\b"] if negation else []
    split += [f"{apostrophe}(?:{clitics})\\b"] if clitics else []
    return re.compile(
        "|".join(
            [_DOMAIN, r"(?:[A-Za-z]\.){2,}(?![A-Za-z])", r"\d+(?:[.,:]\d+)*%?"]  # Amazon.com / U.S. / 1,000 3.5 45%
            + ([negation] if negation else [])  # clitic: don't -> do n't
            + ([f"{apostrophe}(?:{clitics})(?![\\w])"] if clitics else [])  # clitics 's 're 've 'll 'd 'm
            + [
                r"[^\W\d_](?:[\w]|[-'’](?=\w))*?(?=" + "|".join([*split, r"[^\w'’-]|$|[-'’](?!\w))"]),
                r"\w+",
                r"\.\.\.|…|--|[–—]",
                r"\S",
            ]
        )
    )


# The tokenizer follows the default language (its clitics and abbreviations, lang/en/tokenizer.json).
_EXCEPTIONS = lang.default().tokenizer
_TOKEN = _pattern(_EXCEPTIONS)
ABBREVIATIONS = _EXCEPTIONS.abbreviations

_MAX_TOKEN = 200  # a "word" longer than this is split: bounds the work on hostile input


@dataclass(slots=True, frozen=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]``, with offsets into ``text``.

    The stages tokenize the same paragraphs several times (the tagger's views, the rules' units, the
    speakers' sentences), and parts of them: the ranges of the last text tokenized are remembered
    (:class:`_Memo`), and a range found again, or a part of one with whitespace (or the range's
    edge) on both sides, takes the tokens from there. Tokenizing that part alone gives the same
    tokens: no token crosses whitespace, and the tokenizer reads a word the same whether whitespace
    or the end of the text follows it (``tests/nlp`` checks both on varied text)."""
    end = len(text) if end is None else end
    memo = _MEMO[0]
    if memo is not None and memo.text is text:
        known = memo.get(start, end)
        if known is not None:
            return known
    else:
        memo = _MEMO[0] = _Memo(text)
    out = _tokenize(text, start, end)
    memo.add(start, end, out)
    return out


def _tokenize(text: str, start: int, end: int) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.span()
        while e - s > _MAX_TOKEN:
            out.append(Token(s, s + _MAX_TOKEN, text[s : s + _MAX_TOKEN]))
            s += _MAX_TOKEN
        out.append(Token(s, e, text[s:e]))
    return out


class _Memo:
    """The ranges of one text tokenized so far, with their tokens (kept as tuples: callers get lists
    of their own). One text at a time, so the memory is that of the text's tokens."""

    LIMIT = 4096  # ranges kept for one text

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact: dict[tuple[int, int], tuple[Token, ...]] = {}
        self.ranges: list[tuple[int, int, tuple[Token, ...], list[int]]] = []  # appended to only

    def add(self, start: int, end: int, tokens: list[Token]) -> None:
        if len(self.ranges) < self.LIMIT and end > start:
            kept = tuple(tokens)
            self.exact[(start, end)] = kept
            self.ranges.append((start, end, kept, [t.start for t in tokens]))

    def get(self, start: int, end: int) -> list[Token] | None:
        found = self.exact.get((start, end))
        if found is not None:
            return list(found)
        text = self.text
        for lo, hi, tokens, starts in reversed(self.ranges):
            if lo <= start and end <= hi:  # whitespace or the range's edge on both sides (see tokenize)
                if not (start == lo or text[start - 1].isspace()) or not (end == hi or text[end].isspace()):
                    continue
                return list(tokens[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)])
        return None


_MEMO: list[_Memo | None] = [None]  # the last text's (one slot, replaced whole: safe across threads)


_MARKS = lang.quote_marks()
_CLOSERS = frozenset(_MARKS.chars("closers") + ")]")
_OPENERS = _MARKS.chars("sentence_openers") + "("
_ENDERS = frozenset(".!?…")


def _ends_sentence(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    if tok.text not in _ENDERS and tok.text != "...":
        return False
    if tok.text == "." and i > 0:
        prev = tokens[i - 1]
        if prev.end == tok.start:
            low = prev.text.lower()
            if low in ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper()):
                return False
            if _caps_name_goes_on(tokens, i):
                return False
    return True


def _caps_name_goes_on(tokens: list[Token], i: int) -> bool:
    """``the ID. SPACE VIZZION``: a short word in capitals with a full stop, followed by two more
    words in capitals, is one name written in capitals (a product, a model), not two sentences.
    (``said the FBI. NATO officials said``: one word in capitals after the stop ends the sentence.)"""
    if i + 2 >= len(tokens):
        return False
    prev, nxt, after = tokens[i - 1].text, tokens[i + 1].text, tokens[i + 2].text
    return (
        2 <= len(prev) <= 4
        and _all_caps(prev)
        and _all_caps(nxt)
        and _all_caps(after)
        and len(nxt) >= 2
        and len(after) >= 2
    )


def _all_caps(word: str) -> bool:
    return word.isalpha() and word.isupper()


def _opens(text: str, tok: Token) -> bool:
    """A straight quote glued to the next word opens a quotation rather than closing one."""
    return tok.text in "\"'" and tok.end < len(text) and text[tok.end].isalnum()


def _sentences_in(text: str, block: Span) -> list[Span]:
    return sentences_of_tokens(text, tokenize(text, block.start, block.end))


def sentences_of_tokens(text: str, tokens: list[Token]) -> list[Span]:
    """Sentence spans over ``tokens``, the tokens of one block (as :func:`tokenize` gives them), for a
    caller that has them already: :func:`sentences` of that block, without tokenizing it again."""
    spans: list[Span] = []
    begin = 0
    i = 0
    n = len(tokens)
    while i < n:
        if _ends_sentence(tokens, i):
            j = i + 1
            while j < n and tokens[j].text in _CLOSERS and not _opens(text, tokens[j]):
                j += 1
            nxt = tokens[j] if j < n else None
            if nxt is None or nxt.text[:1].isupper() or nxt.text[:1] in _OPENERS:
                spans.append(Span(tokens[begin].start, tokens[j - 1].end))
                begin = j
                i = j
                continue
        i += 1
    if begin < n:
        spans.append(Span(tokens[begin].start, tokens[-1].end))
    return spans


def sentences(text: str, blocks: Iterable[Span] | None = None) -> list[Span]:
    """Sentence spans of ``text``; ``blocks`` (paragraphs) default to its non-empty lines."""
    if blocks is None:
        blocks = line_spans(text)
    out: list[Span] = []
    for block in blocks:
        out.extend(_sentences_in(text, block))
    return out


def line_spans(text: str) -> list[Span]:
    """Spans of the non-blank lines of ``text``, stripped of surrounding whitespace."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e))
    return spans
