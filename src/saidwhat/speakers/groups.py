"""Groups of speakers: who "the two leaders", "both sides" or "they" are.

A group is an entity of its own whose members are other entities, made once
per set of members (or per description when the members are unknown), so
that "the two leaders" and a later "they" are the same speaker. Members are
found in a coordination written before ("Berg and Weber met ..."), else
among the last speakers, the holders of the role the group names, or the
last ones named.
"""

from __future__ import annotations

from ..core.model import SpeakerType
from .entities import Entity, Registry
from .lexicon import norm
from .mentions import Coordination

__all__ = ["GROUP_WINDOW", "PRONOUN_WINDOW", "coordination_members", "group", "joint", "members"]

PRONOUN_WINDOW = 6  # sentences back for a pronoun's antecedent
GROUP_WINDOW = 8  # sentences back for the members of a group
_PERSON_TYPES = frozenset({SpeakerType.PERSON})
_PARTY_TYPES = frozenset({SpeakerType.COUNTRY, SpeakerType.GOVERNMENT, SpeakerType.ORGANISATION})
_NOT_MEMBERS = (SpeakerType.GROUP, SpeakerType.ANONYMOUS, SpeakerType.DOCUMENT, SpeakerType.UNKNOWN)


def group(reg: Registry, members: list[Entity], description: str) -> Entity:
    """The group of these members (or of this description when they are unknown), made once."""
    ids = sorted(m.index for m in members)
    for e in reg.entities:
        if e.type is SpeakerType.GROUP and ids and sorted(e.members) == ids:
            return e
        if e.type is SpeakerType.GROUP and not ids and not e.members and norm(e.name) == norm(description):
            return e
    if members:
        members = sorted(members, key=lambda m: min((t[0] for t in m.timeline), default=0))
        names = [m.name for m in members]
        description = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return reg.new(SpeakerType.GROUP, description or "group", members=ids, name_mentions=False)


def coordination_members(reg: Registry, c: Coordination) -> list[Entity]:
    out: list[Entity] = []
    for i in c.members:
        index = reg.of_mention.get(i)
        if index is not None and reg.entities[index] not in out:
            out.append(reg.entities[index])
    return out


def joint(reg: Registry, pos: int) -> Entity | None:
    """The parties of a "joint statement": the last coordination of several entities before ``pos``."""
    sentence = reg.scan.sentence_of(pos)
    for c in reversed(reg.scan.coordinations):
        if c.span.start < pos and sentence - reg.scan.sentence_of(c.span.start) <= GROUP_WINDOW:
            found = coordination_members(reg, c)
            if len(found) > 1:
                return group(reg, found, "")
    return None


def members(
    reg: Registry, pos: int, kind: str, count: int | None, roles: frozenset[str] | None = None
) -> list[Entity]:
    """Members of a group source: the last fitting coordination, else the last speakers that fit."""
    types = _PERSON_TYPES if kind == "persons" else _PARTY_TYPES if kind == "parties" else None
    coordinated = _coordinated(reg, pos, types, count)
    if coordinated or count is None:
        return coordinated
    if roles:
        holders = _role_holders(reg, pos, roles)
        if len(holders) >= count:
            return holders[:count]
    picked = _last_speakers(reg, pos, types, count)
    if len(picked) < count:  # "Anna Berg met Jonas Weber ... The two said": the last ones named
        picked = _last_named(reg, pos, types, count)
    return picked if len(picked) == count else []


def _coordinated(
    reg: Registry, pos: int, types: frozenset[SpeakerType] | None, count: int | None
) -> list[Entity]:
    """The members of the last coordination before ``pos`` that fits the group's kind and count."""
    sentence = reg.scan.sentence_of(pos)
    for c in reversed(reg.scan.coordinations):
        if c.span.start >= pos or sentence - reg.scan.sentence_of(c.span.start) > GROUP_WINDOW:
            continue
        found = coordination_members(reg, c)
        fits = types is None or all(m.type in types for m in found)
        if len(found) > 1 and (count is None or len(found) == count) and fits:
            return found
    return []


def _last_speakers(reg: Registry, pos: int, types: frozenset[SpeakerType] | None, count: int) -> list[Entity]:
    recent = sorted(
        (max(p for p in e.spoke if p < pos), e)
        for e in reg.entities
        if any(p < pos for p in e.spoke) and (types is None or e.type in types) and e.type not in _NOT_MEMBERS
    )
    return [e for _, e in recent[-count:]]


def _last_named(reg: Registry, pos: int, types: frozenset[SpeakerType] | None, count: int) -> list[Entity]:
    sentence = reg.scan.sentence_of(pos)
    named = sorted(
        (last[0], e)
        for e in reg.entities
        if (types is None or e.type in types)
        and e.type in (SpeakerType.PERSON, *_PARTY_TYPES)
        and not e.weak
        and (last := e.last_before(pos)) is not None
        and sentence - last[1] <= GROUP_WINDOW
    )
    return [e for _, e in named[-count:]]


def _role_holders(reg: Registry, pos: int, roles: frozenset[str]) -> list[Entity]:
    """Persons holding one of ``roles``: the last named before ``pos`` first, then those named
    soon after it ("The two leaders said ... Norwegian prime minister Eirik Haugland said")."""
    sentence = reg.scan.sentence_of(pos)
    before: list[tuple[int, Entity]] = []
    after: list[tuple[int, Entity]] = []
    for e in reg.entities:
        if e.type is not SpeakerType.PERSON or not any(r.head in roles for r in e.roles):
            continue
        last = e.last_before(pos)
        if last is not None:
            before.append((-last[0], e))
            continue
        first = min((t for t in e.timeline if t[0] >= pos), default=None)
        if first is not None and first[1] - sentence <= PRONOUN_WINDOW:
            after.append((first[0], e))
    return [e for _, e in sorted(before)] + [e for _, e in sorted(after)]
