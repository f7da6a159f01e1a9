"""Languages: what saidwhat knows about English, French, German (and Spanish page furniture).

Every stage asks this package for words instead of holding its own lists:
the attribution rules for cue verbs and function words, the page cleaner for
furniture phrases, the speaker resolver for pronouns and titles, the store
for stop words and its full-text search configuration, the tokenizer for
clitics and abbreviations. Quotation marks belong to no one language: they
are in ``common/quote_marks.json``, with the furniture kinds and agency names
(``common/furniture.json``).

Layout: one folder per language, named by its ISO 639-1 code, holding
``language.json`` and any of the optional files of :data:`~.language.FILES`
(see :mod:`saidwhat.lang.language` and ``README.md`` beside this file). The
registry discovers the folders: :func:`get` one language, :func:`available`
codes, :func:`languages` all of them, ordered by the ``rank`` of their
``language.json`` (English 0, French 1, German 2, Spanish 3), then by code.
Where a stage merges every language (the cue lexicon reads ``sagte`` and
``selon`` like ``said``), it merges :func:`languages` in that order, and
where one language must win (a tie of the language guess), the first wins.

Adding a language (Spanish, say) is adding ``lang/es/`` with its files; no
code changes. This package imports nothing of saidwhat but :mod:`saidwhat.core`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from ..core.errors import DataError
from .language import (
    CUE_LISTS,
    FUNCTION_WORD_LISTS,
    FURNITURE_LISTS,
    FullTextSearch,
    Language,
    TokenizerExceptions,
    load_language,
    read_json,
)
from .marks import QuoteMarks, parse_quote_marks

__all__ = [
    "CUE_LISTS",
    "DEFAULT",
    "FUNCTION_WORD_LISTS",
    "FURNITURE_LISTS",
    "FullTextSearch",
    "Language",
    "QuoteMarks",
    "TokenizerExceptions",
    "available",
    "common",
    "default",
    "derived",
    "discover",
    "get",
    "languages",
    "load_language",
    "parse_quote_marks",
    "quote_marks",
]

DEFAULT = "en"  # the language of the tokenizer, the attribution model and the store's text search
_CITE = "saidwhat/lang"
_CODE = re.compile(r"[a-z]{2,3}")
T = TypeVar("T")


def discover(root: Traversable, cite: str | None = None) -> dict[str, Language]:
    """The languages of the folders of ``root`` whose name is a language code, by rank then code."""
    prefix = cite if cite is not None else str(root)
    codes = sorted(d.name for d in root.iterdir() if d.is_dir() and _CODE.fullmatch(d.name))
    found = [load_language(root.joinpath(code), code, f"{prefix}/{code}") for code in codes]
    return {x.code: x for x in sorted(found, key=lambda x: (x.rank, x.code))}


@cache
def _registry() -> dict[str, Language]:
    return discover(resources.files(__name__), _CITE)


def get(code: str) -> Language:
    """The language of ISO 639-1 ``code``; a DataError when saidwhat has none."""
    found = _registry().get(code)
    if found is None:
        raise DataError(f"no language {code!r} (available: {', '.join(available())})", _CITE)
    return found


def available() -> tuple[str, ...]:
    """Codes of the installed languages, by rank (``language.json``), then by code."""
    return tuple(_registry())


def languages() -> tuple[Language, ...]:
    """Every installed language, in the order of :func:`available`."""
    return tuple(_registry().values())


def default() -> Language:
    """The default language (:data:`DEFAULT`)."""
    return get(DEFAULT)


def common(name: str) -> tuple[Any, str]:
    """The decoded JSON file ``common/<name>`` (language-neutral data) and how errors cite it."""
    where = f"{_CITE}/common/{name}"
    return read_json(resources.files(__name__).joinpath("common", name), where), where


@cache
def quote_marks() -> QuoteMarks:
    """The quotation marks of ``common/quote_marks.json``, loaded and validated once."""
    data, where = common("quote_marks.json")
    return parse_quote_marks(data, where)


_derived: dict[str, Any] = {}
_lock = threading.RLock()


def derived(key: str, build: Callable[[], T]) -> T:
    """What a stage compiles from the languages (the cue lexicon, the furniture vocabulary),
    built on first use and kept for the process: the one cache of language data."""
    with _lock:
        if key not in _derived:
            _derived[key] = build()
        value: T = _derived[key]
        return value
