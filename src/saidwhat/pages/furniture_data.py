"""The furniture vocabulary of every language (``furniture.json`` of :mod:`saidwhat.lang`), merged and validated.

The line classifier does not know any phrase itself: menus, share buttons,
cookie banners, agency names, month names and stop words of every language it
handles are data, so that a new language or a new kind of site furniture is a
change to a language's JSON file, not to the code (``lang/<code>/furniture.json``;
the kinds and the agencies' names, which belong to no language, are in
``lang/common/furniture.json``). Phrases are compared on *normalised*
text (:func:`normalise`), so "Don't miss", "DON'T MISS:" and "don’t miss" are
one phrase, and "12 comments" matches "# comments".

A page in a language without a folder reads its prose by the stop words of
its language from jusText's lists (:class:`OtherStopwords`,
:meth:`FurnitureData.page_stopwords`).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import lang
from ..core.errors import DataError
from ..lang import FURNITURE_LISTS, Language
from ..lang.stoplists import wide_stopwords

__all__ = [
    "FurnitureData",
    "OtherStopwords",
    "PhraseMatch",
    "build_furniture_data",
    "furniture_data",
    "installed_others",
    "merged_furniture",
    "normalise",
    "parse_furniture_data",
]

_WHERE = "saidwhat/lang/*/furniture.json"
MAX_LINE = 1000  # characters of one line that any pattern of this package sees
_APOSTROPHES = re.compile(r"['’`´]")
_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[^\w#©]+")


@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lower case, apostrophes dropped, digit runs as ``#``, other punctuation as single spaces.

    Cached (a bounded cache): one segment's text is normalised by several of its features.
    """
    text = _APOSTROPHES.sub("", text[:MAX_LINE].lower())
    text = _DIGITS.sub("#", text)
    return _NON_WORD.sub(" ", text).replace("_", " ").strip()


PAGE_WORDS = 2000  # words of a page read to tell its language
MIN_OTHER_SHARE = 0.05  # of a page's distinct words, in another language's own stop words, to read it as that


@dataclass(slots=True, frozen=True)
class OtherStopwords:
    """The stop words of languages without a folder (jusText's, :mod:`saidwhat.lang.stoplists`),
    to read a page in one of them (:meth:`page_list`)."""

    lists: tuple[frozenset[str], ...] = ()
    own: Mapping[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)  # word -> its lists
    known: frozenset[str] = frozenset()  # the stop words of the known languages

    @classmethod
    def build(cls, lists: Iterable[frozenset[str]], known: frozenset[str]) -> OtherStopwords:
        """``own`` leaves out the words of a known language: lists made from a Wikipedia hold
        English words too (Marathi's has "the"), and would read an English page as theirs."""
        kept = tuple(lists)
        own: dict[str, list[int]] = {}
        for k, words in enumerate(kept):
            for word in words - known:
                own.setdefault(word, []).append(k)
        return cls(kept, {w: tuple(ks) for w, ks in own.items()}, known)

    def page_list(self, words: Sequence[str]) -> frozenset[str]:
        """The stop words of the page's language when it is one of these, else none.

        Distinct words of letters are counted, not occurrences (a recipe's "cup" and "green",
        words of Finnish's list, repeat). The candidate is the language whose own words (in no
        known language's list) are the most of them; it is the page's language when they are
        at least :data:`MIN_OTHER_SHARE` of them and outnumber the known languages' stop words
        that are not in its list. Words of both count for neither: Spanish's "de", "que" and
        "para" are Portuguese too."""
        kinds = {w for w in words if w.isalpha()}
        counts: Counter[int] = Counter()
        for word in kinds:
            counts.update(self.own.get(word, ()))
        if not counts:
            return frozenset()
        best, n = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
        theirs = self.lists[best]
        known = sum(1 for w in kinds if w in self.known and w not in theirs)
        return theirs if n >= MIN_OTHER_SHARE * len(kinds) and n > known else frozenset()


@dataclass(slots=True, frozen=True)
class PhraseMatch:
    """How a line matched the phrase list: ``how`` is exact, label, prefix or contains."""

    kind: str
    how: str
    phrase: str


@dataclass(slots=True, frozen=True)
class FurnitureData:
    phrases: dict[str, str]  # normalised phrase -> furniture kind
    kinds: tuple[str, ...]
    max_phrase_words: int
    stopwords: dict[str, frozenset[str]]
    agencies: tuple[str, ...]  # as written, longest first
    credit_prefixes: frozenset[str]
    byline_prefixes: frozenset[str]
    months: dict[str, int]  # normalised month name or abbreviation -> 1..12
    weekdays: frozenset[str]
    weather_words: frozenset[str]
    agency_re: re.Pattern[str]  # any agency name as a whole word, as written
    source_heads: frozenset[str]  # phrases after which a line names the outlet a text comes from
    source_prepositions: frozenset[str]  # "Read the original *at* X"
    staff_credits: frozenset[str]  # "(Reporting by X; Editing by Y)"
    first_words: frozenset[str] = frozenset()  # first word of every phrase: where a match can start
    credit_heads: frozenset[str] = frozenset()  # "Main photo source: X": heads of a photo credit line
    link_words: frozenset[str] = frozenset()  # "Source: link": link text, never an outlet's name
    # stop words of the languages without a folder; None: those of the installed languages, built
    # on first use (:func:`installed_others`: 0.4 s and 35 MB, paid by the text-dump path only)
    others: OtherStopwords | None = None

    def match(self, line: str) -> PhraseMatch | None:
        """The strongest phrase match of a raw line, or None."""
        norm = normalise(line)
        if not norm:
            return None
        kind = self.phrases.get(norm)
        if kind:
            return PhraseMatch(kind, "exact", norm)
        label = self._label(line)
        if label:
            return label
        words = norm.split()
        return self._prefix(words) or self._contains(words)

    def _label(self, line: str) -> PhraseMatch | None:
        """``Tags: ...``, ``Lire aussi | ...``: a phrase before a colon or bar."""
        for sep in (":", "|"):
            head, found, _ = line[:80].partition(sep)
            key = normalise(head) if found else ""
            if key and key in self.phrases:
                return PhraseMatch(self.phrases[key], "label", key)
        return None

    def _prefix(self, words: list[str]) -> PhraseMatch | None:
        if words and words[0] not in self.first_words:
            return None
        top = min(self.max_phrase_words, len(words) - 1)
        for n in range(top, 0, -1):
            key = " ".join(words[:n])
            kind = self.phrases.get(key)
            if kind and (n >= 2 or len(words) <= 3):
                return PhraseMatch(kind, "prefix", key)
        return None

    def _contains(self, words: list[str]) -> PhraseMatch | None:
        if len(words) > 60:
            return None
        # Only positions where a phrase can start are tried, in the same order (longest first).
        starts = [i for i in range(1, len(words)) if words[i] in self.first_words]
        for n in range(min(self.max_phrase_words, len(words)), 1, -1):
            for i in starts:
                if i > len(words) - n:
                    break
                key = " ".join(words[i : i + n])
                kind = self.phrases.get(key)
                if kind:
                    return PhraseMatch(kind, "contains", key)
        return None

    def stop_ratio(self, words: list[str], page: frozenset[str] = frozenset()) -> float:
        """The largest share of stop words over the known languages and ``page``, the stop
        words of the page's language when it has no folder (:meth:`page_stopwords`)."""
        if not words:
            return 0.0
        known = max(sum(map(stops.__contains__, words)) / len(words) for stops in self.stopwords.values())
        return max(known, sum(map(page.__contains__, words)) / len(words)) if page else known

    def page_stopwords(self, lowers: Iterable[list[str]]) -> frozenset[str]:
        """The stop words of a page's language when it is none of the known ones (read from the
        first :data:`PAGE_WORDS` words of its segments, lower case), else none."""
        words = list(itertools.islice(itertools.chain.from_iterable(lowers), PAGE_WORDS))
        others = self.others if self.others is not None else installed_others()
        return others.page_list(words) if others.lists else frozenset()


def _strings(value: Any, where: str, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(f"{what} must be a list of non-empty strings", where)
    return value


def _by_language(
    data: dict[str, Any], key: str, where: str, codes: Sequence[str] | None = None
) -> dict[str, list[str]]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise DataError(f"'{key}' must be an object keyed by language", where)
    codes = data.get("languages", ()) if codes is None else codes
    missing = [code for code in codes if code not in value]
    if missing:
        raise DataError(f"'{key}' lacks the languages {missing}", where)
    return {code: _strings(words, where, f"'{key}.{code}'") for code, words in value.items()}


def _phrases(data: dict[str, Any], where: str) -> tuple[dict[str, str], tuple[str, ...]]:
    groups = data.get("phrases")
    if not isinstance(groups, dict) or not groups:
        raise DataError("'phrases' must be a non-empty object of furniture kinds", where)
    table: dict[str, str] = {}
    for kind in groups:
        if not isinstance(kind, str) or not re.fullmatch(r"[a-z][a-z-]{1,30}", kind):
            raise DataError(f"furniture kind {kind!r} must be a short lower-case word", where)
        for words in _by_language(groups, kind, where, data.get("languages", ())).values():
            for phrase in words:
                key = normalise(phrase)
                if not key:
                    raise DataError(f"phrase {phrase!r} of '{kind}' is empty once normalised", where)
                table.setdefault(key, kind)
    return table, tuple(groups)


def _months(data: dict[str, Any], where: str) -> dict[str, int]:
    months: dict[str, int] = {}
    for key in ("months", "month_abbreviations"):
        for code, names in _by_language(data, key, where).items():
            if names and len(names) != 12:  # none: the language's file names no months
                raise DataError(f"'{key}.{code}' must name the 12 months", where)
            for number, name in enumerate(names, start=1):
                months.setdefault(normalise(name), number)
    return months


def _flat(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    return frozenset(normalise(w) for words in _by_language(data, key, where).values() for w in words)


def parse_furniture_data(data: Any, where: str) -> FurnitureData:
    """Validate merged furniture data (:func:`merged_furniture`: every list keyed by language,
    every language of ``languages`` present in each); raise DataError naming what is wrong."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise DataError('expected an object with "version": 1', where)
    phrases, kinds = _phrases(data, where)
    stopwords = {k: frozenset(v) for k, v in _by_language(data, "stopwords", where).items()}
    agencies = sorted(set(_strings(data.get("agencies"), where, "'agencies'")), key=lambda a: (-len(a), a))
    return FurnitureData(
        phrases=phrases,
        kinds=kinds,
        max_phrase_words=max(len(p.split()) for p in phrases),
        first_words=frozenset(p.split()[0] for p in phrases),
        stopwords=stopwords,
        agencies=tuple(agencies),
        credit_prefixes=_flat(data, "credit_prefixes", where),
        byline_prefixes=_flat(data, "byline_prefixes", where),
        months=_months(data, where),
        weekdays=_flat(data, "weekdays", where),
        weather_words=_flat(data, "weather_words", where),
        source_heads=_flat(data, "source_heads", where),
        source_prepositions=_flat(data, "source_prepositions", where),
        staff_credits=_flat(data, "staff_credits", where),
        credit_heads=_flat(data, "credit_heads", where),
        link_words=_flat(data, "link_words", where),
        agency_re=re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in agencies) + r")(?![\w])"),
    )


def merged_furniture(common: dict[str, Any], langs: Sequence[Language]) -> dict[str, Any]:
    """The languages' furniture files and the common one as one table keyed by language: each
    kind of ``common["kinds"]`` and each list maps the code of every language with a furniture
    file to its words (none when its file leaves the kind or list out)."""
    if not isinstance(common, dict) or not isinstance(common.get("kinds"), list):
        raise DataError("expected an object with a 'kinds' list", "saidwhat/lang/common/furniture.json")
    withs = [x for x in langs if x.furniture]
    merged: dict[str, Any] = {k: v for k, v in common.items() if k != "kinds"}
    merged["languages"] = [x.code for x in withs]
    merged["phrases"] = {
        kind: {x.code: x.furniture.get("phrases", {}).get(kind, []) for x in withs}
        for kind in common["kinds"]
    }
    for x in withs:
        unknown = set(x.furniture.get("phrases", {})) - set(common["kinds"])
        if unknown:
            raise DataError(f"unknown furniture kinds {sorted(unknown)}", x.where["furniture.json"])
    for key in FURNITURE_LISTS:  # a list a file leaves out is empty
        merged[key] = {x.code: list(x.furniture.get(key, [])) for x in withs}
    return merged


def build_furniture_data(langs: Sequence[Language]) -> FurnitureData:
    """The furniture vocabulary of ``langs`` merged with the common data."""
    common, _ = lang.common("furniture.json")
    return parse_furniture_data(merged_furniture(common, langs), _WHERE)


def other_stopwords(data: FurnitureData, langs: Sequence[Language]) -> OtherStopwords:
    """jusText's stop words of the languages ``langs`` have no folder for; the words of those
    they have (their own lists and jusText's) are known."""
    wide = wide_stopwords()
    names = {x.name for x in langs}
    known = frozenset().union(*data.stopwords.values(), *(words for name, words in wide.items() if name in names))
    return OtherStopwords.build((words for name, words in wide.items() if name not in names), known)


def installed_others() -> OtherStopwords:
    """:func:`other_stopwords` of the installed languages, built once."""
    return lang.derived("pages.other_stopwords", lambda: other_stopwords(furniture_data(), lang.languages()))


def furniture_data() -> FurnitureData:
    """The furniture vocabulary of every installed language, built once (:func:`saidwhat.lang.derived`)."""
    return lang.derived("pages.furniture_data", lambda: build_furniture_data(lang.languages()))
