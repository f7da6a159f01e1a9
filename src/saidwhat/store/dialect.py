"""What SQLite and PostgreSQL do differently, behind one small interface.

Queries are written once, in the SQL both databases take (``?``
placeholders, ``ON CONFLICT`` upserts, ``RETURNING``, ``SUBSTR`` and ``LOWER``
on text dates and names). What differs is asked of a :class:`Dialect`, never
tested by name (``if sqlite``) in the query code:

    placeholders       ``?`` as it is (SQLite), ``%s`` for psycopg
    full-text search   FTS5 tables joined by rowid, ``MATCH`` and ``bm25`` (SQLite);
                       tsvector columns, ``@@`` and ``ts_rank`` (PostgreSQL) — see :mod:`.query`
    word vocabulary    SQLite's unstemmed index lists its words (prefix expansion,
                       document frequencies); PostgreSQL matches prefixes itself
    NULL dates         SQLite orders NULL first ascending; PostgreSQL is told where
    statistics         ``ANALYZE``, sampled on SQLite
    DDL                each migration's statements per dialect (:mod:`.schema`)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from .query import (
    MAX_EXPANSIONS,
    Index,
    Match,
    Node,
    postgres_match,
    postgres_raw,
    sqlite_match,
    sqlite_raw,
)
from .text import TEXT_SEARCH

__all__ = ["POSTGRES", "SQLITE", "Dialect", "PostgresDialect", "Query", "SQLiteDialect"]

# How a dialect asks the database something: ``query(sql, params)`` -> rows by column name.
Query = Callable[[str, Sequence[Any]], list[dict[str, Any]]]


class Dialect(Protocol):
    name: str  # "sqlite" or "postgres": the key of a migration's statements, and what Store.dialect says
    query_syntax: str  # the database's own full-text syntax, named for messages
    analyze: tuple[str, ...]  # statements that refresh the query planner's statistics
    word_vocabulary: bool  # the unstemmed index lists its words with their document counts

    def sql(self, sql: str) -> str:
        """A query written with ``?`` placeholders, as the driver takes it."""
        ...

    def search_from(self, index: Index, base: str) -> str:
        """The FROM clause of a full-text search over ``index``; ``base`` begins with ``index.table``."""
        ...

    def match(self, node: Node, index: Index, query: Query, version: int) -> Match | None:
        """A parsed plain query as a condition and a score; None when nothing is left to search."""
        ...

    def raw_match(self, text: str, index: Index) -> Match:
        """A query in the database's own syntax (``--fts``)."""
        ...

    def any_word(self, words: Sequence[str], index: Index) -> Match:
        """Rows of ``index`` with any of ``words`` (letters and digits only), ranked."""
        ...

    def nulls(self, first: bool) -> str:
        """What an ORDER BY term adds so that NULLs come first (or last) as SQLite orders them."""
        ...

    def index_tables(self, version: int) -> tuple[str, ...]:
        """Suffixes of the full-text tables a writer fills beside each row ("fts", "words")."""
        ...


class SQLiteDialect:
    name = "sqlite"
    query_syntax = "SQLite FTS5 query syntax"
    analyze: tuple[str, ...] = ("PRAGMA analysis_limit=1000", "ANALYZE")
    word_vocabulary = True

    def sql(self, sql: str) -> str:
        return sql

    def search_from(self, index: Index, base: str) -> str:
        assert base.startswith(index.table), base
        return f"{index.fts} JOIN {index.table} ON {index.key} = {index.fts}.rowid{base[len(index.table) :]}"

    def match(self, node: Node, index: Index, query: Query, version: int) -> Match | None:
        def words_beginning(prefix: str) -> list[str]:
            """Whole words of the unstemmed index that begin with ``prefix`` (schema 4+)."""
            if version < 4:
                return []
            rows = query(
                f"SELECT term FROM {index.vocabulary} WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
                (prefix, prefix + "\U0010ffff", MAX_EXPANSIONS),
            )
            return [r["term"] for r in rows]

        return sqlite_match(node, index, words_beginning)

    def raw_match(self, text: str, index: Index) -> Match:
        return sqlite_raw(text, index)

    def any_word(self, words: Sequence[str], index: Index) -> Match:
        return Match(
            f"{index.fts} MATCH ?", [" OR ".join(f'"{w}"' for w in words)], f"(-bm25({index.fts}))", []
        )

    def nulls(self, first: bool) -> str:
        return ""  # SQLite orders NULL as the smallest value already

    def index_tables(self, version: int) -> tuple[str, ...]:
        return ("fts", "words")[: (version >= 2) + (version >= 4)]


class PostgresDialect:
    name = "postgres"
    query_syntax = "PostgreSQL tsquery syntax"
    analyze: tuple[str, ...] = ("ANALYZE",)
    word_vocabulary = False

    def sql(self, sql: str) -> str:
        """``?`` placeholders to psycopg's ``%s`` (a literal ``%`` is doubled first)."""
        return sql.replace("%", "%%").replace("?", "%s")

    def search_from(self, index: Index, base: str) -> str:
        return base  # the index is a column of the table

    def match(self, node: Node, index: Index, query: Query, version: int) -> Match | None:
        def stop_words_only(texts: list[str]) -> list[bool]:
            """Which texts PostgreSQL's English configuration reduces to nothing ("the", "of it")."""
            if not texts:
                return []
            columns = ", ".join(
                f"numnode(phraseto_tsquery('{TEXT_SEARCH.postgresql}', ?)) = 0 AS e{i}" for i in range(len(texts))
            )
            row = query(f"SELECT {columns}", texts)[0]
            return [bool(row[f"e{i}"]) for i in range(len(texts))]

        return postgres_match(node, index, stop_words_only)

    def raw_match(self, text: str, index: Index) -> Match:
        return postgres_raw(text, index)

    def any_word(self, words: Sequence[str], index: Index) -> Match:
        tsquery = "to_tsquery('simple', ?)"
        text = " | ".join(words)
        return Match(f"{index.words} @@ {tsquery}", [text], f"ts_rank({index.words}, {tsquery})", [text])

    def nulls(self, first: bool) -> str:
        return " NULLS FIRST" if first else " NULLS LAST"

    def index_tables(self, version: int) -> tuple[str, ...]:
        return ()  # PostgreSQL computes its index columns itself


SQLITE: Dialect = SQLiteDialect()
POSTGRES: Dialect = PostgresDialect()
