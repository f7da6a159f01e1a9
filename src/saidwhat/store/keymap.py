"""Speaker keys merged as the store merges them, for data that is not in a store (a crawl's tables).

A crawl run (:mod:`saidwhat.executors.spark`) gives its statements the keys
their articles gave; :func:`merged_keys` says which key each would be stored
under if the articles were ingested in the given order, by running the store's
own rule (:func:`~saidwhat.store.corrections.canonical_key`: redirects, then
evidence, :func:`~saidwhat.speakers.keys.same_person`) on a scratch SQLite
store. There is no second implementation of the merging to drift from the
store's: a crawl's ``speakers`` table and a store that ingested the same
articles group speakers alike.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from .corrections import canonical_key
from .db import Database, connect
from .schema import migrate

__all__ = ["merged_keys"]


def _stored_key(db: Database, key: str, name: str, kind: str) -> str:
    """What the writer does for one article speaker (:func:`saidwhat.store.writer._canonical_speaker`)."""
    target = canonical_key(db, key, None)
    db.execute(
        "INSERT INTO speakers (key, name, type) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
        (target, name, kind),
    )
    return target


def merged_keys(speakers: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """For speakers ``(key, name, type)`` in the order a store would meet them (each key once, earliest
    first): key -> the key the store keeps it under (itself unless merged into an earlier one)."""
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="saidwhat-keys-") as tmp:
        db = connect(str(Path(tmp) / "keys.db"))
        try:
            migrate(db)
            with db.transaction():  # one transaction: the scratch store needs no durability
                for key, name, kind in speakers:
                    if key and key not in out:
                        out[key] = _stored_key(db, key, name, kind)
        finally:
            db.close()
    return out
