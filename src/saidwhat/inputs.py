"""Turn command-line paths into :class:`~saidwhat.pipeline.Source` documents.

A path may be a file, a directory (walked recursively, in sorted order), or
``-`` for standard input. A path that cannot be read becomes a
:class:`~saidwhat.pipeline.Failure`, so the batch goes on with the rest.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .pipeline import Failure, Source

__all__ = ["iter_sources", "read_limited"]


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


def _one(path: str, limit: int) -> Source | Failure:
    try:
        data = read_limited(path, limit)
    except FileNotFoundError:
        return Failure(path, "no such file", "MissingInput")
    except IsADirectoryError:
        return Failure(path, "is a directory", "MissingInput")
    except PermissionError:
        return Failure(path, "permission denied", "MissingInput")
    except OSError as err:
        return Failure(path, f"cannot read ({err.strerror or err})", "MissingInput")
    return Source(path, data)


def iter_sources(paths: Iterable[str], max_bytes: int) -> Iterator[Source | Failure]:
    """Every document under ``paths``; files that are web archives expand to their pages."""
    for path in paths:
        if path != "-" and Path(path).is_dir():
            for file in _walk(Path(path)):
                yield from _expand(_one(str(file), max_bytes), max_bytes)
        else:
            yield from _expand(_one(path, max_bytes), max_bytes)


def _expand(item: Source | Failure, max_bytes: int) -> Iterator[Source | Failure]:
    if isinstance(item, Failure):
        yield item
        return
    from .pages.read import detect_format

    if detect_format(item.data) == "warc":
        from .pages.warc import iter_warc

        yield from iter_warc(item.path, max_bytes)
    else:
        yield item
