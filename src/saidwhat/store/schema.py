"""The store's schema, as a list of versioned migrations.

A store records the version it is at in ``schema_version``; opening it applies
every newer migration of :data:`MIGRATIONS` in order, each in one transaction,
so a store written by an older saidwhat is upgraded in place and a store
written by a newer one is refused rather than misread.

Tables::

    articles       one row per distinct page content (sha256 unique); a changed
                   page at the same address is a new row whose ``previous_id``
                   links the version it replaces (``latest`` = 0 on the old one)
    speakers       canonical speakers across articles, by ``key``
    speaker_aliases every name a speaker was stored under, normalised, for lookup
    article_speakers the speakers of one article (its local ids) and their canonical speaker
    statements     who said what: spans over the article text, kind, confidence,
                   relay parent, and the content text (indexed for full text)
    mentions       every span of an article that names one of its speakers
    failures       inputs that could not be extracted, with the reason

Version 2 adds the full-text indexes (FTS5 on SQLite, tsvector + GIN on
PostgreSQL) and fills them from the rows already there. Version 3 keeps the
exact bytes of a file name that is not valid UTF-8 (``path_bytes``; ``path``
holds it shown with its bytes escaped, see :mod:`saidwhat.core.paths`). Version 4
adds an unstemmed index of the same texts beside the stemmed one, so that a
prefix finds every word it begins (see :mod:`.query`). Version 5 keeps the
domain of each article's address (``www.`` dropped), filled for the rows
already there, so that a site is found by its domain as well as its name.
Version 6 keeps the user's speaker corrections (see :mod:`.corrections`).
Version 7 lets a reader mark a statement as wrong (hidden from results, kept,
with who and when; see :mod:`.marks`) and records the rows a merge moved, so
that the merge can be undone; a correction that was undone says by whom and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.errors import StoreError
from .db import Database
from .dialect import Dialect
from .text import TEXT_SEARCH, site_of

__all__ = ["MIGRATIONS", "Migration", "current_version", "migrate", "refuse_newer"]


@dataclass(slots=True, frozen=True)
class Migration:
    version: int
    description: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]
    fill: Callable[[Database], None] | None = None  # fills new columns where SQL alone cannot

    def statements(self, dialect: Dialect) -> tuple[str, ...]:
        return {"sqlite": self.sqlite, "postgres": self.postgres}[dialect.name]


def _tables(pk: str, real: str) -> tuple[str, ...]:
    """Version 1 DDL; ``pk`` and ``real`` are the dialect's id and float column types."""
    return (
        f"""CREATE TABLE articles (
            id {pk},
            sha256 TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            record TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT '',
            size INTEGER NOT NULL DEFAULT 0,
            doc_key TEXT,
            url TEXT,
            site TEXT,
            title TEXT,
            published TEXT,
            pub_date TEXT,
            language TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            metadata TEXT NOT NULL DEFAULT '{{}}',
            blocks TEXT NOT NULL DEFAULT '[]',
            removed TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL,
            n_statements INTEGER NOT NULL,
            previous_id INTEGER REFERENCES articles(id),
            latest INTEGER NOT NULL DEFAULT 1,
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_doc_key ON articles(doc_key, latest)",
        # --site compares case-insensitively, so the index is on LOWER(site); with the date it
        # serves the common "this outlet, this period" listing.
        "CREATE INDEX articles_site_date ON articles(LOWER(site), pub_date)",
        "CREATE INDEX articles_pub_date ON articles(pub_date)",
        "CREATE INDEX articles_path ON articles(path)",
        f"""CREATE TABLE speakers (
            id {pk},
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            type TEXT NOT NULL
        )""",
        """CREATE TABLE speaker_aliases (
            alias_norm TEXT NOT NULL,
            speaker_id INTEGER NOT NULL REFERENCES speakers(id),
            alias TEXT NOT NULL,
            PRIMARY KEY (alias_norm, speaker_id)
        )""",
        "CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id)",
        f"""CREATE TABLE article_speakers (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            local_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            speaker_id INTEGER NOT NULL REFERENCES speakers(id),
            name TEXT NOT NULL,
            confidence {real} NOT NULL,
            members TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (article_id, local_id)
        )""",
        "CREATE INDEX article_speakers_speaker ON article_speakers(speaker_id)",
        f"""CREATE TABLE statements (
            id {pk},
            article_id INTEGER NOT NULL REFERENCES articles(id),
            local_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            speaker_id INTEGER REFERENCES speakers(id),
            speaker_local TEXT,
            source_start INTEGER,
            source_end INTEGER,
            cue_start INTEGER,
            cue_end INTEGER,
            content_spans TEXT NOT NULL,
            source_text TEXT,
            cue_text TEXT,
            content TEXT NOT NULL,
            parent_id INTEGER REFERENCES statements(id),
            confidence {real} NOT NULL,
            method TEXT NOT NULL DEFAULT '',
            UNIQUE (article_id, local_id)
        )""",
        "CREATE INDEX statements_speaker ON statements(speaker_id)",
        f"""CREATE TABLE mentions (
            id {pk},
            article_id INTEGER NOT NULL REFERENCES articles(id),
            speaker_id INTEGER NOT NULL REFERENCES speakers(id),
            speaker_local TEXT NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX mentions_article ON mentions(article_id)",
        "CREATE INDEX mentions_speaker ON mentions(speaker_id)",
        f"""CREATE TABLE failures (
            id {pk},
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL,
            error TEXT NOT NULL,
            failed_at TEXT NOT NULL,
            UNIQUE (path, sha256)
        )""",
    )


_DOMAIN = (
    "ALTER TABLE articles ADD COLUMN domain TEXT",
    "CREATE INDEX articles_domain_date ON articles(domain, pub_date)",
)


def _corrections(pk: str) -> tuple[str, ...]:
    """Tables of :mod:`saidwhat.store.corrections`: a key merged into another (by the user or by
    evidence), a key sent to another speaker on one page, and every correction made."""
    return (
        """CREATE TABLE speaker_redirects (
            key TEXT PRIMARY KEY,
            target TEXT NOT NULL,
            origin TEXT NOT NULL,
            made_at TEXT NOT NULL
        )""",
        """CREATE TABLE speaker_splits (
            key TEXT NOT NULL,
            doc_key TEXT NOT NULL,
            target TEXT NOT NULL,
            PRIMARY KEY (key, doc_key)
        )""",
        f"""CREATE TABLE speaker_edits (
            id {pk},
            action TEXT NOT NULL,
            speaker_key TEXT NOT NULL,
            detail TEXT NOT NULL,
            made_by TEXT NOT NULL,
            made_at TEXT NOT NULL
        )""",
    )


def _marks(pk: str) -> tuple[str, ...]:
    """Version 7: statements marked wrong, and the rows each speaker merge moved (to undo it)."""
    return (
        f"""CREATE TABLE statement_marks (
            id {pk},
            statement_id INTEGER NOT NULL REFERENCES statements(id),
            doc_key TEXT,
            content TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            made_by TEXT NOT NULL,
            made_at TEXT NOT NULL,
            undone_by TEXT,
            undone_at TEXT
        )""",
        "CREATE INDEX statement_marks_statement ON statement_marks(statement_id)",
        "CREATE INDEX statement_marks_doc ON statement_marks(doc_key)",
        """CREATE TABLE speaker_merge_rows (
            edit_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            ref TEXT NOT NULL
        )""",
        "CREATE INDEX speaker_merge_rows_edit ON speaker_merge_rows(edit_id)",
        # The columns the browsing views filter and count by, beside each statement's article: counts
        # and pages of results read this index instead of the wide statement rows (10x on 100k statements).
        "CREATE INDEX statements_browse ON statements(article_id, confidence, speaker_id, kind)",
        "ALTER TABLE speaker_edits ADD COLUMN undone_by TEXT",
        "ALTER TABLE speaker_edits ADD COLUMN undone_at TEXT",
    )


def _fill_domains(db: Database) -> None:
    for row in db.query("SELECT id, url FROM articles WHERE url IS NOT NULL"):
        db.execute("UPDATE articles SET domain = ? WHERE id = ?", (site_of(row["url"]), row["id"]))


_WORDS = "tokenize='unicode61 remove_diacritics 2', detail='none', columnsize=0"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, speakers, statements, mentions, failures",
        sqlite=_tables("INTEGER PRIMARY KEY", "REAL"),
        postgres=_tables("BIGSERIAL PRIMARY KEY", "DOUBLE PRECISION"),
    ),
    Migration(
        2,
        "full-text indexes on statement content and article text",
        sqlite=(
            # External-content FTS5 tables: the text is stored once, in the base tables; the
            # storage module writes the index rows in the same transaction as the base rows.
            f"""CREATE VIRTUAL TABLE statements_fts USING fts5(
                content, content='statements', content_rowid='id',
                tokenize='{TEXT_SEARCH.sqlite_tokenizer}')""",
            f"""CREATE VIRTUAL TABLE articles_fts USING fts5(
                title, text, content='articles', content_rowid='id',
                tokenize='{TEXT_SEARCH.sqlite_tokenizer}')""",
            "INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')",
            "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
        ),
        postgres=(
            f"""ALTER TABLE statements ADD COLUMN content_tsv tsvector
                GENERATED ALWAYS AS (to_tsvector('{TEXT_SEARCH.postgresql}', content)) STORED""",
            "CREATE INDEX statements_content_tsv ON statements USING GIN (content_tsv)",
            f"""ALTER TABLE articles ADD COLUMN text_tsv tsvector
                GENERATED ALWAYS AS (to_tsvector('{TEXT_SEARCH.postgresql}', coalesce(title, '') || ' ' || text)) STORED""",
            "CREATE INDEX articles_text_tsv ON articles USING GIN (text_tsv)",
        ),
    ),
    Migration(
        3,
        "the exact bytes of file names that are not valid UTF-8",
        sqlite=(
            "ALTER TABLE articles ADD COLUMN path_bytes BLOB",
            "ALTER TABLE failures ADD COLUMN path_bytes BLOB",
        ),
        postgres=(
            "ALTER TABLE articles ADD COLUMN path_bytes BYTEA",
            "ALTER TABLE failures ADD COLUMN path_bytes BYTEA",
        ),
    ),
    Migration(
        4,
        "unstemmed word indexes, for prefix search",
        sqlite=(
            # Only the words and the rows they occur in (detail=none): the vocabulary that a prefix
            # is expanded from. The ranking stays that of the stemmed index.
            f"""CREATE VIRTUAL TABLE statements_words USING fts5(
                content, content='statements', content_rowid='id', {_WORDS})""",
            "CREATE VIRTUAL TABLE statements_words_vocab USING fts5vocab(statements_words, 'row')",
            f"""CREATE VIRTUAL TABLE articles_words USING fts5(
                title, text, content='articles', content_rowid='id', {_WORDS})""",
            "CREATE VIRTUAL TABLE articles_words_vocab USING fts5vocab(articles_words, 'row')",
            "INSERT INTO statements_words(statements_words) VALUES ('rebuild')",
            "INSERT INTO articles_words(articles_words) VALUES ('rebuild')",
        ),
        postgres=(
            """ALTER TABLE statements ADD COLUMN content_words tsvector
                GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED""",
            "CREATE INDEX statements_content_words ON statements USING GIN (content_words)",
            """ALTER TABLE articles ADD COLUMN text_words tsvector
                GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED""",
            "CREATE INDEX articles_text_words ON articles USING GIN (text_words)",
        ),
    ),
    Migration(
        5,
        "the domain of each article's address, so that --site takes it as well as the site's name",
        sqlite=_DOMAIN,
        postgres=_DOMAIN,
        fill=_fill_domains,
    ),
    Migration(
        6,
        "speaker corrections: merges and evidence (redirects), splits per page, and their log",
        sqlite=_corrections("INTEGER PRIMARY KEY"),
        postgres=_corrections("BIGSERIAL PRIMARY KEY"),
    ),
    Migration(
        7,
        "statements marked wrong (hidden, kept, with who and when), and merges that can be undone",
        sqlite=_marks("INTEGER PRIMARY KEY"),
        postgres=_marks("BIGSERIAL PRIMARY KEY"),
    ),
)

LATEST = MIGRATIONS[-1].version


def current_version(db: Database) -> int:
    if not db.has_table("schema_version"):
        return 0
    rows = db.query("SELECT MAX(version) AS version FROM schema_version")
    return int(rows[0]["version"] or 0)


def refuse_newer(db: Database, found: int) -> None:
    """A store written by a newer saidwhat is refused rather than misread."""
    if found > LATEST:
        raise StoreError(
            f"the store is at schema version {found}, newer than this saidwhat knows ({LATEST}): upgrade saidwhat",
            db.where,
        )


def migrate(db: Database, upto: int = LATEST) -> int:
    """Bring the store to version ``upto``; returns the version it was at.

    A store that is up to date is only read, so opening it never waits for a
    writer (an ingestion running meanwhile)."""
    from datetime import UTC, datetime

    found = current_version(db)
    refuse_newer(db, found)
    for migration in MIGRATIONS:
        if found < migration.version <= upto:
            with db.transaction():
                db.script(
                    [
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)"
                    ]
                )
                # Re-read under the write lock: another process may have migrated meanwhile.
                if current_version(db) >= migration.version:
                    continue
                db.script(migration.statements(db.dialect))
                if migration.fill is not None:
                    migration.fill(db)
                db.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    (migration.version, datetime.now(UTC).isoformat(timespec="seconds")),
                )
    return found
