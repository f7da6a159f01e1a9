"""Turn command-line paths into :class:`~saidwhat.core.sources.Source` documents.

A path may be a file, a directory (walked recursively, in sorted order), or
``-`` for standard input. A web archive (WARC, gzipped or not) expands to its
HTML pages (:mod:`saidwhat.io.readers.warc`); any other gzip file is decompressed,
within the size limit, and read as the page it holds. A path that cannot be
read becomes a :class:`~saidwhat.core.sources.Failure`, so the batch goes on with
the rest.

Only the first bytes of a file are read to recognise an archive, so a
multi-gigabyte crawl file is streamed by the archive reader, never loaded; a
web archive on standard input is spooled to a temporary file first (the
reader goes back in the file to recover from damage), whatever its size.

Three readers (:class:`StdinReader`, :class:`DirectoryReader`, :class:`FileReader`)
take these locations; :mod:`saidwhat.io.readers.reader` chooses among them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ...core.sources import Failure, Source

if TYPE_CHECKING:
    from .warc import WarcStats

__all__ = [
    "DirectoryReader",
    "FileReader",
    "StdinReader",
    "is_directory",
    "read_limited",
    "readable_twice",
    "sources_of",
]

_HEAD = 4096


def read_limited(stream_or_path: str | Path, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes, so an oversized input is refused without loading it."""
    if str(stream_or_path) == "-":
        return sys.stdin.buffer.read(limit + 1)
    with open(stream_or_path, "rb") as fh:
        return fh.read(limit + 1)


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def is_directory(path: str) -> bool:
    """Whether ``path`` names a directory; a string that cannot be a file name (too long, a NUL
    character: a page's text given as a path) names none."""
    try:
        return path != "-" and Path(path).is_dir()
    except (OSError, ValueError):
        return False


def readable_twice(paths: list[str], documents: int | None = None) -> bool:
    """Whether a batch can be read a second time for its first pass (the furniture profile of
    :func:`saidwhat.pipeline.extract_batch`): several documents (``documents`` of them, or several
    paths, or one directory) and no standard input among them, which cannot be read twice."""
    if "-" in paths:
        return False
    count = len(paths) if documents is None else documents
    return count > 1 or (len(paths) == 1 and is_directory(paths[0]))


def _unreadable(path: str, err: OSError | ValueError) -> Failure:
    if isinstance(err, ValueError):
        return Failure(path, "not a file name (it holds a NUL character)", "MissingInput")
    if isinstance(err, FileNotFoundError):
        return Failure(path, "no such file", "MissingInput")
    if isinstance(err, IsADirectoryError):
        return Failure(path, "is a directory", "MissingInput")
    if isinstance(err, PermissionError):
        return Failure(path, "permission denied", "MissingInput")
    return Failure(path, f"cannot read ({err.strerror or err})", "MissingInput")


def _open(path: str) -> BinaryIO:
    if path == "-":
        return sys.stdin.buffer
    return open(path, "rb")


def _one(path: str, limit: int, stats: WarcStats | None) -> Iterator[Source | Failure]:
    """The documents of one file (or stdin): itself, its archive's pages, or its decompressed page."""
    from ...pages.read import detect_format

    try:
        fh = _open(path)
    except (OSError, ValueError) as err:
        yield _unreadable(path, err)
        return
    try:
        head = fh.read(_HEAD)
        fmt = detect_format(head)
        data = b"" if fmt == "warc" else head + fh.read(max(0, limit + 1 - len(head)))
    except OSError as err:
        yield _unreadable(path, err)
        return
    finally:
        if path != "-":
            fh.close()
    if fmt == "warc":
        yield from _stdin_warc(head, limit, stats) if path == "-" else _warc(path, limit, stats)
    elif fmt == "gzip":
        yield _gunzip(path, data, limit)
    else:
        yield Source(path, data)


def _warc(path: str, limit: int, stats: WarcStats | None) -> Iterator[Source | Failure]:
    from .warc import iter_warc

    return iter_warc(path, limit, stats)


def _stdin_warc(head: bytes, limit: int, stats: WarcStats | None) -> Iterator[Source | Failure]:
    """The pages of a web archive on standard input, spooled to a temporary file as it comes."""
    import shutil
    import tempfile

    from .warc import iter_warc

    with tempfile.TemporaryFile() as spool:
        spool.write(head)
        try:
            shutil.copyfileobj(sys.stdin.buffer, spool)
        except OSError as err:
            yield _unreadable("-", err)
            return
        spool.seek(0)
        yield from iter_warc("-", limit, stats, data=spool)


def _gunzip(path: str, data: bytes, limit: int) -> Source | Failure:
    """A gzip file that is not an archive: its content, when it fits the size limit."""
    from ...core.errors import SaidwhatError
    from ...pages.read import detect_format, gunzip

    if len(data) > limit:
        return Failure(path, f"compressed input is over the limit of {limit:,} bytes", "InputTooLarge")
    try:
        content = gunzip(data, limit, path)
    except SaidwhatError as err:
        return Failure(path, err.reason, type(err).__name__)
    if detect_format(content[:_HEAD]) in ("gzip", "warc"):
        return Failure(path, "nested compressed data is not read", "BinaryInput")
    return Source(path, content)


def sources_of(
    path: str, data: bytes, limit: int, stats: WarcStats | None = None
) -> Iterator[Source | Failure]:
    """The documents in ``data``, the bytes read from ``path`` elsewhere (a URI read into memory):
    an archive's pages, a gzip file's page, or the page itself."""
    from ...pages.read import detect_format

    fmt = detect_format(data[:_HEAD])
    if fmt == "warc":
        from .warc import iter_warc

        yield from iter_warc(path, limit, stats, data=data)
    elif fmt == "gzip":
        yield _gunzip(path, data, limit)
    else:
        yield Source(path, data)


class StdinReader:
    """``-``: the document (or web archive) on standard input."""

    name = "stdin"

    def handles(self, location: str) -> bool:
        return location == "-"

    def read(self, location: str, limit: int, stats: WarcStats | None = None) -> Iterator[Source | Failure]:
        return _one("-", limit, stats)


class DirectoryReader:
    """A directory: every file under it, recursively, in sorted order; hidden names are left out."""

    name = "directory"

    def handles(self, location: str) -> bool:
        return is_directory(location)

    def read(self, location: str, limit: int, stats: WarcStats | None = None) -> Iterator[Source | Failure]:
        for file in _walk(Path(location)):
            yield from _one(str(file), limit, stats)


class FileReader:
    """Any other location is a file name: the page it holds, its web archive's pages, or its
    decompressed page; a name that cannot be read is a Failure that says why."""

    name = "file"

    def handles(self, location: str) -> bool:
        return True  # the last resort: whatever is not stdin or a directory is read as a file

    def read(self, location: str, limit: int, stats: WarcStats | None = None) -> Iterator[Source | Failure]:
        return _one(location, limit, stats)
