"""The store connections behind the web app: several readers, at most one writer.

Each request borrows a reader (its own connection: SQLite readers in WAL mode
and PostgreSQL sessions read side by side, so concurrent pages do not queue
behind one lock) and gives it back. The writer exists only when edits are
allowed (``serve --allow-edits``); every correction goes through it, the
store's single writer path (:meth:`saidwhat.store.Store.merge_speakers` and
the other correction methods, which hold the store's write lock).
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager

from ..core.errors import StoreError
from ..store import Store

__all__ = ["Busy", "Stores"]


class Busy(StoreError):
    """Every reader stayed busy for the whole wait: the server is overloaded (a 503, not a bug)."""


class Stores:
    """A pool of read-only stores over one target, and the writer when edits are allowed."""

    def __init__(self, target: str, readers: int = 4, writable: bool = False) -> None:
        if not 1 <= readers <= 64:
            raise StoreError(f"readers must be from 1 to 64, not {readers}")
        self.target = target
        # The writer first: it brings an older store's schema up to date before readers open it.
        self._writer = Store.open(target, create=False) if writable else None
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._all: list[Store] = []
        try:
            for _ in range(readers):
                store = Store.open(target, read_only=True)
                self._all.append(store)
                self._idle.put(store)
        except Exception:
            self.close()
            raise

    @property
    def where(self) -> str:
        return self._all[0].where

    @property
    def writable(self) -> bool:
        return self._writer is not None

    @contextmanager
    def reader(self, timeout: float = 30.0) -> Iterator[Store]:
        """A reader for the duration of one request (waits while every reader is busy)."""
        try:
            store = self._idle.get(timeout=timeout)
        except queue.Empty as err:
            raise Busy("the server is too busy: try again in a moment") from err
        try:
            yield store
        finally:
            self._idle.put(store)

    def writer(self) -> Store:
        if self._writer is None:
            raise StoreError("edits are disabled (start the server with saidwhat serve --allow-edits)")
        return self._writer

    def close(self) -> None:
        for store in self._all:
            store.close()
        self._all.clear()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
