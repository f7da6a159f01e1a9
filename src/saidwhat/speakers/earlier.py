"""Descriptions that point back: the entity an earlier mention gave a role, a head noun or a kind.

"The foreign minister" is the person named with that role; "the diplomat"
the anonymous diplomat who spoke before; "the officials" the group that did;
"the company" the body last named without a kind in its name; "the
government" the country that spoke last. Each search looks only before the
source (a headline aside), so that reading in text order stays consistent.
"""

from __future__ import annotations

from ..core.model import SpeakerType
from .entities import Entity, Registry
from .groups import PRONOUN_WINDOW
from .lexicon import words
from .mentions import Role
from .source import head_phrase, words_of

__all__ = [
    "anonymous_with_head",
    "body_by_kind",
    "by_role",
    "described_before",
    "last_body_without_head",
    "last_country",
    "later",
    "plural_with_head",
]


def later(a: Entity, b: Entity, pos: int) -> bool:
    """Whether ``a`` was mentioned after ``b`` (last mentions before ``pos``)."""
    la, lb = a.last_before(pos), b.last_before(pos)
    return la is not None and (lb is None or la[0] > lb[0])


def by_role(reg: Registry, role: Role, pos: int) -> Entity | None:
    """The named person whose known role covers ``role``: the one sharing most of its modifiers,
    then the most recently mentioned. "Former" and the like need not be known ("the former
    secretary of state" is "Secretary of State Hillary Clinton") but count when they are."""
    lenient = words().lenient_modifiers
    best: tuple[tuple[int, int], Entity] | None = None
    for e in reg.entities:
        if e.type is not SpeakerType.PERSON or not e.last:
            continue
        tags = {f"@{e.country}"} if e.country else set()
        wanted = Role(role.head, role.mods - tags - lenient)
        matching = [r for r in e.roles if r.covers(wanted)]
        if not matching:
            continue
        shared = max(len(r.mods & role.mods) for r in matching)
        last = e.last_before(pos)
        rank = (shared, last[0] if last else -1 - (e.timeline[0][0] if e.timeline else 0))
        if best is None or rank > best[0]:
            best = (rank, e)
    return best[1] if best else None


def described_before(reg: Registry, role: Role, pos: int) -> Entity | None:
    """The unnamed person last described by a role that covers ``role``."""
    best: tuple[int, Entity] | None = None
    for e in reg.entities:
        if e.type is not SpeakerType.PERSON or e.last or not e.roles or not e.roles[0].covers(role):
            continue
        last = e.last_before(pos)
        if last is not None and (best is None or last[0] > best[0]):
            best = (last[0], e)
    return best[1] if best else None


def plural_with_head(reg: Registry, noun: str, pos: int) -> Entity | None:
    """The group or anonymous sources that spoke last with this head noun."""
    best: tuple[int, Entity] | None = None
    for e in reg.entities:
        if e.type not in (SpeakerType.GROUP, SpeakerType.ANONYMOUS) or e.members:
            continue
        phrase = head_phrase(words_of(e.name))
        spoke = max((p for p in e.spoke if p < pos), default=-1)
        if phrase and phrase[-1] == noun and spoke >= 0 and (best is None or spoke > best[0]):
            best = (spoke, e)
    return best[1] if best else None


def anonymous_with_head(reg: Registry, head: str, pos: int) -> Entity | None:
    """The anonymous source that spoke last with this head noun, singular or plural."""
    for e in reversed(reg.entities):
        if e.type is not SpeakerType.ANONYMOUS or not any(p < pos for p in e.spoke):
            continue
        phrase = head_phrase(words_of(e.name))
        if phrase and phrase[-1].rstrip("s") == head.rstrip("s"):
            return e
    return None


def body_by_kind(reg: Registry, role: Role, end: int) -> Entity | None:
    """The body whose name says a kind covering ``role`` ("the ministry"), mentioned last before ``end``."""
    best: tuple[int, Entity] | None = None
    for e in reg.entities:
        if e.org is not None and e.org.covers(role):
            last = e.last_before(end)
            pos = last[0] if last else -1
            if best is None or pos > best[0]:
                best = (pos, e)
    return best[1] if best else None


def last_body_without_head(
    reg: Registry, pos: int, countries: frozenset[str] = frozenset(), head: str = ""
) -> Entity | None:
    """The body last named before ``pos`` whose name says nothing of its kind ("Nordwind Energy");
    with ``countries`` (the description's, "@US" of "the U.S. plane-maker"), not one that says
    another country ("the French plane-maker"); with the description's ``head``, not one whose
    name says another trade ("Emirates Airline" is no "plane-maker")."""
    best: tuple[tuple[bool, bool, int], Entity] | None = None
    sentence = reg.scan.sentence_of(pos)
    generic = words().generic_bodies
    trades = words().described_bodies
    for e in reg.entities:
        one_name = e.type is SpeakerType.UNKNOWN and " " not in e.name and bool(e.spoke) and not e.members
        if not one_name and (
            e.type is not SpeakerType.ORGANISATION or (e.org is not None and e.org.head not in generic)
        ):
            continue  # "the company" is a body named without a kind, or named "the firm" before, or
            # a name of one word that spoke ("Boeing said ... The company said")
        if countries and e.org is not None and _other_country(e.org.mods, countries):
            continue
        if head in trades and e.org is not None and e.org.head in trades and e.org.head != head:
            continue
        last = e.last_before(pos)
        if last is None or sentence - last[1] > (2 if e.weak and not e.spoke else PRONOUN_WINDOW):
            continue
        key = (any(p < pos for p in e.spoke), sum(t[0] < pos for t in e.timeline) > 1, last[0])
        if best is None or key > best[0]:
            best = (key, e)
    unnamed = _repeated_single(reg, pos, sentence)
    if unnamed is not None and (best is None or (False, True, unnamed[0]) > best[0]):
        return reg.body(unnamed[1], SpeakerType.ORGANISATION)  # named more than once, never spoke
    if best is None:
        return _body_named_after(reg, pos, sentence)
    return best[1]


def _repeated_single(reg: Registry, pos: int, sentence: int) -> tuple[int, str] | None:
    """A one-word name the page repeats before ``pos`` and links to nothing ("WeWork", "Boeing"
    when it never spoke): the body a page about it calls "the company", over a name it used once
    ("a Wall Street darling", "the Dubai Air Show"). (Its last place, the name.)"""
    seen: dict[str, list[int]] = {}
    for i, m in enumerate(reg.scan.mentions):
        if m.full.start >= pos:
            break
        if m.kind in ("single", "name") and " " not in m.text and i not in reg.of_mention:
            seen.setdefault(m.text, []).append(i)
    best: tuple[int, str] | None = None
    for name, found in seen.items():
        last = reg.scan.mentions[found[-1]]
        if len(found) < 2 or sentence - last.sentence > PRONOUN_WINDOW:
            continue
        if best is None or last.full.start > best[0]:
            best = (last.full.start, name)
    return best


def _other_country(mods: frozenset[str], countries: frozenset[str]) -> bool:
    """Whether a body's modifiers name a country, and none of ``countries``."""
    theirs = {m for m in mods if m.startswith("@")}
    return bool(theirs) and not theirs & countries


def _body_named_after(reg: Registry, pos: int, sentence: int) -> Entity | None:
    """A headline's "Company blames ...": the body without a kind named just after ``pos``."""
    after = [
        (t[0], e)
        for e in reg.entities
        if e.type is SpeakerType.ORGANISATION and e.org is None
        for t in e.timeline
        if t[0] > pos and t[1] - sentence <= 2
    ]
    return min(after, key=lambda item: item[0])[1] if after else None


def last_country(reg: Registry, pos: int) -> Entity | None:
    """ "the government": the country that spoke last before ``pos``, else the one named last."""
    best: tuple[int, int, Entity] | None = None
    for e in reg.entities:
        if e.type is not SpeakerType.COUNTRY:
            continue
        spoke = max((p for p in e.spoke if p < pos), default=-1)
        last = e.last_before(pos)
        key = (1 if spoke >= 0 else 0, spoke if spoke >= 0 else (last[0] if last else -1))
        if best is None or key > best[:2]:
            best = (*key, e)
    if best is not None and (best[0] or best[1] >= 0):
        return best[2]
    return None
