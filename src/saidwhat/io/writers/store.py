"""The store as an output: articles written in, one transaction each, and failures recorded.

This is the writer on the store-writing side of ``saidwhat ingest``: what
``add`` returns says whether the page was new, a new version of a page already
stored, or the same content again (skipped). The store is the caller's: the
writer neither opens nor closes it.
"""

from __future__ import annotations

from collections import Counter
from types import TracebackType
from typing import Self

from ...core.model import Article
from ...core.sources import Failure
from ...store import Store
from ...store.records import AddResult, AddStatus

__all__ = ["StoreWriter"]


class StoreWriter:
    """Articles into ``store``; failures recorded with their reason (``saidwhat failures`` lists
    them, and a rerun skips the pages that failed unless asked to retry them)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.outcomes: Counter[AddStatus] = Counter()
        self.failures = 0

    @property
    def count(self) -> int:
        """Articles written, whether stored or found already there."""
        return sum(self.outcomes.values())

    def add(self, article: Article) -> AddResult:
        """Store one article (in one transaction) and say what became of it."""
        outcome = self.store.add(article)
        self.outcomes[outcome.status] += 1
        return outcome

    def write(self, record: Article) -> None:
        self.add(record)

    def fail(self, failure: Failure, sha256: str = "") -> None:
        """Record a failure; with the page's content hash, a rerun knows the page failed before."""
        self.store.add_failure(failure, sha256)
        self.failures += 1

    def close(self) -> None:
        """Every article is committed as it is written: nothing is kept back."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
