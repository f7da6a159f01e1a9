"""The dialect seam: what SQLite and PostgreSQL do differently, asked of one interface; rows by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.store.db import connect
from saidwhat.store.dialect import POSTGRES, SQLITE, Dialect
from saidwhat.store.query import ARTICLES, STATEMENTS, parse
from saidwhat.store.statements import STATEMENT_FROM


def test_placeholders_are_rewritten_for_psycopg_only() -> None:
    sql = "SELECT id FROM articles WHERE sha256 LIKE ? AND title LIKE '50%'"
    assert SQLITE.sql(sql) == sql
    assert POSTGRES.sql(sql) == "SELECT id FROM articles WHERE sha256 LIKE %s AND title LIKE '50%%'"


def test_a_full_text_search_joins_sqlite_s_index_by_rowid_and_reads_postgres_columns() -> None:
    joined = SQLITE.search_from(STATEMENTS, STATEMENT_FROM)
    assert joined.startswith(
        "statements_fts JOIN statements s ON s.id = statements_fts.rowid JOIN articles a"
    )
    assert joined.endswith(STATEMENT_FROM[len("statements s") :])
    assert (
        SQLITE.search_from(ARTICLES, "articles a")
        == "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    )
    assert POSTGRES.search_from(STATEMENTS, STATEMENT_FROM) == STATEMENT_FROM


def test_undated_rows_sort_as_sqlite_sorts_null_on_both() -> None:
    assert (SQLITE.nulls(first=True), SQLITE.nulls(first=False)) == ("", "")
    assert (POSTGRES.nulls(first=True), POSTGRES.nulls(first=False)) == (" NULLS FIRST", " NULLS LAST")


@pytest.mark.parametrize(
    ("version", "tables"), [(1, ()), (2, ("fts",)), (3, ("fts",)), (4, ("fts", "words"))]
)
def test_the_writer_fills_the_sqlite_index_tables_its_schema_has(
    version: int, tables: tuple[str, ...]
) -> None:
    assert SQLITE.index_tables(version) == tables
    assert POSTGRES.index_tables(version) == ()  # generated tsvector columns


def test_any_word_and_a_plain_query_in_each_dialect() -> None:
    lite = SQLITE.any_word(["pier", "mayor"], ARTICLES)
    assert (lite.where, lite.params, lite.score) == (
        "articles_fts MATCH ?",
        ['"pier" OR "mayor"'],
        "(-bm25(articles_fts))",
    )
    pg = POSTGRES.any_word(["pier", "mayor"], ARTICLES)
    assert pg.params == pg.score_params == ["pier | mayor"] and "a.text_words @@" in pg.where
    node = parse("rebuild*")
    assert node is not None
    asked: list[str] = []

    def query(sql: str, params: object) -> list[dict[str, object]]:
        asked.append(sql)
        return [{"term": "rebuilding"}]

    match = SQLITE.match(node, STATEMENTS, query, version=4)
    assert match is not None and "rebuilding" in match.params[0] and "statements_words_vocab" in asked[0]
    asked.clear()
    assert SQLITE.match(node, STATEMENTS, query, version=3) is not None and not asked  # no vocabulary yet


def test_each_database_has_its_dialect_and_gives_rows_by_column_name(tmp_path: Path) -> None:
    db = connect(str(tmp_path / "s.db"))
    try:
        dialect: Dialect = db.dialect
        assert dialect is SQLITE and dialect.name == "sqlite"
        assert db.query("SELECT 1 AS one, 'x' AS two") == [{"one": 1, "two": "x"}]
        assert list(db.stream("SELECT ? AS v", (5,))) == [{"v": 5}]
    finally:
        db.close()
