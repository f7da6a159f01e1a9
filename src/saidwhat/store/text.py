"""Small text helpers of the store: name normalisation, date bounds, site names, content words,
and the checks on what a caller asks (text that is valid UTF-8, limits a database can hold).

Names are compared after case folding, accent removal and whitespace collapse,
so that ``--speaker "angela merkel"`` finds "Angela Merkel" and "Angela
Merkél". Inputs are bounded before any regex runs over them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from .. import lang
from ..core.errors import StoreError
from ..core.paths import shown
from ..lang import Language

__all__ = [
    "MAX_ROWS",
    "TEXT_SEARCH",
    "checked_limit",
    "checked_text",
    "content_words",
    "date_bound",
    "domain_of",
    "is_name_like",
    "normalise_name",
    "pub_date",
    "site_of",
    "store_words",
    "surface_words",
    "words",
]

_MAX = 2000
# The store indexes text for search in its language, the default one (lang/en/language.json).
TEXT_SEARCH = lang.default().full_text_search
_SPACE = re.compile(r"\s+")
_NOT_NAME = re.compile(r"[^\w\s.'-]")
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’-][^\W_]+)*")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits, as stored


def normalise_name(name: str) -> str:
    """Case-folded, accent-free, single-spaced: the form aliases are looked up by."""
    text = unicodedata.normalize("NFKD", name[:_MAX])
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _NOT_NAME.sub(" ", text.replace("’", "'"))
    return _SPACE.sub(" ", text).strip().casefold()


def pub_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``) from an ISO-like date, or None."""
    if not value:
        return None
    match = _DATE.match(value.strip()[:40])
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def date_bound(value: str | None, upper: bool = False) -> str | None:
    """A ``--since``/``--until`` value as a comparable string; ``until`` includes its whole period.

    ``--until 2016-03`` keeps every date of March 2016: the bound becomes
    ``2016-03-~`` (``~`` sorts after every digit and ``-``). A date that does
    not exist (``2019-13``, ``2019-02-30``) is an error, not an empty answer.
    """
    if value is None:
        return None
    value = checked_text(value, "date").strip()
    match = _DATE.fullmatch(value[:20])
    year, month, day = match.groups() if match else ("0", None, None)
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise StoreError(f"bad date {value[:40]!r}: use YYYY, YYYY-MM or YYYY-MM-DD (a real date)") from None
    normal = "-".join(part for part in (year, month, day) if part)
    return normal + "~" if upper else normal


def checked_text(value: str, what: str) -> str:
    """``value`` when it can be written as UTF-8; a command-line argument with bytes that are not
    UTF-8 (decoded as lone surrogates) is refused with its bytes shown escaped."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(f"{what} '{shown(value[:80])}' is not valid UTF-8 text") from None
    return value


MAX_ROWS = 2**63 - 1  # the largest LIMIT (and row id) a database takes


def checked_limit(value: int | None) -> int | None:
    """A row limit: a whole number from 1 to :data:`MAX_ROWS`, or None for no limit."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ROWS:
        raise StoreError(f"the limit must be a whole number from 1 to {MAX_ROWS}, not {value!r}")
    return value


def site_of(url: str | None) -> str | None:
    """The host of a URL without ``www.``, used when a page names no site."""
    if not url:
        return None
    try:
        host = urlsplit(url[:_MAX]).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


def domain_of(site: str) -> str:
    """A ``--site`` value as the domain stored for an article: ``CBSNews.com``, ``www.cbsnews.com``
    and ``https://www.cbsnews.com/news/`` all give ``cbsnews.com``."""
    text = site.strip()[:_MAX]
    host = site_of(text if "://" in text else "http://" + text)
    return host or text.lower()


@dataclass(slots=True, frozen=True)
class StoreWords:
    stopwords: frozenset[str]
    not_name_words: frozenset[str]
    suffixes: tuple[tuple[str, str], ...] = ()  # (suffix, replacement): the light stemmer's rules


def store_words(language: Language) -> StoreWords:
    """The store's word lists from a language's ``store_words.json`` (case-folded)."""
    found = language.store_words
    return StoreWords(
        frozenset(v.strip().casefold() for v in found.get("stopwords", ())),
        frozenset(v.strip().casefold() for v in found.get("not_name_words", ())),
        language.stem_suffixes,
    )


def words() -> StoreWords:
    """The word lists of the store's language (the default one, as its full-text search), built once."""
    return lang.derived("store.words", lambda: store_words(lang.default()))


def is_name_like(mention: str) -> bool:
    """True when a mention names someone ("Ruiz", "Mayor Ana Ruiz"), not "he" or "the minister"."""
    skip = words().not_name_words
    return any(w[:1].isupper() and w.casefold() not in skip for w in mention[:_MAX].split())


def _stem(word: str, suffixes: tuple[tuple[str, str], ...]) -> str:
    """A light suffix strip so that "protesters"/"protester" and "voted"/"votes" meet."""
    for suffix, replacement in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def surface_words(text: str) -> list[tuple[str, str]]:
    """(word as written, its stem) for the content words of ``text``, in order (numbers kept)."""
    found = words()
    stop, suffixes = found.stopwords, found.suffixes
    out: list[tuple[str, str]] = []
    for word in _WORD.findall(text[:20_000]):
        low = word.casefold().replace("’", "'")
        if low not in stop and (len(low) > 1 or low.isdigit()):
            out.append((word, _stem(low, suffixes)))
    return out


def content_words(text: str) -> list[str]:
    """Lower-cased, stemmed words of ``text`` without stop words, in order (numbers kept)."""
    return [stem for _, stem in surface_words(text)]
