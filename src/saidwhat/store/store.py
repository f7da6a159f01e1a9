"""The store: every article and statement saidwhat extracted, and the questions asked of them.

:class:`Store` is the one public entry point. It opens a SQLite file or a
PostgreSQL URL (:func:`saidwhat.store.db.connect`), brings its schema up to
date (:mod:`.schema`), writes through one connection guarded by one lock
(:mod:`.writer`), and answers searches with typed records (:mod:`.records`).
Every SQL statement of saidwhat lives in this package.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from ..core.errors import StoreError
from ..core.model import (
    Article,
    Block,
    BlockKind,
    InputInfo,
    Metadata,
    Removed,
    Span,
    Speaker,
    SpeakerType,
    Statement,
    StatementKind,
)
from ..core.paths import from_bytes, shown
from ..core.sources import Failure
from .db import NO_STORE, Database, connect
from .marks import HIDDEN
from .query import (
    ARTICLES,
    MAX_EXPANSIONS,
    STATEMENTS,
    Index,
    Match,
    parse,
    postgres_match,
    postgres_raw,
    sqlite_match,
    sqlite_raw,
)
from .records import (
    AddResult,
    ArticleInfo,
    FailureRecord,
    SpeakerCount,
    StatementHit,
    StoreStats,
)
from .schema import LATEST, current_version, migrate, refuse_newer
from .text import MAX_ROWS, TEXT_SEARCH, checked_limit, checked_text, date_bound, domain_of, normalise_name
from .writer import write_article, write_failure

if TYPE_CHECKING:
    from .browse import CountRow, Related
    from .compare import Comparison
    from .marks import Mark

__all__ = ["Store", "default_location", "resolve_target"]

GROUPS = ("site", "month", "year")
# Orders of statements: a column (ascending unless ``descending``), "time" (oldest first, the timeline),
# "relevance" (best match first; newest first without a query).
ORDERS = ("relevance", "time", "date", "speaker", "site", "kind", "confidence")
_ORDER_COLUMNS = {
    "speaker": "LOWER(COALESCE(sp.name, s.source_text, ''))",
    "site": "LOWER(COALESCE(a.site, ''))",
    "kind": "s.kind",
    "confidence": "s.confidence",
}
_ID = re.compile("[0-9]+")  # ASCII digits only: "²" and "٣" are no ids


def default_location() -> Path:
    """``$XDG_DATA_HOME/saidwhat/saidwhat.db``, or ``~/.local/share/saidwhat/saidwhat.db``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "saidwhat" / "saidwhat.db"


def resolve_target(target: str | os.PathLike[str] | None = None) -> str:
    """The store to open: the argument, else ``$SAIDWHAT_DB``, else :func:`default_location`."""
    if target is not None and str(target):
        return str(target)
    return os.environ.get("SAIDWHAT_DB") or str(default_location())


_STATEMENT_COLUMNS = """s.id, s.article_id, s.local_id, s.kind, sp.name, sp.key, s.source_text, s.cue_text,
    s.content, s.confidence, s.parent_id, a.site, a.published, a.title, a.url, a.path,
    s.source_start, s.source_end, s.cue_start, s.cue_end, s.content_spans"""
_STATEMENT_FROM = """statements s JOIN articles a ON a.id = s.article_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id"""
_FTS_FROM = """statements_fts JOIN statements s ON s.id = statements_fts.rowid
    JOIN articles a ON a.id = s.article_id LEFT JOIN speakers sp ON sp.id = s.speaker_id"""
_ARTICLE_COLUMNS = "id, sha256, path, url, site, title, published, n_statements, previous_id, latest"


def _hit(row: Sequence[Any]) -> StatementHit:
    """A row of :data:`_STATEMENT_COLUMNS` (and a score, or NULL) as a record."""
    return StatementHit(
        statement_id=int(row[0]), article_id=int(row[1]), local_id=row[2], kind=row[3], speaker=row[4],
        speaker_key=row[5], source=row[6], cue=row[7], content=row[8], confidence=float(row[9]),
        parent_id=row[10], site=row[11], published=row[12], title=row[13], url=row[14], path=row[15],
        source_start=row[16], source_end=row[17], cue_start=row[18], cue_end=row[19],
        content_spans=json.loads(row[20]), score=float(row[21]) if row[21] is not None else None,
    )  # fmt: skip


def _info(row: Sequence[Any]) -> ArticleInfo:
    return ArticleInfo(
        int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], int(row[7]), row[8], bool(row[9])
    )


class Store:
    """A store of articles and statements: ``Store.open(path_or_url)``, then add and ask.

    >>> with Store.open("news.db") as store:          # doctest: +SKIP
    ...     store.add(saidwhat.extract("page.html"))
    ...     hits = store.search("climate", speaker="Jane Doe", since="2024")
    """

    def __init__(self, db: Database, version: int = LATEST) -> None:
        self._db = db
        self._version = version
        self._lock = threading.Lock()  # the one writer: every write holds it

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        target: str | os.PathLike[str] | None = None,
        upto: int = LATEST,
        *,
        create: bool = True,
        read_only: bool = False,
    ) -> Store:
        """Open a SQLite file or a ``postgresql://`` URL, bringing its schema up to date.

        ``create``: a store is made where there is none (else that is a StoreError);
        ``read_only``: open it for reading only (it must exist), which also works on read-only media.
        """
        where = resolve_target(target)
        create = create and not read_only
        db = connect(where, create, read_only)
        try:
            found = current_version(db)
            refuse_newer(db, found)
            if found == 0 and not create:
                raise StoreError(NO_STORE, db.where)
            if found < upto and read_only:  # written by an older saidwhat: upgraded, then read
                db.close()
                _upgrade(where, found, upto)
                db = connect(where, False, True)
            elif found < upto:
                migrate(db, upto)
            version = current_version(db)
        except Exception:
            db.close()
            raise
        return cls(db, version)

    @property
    def where(self) -> str:
        return self._db.where

    @property
    def dialect(self) -> str:
        return self._db.dialect

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def migrate(self, upto: int = LATEST) -> int:
        with self._lock:
            found = migrate(self._db, upto)
            self._version = current_version(self._db)
            return found

    # -- writing ---------------------------------------------------------------------------

    def add(self, article: Article) -> AddResult:
        """Store an article whole (one transaction); the same content twice is stored once."""
        with self._lock:
            try:
                return write_article(self._db, article, self._version)
            except StoreError as err:  # a database error on this article: report it, the store stays usable
                raise StoreError(f"cannot store: {err.reason}", article.input.path) from err

    # -- speaker corrections (the only writes besides ingestion; see :mod:`.corrections`) -----------

    def merge_speakers(self, source: str, target: str, by: str = "cli") -> tuple[str, str, int]:
        """Merge speaker ``source`` into ``target`` (keys or names): (source key, target key, moved)."""
        from .corrections import merge_speakers

        with self._lock:
            return merge_speakers(self._db, source, target, by, undoable=self._version >= 7)

    def undo_merge(self, edit_id: int, by: str = "cli") -> tuple[str, str, int]:
        """Undo the merge logged as correction ``edit_id`` (see :meth:`speaker_edits`):
        (key given back, key it had been merged into, statements moved back)."""
        from .corrections import undo_merge

        self._needs(7, "undoing a merge")
        with self._lock:
            return undo_merge(self._db, _checked_id(edit_id, "correction"), by)

    def mark_statement(self, statement_id: int, reason: str = "", by: str = "cli") -> int:
        """Mark a statement as wrong: hidden from results, kept, with who and when (see :mod:`.marks`)."""
        from .marks import mark_statement

        self._needs(7, "marking a statement")
        with self._lock:
            return mark_statement(self._db, _checked_id(statement_id, "statement"), reason, by)

    def unmark_statement(self, statement_id: int, by: str = "cli") -> int:
        """Take back a statement's marks; returns how many there were."""
        from .marks import unmark_statement

        self._needs(7, "unmarking a statement")
        with self._lock:
            return unmark_statement(self._db, _checked_id(statement_id, "statement"), by)

    def statement_marks(self, article_id: int | None = None, active: bool = True) -> list[Mark]:
        """Statements marked wrong (of one article), oldest first; ``active=False`` adds undone marks."""
        from .marks import marks

        if self._version < 7:
            return []
        return marks(self._db, article_id, active)

    def _needs(self, version: int, what: str) -> None:
        if self._version < version:
            raise StoreError(
                f"{what} needs a store at schema {version} (open it for writing once to upgrade)"
            )

    def split_speaker(
        self, speaker: str, articles: Sequence[int | str], name: str | None = None, by: str = "cli"
    ) -> tuple[str, int]:
        """Give ``speaker``'s statements in ``articles`` (ids, URLs or paths) to a new speaker."""
        from .corrections import split_speaker

        ids = [self.find_article(a).id for a in articles]
        with self._lock:
            return split_speaker(self._db, speaker, ids, name, by)

    def rename_speaker(self, speaker: str, name: str, by: str = "cli") -> str:
        from .corrections import rename_speaker

        with self._lock:
            return rename_speaker(self._db, speaker, name, by)

    def speaker_edits(self) -> list[dict[str, Any]]:
        from .corrections import speaker_edits

        return speaker_edits(self._db, undone=self._version >= 7)

    def add_failure(self, failure: Failure, sha256: str = "") -> None:
        with self._lock:
            write_failure(self._db, failure, sha256, self._version)

    def optimize(self) -> None:
        """Refresh the query planner's statistics (after a large ingestion): without them SQLite
        may scan by a poor index; a sampled ANALYZE takes well under a second on a large store."""
        with self._lock:
            if self.dialect == "sqlite":
                self._db.script(["PRAGMA analysis_limit=1000", "ANALYZE"])
            else:
                self._db.script(["ANALYZE"])

    def known_hashes(self, failed: bool = True) -> set[str]:
        """Content hashes already stored (and, with ``failed``, already failed): a rerun skips them."""
        sql = "SELECT sha256 FROM articles"
        if failed:
            sql += " UNION SELECT sha256 FROM failures WHERE sha256 <> ''"
        return {r[0] for r in self._db.query(sql)}

    def failed_hashes(self) -> set[str]:
        """Content hashes of the pages that failed (read failures, which have none, are tried again)."""
        return {r[0] for r in self._db.query("SELECT sha256 FROM failures WHERE sha256 <> ''")}

    # -- reading ---------------------------------------------------------------------------

    def stats(self) -> StoreStats:
        def count(sql: str) -> int:
            return int(self._db.query(sql)[0][0])

        return StoreStats(
            articles=count("SELECT COUNT(*) FROM articles"),
            latest_articles=count("SELECT COUNT(*) FROM articles WHERE latest = 1"),
            statements=count("SELECT COUNT(*) FROM statements"),
            speakers=count("SELECT COUNT(*) FROM speakers"),
            failures=count("SELECT COUNT(*) FROM failures"),
            schema_version=current_version(self._db),
        )

    def failures(self) -> list[FailureRecord]:
        rows = self._db.query("SELECT path, sha256, reason, error, failed_at FROM failures ORDER BY id")
        return [FailureRecord(*r) for r in rows]

    def articles(self, all_versions: bool = False) -> list[ArticleInfo]:
        where = "" if all_versions else " WHERE latest = 1"
        return [
            _info(r) for r in self._db.query(f"SELECT {_ARTICLE_COLUMNS} FROM articles{where} ORDER BY id")
        ]

    def versions(self, ref: str | int) -> list[ArticleInfo]:
        """Every version of an article's page, oldest first."""
        info = self.find_article(ref)
        chain = [info]
        while chain[0].previous_id is not None:
            chain.insert(0, self._article_by_id(chain[0].previous_id))
        while True:
            newer = self._db.query(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE previous_id = ?", (chain[-1].id,)
            )
            if not newer:
                return chain
            chain.append(_info(newer[0]))

    def _article_by_id(self, article_id: int) -> ArticleInfo:
        rows = []
        if 0 < article_id <= MAX_ROWS:  # a larger number is no id, and no database integer either
            rows = self._db.query(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise StoreError(f"no article with id {article_id}", self.where)
        return _info(rows[0])

    def find_article(self, ref: str | int) -> ArticleInfo:
        """An article by id, URL, content hash (or a prefix of 8+ hex digits), or ingested file path.

        A path is looked up as stored, then by the hash of the file's current content.
        """
        name = str(ref).strip()
        text = shown(name)  # a file name that is not valid UTF-8 is stored shown with its bytes escaped
        if isinstance(ref, int) or _ID.fullmatch(text):
            return self._article_by_id(int(text))
        lookups = [
            ("SELECT {} FROM articles WHERE url = ? ORDER BY latest DESC, id DESC LIMIT 1", text),
            ("SELECT {} FROM articles WHERE path = ? ORDER BY latest DESC, id DESC LIMIT 1", text),
        ]
        if 8 <= len(text) <= 64 and all(c in "0123456789abcdef" for c in text.lower()):
            lookups.append(
                ("SELECT {} FROM articles WHERE sha256 LIKE ? ORDER BY id LIMIT 1", text.lower() + "%")
            )
        digest = _file_digest(name)
        if digest is not None:
            lookups.append(("SELECT {} FROM articles WHERE sha256 = ?", digest))
        for sql, param in lookups:
            rows = self._db.query(sql.format(_ARTICLE_COLUMNS), (param,))
            if rows:
                return _info(rows[0])
        raise StoreError(
            f"no stored article matches '{text}' (give an id, URL, path or content hash)", self.where
        )

    def article(self, ref: str | int) -> Article:
        """The stored article rebuilt as a :class:`~saidwhat.core.model.Article` (same offsets as extracted)."""
        info = self.find_article(ref)
        exact = "path_bytes" if self._version >= 3 else "NULL"
        row = self._db.query(
            f"""SELECT path, record, format, sha256, size, text, blocks, removed, metadata, {exact}
            FROM articles WHERE id = ?""",
            (info.id,),
        )[0]
        meta = json.loads(row[8])
        path = from_bytes(row[9], row[0])
        article = Article(
            input=InputInfo(path=path, format=row[2], sha256=row[3], size=int(row[4]), record=row[1]),
            text=row[5],
            blocks=[Block(BlockKind(k), Span(s, e)) for k, s, e in json.loads(row[6])],
            removed=[Removed(k, t) for k, t in json.loads(row[7])],
            metadata=Metadata(**{k: v for k, v in meta.items() if k in Metadata.__dataclass_fields__}),
        )
        article.speakers = self._article_speakers(info.id)
        article.statements = self._article_statements(info.id)
        return article

    def _article_speakers(self, article_id: int) -> list[Speaker]:
        rows = self._db.query(
            """SELECT x.local_id, x.name, sp.type, sp.key, x.confidence, x.members
            FROM article_speakers x JOIN speakers sp ON sp.id = x.speaker_id WHERE x.article_id = ?
            ORDER BY x.position""",
            (article_id,),
        )
        mentions: dict[str, list[Span]] = {}
        for local, start, end in self._db.query(
            "SELECT speaker_local, start_offset, end_offset FROM mentions WHERE article_id = ? ORDER BY id",
            (article_id,),
        ):
            mentions.setdefault(local, []).append(Span(start, end))
        return [
            Speaker(
                r[0], r[1], SpeakerType(r[2]), r[3], mentions.get(r[0], []), json.loads(r[5]), float(r[4])
            )
            for r in rows
        ]

    def _article_statements(self, article_id: int) -> list[Statement]:
        rows = self._db.query(
            """SELECT s.local_id, s.kind, s.content_spans, s.source_start, s.source_end, s.cue_start, s.cue_end,
                s.speaker_local, p.local_id, s.confidence, s.method
            FROM statements s LEFT JOIN statements p ON p.id = s.parent_id WHERE s.article_id = ? ORDER BY s.id""",
            (article_id,),
        )
        return [
            Statement(
                id=r[0],
                kind=StatementKind(r[1]),
                content=[Span(a, b) for a, b in json.loads(r[2])],
                source=Span(r[3], r[4]) if r[3] is not None else None,
                cue=Span(r[5], r[6]) if r[5] is not None else None,
                speaker=r[7],
                parent=r[8],
                confidence=float(r[9]),
                method=r[10],
            )
            for r in rows
        ]

    def statements_of(self, ref: str | int, hide_marked: bool = False) -> list[StatementHit]:
        """The statements of one article, in text order (``hide_marked``: without those marked wrong)."""
        info = self.find_article(ref)
        hidden = f" AND {HIDDEN}" if hide_marked and self._version >= 7 else ""
        rows = self._db.query(
            f"SELECT {_STATEMENT_COLUMNS}, NULL FROM {_STATEMENT_FROM} WHERE s.article_id = ?{hidden} "
            "ORDER BY s.id",  # the order the pipeline found them
            (info.id,),
        )
        return [_hit(r) for r in rows]

    def statement(self, statement_id: int) -> StatementHit:
        """One statement by its store id (marked or not)."""
        rows = self._db.query(
            f"SELECT {_STATEMENT_COLUMNS}, NULL FROM {_STATEMENT_FROM} WHERE s.id = ?",
            (_checked_id(statement_id, "statement"),),
        )
        if not rows:
            raise StoreError(f"no statement with id {statement_id}")
        return _hit(rows[0])

    # -- questions -------------------------------------------------------------------------

    def search(
        self,
        query: str | None = None,
        *,
        speaker: str | None = None,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | Sequence[str] | None = None,
        limit: int | None = 20,
        all_versions: bool = False,
        fts: bool = False,
        min_confidence: float = 0.0,
        offset: int = 0,
        order: str = "relevance",
        descending: bool = False,
    ) -> list[StatementHit]:
        """Statements matching a full-text ``query`` and the filters; best matches first, or newest
        first without a query. The query is plain words, "phrases", prefix*, OR, NOT (see
        :mod:`.query`); ``fts=True`` takes the database's own syntax (FTS5 on SQLite, tsquery on
        PostgreSQL) instead. ``order`` is one of :data:`ORDERS` ("relevance": best match, else
        newest first), ``descending`` reverses a column order, ``offset`` skips rows (a page of
        results: the order is total, so pages never overlap)."""
        return list(
            self.iter_statements(
                query,
                speaker=speaker,
                site=site,
                since=since,
                until=until,
                kind=kind,
                limit=limit,
                all_versions=all_versions,
                fts=fts,
                min_confidence=min_confidence,
                offset=offset,
                order=order,
                descending=descending,
            )
        )

    def count_statements(
        self,
        query: str | None = None,
        *,
        speaker: str | None = None,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | Sequence[str] | None = None,
        fts: bool = False,
        min_confidence: float = 0.0,
    ) -> int:
        """How many statements :meth:`search` finds with the same query and filters, without a limit."""
        where, params = self._filters(speaker, site, since, until, kind, False, min_confidence)
        source = _STATEMENT_FROM
        if query is not None and query.strip():
            match = self._match(query, STATEMENTS, fts)
            if match is None:
                return 0
            where.insert(0, f"({match.where})")
            params = match.params + params
            source = _FTS_FROM if self.dialect == "sqlite" else source
        sql = f"SELECT COUNT(*) FROM {source}" + (" WHERE " + " AND ".join(where) if where else "")
        try:
            return int(self._db.query(sql, params)[0][0])
        except StoreError as err:
            raise _query_error(query, err, fts, self.dialect) from err

    def iter_statements(
        self,
        query: str | None = None,
        *,
        speaker: str | None = None,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | Sequence[str] | None = None,
        limit: int | None = None,
        all_versions: bool = False,
        order: str = "relevance",
        fts: bool = False,
        min_confidence: float = 0.0,
        offset: int = 0,
        descending: bool = False,
    ) -> Iterator[StatementHit]:
        limit = checked_limit(limit)
        if order not in ORDERS:
            raise StoreError(f"cannot order statements by {order!r} (choose from {', '.join(ORDERS)})")
        if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_ROWS:
            raise StoreError(f"the offset must be a whole number from 0 to {MAX_ROWS}, not {offset!r}")
        where, params = self._filters(speaker, site, since, until, kind, all_versions, min_confidence)
        source, score, score_params = _STATEMENT_FROM, "NULL", []
        if query is not None and query.strip():
            match = self._match(query, STATEMENTS, fts)
            if match is None:
                return  # nothing in the query that the index keeps: nothing matches
            where.insert(0, f"({match.where})")
            params = match.params + params
            score, score_params = match.score, match.score_params
            source = _FTS_FROM if self.dialect == "sqlite" else source
        order_by = _order_by(order, score != "NULL", descending, self.dialect)
        sql = f"SELECT {_STATEMENT_COLUMNS}, {score} AS score FROM {source}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order_by}"
        params = score_params + params
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit if limit is not None else MAX_ROWS), int(offset)]
        try:
            for row in self._db.stream(sql, params):
                yield _hit(row)
        except StoreError as err:
            raise _query_error(query, err, fts, self.dialect) from err

    def _match(self, query: str, index: Index, fts: bool) -> Match | None:
        """The WHERE condition and score of a full-text query; None when it has nothing to search for."""
        if len(checked_text(query, "search query")) > 1000:
            raise StoreError("search query too long (over 1000 characters)")
        if fts:
            return sqlite_raw(query, index) if self.dialect == "sqlite" else postgres_raw(query, index)
        node = parse(query)
        if node is None:
            return None
        if self.dialect == "sqlite":
            return sqlite_match(node, index, lambda prefix: self._words_beginning(index, prefix))
        return postgres_match(node, index, self._stop_words_only)

    def _words_beginning(self, index: Index, prefix: str) -> list[str]:
        """Whole words of the unstemmed index that begin with ``prefix`` (SQLite, schema 4+)."""
        if self._version < 4:
            return []
        rows = self._db.query(
            f"SELECT term FROM {index.vocabulary} WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
            (prefix, prefix + "\U0010ffff", MAX_EXPANSIONS),
        )
        return [r[0] for r in rows]

    def _stop_words_only(self, texts: list[str]) -> list[bool]:
        """Which texts PostgreSQL's English configuration reduces to nothing ("the", "of it")."""
        if not texts:
            return []
        columns = ", ".join(f"numnode(phraseto_tsquery('{TEXT_SEARCH.postgresql}', ?)) = 0" for _ in texts)
        return [bool(v) for v in self._db.query(f"SELECT {columns}", texts)[0]]

    def _filters(
        self,
        speaker: str | None,
        site: str | None,
        since: str | None,
        until: str | None,
        kind: str | Sequence[str] | None,
        all_versions: bool,
        min_confidence: float = 0.0,
    ) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if not all_versions:
            where.append("a.latest = 1")
        if self._version >= 7:
            where.append(HIDDEN)  # statements a reader marked wrong
        if min_confidence > 0:
            where.append("s.confidence >= ?")
            params.append(checked_confidence(min_confidence))
        if speaker:
            where.append(
                """s.speaker_id IN (SELECT speaker_id FROM speaker_aliases WHERE alias_norm = ?
                UNION SELECT id FROM speakers WHERE key = ?)"""
            )
            params += [normalise_name(checked_text(speaker, "speaker")), speaker.strip()]
        if site:  # the site's name, or the domain of its addresses
            where.append("(LOWER(a.site) = ? OR a.domain = ?)")
            name = checked_text(site, "site").strip()
            params += [name.lower(), domain_of(name)]
        if since:
            where.append("a.pub_date >= ?")
            params.append(date_bound(since))
        if until:
            where.append("a.pub_date <= ?")
            params.append(date_bound(until, upper=True))
        kinds = [kind] if isinstance(kind, str) else list(kind or [])
        if kinds:
            for k in kinds:
                if k not in StatementKind.__members__.values():
                    choices = ", ".join(k.value for k in StatementKind)
                    raise StoreError(f"unknown statement kind {k!r} (choose from {choices})")
            where.append(f"s.kind IN ({', '.join('?' for _ in kinds)})")
            params += kinds
        return where, params

    def resolve_speaker(self, name: str) -> list[tuple[str, str]]:
        """Canonical speakers (key, name) that ``name`` designates: an exact key or alias, else
        speakers with an alias containing it (all of them, for the caller to choose)."""
        norm = normalise_name(checked_text(name, "speaker"))
        rows = self._db.query(
            """SELECT DISTINCT sp.key, sp.name FROM speakers sp WHERE sp.key = ? OR sp.id IN
            (SELECT speaker_id FROM speaker_aliases WHERE alias_norm = ?) ORDER BY sp.name""",
            (name.strip(), norm),
        )
        if rows or not norm:
            return [(r[0], r[1]) for r in rows]
        pattern = "%" + norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._db.query(
            """SELECT DISTINCT sp.key, sp.name FROM speakers sp JOIN speaker_aliases x ON x.speaker_id = sp.id
            WHERE x.alias_norm LIKE ? ESCAPE '\\' ORDER BY sp.name LIMIT 20""",
            (pattern,),
        )
        return [(r[0], r[1]) for r in rows]

    def speaker_timeline(
        self,
        name: str,
        *,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | Sequence[str] | None = None,
        limit: int | None = None,
        min_confidence: float = 0.0,
    ) -> list[StatementHit]:
        """Every statement of one speaker (by key, alias or part of a name), oldest first."""
        found = self.resolve_speaker(name)
        if not found:
            raise StoreError(f"no speaker matches {name!r}")
        if len(found) > 1:
            names = "; ".join(f"{n} [{k}]" for k, n in found[:8])
            raise StoreError(f"{name!r} matches several speakers: {names} (give one of these keys)")
        return list(
            self.iter_statements(
                speaker=found[0][0],
                site=site,
                since=since,
                until=until,
                kind=kind,
                limit=limit,
                order="time",
                min_confidence=min_confidence,
            )
        )

    def speakers(
        self,
        *,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | Sequence[str] | None = None,
        limit: int | None = 50,
        by: str | None = None,
        min_confidence: float = 0.0,
    ) -> list[SpeakerCount]:
        """Who is quoted most, with their counts by site; ``by`` ('site', 'month' or 'year') breaks
        each speaker's counts down into one row per group."""
        if by is not None and by not in GROUPS:
            raise StoreError(f"cannot group speakers by {by!r} (choose from {', '.join(GROUPS)})")
        limit = checked_limit(limit) or MAX_ROWS
        where, params = self._filters(None, site, since, until, kind, False, min_confidence)
        where.append("s.speaker_id IS NOT NULL")
        clause = " WHERE " + " AND ".join(where)
        top = self._db.query(
            f"""SELECT sp.id, sp.key, sp.name, sp.type, COUNT(*), COUNT(DISTINCT s.article_id), MIN(a.pub_date),
            MAX(a.pub_date) FROM {_STATEMENT_FROM}{clause} GROUP BY sp.id, sp.key, sp.name, sp.type
            ORDER BY COUNT(*) DESC, sp.name LIMIT ?""",
            [*params, int(limit)],
        )
        if not top:
            return []
        ids = [int(r[0]) for r in top]
        marks = ", ".join("?" for _ in ids)
        sites: dict[int, dict[str, int]] = {}
        for speaker_id, site_name, n in self._db.query(
            f"""SELECT s.speaker_id, COALESCE(a.site, ''), COUNT(*) FROM {_STATEMENT_FROM}{clause}
            AND s.speaker_id IN ({marks}) GROUP BY s.speaker_id, COALESCE(a.site, '') ORDER BY COUNT(*) DESC""",
            [*params, *ids],
        ):
            sites.setdefault(int(speaker_id), {})[site_name or "(no site)"] = int(n)
        if by is None:
            return [
                SpeakerCount(r[1], r[2], r[3], int(r[4]), int(r[5]), r[6], r[7], sites.get(int(r[0]), {}))
                for r in top
            ]
        return self._speaker_groups(top, by, clause, params, sites)

    def _speaker_groups(
        self, top: list[Any], by: str, clause: str, params: list[Any], sites: dict[int, dict[str, int]]
    ) -> list[SpeakerCount]:
        group = {
            "site": "COALESCE(a.site, '')",
            "month": "SUBSTR(a.pub_date, 1, 7)",
            "year": "SUBSTR(a.pub_date, 1, 4)",
        }[by]
        ids = [int(r[0]) for r in top]
        marks = ", ".join("?" for _ in ids)
        rows = self._db.query(
            f"""SELECT s.speaker_id, {group}, COUNT(*), COUNT(DISTINCT s.article_id), MIN(a.pub_date), MAX(a.pub_date)
            FROM {_STATEMENT_FROM}{clause} AND s.speaker_id IN ({marks}) GROUP BY s.speaker_id, {group}""",
            [*params, *ids],
        )
        per: dict[int, list[Any]] = {}
        for row in rows:
            per.setdefault(int(row[0]), []).append(row)
        out: list[SpeakerCount] = []
        for r in top:
            groups = sorted(per.get(int(r[0]), []), key=lambda g: g[1] or "~")
            for g in groups:
                label = g[1] or ("(no site)" if by == "site" else "(undated)")
                site_counts = {label: int(g[2])} if by == "site" else {}
                out.append(
                    SpeakerCount(r[1], r[2], r[3], int(g[2]), int(g[3]), g[4], g[5], site_counts, label)
                )
        return out

    # -- browsing (the web page's questions; see :mod:`.browse`) -------------------------------

    def statement_counts(
        self,
        by: Sequence[str],
        *,
        speakers: Sequence[str] | None = None,
        speaker: str | None = None,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | Sequence[str] | None = None,
        min_confidence: float = 0.0,
    ) -> list[CountRow]:
        """Statements counted by ``by`` (dimensions of :data:`~.browse.DIMENSIONS` and "week"),
        with the search filters; ``speakers`` (keys) keeps those speakers only. Groups come in no
        particular order."""
        from .browse import DIMENSIONS, grouped_counts

        for dimension in by:
            if dimension != "week" and (dimension not in DIMENSIONS or dimension == "day"):
                choices = ", ".join(sorted({*DIMENSIONS, "week"} - {"day"}))
                raise StoreError(f"cannot count statements by {dimension!r} (choose from {choices})")
        if not by:
            raise StoreError("count statements by at least one dimension")
        where, params = self._filters(speaker, site, since, until, kind, False, min_confidence)
        if speakers is not None:
            keys = [checked_text(k, "speaker") for k in speakers][:200]
            if not keys:
                return []
            where.append(f"sp.key IN ({', '.join('?' for _ in keys)})")
            params += keys
        return grouped_counts(self._db, _STATEMENT_FROM, where, params, by)

    def speaker(self, key: str) -> tuple[str, str, str]:
        """(key, name, type) of the stored speaker with this exact key."""
        rows = self._db.query(
            "SELECT key, name, type FROM speakers WHERE key = ?", (checked_text(key, "speaker"),)
        )
        if not rows:
            raise StoreError(f"no speaker with key {key!r}")
        return rows[0][0], rows[0][1], rows[0][2]

    def complete_speaker(self, prefix: str, limit: int = 20) -> list[tuple[str, str]]:
        """Speakers (key, name) with a name beginning with ``prefix`` (any of their names), most quoted
        first: the completion of a speaker field."""
        norm = normalise_name(checked_text(prefix, "speaker"))
        if not norm:
            return []
        bound = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._db.query(
            """SELECT sp.key, sp.name FROM speakers sp WHERE sp.id IN (SELECT speaker_id FROM speaker_aliases
            WHERE alias_norm LIKE ? ESCAPE '\\') ORDER BY (SELECT COUNT(*) FROM statements s
            WHERE s.speaker_id = sp.id) DESC, sp.name LIMIT ?""",
            (bound, int(checked_limit(limit) or 20)),
        )
        return [(r[0], r[1]) for r in rows]

    def sites(self, limit: int = 500) -> list[tuple[str, int]]:
        """The sites of the latest articles and how many articles each has, largest first."""
        rows = self._db.query(
            """SELECT site, COUNT(*) FROM articles WHERE latest = 1 AND site IS NOT NULL
            GROUP BY site ORDER BY COUNT(*) DESC, site LIMIT ?""",
            (int(checked_limit(limit) or 500),),
        )
        return [(r[0], int(r[1])) for r in rows]

    def list_articles(self, offset: int = 0, limit: int = 50) -> tuple[list[ArticleInfo], int]:
        """One page of the latest articles, newest first, and how many there are in all."""
        if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_ROWS:
            raise StoreError(f"the offset must be a whole number from 0 to {MAX_ROWS}, not {offset!r}")
        rows = self._db.query(
            f"""SELECT {_ARTICLE_COLUMNS} FROM articles WHERE latest = 1
            ORDER BY COALESCE(pub_date, '') DESC, id DESC LIMIT ? OFFSET ?""",
            (int(checked_limit(limit) or 50), offset),
        )
        total = int(self._db.query("SELECT COUNT(*) FROM articles WHERE latest = 1")[0][0])
        return [_info(r) for r in rows], total

    def related_articles(
        self, ref: str | int, days: int = 7, limit: int = 8, minimum: float = 0.15
    ) -> list[Related]:
        """The other coverage of the event an article reports: latest articles published within
        ``days`` of it (any date when it has none) whose words and quoted speakers are close to its
        own, closest first (see :mod:`.browse`)."""
        from .browse import RELATED_CANDIDATES, candidate_terms, rescore

        info = self.find_article(ref)
        text, day = self._db.query("SELECT text, pub_date FROM articles WHERE id = ?", (info.id,))[0]
        text = f"{info.title or ''}\n{text}"
        terms = candidate_terms(text, *self._document_frequencies(text))
        if not terms:
            return []
        where, params, score, score_params = self._related_match(terms)
        where += ["a.latest = 1", "a.id <> ?"]
        params.append(info.id)
        window = _window(day, days)
        if window:
            where.append("a.pub_date >= ? AND a.pub_date <= ?")
            params += window
        source = (
            "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            if self.dialect == "sqlite"
            else "articles a"
        )
        cols = ", ".join("a." + c.strip() for c in _ARTICLE_COLUMNS.split(","))
        rows = self._db.query(
            f"SELECT {cols}, COALESCE(a.title, '') || ' ' || a.text FROM {source} WHERE {' AND '.join(where)} "
            f"ORDER BY {score} DESC, a.id LIMIT ?",
            [*params, *score_params, RELATED_CANDIDATES],
        )
        keys = self._speaker_keys([info.id, *(int(r[0]) for r in rows)])
        candidates = [(_info(r), str(r[-1]), keys.get(int(r[0]), set())) for r in rows]
        return rescore(text, keys.get(info.id, set()), candidates, minimum)[: checked_limit(limit) or 8]

    def _document_frequencies(self, text: str) -> tuple[dict[str, int], int]:
        """How many articles contain each word of ``text`` (SQLite's unstemmed vocabulary), and how
        many articles there are; nothing on PostgreSQL, where the terms fall back to length."""
        from .query import tokens

        if self.dialect != "sqlite" or self._version < 4:
            return {}, 0
        words = sorted(set(tokens(text[:50_000], fold_accents=False)))[:2000]
        df: dict[str, int] = {}
        for start in range(0, len(words), 400):
            part = words[start : start + 400]
            marks = ", ".join("?" for _ in part)
            df.update(
                (r[0], int(r[1]))
                for r in self._db.query(
                    f"SELECT term, doc FROM articles_words_vocab WHERE term IN ({marks})", part
                )
            )
        n_docs = int(self._db.query("SELECT COUNT(*) FROM articles")[0][0])
        return df, n_docs

    def _related_match(self, terms: list[str]) -> tuple[list[str], list[Any], str, list[Any]]:
        """WHERE conditions, their parameters, a score and its parameters: articles with any of ``terms``."""
        if self.dialect == "sqlite":
            return (
                ["articles_fts MATCH ?"],
                [" OR ".join(f'"{t}"' for t in terms)],
                "(-bm25(articles_fts))",
                [],
            )
        query = " | ".join(terms)  # tokens: letters and digits only
        tsquery = "to_tsquery('simple', ?)"
        return [f"a.text_words @@ {tsquery}"], [query], f"ts_rank(a.text_words, {tsquery})", [query]

    def _speaker_keys(self, article_ids: list[int]) -> dict[int, set[str]]:
        marks = ", ".join("?" for _ in article_ids)
        out: dict[int, set[str]] = {}
        for article_id, key in self._db.query(
            f"""SELECT DISTINCT s.article_id, sp.key FROM statements s JOIN speakers sp ON sp.id = s.speaker_id
            WHERE s.article_id IN ({marks})""",
            article_ids,
        ):
            out.setdefault(int(article_id), set()).add(str(key))
        return out

    def find_event(self, query: str, limit: int = 10, fts: bool = False) -> list[ArticleInfo]:
        """Articles whose title or text match a full-text query (as :meth:`search` takes), best first."""
        limit = checked_limit(limit) or MAX_ROWS
        if not query.strip():
            raise StoreError("empty event query")
        match = self._match(query, ARTICLES, fts)
        if match is None:
            return []
        cols = ", ".join("a." + c.strip() for c in _ARTICLE_COLUMNS.split(","))
        source = (
            "articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            if self.dialect == "sqlite"
            else "articles a"
        )
        sql = f"""SELECT {cols}, {match.score} AS score FROM {source} WHERE ({match.where}) AND a.latest = 1
            ORDER BY score DESC, a.id LIMIT ?"""
        try:
            return [_info(r) for r in self._db.query(sql, [*match.score_params, *match.params, int(limit)])]
        except StoreError as err:
            raise _query_error(query, err, fts, self.dialect) from err

    def event_pair(self, query: str) -> tuple[ArticleInfo, ArticleInfo]:
        """The two best-matching accounts of an event from two different sites (or pages)."""
        found = self.find_event(query, limit=50)
        if not found:
            raise StoreError(f"no stored article matches {query!r}")
        first = found[0]
        for other in found[1:]:
            if (other.site or other.url or other.path) != (first.site or first.url or first.path):
                return first, other
        raise StoreError(f"only one source covers {query!r}: nothing to compare it with")

    def compare(self, a: str | int, b: str | int, min_confidence: float | None = None) -> Comparison:
        """Two accounts side by side: statements aligned by speaker and content (see :mod:`.compare`);
        statements under ``min_confidence`` (default :data:`~.compare.COMPARE_CONFIDENCE`) are set aside."""
        from .compare import COMPARE_CONFIDENCE, compare_accounts

        left, right = self.find_article(a), self.find_article(b)
        if left.id == right.id:
            raise StoreError(f"both sides are the same article (id {left.id})")
        return compare_accounts(
            left,
            self.statements_of(left.id, hide_marked=True),
            _body_text(self.article(left.id)),
            right,
            self.statements_of(right.id, hide_marked=True),
            _body_text(self.article(right.id)),
            COMPARE_CONFIDENCE if min_confidence is None else min_confidence,
        )

    def export(
        self,
        destination: str | os.PathLike[str],
        format: str | None = None,
        table: str = "statements",
        **filters: Any,
    ) -> int:
        """Write statements (with the search filters), articles or speakers to a file; returns rows written.

        ``format`` is "jsonl", "csv" or "parquet"; by default the destination's extension says which
        (JSON Lines for ``-`` and names without one)."""
        from .export import export

        return export(self, Path(destination), format, table, **filters)

    def iter_article_rows(self, all_versions: bool = False) -> Iterator[dict[str, Any]]:
        """Articles as flat rows, for export (``authors`` a list)."""
        where = "" if all_versions else " WHERE latest = 1"
        for r in self._db.stream(
            f"""SELECT id, sha256, path, url, site, title, published, language, authors, text, n_statements,
            previous_id, latest, ingested_at FROM articles{where} ORDER BY id"""
        ):
            yield {
                "article_id": int(r[0]),
                "sha256": r[1],
                "path": r[2],
                "url": r[3],
                "site": r[4],
                "title": r[5],
                "published": r[6],
                "language": r[7],
                "authors": json.loads(r[8]),
                "text": r[9],
                "n_statements": int(r[10]),
                "previous_id": r[11],
                "latest": bool(r[12]),
                "ingested_at": r[13],
            }


def _window(day: str | None, days: int) -> list[str] | None:
    """The dates within ``days`` of ``day`` (a stored ``YYYY-MM-DD``), or None when it is no such date."""
    from datetime import date, timedelta

    try:
        moment = date.fromisoformat(day or "")
    except ValueError:
        return None
    span = timedelta(days=max(0, min(int(days), 3660)))
    return [(moment - span).isoformat(), (moment + span).isoformat() + "~"]


def _order_by(order: str, scored: bool, descending: bool, dialect: str) -> str:
    """An ORDER BY that is total (ties broken by article and statement id), so pages never overlap.

    Dates are ordered by the bare column, undated articles last when newest come first (and first
    otherwise, as SQLite orders NULL), so that the date index can serve the order."""
    if order == "time":
        return "COALESCE(a.pub_date, '9999'), a.id, s.id"
    if order == "relevance" and scored:
        return "score DESC, s.id"
    if order == "relevance" or order == "date":
        newest = order == "relevance" or descending
        nulls = "" if dialect == "sqlite" else (" NULLS LAST" if newest else " NULLS FIRST")
        way = " DESC" if newest else ""
        return f"a.pub_date{way}{nulls}, a.id{way}, s.id"
    way = " DESC" if descending else ""
    return f"{_ORDER_COLUMNS[order]}{way}, a.id{way}, s.id"


def _checked_id(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ROWS:
        raise StoreError(f"no {what} with id {value!r}")
    return value


def checked_confidence(value: float) -> float:
    """A confidence threshold: a number from 0 to 1."""
    if not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise StoreError(f"a confidence is a number from 0 to 1, not {value!r}")
    return float(value)


def _upgrade(where: str, found: int, upto: int) -> None:
    """Migrate a store that a reader opened, through a connection that may write."""
    try:
        db = connect(where, create=False)
        try:
            migrate(db, upto)
        finally:
            db.close()
    except StoreError as err:
        raise StoreError(
            f"the store is at schema version {found} and this saidwhat reads version {upto}: "
            f"it must be upgraded, which needs write access ({err.reason})",
            err.where,
        ) from err


def _file_digest(text: str) -> str | None:
    """The content hash of the file ``text`` names, if it names a readable file."""
    try:
        path = Path(text).expanduser()
        if not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError):  # not a file name at all (too long, a NUL byte) or unreadable
        return None


_NOT_BODY = frozenset({BlockKind.CREDIT, BlockKind.BYLINE, BlockKind.CAPTION, BlockKind.DATELINE})


def _body_text(article: Article) -> str:
    """The article's own words: its text without credits, bylines, captions and datelines."""
    if not article.blocks:
        return article.text
    return "\n\n".join(article.slice(b.span) for b in article.blocks if b.kind not in _NOT_BODY)


def _query_error(query: str | None, err: StoreError, fts: bool, dialect: str) -> StoreError:
    """A failed full-text query: the user's syntax, unless the database reports a problem of its own."""
    database_level = ("locked", "disk", "unable to open", "readonly", "corrupt", "malformed", "connection")
    if query is not None and not any(word in err.reason for word in database_level):
        syntax = "SQLite FTS5 query syntax" if dialect == "sqlite" else "PostgreSQL tsquery syntax"
        hint = f"see the {syntax}" if fts else "plain words need no syntax: this is a saidwhat bug"
        return StoreError(f"bad search query {query[:80]!r}: {err.reason} ({hint})")
    return err
