"""Readers: locations (files, directories, ``-`` for standard input, web archives) in, documents out.

:func:`iter_sources` is what callers use: it gives every
:class:`~saidwhat.core.sources.Source` (and every
:class:`~saidwhat.core.sources.Failure`) under a list of locations, each read
by the first reader of :data:`READERS` that takes it (:mod:`.reader`).
"""

from __future__ import annotations

from .files import (
    DirectoryReader,
    FileReader,
    StdinReader,
    is_directory,
    read_limited,
    readable_twice,
    sources_of,
)
from .reader import READERS, Reader, iter_sources, reader_for

__all__ = [
    "READERS",
    "DirectoryReader",
    "FileReader",
    "Reader",
    "StdinReader",
    "is_directory",
    "iter_sources",
    "read_limited",
    "readable_twice",
    "reader_for",
    "sources_of",
]
