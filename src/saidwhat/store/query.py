"""Search queries as a newsroom types them, for SQLite FTS5 and PostgreSQL.

The plain syntax (the default) takes words as they are written in news:
``Ocasio-Cortez``, ``U.S.``, ``O'Brien``, ``quid-pro-quo`` are each searched as
the phrase of the words the index makes of them, never read as operators or
column names. On top of plain words it understands::

    "a phrase"  “a phrase”        the words in this order
    investigat*                   words that begin so (also after stemming: see below)
    a OR b, a AND b, NOT a, -a    operators, in capitals (AND is implied between words)
    ( ... )                       grouping

An operator without an operand is a word (``water NOT`` looks for "water" and
"not"), an unclosed quotation mark or parenthesis closes at the end: a plain
query is never a syntax error. It must have a word to find, not only words to
leave out. The database's own syntax (FTS5 on SQLite, ``to_tsquery`` on
PostgreSQL) stays available with ``fts=True`` (``--fts``).

Both indexes stem English words ("arrests" finds "arrested"), which breaks
prefixes: "investigation" is indexed as ``investig``, which the prefix
``investigat`` does not begin. A second, unstemmed index of the same text keeps
prefixes right: on SQLite a prefix is expanded to the whole words of that
index which begin with it (at most :data:`MAX_EXPANSIONS`, plus the prefix
itself), then searched in the stemmed index, so that the ranking stays one
bm25; on PostgreSQL it is matched against the unstemmed ``simple`` vector.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..core.errors import StoreError
from ..lang import quote_marks
from .text import TEXT_SEARCH

__all__ = [
    "ARTICLES",
    "MAX_DEPTH",
    "MAX_EXPANSIONS",
    "STATEMENTS",
    "Index",
    "Match",
    "parse",
    "postgres_match",
    "postgres_raw",
    "sqlite_match",
    "sqlite_raw",
    "tokens",
]

MAX_EXPANSIONS = 200
_QUOTES = quote_marks().chars("speech")
_CONFIG = TEXT_SEARCH.postgresql  # PostgreSQL text search configuration of the store's language
_LEX = re.compile(rf"\s+|(\()|(\))|([{_QUOTES}])([^{_QUOTES}]*)(?:[{_QUOTES}]|$)(\*?)|([^\s(){_QUOTES}]+)")
_TOKEN = re.compile(r"[^\W_]+")  # what unicode61 keeps as a token: letters and digits
_OPERATORS = ("AND", "OR", "NOT")


@dataclass(slots=True, frozen=True)
class Term:
    """Words to find, in this order; ``prefix``: the last one may go on."""

    text: str
    prefix: bool = False


@dataclass(slots=True, frozen=True)
class Not:
    node: Node


@dataclass(slots=True, frozen=True)
class All:
    nodes: tuple[Node, ...]


@dataclass(slots=True, frozen=True)
class Either:
    nodes: tuple[Node, ...]


Node = Term | Not | All | Either


def tokens(text: str, fold_accents: bool = True) -> list[str]:
    """The words an index makes of ``text``: letters and digits, case-folded (and accent-free)."""
    if fold_accents:
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _TOKEN.findall(text.casefold())


# -- parsing ----------------------------------------------------------------------------------------


def _lex(query: str) -> list[str | Term]:
    """Operators and parentheses as strings, words and phrases as Terms."""
    out: list[str | Term] = []
    for match in _LEX.finditer(query):
        opened, closed, quote, inner, star, word = match.groups()
        if opened or closed:
            out.append(opened or closed)
        elif quote:
            out.append(Term(inner, bool(star)))
        elif word in _OPERATORS:
            out.append(word)
        elif word and word.startswith("-") and word[1:2].isalnum():
            out += ["NOT", Term(word[1:].rstrip("*"), word.endswith("*"))]
        elif word:
            out.append(Term(word.rstrip("*"), word.endswith("*")))
    return out


MAX_DEPTH = 32  # groups in groups: deeper is no search a person writes, and the parser recurses


class _Parser:
    """Recursive descent over the lexed query, lenient: it raises only for groups nested deeper
    than :data:`MAX_DEPTH`."""

    def __init__(self, items: list[str | Term], query: str) -> None:
        self.items = items
        self.query_text = query
        self.at = 0
        self.depth = 0

    def peek(self, ahead: int = 0) -> str | Term | None:
        i = self.at + ahead
        return self.items[i] if i < len(self.items) else None

    def operand_follows(self) -> bool:
        """Whether the item after the current one can start an operand."""
        nxt = self.peek(1)
        return nxt is not None and nxt not in (")", "OR", "AND")

    def query(self) -> Node | None:
        parts: list[Node] = []
        while self.peek() is not None:
            part = self.either()
            if part is not None:
                parts.append(part)
            if self.peek() == ")":  # a parenthesis that closes nothing
                self.at += 1
        return _joined(All, parts)

    def either(self) -> Node | None:
        parts = [p for p in [self.all()] if p is not None]
        while self.peek() == "OR" and parts and self.operand_follows():
            self.at += 1
            part = self.all()
            if part is not None:
                parts.append(part)
        return _joined(Either, parts)

    def all(self) -> Node | None:
        parts: list[Node] = []
        while (item := self.peek()) is not None and item != ")":
            if item in ("OR", "AND") and parts and self.operand_follows():
                if item == "OR":
                    break
                self.at += 1
                continue
            part = self.unary()
            if part is not None:
                parts.append(part)
        return _joined(All, parts)

    def unary(self) -> Node | None:
        item = self.peek()
        if item == "NOT" and self.operand_follows():
            self.at += 1
            inner = self.unary()
            if isinstance(inner, Not):  # NOT NOT x, -(-x): x
                return inner.node
            return Not(inner) if inner is not None else None
        self.at += 1
        if item == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise StoreError(
                    f"search query {self.query_text[:80]!r} nests groups more than {MAX_DEPTH} deep"
                )
            inner = self.either()
            self.depth -= 1
            if self.peek() == ")":
                self.at += 1
            return inner
        if isinstance(item, str):  # an operator without operands is the word
            return Term(item)
        return item if item is not None and tokens(item.text) else None


def _joined(kind: type[All | Either], parts: list[Node]) -> Node | None:
    if len(parts) <= 1:
        return parts[0] if parts else None
    return kind(tuple(parts))


def _finds(node: Node) -> bool:
    """Whether the node finds something by itself, in every part (a NOT only narrows what the
    words beside it find): an AND needs one part that finds and the others narrowing soundly, an
    OR needs every branch to find. ``minister (strike OR NOT union)`` does not: FTS5 writes NOT
    only after what it narrows, and the query reached it as a TypeError (found by atheris)."""
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, All):
        # each part is judged once: judging it twice (for "narrows" and for "finds") doubled the
        # work at every level, and a query of 50 nested groups took minutes (found by bench/fuzz.py)
        found = [_finds(n) for n in node.nodes]
        narrows = all(f or (isinstance(n, Not) and _finds(n.node)) for n, f in zip(node.nodes, found))
        return narrows and any(found)
    return all(_finds(n) for n in node.nodes)


def _terms(node: Node) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, Not):
        yield from _terms(node.node)
    else:
        for n in node.nodes:
            yield from _terms(n)


def _without(node: Node | None, drop: Callable[[Term], bool]) -> Node | None:
    """The query without the terms ``drop`` selects (words the index does not keep)."""
    if node is None or isinstance(node, Term):
        return None if node is None or drop(node) else node
    if isinstance(node, Not):
        inner = _without(node.node, drop)
        return Not(inner) if inner is not None else None
    parts = [p for p in (_without(n, drop) for n in node.nodes) if p is not None]
    return _joined(type(node), parts)


def parse(query: str) -> Node | None:
    """The query as a tree, None when it has no word to search for (only punctuation)."""
    node = _Parser(_lex(query), query).query()
    if node is not None and not _finds(node):
        raise StoreError(
            f"search query {query[:80]!r} only leaves words out: give a word to find as well (NOT a, b)"
        )
    return node


# -- SQL --------------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Index:
    """One searchable text, under each dialect's names for its stemmed and unstemmed indexes."""

    table: str  # the base table, as a query names it ("statements s")
    key: str  # its id column, which the SQLite index's rowid is
    fts: str  # SQLite: FTS5 table, stemmed
    vocabulary: str  # SQLite: fts5vocab table of the unstemmed FTS5 index
    stemmed: str  # PostgreSQL: tsvector column (the store language's configuration)
    words: str  # PostgreSQL: tsvector column (simple)


STATEMENTS = Index(
    "statements s", "s.id", "statements_fts", "statements_words_vocab", "s.content_tsv", "s.content_words"
)
ARTICLES = Index("articles a", "a.id", "articles_fts", "articles_words_vocab", "a.text_tsv", "a.text_words")


@dataclass(slots=True, frozen=True)
class Match:
    """A WHERE condition and a score (higher is better), each with its parameters."""

    where: str
    params: list[Any]
    score: str
    score_params: list[Any]


def _phrase(words: str) -> str:
    return '"' + words.replace('"', '""') + '"'


def _fts5(node: Node, expand: Callable[[str], list[str]]) -> str:
    if isinstance(node, Term):
        if not node.prefix:
            return _phrase(node.text)
        head = tokens(node.text)[:-1]
        alternatives = [_phrase(node.text) + " *"]
        alternatives += [_phrase(" ".join([*head, word])) for word in expand(tokens(node.text)[-1])]
        return "(" + " OR ".join(alternatives) + ")"
    if isinstance(node, Either):
        return "(" + " OR ".join(_fts5(n, expand) for n in node.nodes) + ")"
    if isinstance(node, Not):  # only inside All (parse() refuses a query that only leaves out)
        raise TypeError("NOT is written by the AND around it")
    found = [_fts5(n, expand) for n in node.nodes if not isinstance(n, Not)]
    left_out = [_fts5(n.node, expand) for n in node.nodes if isinstance(n, Not)]
    return "(" + " AND ".join(found) + ")" + "".join(" NOT " + x for x in left_out)


def sqlite_match(node: Node, index: Index, expand: Callable[[str], list[str]]) -> Match:
    """FTS5 over the stemmed index; ``expand(prefix)`` gives the whole words that begin with it."""
    return Match(f"{index.fts} MATCH ?", [_fts5(node, expand)], f"(-bm25({index.fts}))", [])


def sqlite_raw(query: str, index: Index) -> Match:
    return Match(f"{index.fts} MATCH ?", [query], f"(-bm25({index.fts}))", [])


def _prefix_query(term: Term) -> str:
    """A to_tsquery text for a prefix term: its words in order, the last one as a prefix."""
    words = tokens(term.text, fold_accents=False)  # letters and digits only: nothing to escape
    return " <-> ".join(words) + ":*"


def _pg_where(node: Node, index: Index, params: list[Any]) -> str:
    if isinstance(node, Term):
        if node.prefix:
            params.append(_prefix_query(node))
            return f"{index.words} @@ to_tsquery('simple', ?)"
        params.append(node.text)
        return f"{index.stemmed} @@ phraseto_tsquery('{_CONFIG}', ?)"
    if isinstance(node, Not):
        return "NOT " + _pg_where(node.node, index, params)
    joiner = " AND " if isinstance(node, All) else " OR "
    return "(" + joiner.join(_pg_where(n, index, params) for n in node.nodes) + ")"


def _pg_tsquery(node: Node | None, params: list[Any], prefixes: bool) -> str | None:
    """One tsquery of the stemmed terms (or of the prefix terms), for ranking."""
    if node is None:
        return None
    if isinstance(node, Term):
        if node.prefix != prefixes:
            return None
        params.append(_prefix_query(node) if prefixes else node.text)
        return "to_tsquery('simple', ?)" if prefixes else f"phraseto_tsquery('{_CONFIG}', ?)"
    if isinstance(node, Not):
        inner = _pg_tsquery(node.node, params, prefixes)
        return f"!!{inner}" if inner else None
    joiner = " && " if isinstance(node, All) else " || "
    parts = [p for p in (_pg_tsquery(n, params, prefixes) for n in node.nodes) if p]
    return "(" + joiner.join(parts) + ")" if parts else None


def postgres_match(node: Node, index: Index, empty: Callable[[list[str]], list[bool]]) -> Match | None:
    """SQL over the stemmed and unstemmed vectors; ``empty(texts)`` says which texts are only stop
    words (dropped, as web search does), None when nothing is left."""
    plain = [t for t in _terms(node) if not t.prefix]
    stop = {t for t, is_empty in zip(plain, empty([t.text for t in plain])) if is_empty}
    kept = _without(node, lambda t: t in stop)
    if kept is None or not _finds(kept):
        return None
    params: list[Any] = []
    where = _pg_where(kept, index, params)
    score_params: list[Any] = []
    ranks = [
        f"ts_rank({column}, {q})"
        for column, prefixes in ((index.stemmed, False), (index.words, True))
        if (q := _pg_tsquery(kept, score_params, prefixes))
    ]
    return Match(where, params, " + ".join(ranks), score_params)


def postgres_raw(query: str, index: Index) -> Match:
    tsq = f"to_tsquery('{_CONFIG}', ?)"
    return Match(f"{index.stemmed} @@ {tsq}", [query], f"ts_rank({index.stemmed}, {tsq})", [query])
