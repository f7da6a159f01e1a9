"""Full-text search over statements and articles: a query as a condition and a score.

A plain query (:mod:`.query`) is parsed once and written in the dialect's
full-text SQL (:meth:`~.dialect.Dialect.match`); ``fts=True`` passes the
database's own syntax through (:meth:`~.dialect.Dialect.raw_match`). A query
the database refuses becomes a StoreError that says whose syntax was wrong.
"""

from __future__ import annotations

from ..core.errors import StoreError
from .db import Database
from .query import Index, Match, parse
from .text import checked_text

__all__ = ["full_text", "query_error"]


def full_text(db: Database, version: int, query: str, index: Index, fts: bool) -> Match | None:
    """The WHERE condition and score of a full-text query; None when it has nothing to search for."""
    if len(checked_text(query, "search query")) > 1000:
        raise StoreError("search query too long (over 1000 characters)")
    if fts:
        return db.dialect.raw_match(query, index)
    node = parse(query)
    if node is None:
        return None
    return db.dialect.match(node, index, db.query, version)


def query_error(db: Database, query: str | None, err: StoreError, fts: bool) -> StoreError:
    """A failed full-text query: the user's syntax, unless the database reports a problem of its own."""
    database_level = ("locked", "disk", "unable to open", "readonly", "corrupt", "malformed", "connection")
    if query is not None and ("stack overflow" in err.reason or "stack depth" in err.reason):
        # the database's own parser has a bounded stack: a query of many nested groups and
        # operators is too complex for it, whoever wrote the syntax
        return StoreError(f"search query {query[:80]!r} is too complex: fewer groups and operators, please")
    if query is not None and not any(word in err.reason for word in database_level):
        syntax = db.dialect.query_syntax
        hint = f"see the {syntax}" if fts else "plain words need no syntax: this is a saidwhat bug"
        return StoreError(f"bad search query {query[:80]!r}: {err.reason} ({hint})")
    return err
