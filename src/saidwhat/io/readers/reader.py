"""The reader protocol: one location in, its documents out; the reader is chosen by the location.

A :class:`Reader` says whether it takes a location (``handles``) and turns it
into an iterator of :class:`~saidwhat.core.sources.Source` documents and
:class:`~saidwhat.core.sources.Failure` records (``read``): a location that
cannot be read, or a damaged part of one, is a Failure and the batch goes on.
:data:`READERS` lists them in the order they are asked; the first that takes a
location reads it::

    StdinReader       -                 the document or web archive on standard input
    DirectoryReader   a directory       every file under it, in sorted order
    FileReader        anything else     the page, its web archive's pages, its gzipped page

Web archives are recognised by their first bytes, not by their name, whatever
the location (:func:`saidwhat.io.readers.files.sources_of` reads bytes already
in memory the same way). A new kind of location (an object store's
``s3://bucket/key``) is a new reader put before the file reader: ``handles``
looks at the scheme, ``read`` fetches the bytes and gives them to ``sources_of``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ...core.sources import Failure, Source
from .files import DirectoryReader, FileReader, StdinReader

if TYPE_CHECKING:
    from .warc import WarcStats

__all__ = ["READERS", "Reader", "iter_sources", "reader_for"]


@runtime_checkable
class Reader(Protocol):
    """Turns one location into its documents."""

    name: str

    def handles(self, location: str) -> bool:
        """Whether this reader reads ``location``."""
        ...

    def read(self, location: str, limit: int, stats: WarcStats | None = None) -> Iterator[Source | Failure]:
        """The documents at ``location``, each within ``limit`` bytes; web archives' skipped records
        are counted in ``stats``."""
        ...


READERS: tuple[Reader, ...] = (StdinReader(), DirectoryReader(), FileReader())


def reader_for(location: str, readers: Sequence[Reader] = READERS) -> Reader:
    """The first of ``readers`` that takes ``location``."""
    for reader in readers:
        if reader.handles(location):
            return reader
    raise LookupError(f"no reader takes {location!r}")  # READERS ends with one that takes anything


def iter_sources(
    paths: Iterable[str],
    max_bytes: int,
    warc_stats: WarcStats | None = None,
    readers: Sequence[Reader] = READERS,
) -> Iterator[Source | Failure]:
    """Every document under ``paths``; web archives expand to their pages, counted in ``warc_stats``."""
    for path in paths:
        yield from reader_for(path, readers).read(path, max_bytes, warc_stats)
