"""Entities of one article: the named things a source can be, linked across their mentions.

Built from the name mentions of :mod:`.mentions` before any source is read:
"Anna Berg", "Berg" and "Mr Berg" become one person, "the French Foreign
Ministry" and "the Foreign Ministry" one body, "Paris", "France" and "the
Elysee" one country. Sources then add entities of their own (descriptions,
groups, anonymous sources, documents) through :class:`Registry`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import lang
from ..core.model import Span, SpeakerType
from .lexicon import first_name_lean, norm, places, words
from .mentions import NameMention, Role, Scan

__all__ = ["Entity", "Registry", "build_registry", "org_role"]


@dataclass(slots=True)
class Entity:
    index: int
    type: SpeakerType
    name: str
    first: str = ""
    last: str = ""
    gender: str | None = None
    guessed: bool = False  # the gender is only gender-guesser's for the first name
    country: str | None = None
    roles: list[Role] = field(default_factory=list)
    org: Role | None = None  # for bodies: the head noun and modifiers of the name
    mentions: list[Span] = field(default_factory=list)
    timeline: list[tuple[int, int, bool]] = field(default_factory=list)  # (start, sentence, subject)
    spoke: list[int] = field(default_factory=list)  # starts of the sources resolved to it
    members: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)  # confidence of each source resolved to it
    name_mentions: bool = True  # whether its non-source mentions are listed (not for places)
    weak: bool = False  # a capitalised name of unknown kind: an antecedent only once it has spoken

    def last_before(self, pos: int, skip: Sequence[Span] = ()) -> tuple[int, int, bool] | None:
        """The last mention before ``pos`` (start, sentence, subject), none inside ``skip``."""
        best = None
        for item in self.timeline:
            later = item[0] < pos and (best is None or item[0] > best[0])
            if later and not any(s.start <= item[0] < s.end for s in skip):
                best = item
        return best


def org_role(text: str) -> Role | None:
    """Head noun and modifiers of a body's name: "French Foreign Ministry" -> ministry, {@FR, foreign}."""
    w = words()
    toks = [t for t in norm(text).split() if t not in w.determiners]
    heads = [i for i, t in enumerate(toks) if t in w.organisation_heads]
    if not heads:
        return None
    mods = set()
    for i, t in enumerate(toks):
        if i == heads[-1] or t in ("of", "for", "and", "on"):
            continue
        code = places().country_of(t)
        mods.add(f"@{code}" if code else t)
    return Role(toks[heads[-1]], frozenset(mods))


@dataclass(slots=True)
class Registry:
    scan: Scan
    entities: list[Entity] = field(default_factory=list)
    of_mention: dict[int, int] = field(default_factory=dict)  # mention index -> entity index

    def new(self, type_: SpeakerType, name: str, **kw: object) -> Entity:
        entity = Entity(len(self.entities), type_, name, **kw)  # type: ignore[arg-type]
        self.entities.append(entity)
        return entity

    def country(self, code: str) -> Entity:
        for e in self.entities:
            if e.type is SpeakerType.COUNTRY and e.country == code:
                return e
        name = places().names.get(code, code)
        return self.new(SpeakerType.COUNTRY, name, country=code, name_mentions=False)

    def body(self, name: str, type_: SpeakerType) -> Entity:
        """The organisation or government body called ``name``, merged with a longer or shorter form of it."""
        canonical = self.scan.table.organisations.get(norm(name), name)
        role = org_role(canonical)
        for e in self.entities:
            if e.type not in (SpeakerType.ORGANISATION, SpeakerType.GOVERNMENT):
                continue
            if norm(e.name) == norm(canonical):
                return e
            if role is not None and e.org is not None and (e.org.covers(role) or role.covers(e.org)):
                named = all(w[:1].isupper() or w in ("of", "for", "and", "the") for w in canonical.split())
                # a fuller description ("works council" for "council") may replace a bare one
                fuller = e.name.islower() and canonical.islower() and len(canonical.split()) <= 4
                if (named or fuller) and len(canonical) > len(e.name) and role.covers(e.org):
                    e.name, e.org = canonical, role
                return e
        return self.new(type_, canonical, org=role)

    def person(self, m: NameMention) -> Entity:
        first, last = norm(m.first), norm(m.last)
        for e in reversed(self.entities):
            if e.type is not SpeakerType.PERSON or not e.last or norm(e.last) != last:
                continue
            if not first or not e.first or norm(e.first) == first or norm(e.first)[:1] == first.rstrip("."):
                if first and not e.first:
                    e.first, e.name = m.first, m.text
                return e
        canonical = self.scan.table.persons.get(norm(m.text))
        name = canonical if canonical and not first else m.text
        return self.new(SpeakerType.PERSON, name, first=m.first, last=m.last)

    def link(self, index: int, m: NameMention, entity: Entity) -> None:
        self.of_mention[index] = entity.index
        entity.timeline.append((m.full.start, m.sentence, m.subject))
        if entity.name_mentions:
            entity.mentions.append(m.full)
            entity.mentions.extend(m.role_spans)
        entity.roles.extend(m.roles)
        if entity.gender is None and m.gender is not None:
            entity.gender, entity.guessed = m.gender, m.guessed
        elif entity.guessed and m.gender is not None and not m.guessed:
            entity.gender, entity.guessed = m.gender, False  # a title's or the text's word wins
        if entity.type is SpeakerType.PERSON:
            entity.country = entity.country or m.country


def _entity_for(reg: Registry, m: NameMention) -> Entity | None:
    if m.kind == "seat" and m.seat is not None:
        if m.seat.country:
            return reg.country(m.seat.country)
        seat_type = SpeakerType.GOVERNMENT if m.seat.type == "government" else SpeakerType.ORGANISATION
        return reg.body(m.seat.name or m.text, seat_type)
    if m.kind == "country" and m.country:
        return reg.country(m.country)
    if m.kind in ("organisation", "government"):
        return reg.body(
            m.text, SpeakerType.GOVERNMENT if m.kind == "government" else SpeakerType.ORGANISATION
        )
    if m.kind == "person" and (m.first or m.roles or m.gender):
        return reg.person(m)
    if m.kind == "name":
        for e in reg.entities:
            if e.weak and norm(e.name) == norm(m.text):
                return e
        return reg.new(SpeakerType.ORGANISATION, m.text, weak=True)
    return None


def _single_entity(reg: Registry, m: NameMention) -> Entity | None:
    """A lone capitalised word: a surname of a person already named, or a known alias."""
    key = norm(m.text)
    same = [e for e in reg.entities if e.type is SpeakerType.PERSON and e.last and norm(e.last) == key]
    if same:  # "Berg" after "Anna Berg" and "Tomas Berg": the one named last before it
        return max(same, key=lambda e: (e.last_before(m.full.start) or (-1, 0, False))[0])
    canonical = reg.scan.table.persons.get(key)
    if canonical:
        return reg.new(SpeakerType.PERSON, canonical, last=m.text)
    org = reg.scan.table.organisations.get(key)
    if org:
        return reg.body(org, SpeakerType.ORGANISATION)
    return None


def _compile_gendered() -> re.Pattern[str]:
    w = words()
    alternatives = "|".join(re.escape(p) for p in sorted(w.masculine_pronouns | w.feminine_pronouns))
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE)


def _gendered() -> re.Pattern[str]:
    """Any masculine or feminine pronoun of the speaker words, as a whole word (built once)."""
    return lang.derived("speakers.gendered", _compile_gendered)


_SUBJECT_WORDS = 3  # words a sentence may open with before its subject ("On Tuesday, Omar said")


def _opens_sentence(reg: Registry, m: NameMention, text: str) -> bool:
    """Whether a mention is its sentence's subject, by its place: within its first words."""
    start = reg.scan.sentences[m.sentence].start
    return m.subject and len(text[start : m.full.start].split()) <= _SUBJECT_WORDS


def _gender_votes(reg: Registry, text: str) -> None:
    """Gender of persons whose name and title say nothing: the first gendered pronoun after a
    mention that is its sentence's subject, in the same or the next sentence, with no other person
    named in between ("Omar asked for compassion, saying she ...", not "he threatened to kill
    Omar" nor "a call he made to Omar's office, in which he said ...")."""
    votes: dict[int, list[str]] = {}
    persons = [(i, m) for i, m in enumerate(reg.scan.mentions) if m.kind in ("person", "single")]
    for n, (i, m) in enumerate(persons):
        entity = reg.of_mention.get(i)
        if entity is None or reg.entities[entity].gender is not None or not _opens_sentence(reg, m, text):
            continue
        stop = reg.scan.sentences[min(m.sentence + 1, len(reg.scan.sentences) - 1)].end
        if n + 1 < len(persons):
            stop = min(stop, persons[n + 1][1].full.start)
        found = _gendered().search(text, m.full.end, max(m.full.end, stop))
        if found is not None:
            votes.setdefault(entity, []).append(
                "f" if found.group(1).lower() in words().feminine_pronouns else "m"
            )
    for entity, said in votes.items():
        male, female = said.count("m"), said.count("f")
        if male != female:
            reg.entities[entity].gender = "m" if male > female else "f"
    for e in reg.entities:
        if e.type is SpeakerType.PERSON and e.gender is None and e.first:
            e.gender = first_name_lean(e.first)


# a name, an optional apposition, one verb, "he"/"she": the name is the person the pronoun continues
_SAID_HE = re.compile(r"(?:\s*,[^,.;:\n]{1,100},)?\s+[a-z]{2,20}(?:\s+that)?\s+(he|she)\b")


def build_registry(scan: Scan, text: str = "") -> Registry:
    """Entities of the named mentions: full names first, then lone surnames linked to them."""
    reg = Registry(scan)
    singles: list[int] = []
    # Words the article also uses alone as names ("Romney" after "Mitt Romney"): a run whose last
    # word is one of them is a person even when gender-guesser does not know the first name.
    alone = {norm(m.text) for m in scan.mentions if m.kind in ("single", "person") and " " not in m.text}
    for i, m in enumerate(scan.mentions):
        first_ok = len(m.first) > 1 and m.first.replace("-", "").isalpha()
        if m.kind == "name" and first_ok and m.last and len(m.text.split()) <= 3:
            if norm(m.last) in alone:
                m.kind = "person"
            elif text and (said := _SAID_HE.match(text, m.full.end, m.full.end + 160)):
                # "Lakshiwnder Singh, another deportee, said he ...": a person of that gender
                m.kind, m.gender = "person", "f" if said.group(1).lower() == "she" else "m"
        entity = _entity_for(reg, m)
        if entity is None:
            if m.kind in ("single", "person"):
                singles.append(i)
            continue
        reg.link(i, m, entity)
    for i in singles:
        m = scan.mentions[i]
        entity = _single_entity(reg, m)
        if entity is not None:
            reg.link(i, m, entity)
    if text:
        _gender_votes(reg, text)
    return reg
