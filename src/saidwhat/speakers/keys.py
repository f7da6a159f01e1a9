"""Speaker keys: one string per speaker that stays the same across articles.

A key is the speaker's type and its normalised canonical name
(``person:angela merkel``, ``country:france``), after the alias table has
merged known other names ("Merkel", "NATO"). Groups are keyed by their
members' keys, so "the two leaders" of one article and "Merkel and Macron" of
another meet. Anonymous sources and documents keep their description: their
key describes them, it does not identify anyone.

A person's key is the name without its initials and suffixes (titles and
honorifics were split off when the name was read), so
"Patrick W. Carlineo Jr." and "Patrick Carlineo" are one key, and "James P.
Kennedy Jr." is never cut to "James P". Nicknames and short forms (Tim and
Timothy, Pat and Patrick, Bill and William) are not folded into the key — the
``nicknames`` table maps "Pat" to Patience, Patricia and Patrick alike — but
:func:`compatible_first_names` says when two first names can be one person's,
and :func:`same_person` says when the store merges two keys (one last name and
compatible first names, or one name read as a person here and an organisation
there).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..core.model import SpeakerType
from .entities import Entity
from .lexicon import Aliases, known_first_name, norm, places
from .lexicon import words as lexicon_words

__all__ = ["compatible_first_names", "person_key_name", "same_body", "same_person", "speaker_key"]

_BODIES = frozenset({"organisation", "government", "unknown"})
_NAMED = frozenset({"person", "organisation", "unknown"})


def person_key_name(name: str) -> str:
    """A person's name as a key: normalised, without initials and suffixes (see the module docstring)."""
    suffixes = lexicon_words().name_suffixes
    words = [w for w in norm(name).replace("-", " ").split() if w not in suffixes]
    kept = [w for i, w in enumerate(words) if len(w) > 1 or i == len(words) - 1]
    return " ".join(kept) if kept else norm(name)


@functools.cache
def _namer() -> Any:
    from nicknames import NickNamer

    return NickNamer()


def same_body(a: str, b: str) -> bool:
    """Whether two names of organisations can be one body: one is the other's initials ("nfl",
    "national football league"), or one is the other less some words, keeping a word that is not
    a generic head ("softbank" in "softbank group corp", "browns" in "cleveland browns"; never
    "senate" in "nigerian senate"), or one is the other with some words written as their
    initials ("fort worth pd", "fort worth police department")."""
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return False
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    w = lexicon_words()
    if (
        len(short) == 1
        and len(long) >= 2
        and short[0] == "".join(x[0] for x in long if x not in w.name_links)
    ):
        return True
    distinctive = [x for x in short if x not in w.generic_heads and x not in w.name_links]
    if _abbreviates(short, long):  # "fort worth pd", "fort worth police department"
        return True
    return bool(distinctive) and len(short) < len(long) and set(short) <= set(long)


def _first_name_of(name: str, person: str) -> bool:
    """Whether ``name`` is only the first name of the person key's name ("charles" of "charles
    simpson"), a name many people share."""
    words = person.split()
    return len(words) >= 2 and name == words[0] and known_first_name(name)


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` is ``long`` with runs of two or more words written as their initials,
    keeping at least one word whole ("fort worth pd", "fort worth police department")."""
    links = lexicon_words().name_links

    def match(i: int, j: int, whole: bool, cut: bool) -> bool:
        if i == len(short):
            return j == len(long) and whole and cut
        if j < len(long) and short[i] == long[j] and match(i + 1, j + 1, True, cut):
            return True
        initials = ""
        for k in range(j, len(long)):
            if long[k] not in links:
                initials += long[k][0]
            if len(initials) > len(short[i]):
                return False
            if k > j and initials == short[i] and match(i + 1, k + 1, whole, True):
                return True
        return False

    return len(short) < len(long) and match(0, 0, False, False)


def compatible_first_names(a: str, b: str) -> bool:
    """Whether two first names can be one person's: equal, one the initial of the other, or
    one a nickname of the other in the ``nicknames`` table (Tim/Timothy, Bill/William)."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    namer = _namer()
    return (
        b in namer.canonicals_of(a)
        or a in namer.canonicals_of(b)
        or bool(namer.canonicals_of(a) & namer.canonicals_of(b))
    )


def same_person(key_a: str, key_b: str) -> bool:
    """Whether two keys can be one speaker: the same key; the same name under the types a name
    of unknown kind may get (person, organisation, unknown: "SoftBank" read as a person in one
    article, an organisation in another); or two person keys with one last name and compatible
    first names. A key with a last name only matches only itself."""
    if key_a == key_b:
        return True
    type_a, _, name_a = key_a.partition(":")
    type_b, _, name_b = key_b.partition(":")
    if name_a == name_b and ({type_a, type_b} <= _NAMED or {type_a, type_b} <= _BODIES | {"group"}):
        return True  # "the United Nations" read as a group of nations in one article
    if {type_a, type_b} <= _BODIES | {"person"} and {type_a, type_b} & _BODIES:
        if _first_name_of(name_a if type_a != "person" else name_b, name_b if type_a != "person" else name_a):
            return False  # "charles" and "charles simpson": a first name, not the person
        return same_body(name_a, name_b)
    if type_a != "person" or type_b != "person":
        return False
    a, b = name_a.split(), name_b.split()
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    return compatible_first_names(a[0], b[0])


def _name_key(entity: Entity, table: Aliases) -> str:
    if entity.type is SpeakerType.PERSON:
        canonical = table.persons.get(norm(entity.name))
        return person_key_name(canonical or entity.name)
    if entity.type in (SpeakerType.ORGANISATION, SpeakerType.GOVERNMENT):
        canonical = table.organisations.get(norm(entity.name))
        words = []
        for word in _joined_initials(_without_legal_form(norm(canonical or entity.name))).split():
            code = places().countries.get(word)
            words.append(norm(places().demonym_of.get(code, word)) if code else word)
        return " ".join(words)
    return norm(entity.name)


def _joined_initials(name: str) -> str:
    """ "w m keck observatory" and "wm keck observatory", "fort worth p d": initials as one word."""
    out: list[str] = []
    run = ""
    for word in name.split():
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return " ".join(out)


def _without_legal_form(name: str) -> str:
    """ "Walt Disney Co", "Home Depot Inc": the company without its legal form."""
    words = name.split()
    legal = lexicon_words().legal_forms
    while len(words) > 1 and words[-1].strip(",") in legal:
        words = words[:-1]
    return " ".join(words)


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@functools.cache
def _russian() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


def _uninflected(name: str) -> str:
    """A name in Cyrillic with each word stemmed ("олега ильина" -> "олег ильин", "оли малышевой" ->
    "ол малышев"): Russian writes a name in the case of its place in the sentence, and one
    person's name must give one key in every case."""
    if not _CYRILLIC.search(name):
        return name
    stem = _russian().stemWord
    return " ".join(stem(w) if _CYRILLIC.search(w) and len(w) > 2 else w for w in name.split())


def speaker_key(entity: Entity, members: list[Entity], table: Aliases) -> str:
    if entity.type is SpeakerType.GROUP and members:
        return "group:" + "+".join(sorted(speaker_key(m, [], table) for m in members))
    name = _name_key(entity, table)
    if entity.type.value in _NAMED or entity.type is SpeakerType.GOVERNMENT:
        name = _uninflected(name)
    return f"{entity.type.value}:{name}"
