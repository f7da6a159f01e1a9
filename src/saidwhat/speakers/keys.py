"""Speaker keys: one string per speaker that stays the same across articles.

A key is the speaker's type and its normalised canonical name
(``person:angela merkel``, ``country:france``), after the alias table has
merged known other names ("Merkel", "NATO"). Groups are keyed by their
members' keys, so "the two leaders" of one article and "Merkel and Macron" of
another meet. Anonymous sources and documents keep their description: their
key describes them, it does not identify anyone.
"""

from __future__ import annotations

from ..model import SpeakerType
from .entities import Entity
from .lexicon import Aliases, norm, places

__all__ = ["speaker_key"]


def _name_key(entity: Entity, table: Aliases) -> str:
    if entity.type is SpeakerType.PERSON:
        canonical = table.persons.get(norm(entity.name))
        return norm(canonical or entity.name)
    if entity.type in (SpeakerType.ORGANISATION, SpeakerType.GOVERNMENT):
        canonical = table.organisations.get(norm(entity.name))
        words = []
        for word in norm(canonical or entity.name).split():
            code = places().countries.get(word)
            words.append(norm(places().demonym_of.get(code, word)) if code else word)
        return " ".join(words)
    return norm(entity.name)


def speaker_key(entity: Entity, members: list[Entity], table: Aliases) -> str:
    if entity.type is SpeakerType.GROUP and members:
        return "group:" + "+".join(sorted(speaker_key(m, [], table) for m in members))
    return f"{entity.type.value}:{_name_key(entity, table)}"
