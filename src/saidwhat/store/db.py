"""The two database backends behind :class:`~saidwhat.store.Store`: SQLite and PostgreSQL.

Queries are written once, with ``?`` placeholders, and run unchanged on both:
the PostgreSQL backend rewrites the placeholders for psycopg. The few places
where the two dialects differ (full-text search, DDL, ordering of NULLs) are
asked of :attr:`Database.dialect` (:mod:`.dialect`), never tested by name.
Rows come back as dicts by column name (:data:`Row`), on both databases.

SQLite is opened in WAL mode with ``synchronous=NORMAL``: a committed
transaction survives a killed process (only a power loss may drop the last
commits), and readers never block the one writer.

Commands that only read open the store read-only: SQLite with ``mode=ro``,
and, where even that cannot work (a store on read-only media, whose WAL index
cannot be created beside it), with ``immutable=1``, which reads the file as it
is; PostgreSQL with read-only transactions. Only a writer creates a store: a
path that holds none is refused rather than silently made into an empty one.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from ..core.errors import StoreError
from ..core.paths import shown
from .dialect import POSTGRES, SQLITE, Dialect

__all__ = ["NO_STORE", "Database", "Row", "connect"]

Row = dict[str, Any]  # one row by column name: every query names its columns (AS ...)


class Database(Protocol):
    dialect: Dialect
    where: str

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    def script(self, statements: Sequence[str]) -> None: ...

    def has_table(self, name: str) -> bool: ...

    def transaction(self) -> Any: ...

    def close(self) -> None: ...


@contextmanager
def _driver_errors(where: str, kinds: tuple[type[Exception], ...]) -> Iterator[None]:
    """Database driver errors become one-line StoreErrors (the driver's exception is kept as cause).

    So do parameters that no database column can hold, whichever caller let them through: text
    with lone surrogates (bytes that are not UTF-8) and integers beyond 64 bits."""
    try:
        yield
    except kinds as err:
        lines = str(err).strip().splitlines()
        raise StoreError(lines[0] if lines else type(err).__name__, where) from err
    except UnicodeEncodeError as err:
        raise StoreError(f"text that is not valid UTF-8 ({shown(err.object[:80])!r})", where) from err
    except OverflowError as err:
        raise StoreError(f"a number too large for the database ({err})", where) from err


NO_STORE = "no store here (`saidwhat ingest` creates one)"

# Opening read-only, in order: the file as a live database (another process may be writing it),
# then as immutable, when the WAL index beside it cannot be created (read-only media).
_READ_ONLY_MODES = ("mode=ro", "immutable=1")
_CANNOT_WRITE = (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY)


def _dict_row(cursor: sqlite3.Cursor, values: tuple[Any, ...]) -> Row:
    return {column[0]: value for column, value in zip(cursor.description, values)}


def _sqlite_connect(database: str | bytes, uri: bool = False) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE in transaction()).
    conn = sqlite3.connect(database, isolation_level=None, check_same_thread=False, uri=uri)
    conn.row_factory = _dict_row
    return conn


def _read_write(path: Path, create: bool) -> sqlite3.Connection:
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = _sqlite_connect(os.fsencode(path))
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _read_only(path: Path) -> sqlite3.Connection:
    first: sqlite3.Error | None = None
    for mode in _READ_ONLY_MODES:
        conn = _sqlite_connect(f"file:{quote(os.fsencode(path.absolute()))}?{mode}", uri=True)
        try:
            conn.execute("PRAGMA busy_timeout=10000")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the file is opened here
            return conn
        except sqlite3.Error as err:
            conn.close()
            first = first or err
            if (err.sqlite_errorcode & 0xFF) not in _CANNOT_WRITE:
                break  # not a matter of write access (not a database, locked): immutable would not help
    assert first is not None
    raise first


class SQLiteDatabase:
    dialect: Dialect = SQLITE

    def __init__(self, path: Path, create: bool = True, read_only: bool = False) -> None:
        self.where = shown(str(path))
        try:
            if not (create and not read_only) and not path.exists():
                raise StoreError(NO_STORE, self.where)
            self._conn = _read_only(path) if read_only else _read_write(path, create)
        except (sqlite3.Error, OSError, ValueError) as err:  # ValueError: a NUL byte in the path
            raise StoreError(f"cannot open the store: {err}", self.where) from err
        self._depth = 0

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self.stream(sql, params))

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        with _driver_errors(self.where, (sqlite3.Error,)):
            cursor = self._conn.execute(sql, tuple(params))
            try:
                while rows := cursor.fetchmany(500):
                    yield from rows
            finally:
                try:
                    cursor.close()
                except sqlite3.ProgrammingError:
                    pass  # the connection was closed first: the cursor went with it

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with _driver_errors(self.where, (sqlite3.Error,)):
            return self._conn.execute(sql, tuple(params)).rowcount

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        with _driver_errors(self.where, (sqlite3.Error,)):
            row = self._conn.execute(sql + " RETURNING id", tuple(params)).fetchone()
        return int(row["id"])

    def script(self, statements: Sequence[str]) -> None:
        with _driver_errors(self.where, (sqlite3.Error,)):
            for sql in statements:
                self._conn.execute(sql)

    def has_table(self, name: str) -> bool:
        return bool(self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with _driver_errors(self.where, (sqlite3.Error,)):
            self._conn.execute("BEGIN IMMEDIATE")  # waits up to busy_timeout for another writer
        self._depth = 1
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            with _driver_errors(self.where, (sqlite3.Error,)):
                self._conn.execute("COMMIT")
        finally:
            self._depth = 0

    def close(self) -> None:
        self._conn.close()


class PostgresDatabase:
    dialect: Dialect = POSTGRES

    def __init__(self, url: str, read_only: bool = False) -> None:
        self.where = _redact(url)
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as err:
            raise StoreError(
                "PostgreSQL needs psycopg: pip install 'saidwhat[postgres]'", self.where
            ) from err
        try:
            self._conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
            self._cursors = itertools.count()
            self._errors: tuple[type[Exception], ...] = (psycopg.Error,)
            if read_only:
                self._conn.execute(b"SET default_transaction_read_only = on")
        except psycopg.Error as err:
            raise StoreError(f"cannot connect: {str(err).strip().splitlines()[0]}", self.where) from err

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with _driver_errors(self.where, self._errors), self._conn.cursor() as cur:
            cur.execute(self.dialect.sql(sql), tuple(params))
            return list(cur.fetchall()) if cur.description else []

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        # A server-side cursor, so that an export of a large store is not loaded at once.
        name = f"saidwhat_{next(self._cursors)}"
        errors = _driver_errors(self.where, self._errors)
        with errors, self._conn.transaction(), self._conn.cursor(name=name) as cur:
            cur.itersize = 2000
            cur.execute(self.dialect.sql(sql), tuple(params))
            yield from cur

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with _driver_errors(self.where, self._errors), self._conn.cursor() as cur:
            cur.execute(self.dialect.sql(sql), tuple(params))
            return int(cur.rowcount)

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        with _driver_errors(self.where, self._errors), self._conn.cursor() as cur:
            cur.execute(self.dialect.sql(sql + " RETURNING id"), tuple(params))
            row = cur.fetchone()
        assert row is not None
        return int(row["id"])

    def script(self, statements: Sequence[str]) -> None:
        with _driver_errors(self.where, self._errors):
            for sql in statements:
                self._conn.execute(sql.encode())  # DDL: no placeholders, nothing to rewrite

    def has_table(self, name: str) -> bool:
        return bool(self.query("SELECT to_regclass(?) IS NOT NULL AS found", (name,))[0]["found"])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    def close(self) -> None:
        self._conn.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.partition("@")
    if not sep or "//" not in head:
        return url
    scheme, _, auth = head.partition("//")
    user = auth.split(":", 1)[0]
    return f"{scheme}//{user}@{tail}"


def connect(target: str, create: bool = True, read_only: bool = False) -> Database:
    """A PostgreSQL URL (``postgresql://...``) or the path of a SQLite file.

    ``create``: a SQLite file that does not exist is created (else refused);
    ``read_only``: nothing can be written through the connection (and nothing is created)."""
    if target.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(target, read_only)
    if target.startswith("sqlite:///"):
        target = target[len("sqlite:///") - 1 :] if target.startswith("sqlite:////") else target[10:]
    return SQLiteDatabase(Path(target).expanduser(), create, read_only)
