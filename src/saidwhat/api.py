"""The package's entry points for pages in files: one file, or many paths and documents.

:func:`extract` reads one page from a file (``saidwhat.extract_text`` and
``saidwhat.extract_bytes`` take the page itself). :func:`extract_many` takes
what the command line takes — files, directories, web archives, ``-`` — and
:class:`~saidwhat.core.sources.Source` documents, mixed, and yields an article or a
:class:`~saidwhat.core.sources.Failure` for each document, never raising for a bad
one. Both read through :mod:`saidwhat.io.readers`, so a path is read as ``saidwhat
extract`` reads it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .core import errors
from .core.errors import InputError, MissingInput, SaidwhatError
from .core.model import Article
from .core.options import Options
from .core.sources import Failure, Source
from .io.readers import is_directory, iter_sources, readable_twice
from .pipeline import build_pipeline, extract_batch, extract_source
from .pipeline import extract_many as extract_sources

if TYPE_CHECKING:
    from .pages.furniture_profile import BatchProfile

__all__ = ["extract", "extract_many"]

PathLike = str | os.PathLike[str]
_SHOWN = 120  # characters of a "path" kept in a message (it may be a whole page passed by mistake)


def _raised(failure: Failure, name: str) -> SaidwhatError:
    """The error a failure stands for, named by its class."""
    kind = getattr(errors, failure.error, None)
    if not (isinstance(kind, type) and issubclass(kind, SaidwhatError)):
        kind = InputError
    reason = failure.reason
    if kind is MissingInput:
        reason += " (saidwhat.extract reads a file: give the page itself to extract_text or extract_bytes)"
    return kind(reason, name if len(name) <= _SHOWN else name[:_SHOWN] + "…")


def extract(path: PathLike, options: Options | None = None) -> Article:
    """Extract the page in the file at ``path`` (``-``: standard input); raises a SaidwhatError.

    A file is read as ``saidwhat extract`` reads it (gzip, size limit); a directory or a web
    archive holds many pages: give it to :func:`extract_many`."""
    options = options or Options()
    name = os.fspath(path)
    if is_directory(name):
        raise InputError("is a directory: saidwhat.extract_many reads the pages under it", name)
    documents = iter_sources([name], options.max_bytes)
    first = next(documents, None)
    if isinstance(first, Source) and (first.record or next(documents, None) is not None):
        raise InputError("holds several pages (a web archive): saidwhat.extract_many reads them", name)
    if first is None:
        raise InputError("holds no page (an empty web archive?)", name)
    if isinstance(first, Failure):
        raise _raised(first, name)
    return extract_source(first, options, build_pipeline(options))


def _documents(items: Iterable[PathLike | Source | Failure], max_bytes: int) -> Iterator[Source | Failure]:
    for item in items:
        if isinstance(item, Source | Failure):
            yield item
        elif isinstance(item, str | os.PathLike):
            yield from iter_sources([os.fspath(item)], max_bytes)
        else:
            raise TypeError(
                f"extract_many takes paths and saidwhat.Source objects, not {type(item).__name__}"
            )


def extract_many(
    items: PathLike | Iterable[PathLike | Source | Failure],
    options: Options | None = None,
    profile: BatchProfile | None = None,
    batch_profile: bool = True,
) -> Iterator[Article | Failure]:
    """Extract every document of ``items`` — paths (files, directories, web archives, ``-``) and
    :class:`~saidwhat.core.sources.Source` objects; a bad one yields a Failure and the batch goes on.

    A batch that can be read twice (a list of paths and documents, or a directory, without ``-``)
    is run as ``saidwhat extract`` runs it: a first pass learns the lines that repeat on many
    pages of one site (``batch_profile=False`` skips it; ``profile`` gives one learned before)."""
    options = options or Options()
    if isinstance(items, str | os.PathLike):  # one path, not the characters of its name
        items = [items]
    if profile is not None or not batch_profile or not _rereadable(items):
        return extract_sources(_documents(items, options.max_bytes), options, profile)
    first_pass = _documents(items, options.max_bytes)
    return extract_batch(_documents(items, options.max_bytes), options, first_pass=first_pass)


def _rereadable(items: Iterable[PathLike | Source | Failure]) -> bool:
    """A batch of several documents that a second pass can read again (the test of ``extract``)."""
    if not isinstance(items, list | tuple):
        return False
    return readable_twice([os.fspath(i) for i in items if isinstance(i, str | os.PathLike)], len(items))
