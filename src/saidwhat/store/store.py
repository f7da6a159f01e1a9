"""The store: every article and statement saidwhat extracted, and the questions asked of them.

:class:`Store` is the one public entry point, a thin facade over the modules
of this package, each of one concern:

    db, dialect        the two databases behind one interface; rows by column name
    schema             versioned migrations
    writer             the only code that writes articles and failures (one transaction each)
    articles           an article by any reference, rebuilt with its offsets; listings
    statements, search statements filtered, searched (full text), ordered and paged
    speakers           who a name designates, who is quoted most, a speaker's timeline
    corrections, marks the user's speaker corrections and statements marked wrong
    browse             counts to chart, the other coverage of a story
    compare            two accounts of one event side by side
    failures, stats    pages that failed; how much the store holds

It opens a SQLite file or a PostgreSQL URL (:func:`saidwhat.store.db.connect`),
brings its schema up to date, writes through one connection guarded by one
lock (the one writer), and answers with typed records (:mod:`.records`).
Every SQL statement of saidwhat lives in this package.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from ..core.errors import StoreError
from ..core.model import Article
from ..core.sources import Failure
from . import articles as _articles
from . import browse as _browse
from . import compare as _compare
from . import corrections as _corrections
from . import failures as _failures
from . import marks as _marks
from . import speakers as _speakers
from . import statements as _statements
from . import stats as _stats
from .db import NO_STORE, Database, connect
from .records import AddResult, ArticleInfo, FailureRecord, SpeakerCount, StatementHit, StoreStats
from .schema import LATEST, current_version, migrate, refuse_newer
from .speakers import GROUPS
from .statements import ORDERS, checked_confidence, checked_id
from .writer import write_article, write_failure

if TYPE_CHECKING:
    from .browse import CountRow, Related
    from .compare import Comparison
    from .marks import Mark

__all__ = ["GROUPS", "ORDERS", "Store", "checked_confidence", "default_location", "resolve_target"]


def default_location() -> Path:
    """``$XDG_DATA_HOME/saidwhat/saidwhat.db``, or ``~/.local/share/saidwhat/saidwhat.db``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "saidwhat" / "saidwhat.db"


def resolve_target(target: str | os.PathLike[str] | None = None) -> str:
    """The store to open: the argument, else ``$SAIDWHAT_DB``, else :func:`default_location`."""
    if target is not None and str(target):
        return str(target)
    return os.environ.get("SAIDWHAT_DB") or str(default_location())


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
        """The database's dialect: "sqlite" or "postgres"."""
        return self._db.dialect.name

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

    def _needs(self, version: int, what: str) -> None:
        if self._version < version:
            raise StoreError(
                f"{what} needs a store at schema {version} (open it for writing once to upgrade)"
            )

    # -- writing (every write holds the lock: the one writer) ------------------------------

    def add(self, article: Article) -> AddResult:
        """Store an article whole (one transaction); the same content twice is stored once."""
        with self._lock:
            try:
                return write_article(self._db, article, self._version)
            except StoreError as err:  # a database error on this article: report it, the store stays usable
                raise StoreError(f"cannot store: {err.reason}", article.input.path) from err

    def add_failure(self, failure: Failure, sha256: str = "") -> None:
        with self._lock:
            write_failure(self._db, failure, sha256, self._version)

    def optimize(self) -> None:
        """Refresh the query planner's statistics (after a large ingestion; see :mod:`.stats`)."""
        with self._lock:
            _stats.optimize(self._db)

    # -- speaker corrections and marks (see :mod:`.corrections`, :mod:`.marks`) ------------

    def merge_speakers(self, source: str, target: str, by: str = "cli") -> tuple[str, str, int]:
        """Merge speaker ``source`` into ``target`` (keys or names): (source key, target key, moved)."""
        with self._lock:
            return _corrections.merge_speakers(self._db, source, target, by, undoable=self._version >= 7)

    def undo_merge(self, edit_id: int, by: str = "cli") -> tuple[str, str, int]:
        """Undo the merge logged as correction ``edit_id`` (see :meth:`speaker_edits`):
        (key given back, key it had been merged into, statements moved back)."""
        self._needs(7, "undoing a merge")
        with self._lock:
            return _corrections.undo_merge(self._db, checked_id(edit_id, "correction"), by)

    def split_speaker(
        self, speaker: str, articles: Sequence[int | str], name: str | None = None, by: str = "cli"
    ) -> tuple[str, int]:
        """Give ``speaker``'s statements in ``articles`` (ids, URLs or paths) to a new speaker."""
        ids = [self.find_article(a).id for a in articles]
        with self._lock:
            return _corrections.split_speaker(self._db, speaker, ids, name, by)

    def rename_speaker(self, speaker: str, name: str, by: str = "cli") -> str:
        with self._lock:
            return _corrections.rename_speaker(self._db, speaker, name, by)

    def speaker_edits(self) -> list[dict[str, Any]]:
        return _corrections.speaker_edits(self._db, undone=self._version >= 7)

    def mark_statement(self, statement_id: int, reason: str = "", by: str = "cli") -> int:
        """Mark a statement as wrong: hidden from results, kept, with who and when (see :mod:`.marks`)."""
        self._needs(7, "marking a statement")
        with self._lock:
            return _marks.mark_statement(self._db, checked_id(statement_id, "statement"), reason, by)

    def unmark_statement(self, statement_id: int, by: str = "cli") -> int:
        """Take back a statement's marks; returns how many there were."""
        self._needs(7, "unmarking a statement")
        with self._lock:
            return _marks.unmark_statement(self._db, checked_id(statement_id, "statement"), by)

    def statement_marks(self, article_id: int | None = None, active: bool = True) -> list[Mark]:
        """Statements marked wrong (of one article), oldest first; ``active=False`` adds undone marks."""
        if self._version < 7:
            return []
        return _marks.marks(self._db, article_id, active)

    # -- failures and counts ---------------------------------------------------------------

    def known_hashes(self, failed: bool = True) -> set[str]:
        """Content hashes already stored (and, with ``failed``, already failed): a rerun skips them."""
        return _failures.known_hashes(self._db, failed)

    def failed_hashes(self) -> set[str]:
        """Content hashes of the pages that failed (read failures, which have none, are tried again)."""
        return _failures.failed_hashes(self._db)

    def failures(self) -> list[FailureRecord]:
        return _failures.failures(self._db)

    def stats(self) -> StoreStats:
        return _stats.stats(self._db)

    # -- articles (see :mod:`.articles`) ---------------------------------------------------

    def articles(self, all_versions: bool = False) -> list[ArticleInfo]:
        return _articles.articles(self._db, all_versions)

    def versions(self, ref: str | int) -> list[ArticleInfo]:
        """Every version of an article's page, oldest first."""
        return _articles.versions(self._db, ref)

    def find_article(self, ref: str | int) -> ArticleInfo:
        """An article by id, URL, content hash (or a prefix of 8+ hex digits), or ingested file path.

        A path is looked up as stored, then by the hash of the file's current content.
        """
        return _articles.find_article(self._db, ref)

    def article(self, ref: str | int) -> Article:
        """The stored article rebuilt as a :class:`~saidwhat.core.model.Article` (same offsets as extracted)."""
        return _articles.article(self._db, self._version, ref)

    def sites(self, limit: int = 500) -> list[tuple[str, int]]:
        """The sites of the latest articles and how many articles each has, largest first."""
        return _articles.sites(self._db, limit)

    def list_articles(self, offset: int = 0, limit: int = 50) -> tuple[list[ArticleInfo], int]:
        """One page of the latest articles, newest first, and how many there are in all."""
        return _articles.list_articles(self._db, offset, limit)

    def find_event(self, query: str, limit: int = 10, fts: bool = False) -> list[ArticleInfo]:
        """Articles whose title or text match a full-text query (as :meth:`search` takes), best first."""
        return _articles.find_event(self._db, self._version, query, limit, fts)

    def iter_article_rows(self, all_versions: bool = False) -> Iterator[dict[str, Any]]:
        """Articles as flat rows, for export (``authors`` a list)."""
        return _articles.iter_article_rows(self._db, all_versions)

    # -- statements (see :mod:`.statements`) -----------------------------------------------

    def statements_of(self, ref: str | int, hide_marked: bool = False) -> list[StatementHit]:
        """The statements of one article, in text order (``hide_marked``: without those marked wrong)."""
        return _statements.statements_of(self._db, self._version, ref, hide_marked)

    def statement(self, statement_id: int) -> StatementHit:
        """One statement by its store id (marked or not)."""
        return _statements.statement(self._db, statement_id)

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
        return _statements.count_statements(
            self._db, self._version, query, speaker=speaker, site=site, since=since, until=until,
            kind=kind, fts=fts, min_confidence=min_confidence,
        )  # fmt: skip

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
        return _statements.iter_statements(
            self._db, self._version, query, speaker=speaker, site=site, since=since, until=until,
            kind=kind, limit=limit, all_versions=all_versions, order=order, fts=fts,
            min_confidence=min_confidence, offset=offset, descending=descending,
        )  # fmt: skip

    # -- speakers (see :mod:`.speakers`) ---------------------------------------------------

    def resolve_speaker(self, name: str) -> list[tuple[str, str]]:
        """Canonical speakers (key, name) that ``name`` designates: an exact key or alias, else
        speakers with an alias containing it (all of them, for the caller to choose)."""
        return _speakers.resolve_speaker(self._db, name)

    def speaker(self, key: str) -> tuple[str, str, str]:
        """(key, name, type) of the stored speaker with this exact key."""
        return _speakers.speaker(self._db, key)

    def complete_speaker(self, prefix: str, limit: int = 20) -> list[tuple[str, str]]:
        """Speakers (key, name) with a name beginning with ``prefix`` (any of their names), most quoted
        first: the completion of a speaker field."""
        return _speakers.complete_speaker(self._db, prefix, limit)

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
        return _speakers.speaker_timeline(
            self._db, self._version, name, site=site, since=since, until=until, kind=kind, limit=limit,
            min_confidence=min_confidence,
        )  # fmt: skip

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
        return _speakers.speakers(
            self._db, self._version, site=site, since=since, until=until, kind=kind, limit=limit, by=by,
            min_confidence=min_confidence,
        )  # fmt: skip

    # -- browsing (the web page's questions; see :mod:`.browse`) ---------------------------

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
        return _browse.statement_counts(
            self._db, self._version, by, speakers=speakers, speaker=speaker, site=site, since=since,
            until=until, kind=kind, min_confidence=min_confidence,
        )  # fmt: skip

    def related_articles(
        self, ref: str | int, days: int = 7, limit: int = 8, minimum: float = 0.15
    ) -> list[Related]:
        """The other coverage of the event an article reports: latest articles published within
        ``days`` of it (any date when it has none) whose words and quoted speakers are close to its
        own, closest first (see :mod:`.browse`)."""
        return _browse.related_articles(self._db, self._version, ref, days, limit, minimum)

    # -- comparing two accounts (see :mod:`.compare`) --------------------------------------

    def event_pair(self, query: str) -> tuple[ArticleInfo, ArticleInfo]:
        """The two best-matching accounts of an event from two different sites (or pages)."""
        return _compare.event_pair(self._db, self._version, query)

    def compare(self, a: str | int, b: str | int, min_confidence: float | None = None) -> Comparison:
        """Two accounts side by side: statements aligned by speaker and content (see :mod:`.compare`);
        statements under ``min_confidence`` (default :data:`~.compare.COMPARE_CONFIDENCE`) are set aside."""
        return _compare.compare_stored(self._db, self._version, a, b, min_confidence)



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
