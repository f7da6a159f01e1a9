"""One language's knowledge as a typed object, read from one folder of data files and validated.

A language folder holds ``language.json`` (required: the name and the
full-text search configuration) and any of the optional files below; a file
that is absent means the language has nothing of that kind (Spanish, today,
has furniture phrases only). Each file is checked on load: the wrong shape is
a one-line :class:`~saidwhat.core.errors.DataError` naming the file and what
is wrong. The stages compile what they need from these lists (the cue
lexicon, the furniture vocabulary); the finer checks that need compiling
(a verb's five forms, twelve month names) are theirs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from typing import Any

from ..core.errors import DataError

__all__ = [
    "CUE_LISTS",
    "FILES",
    "FUNCTION_WORD_LISTS",
    "FURNITURE_LISTS",
    "FullTextSearch",
    "Language",
    "TokenizerExceptions",
    "load_language",
    "read_json",
]

# The word lists of cues.json (besides "verbs" and "according"), as saidwhat.attribution reads them.
CUE_LISTS = (
    "pronouns",
    "object_pronouns",
    "determiners",
    "source_nouns",
    "document_nouns",
    "modifiers",
    "connectors",
    "postmodifiers",
    "adverbs",
    "interjections",
    "adjuncts",
    "inverted_adjuncts",
    "not_names",
    "headline_labels",
    "speech_nouns",
    "not_cues",
    "quoted_as",
    "citing_cues",
    "not_sources",
)
# function_words.json: the small closed classes the attribution rules test.
FUNCTION_WORD_LISTS = (
    "relatives",
    "clause_openers",
    "coordinators",
    "auxiliaries",
    "prepositions",
    "adverbial",
    "question_words",
    "subordinators",
    "noun_complements",
    "complementizers",
    "relative_subjects",
    "person_relatives",
    "contrast_conjunctions",
    "impersonal_pronouns",
    "passive_auxiliaries",
    "infinitive_markers",
    "writer_pronouns",
    "comment_openers",
    "noun_markers",
)
# furniture.json: besides "phrases" (keyed by furniture kind), these lists.
FURNITURE_LISTS = (
    "stopwords",
    "credit_prefixes",
    "byline_prefixes",
    "months",
    "month_abbreviations",
    "weekdays",
    "weather_words",
    "source_prepositions",
    "source_heads",
    "staff_credits",
    "credit_heads",
    "link_words",
)
STORE_LISTS = ("stopwords", "not_name_words")
STORE_KEYS = (*STORE_LISTS, "suffixes")
DEFAULT_RANK = 100  # of a language.json that gives none
FILES = (
    "language.json",
    "cues.json",
    "function_words.json",
    "furniture.json",
    "speaker_words.json",
    "store_words.json",
    "tokenizer.json",
)


@dataclass(slots=True, frozen=True)
class FullTextSearch:
    """How the store indexes this language's text: a PostgreSQL text search configuration
    (``to_tsvector('english', ...)``) and the tokenizer of SQLite's FTS5 tables."""

    postgresql: str
    sqlite_tokenizer: str


@dataclass(slots=True, frozen=True)
class TokenizerExceptions:
    """What :mod:`saidwhat.nlp.tokens` splits off or keeps whole for this language."""

    clitics: tuple[str, ...] = ()  # split off the word before them, after an apostrophe ('s, 're)
    negation: str = ""  # the clitic that takes the letter before the apostrophe (n't)
    abbreviations: frozenset[str] = frozenset()  # lower case, no dot: their dot ends no sentence


@dataclass(slots=True, frozen=True)
class Language:
    """Everything saidwhat knows about one language (see the module docstring)."""

    code: str  # ISO 639-1, the folder's name
    name: str
    full_text_search: FullTextSearch
    rank: int = DEFAULT_RANK  # where languages are ordered (a tie of the language guess), lower first
    cues: Mapping[str, Any] = field(default_factory=dict)  # "verbs", "according" and the CUE_LISTS
    function_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    furniture: Mapping[str, Any] = field(default_factory=dict)  # "phrases" by kind and the FURNITURE_LISTS
    speaker_words: Mapping[str, Any] = field(default_factory=dict)  # as saidwhat.speakers.lexicon reads it
    store_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stem_suffixes: tuple[tuple[str, str], ...] = ()  # (suffix, replacement), the first that fits
    tokenizer: TokenizerExceptions = TokenizerExceptions()
    where: Mapping[str, str] = field(default_factory=dict)  # file name -> how errors cite it

    @property
    def pronouns(self) -> frozenset[str]:
        """Personal pronouns that can be a source or a speaker (he, elle, er), lower case."""
        words = set(self.cues.get("pronouns", ())) | set(self.speaker_words.get("pronouns", {}))
        return frozenset(w.lower() for w in words)

    @property
    def titles(self) -> frozenset[str]:
        """Abbreviated titles before a name (Sen., Gov.), lower case without the dot."""
        return frozenset(k.lower() for k in self.speaker_words.get("title_abbreviations", {}))


def read_json(file: Traversable, where: str) -> Any:
    """The decoded JSON of ``file``; a DataError citing ``where`` when it cannot be read."""
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read: {' '.join(str(err).split())}", where) from err


def _object(data: Any, allowed: tuple[str, ...] | None, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise DataError("the top level must be an object", where)
    if allowed is not None:
        unknown = sorted(set(data) - {"about", *allowed})
        if unknown:
            raise DataError(f"unknown keys {unknown}", where)
    return data


def _words(value: Any, what: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(f"'{what}' must be a list of non-empty strings", where)
    return tuple(value)


def _lists(data: dict[str, Any], names: tuple[str, ...], where: str) -> dict[str, tuple[str, ...]]:
    return {name: _words(data[name], name, where) for name in names if name in data}


def _language_file(data: Any, where: str) -> tuple[str, int, FullTextSearch]:
    info = _object(data, ("name", "rank", "full_text_search"), where)
    name, fts = info.get("name"), info.get("full_text_search")
    if not isinstance(name, str) or not name.strip():
        raise DataError("'name' must be a non-empty string", where)
    if not isinstance(fts, dict) or not all(
        isinstance(fts.get(k), str) and fts[k].strip() for k in ("postgresql", "sqlite_tokenizer")
    ):
        raise DataError("'full_text_search' needs 'postgresql' and 'sqlite_tokenizer' strings", where)
    if not re.fullmatch(r"[a-z_]+", fts["postgresql"]) or not re.fullmatch(
        r"[a-z0-9_ ]+", fts["sqlite_tokenizer"]
    ):
        raise DataError("'full_text_search' names: lower-case letters, digits, '_' and spaces only", where)
    rank = info.get("rank", DEFAULT_RANK)
    if not isinstance(rank, int) or isinstance(rank, bool) or not 0 <= rank <= 1000:
        raise DataError("'rank' must be a whole number from 0 to 1000", where)
    return name, rank, FullTextSearch(fts["postgresql"], fts["sqlite_tokenizer"])


def _cues(data: Any, where: str) -> dict[str, Any]:
    cues = _object(data, ("verbs", "according", *CUE_LISTS), where)
    if not isinstance(cues.get("verbs", {}), dict):
        raise DataError("'verbs' must be an object", where)
    _lists(cues, ("according", *CUE_LISTS), where)
    return {k: v for k, v in cues.items() if k != "about"}


def _furniture(data: Any, where: str) -> dict[str, Any]:
    furniture = _object(data, ("phrases", *FURNITURE_LISTS), where)
    phrases = furniture.get("phrases", {})
    if not isinstance(phrases, dict):
        raise DataError("'phrases' must be an object keyed by furniture kind", where)
    for kind, words in phrases.items():
        _words(words, f"phrases.{kind}", where)
    _lists(furniture, FURNITURE_LISTS, where)
    return {k: v for k, v in furniture.items() if k != "about"}


def _speaker_words(data: Any, where: str) -> dict[str, Any]:
    words = _object(data, None, where)
    for key, value in words.items():
        if not isinstance(value, (list, dict)) and key not in ("about", "version"):
            raise DataError(f"'{key}' must be a list or an object", where)
    return words


def _suffixes(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    pairs = value if isinstance(value, list) else None
    if pairs is None or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) and p[0] for p in pairs
    ):
        raise DataError("'suffixes' must be a list of [suffix, replacement] pairs", where)
    return tuple((p[0], p[1]) for p in pairs)


def _tokenizer(data: Any, where: str) -> TokenizerExceptions:
    info = _object(data, ("clitics", "negation", "abbreviations"), where)
    negation = info.get("negation", "")
    if not isinstance(negation, str):
        raise DataError("'negation' must be a string", where)
    return TokenizerExceptions(
        clitics=_words(info.get("clitics", []), "clitics", where),
        negation=negation,
        abbreviations=frozenset(
            w.lower() for w in _words(info.get("abbreviations", []), "abbreviations", where)
        ),
    )


def load_language(folder: Traversable, code: str, cite: str | None = None) -> Language:
    """The language of ``folder`` (its ``code`` is the folder's name); errors cite ``cite/<file>``."""
    prefix = cite if cite is not None else str(folder)
    where = {name: f"{prefix}/{name}" for name in FILES}
    present = {name for name in FILES if folder.joinpath(name).is_file()}
    if "language.json" not in present:
        raise DataError("missing file: every language folder needs one", where["language.json"])

    def read(name: str) -> Any:
        return read_json(folder.joinpath(name), where[name]) if name in present else None

    name, rank, fts = _language_file(read("language.json"), where["language.json"])
    extra: dict[str, Any] = {}
    if "cues.json" in present:
        extra["cues"] = _cues(read("cues.json"), where["cues.json"])
    if "function_words.json" in present:
        at = where["function_words.json"]
        extra["function_words"] = _lists(
            _object(read("function_words.json"), FUNCTION_WORD_LISTS, at), FUNCTION_WORD_LISTS, at
        )
    if "furniture.json" in present:
        extra["furniture"] = _furniture(read("furniture.json"), where["furniture.json"])
    if "speaker_words.json" in present:
        extra["speaker_words"] = _speaker_words(read("speaker_words.json"), where["speaker_words.json"])
    if "store_words.json" in present:
        at = where["store_words.json"]
        store = _object(read("store_words.json"), STORE_KEYS, at)
        extra["store_words"] = _lists(store, STORE_LISTS, at)
        extra["stem_suffixes"] = _suffixes(store.get("suffixes", []), at)
    if "tokenizer.json" in present:
        extra["tokenizer"] = _tokenizer(read("tokenizer.json"), where["tokenizer.json"])
    return Language(code=code, name=name, full_text_search=fts, rank=rank, where=where, **extra)
