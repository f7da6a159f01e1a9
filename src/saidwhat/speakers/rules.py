"""The source-reading rules, in the order they are tried (:data:`RULES`).

Function words come first: a relative pronoun ("Cruz, who ..."), a lone
possessive ("his claim that ..."), a first-person source of a relayed
statement ("I", the relay's speaker), a pronoun ("he", "it"), a quantifier
("most", which names nobody). Other sources are tried as, in order: a
possessive description ("his spokesman", "her campaign"), an anonymous source
("a source", "officials familiar with the matter"), a body named after its
kind ("the aid group Relief Without Borders"), a named person inside the
mention ("German Chancellor Angela Merkel", "The spokesman, Anna Berg"), a
document ("the ministry's statement"), a group ("the two leaders"), a country
by metonymy ("Paris", "the Elysee", "the French side"), a named body, a role
description ("the Foreign Minister"), a body description ("the ministry"), a
lone name, and last a speaker of its own named by the text.

A rule answers a :class:`~.source.Resolution`, :data:`~.source.NOBODY` when the
source is its kind but names no one, or None to pass the source on. Each
resolution names its rule, so that a wrong one can be traced.
"""

from __future__ import annotations

import re

from ..core.model import Span, SpeakerType
from .antecedents import antecedent, contained, named_before
from .documents import document
from .earlier import (
    anonymous_with_head,
    body_by_kind,
    by_role,
    described_before,
    last_body_without_head,
    last_country,
    later,
    plural_with_head,
)
from .entities import Entity, org_role
from .groups import group, members
from .lexicon import norm, places, words
from .mentions import Role, parse_role
from .resolve import Resolver, Rule
from .source import NOBODY, Nobody, Resolution, Source, head_phrase, strip_det, words_of

__all__ = ["RULES", "Outcome", "Rule"]

Outcome = Resolution | Nobody | None

_PLEONASTIC = re.compile(
    r"\s+(?:is|was|has been|had been|will be)\s+(?:said|reported|revealed|believed|claimed|thought|understood"
    r"|alleged|expected|known|clear|likely|unclear|true|possible|rumou?red|announced)\b",
    re.IGNORECASE,
)
# The indefinite or definite noun phrase that opens the clause before a relative "who".
_CLAUSE_NP = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but)\s+)((?:[Aa]n?|[Tt]he|[Oo]ne)\s[^,;:]{1,60}?)[\s,]*$")


def _one_word(s: Source) -> str:
    return s.toks[0] if len(s.toks) == 1 else ""


# -- function words ----------------------------------------------------------------------------


def relative(r: Resolver, s: Source) -> Outcome:
    """ "Ted Cruz, who said ...": the entity named right before. "A firefighter who did not
    want to be named": the description right before, read as a source; "voters who": nobody."""
    if _one_word(s) not in words().relative_pronouns:
        return None
    entity = named_before(r.reg, r.text, s.span)
    if entity is NOBODY:
        return NOBODY
    if entity is not None:
        return Resolution(entity, 0.8, "relative")
    return _relative_description(r, s.span) or NOBODY


def _relative_description(r: Resolver, span: Span) -> Resolution | None:
    sent = r.reg.scan.sentences[r.reg.scan.sentence_of(span.start)]
    before = r.text[max(sent.start, span.start - 80) : span.start]
    found = _CLAUSE_NP.search(before)
    if found is None or r.depth > 1:
        return None
    start = span.start - len(before) + found.start(1)
    after = r.text[span.end : min(sent.end, span.end + 60)].lower()
    if any(cue in after for cue in words().anonymity_cues):  # "... who did not want to be named"
        name = strip_det(found.group(1))
        return Resolution(r.reg.new(SpeakerType.ANONYMOUS, name, name_mentions=False), 0.8, "anonymous")
    resolved = r.nested(Span(start, start + len(found.group(1))))
    return resolved if resolved is not None and resolved.method not in ("text", "name-new") else None


def lone_possessive(r: Resolver, s: Source) -> Outcome:
    """ "his claim that ...": the owner of the possessive."""
    w = words()
    word = _one_word(s)
    if word not in w.possessives:
        return None
    owner = antecedent(r.reg, r.contents, s.span.start, w.possessives[word])
    return Resolution(owner[0], owner[1], "pronoun") if owner else NOBODY


def first_person(r: Resolver, s: Source) -> Outcome:
    """ "I" in a relayed statement: the speaker of the statement it is relayed in."""
    if _one_word(s) not in words().first_person:
        return None
    return Resolution(s.parent, 0.8, "first-person") if s.parent is not None else NOBODY


def pronoun(r: Resolver, s: Source) -> Outcome:
    """ "he", "it", "they": the antecedent; "it is said that ..." and an unresolved "he" name no one."""
    w = words()
    word = _one_word(s)
    if word not in w.pronouns:
        return None
    if word == "it" and _PLEONASTIC.match(r.text, s.span.end):
        return NOBODY
    named = _name_ending_in(r, s.span)
    if named is not None:  # "Liu He said": a surname spelled like a pronoun
        return Resolution(named, 0.9, "name")
    found = antecedent(r.reg, r.contents, s.span.start, w.pronouns[word], r.own)
    return Resolution(found[0], found[1], "pronoun") if found else NOBODY


def _name_ending_in(r: Resolver, span: Span) -> Entity | None:
    """The person whose name, read by the scan, ends with the word at ``span`` ("Liu He")."""
    for i, m in enumerate(r.reg.scan.mentions):
        if m.span.start >= span.start:
            break
        if m.span.end == span.end and i in r.reg.of_mention:
            entity = r.reg.entities[r.reg.of_mention[i]]
            return entity if entity.type is SpeakerType.PERSON else None
    return None


def quantifier(r: Resolver, s: Source) -> Outcome:
    """ "Most", "Neither": nobody. "the two", "both" are groups and go on."""
    w = words()
    counted = any(t in w.counts for t in s.toks)
    if not counted and all(t in w.quantifiers or t in w.determiners for t in s.toks):
        return NOBODY
    return None


# -- descriptions and names --------------------------------------------------------------------


def possessive_description(r: Resolver, s: Source) -> Outcome:
    """ "his spokesman": a person with that role; "his campaign": the owner's body of that kind."""
    w = words()
    if len(s.toks) < 2 or s.toks[0] not in w.possessives:
        return None
    role = parse_role(s.toks[1:])
    body = org_role(" ".join(s.toks[1:]))
    if role is None and body is None:
        return None
    owner = antecedent(r.reg, r.contents, s.span.start, w.possessives[s.toks[0]])
    if owner is None:
        return None
    if role is None and body is not None:  # "his campaign": the Sanders campaign
        kind = SpeakerType.GOVERNMENT if body.head in w.government_heads else SpeakerType.ORGANISATION
        return Resolution(r.reg.body(f"{owner[0].name} {body.head}", kind), owner[1] * 0.9, "possessive-body")
    assert role is not None
    return _owned_role(r, role, owner[0], s.span, owner[1] * 0.9)


def _owned_role(r: Resolver, role: Role, owner: Entity, span: Span, confidence: float) -> Resolution:
    """ "his spokesman": a person with that role if the article names one, else one described by it."""
    found = by_role(r.reg, Role(role.head, frozenset()), span.start)
    if found is not None and found is not owner:
        return Resolution(found, confidence, "possessive-role")
    name = f"{role.head} for {owner.name}"
    for e in r.reg.entities:
        if e.type is SpeakerType.PERSON and e.name == name:
            return Resolution(e, confidence, "possessive-role")
    entity = r.reg.new(SpeakerType.PERSON, name, roles=[role], name_mentions=False)
    return Resolution(entity, confidence, "possessive-role")


_AGE = re.compile(r"\.?,\s*\d{1,3}\s*,")  # "Patrick W. Carlineo Jr., 55, of Addison"
_LEDE_SENTENCES = 4  # the opening description stands in one of the text's first sentences
_NAMED_WITHIN = 2  # and the name in one of the next sentences


def lede(r: Resolver, s: Source) -> Outcome:
    """ "A New York man pleaded guilty ... Patrick W. Carlineo Jr., 55, of Addison, pleaded ...":
    the person a story opens on, described first and named in the next sentences; the description
    ("A New York man", "the man") is that person, not an anonymous source of its own."""
    if not r.lede_read:
        r.lede, r.lede_read = _opening_description(r), True
    if r.lede is None:
        return None
    toks = [t for t in s.toks if t not in words().determiners and t not in words().indefinites]
    if not toks or toks[-1] not in words().lede_heads or not set(toks) <= r.lede[0]:
        return None
    return Resolution(r.lede[1], 0.75, "lede")


def _opening_description(r: Resolver) -> tuple[frozenset[str], Entity] | None:
    sentences = r.reg.scan.sentences
    for n, sent in enumerate(sentences[:_LEDE_SENTENCES]):
        toks = r.text[sent.start : sent.end].split()[:7]
        if not toks or toks[0] not in ("A", "An"):
            continue
        head = next((k for k in range(1, len(toks)) if toks[k].lower().strip(",") in words().lede_heads), None)
        if head is None:
            continue
        described = frozenset(norm(t) for t in toks[1 : head + 1])
        for following in sentences[n + 1 : n + 1 + _NAMED_WITHIN]:
            person = _named_with_age(r, following)
            if person is not None:
                return described, person
        return None
    return None


def _named_with_age(r: Resolver, sentence: Span) -> Entity | None:
    """The person whose full name opens ``sentence`` followed by an age."""
    for i, m in enumerate(r.reg.scan.mentions):
        if m.full.start > sentence.start + 2:
            break
        if m.full.start < sentence.start or i not in r.reg.of_mention:
            continue
        entity = r.reg.entities[r.reg.of_mention[i]]
        if entity.type is SpeakerType.PERSON and entity.first and _AGE.match(r.text, m.full.end):
            return entity
    return None


def anonymous(r: Resolver, s: Source) -> Outcome:
    """ "a source", "officials familiar with the matter": an anonymous source of its own."""
    w = words()
    head = head_phrase(s.toks)
    if contained(r.reg, r.text, s.span, ("person",)) is not None:
        return None
    cue = any(c in " ".join(s.toks) for c in w.anonymity_cues)
    always = any(t in w.always_anonymous for t in head)
    indefinite = bool(head) and head[0] in w.indefinites and bool(set(head[1:]) & w.anonymous_heads)
    if not (cue or always or indefinite):
        return None
    name = strip_det(s.text)
    return Resolution(r.reg.new(SpeakerType.ANONYMOUS, name, name_mentions=False), 0.9, "anonymous")


def described_name(r: Resolver, s: Source) -> Outcome:
    """ "The aid group Relief Without Borders", "The construction firm, Adria Build": a body named after its kind."""
    w = words()
    for i, m in enumerate(r.reg.scan.mentions):
        if m.full.start >= s.span.end:
            break
        if not s.span.contains(m.full) or m.kind not in ("person", "name", "single") or m.roles:
            continue
        index = r.reg.of_mention.get(i)
        known = r.reg.entities[index] if index is not None else None
        if known is not None and known.type is not SpeakerType.PERSON and not known.weak:
            continue  # "FBI general counsel James Baker": the FBI is a known body, not the head
        before = words_of(r.text[s.span.start : m.full.start])
        if not before:
            continue  # the mention opens the source: no kind said before it
        if not set(before) & w.organisation_heads or set(before) & w.person_roles:
            return None
        entity = known if known is not None else r.reg.body(m.text, SpeakerType.ORGANISATION)
        return Resolution(_as_body(entity, before), 0.85, "described-name")
    return None


def _as_body(entity: Entity, kind_words: list[str]) -> Entity:
    """``entity``, known from now on as a body of the kind said before its name."""
    if entity.type is SpeakerType.PERSON and not entity.roles:
        entity.type, entity.weak = SpeakerType.ORGANISATION, False
    entity.weak = False
    if entity.org is None:  # "the group" later means this body: its kind is known now
        entity.org = org_role(" ".join(t for t in kind_words if t != ","))
    return entity


def named_person(r: Resolver, s: Source) -> Outcome:
    """ "German Chancellor Angela Merkel", "The spokesman, Anna Berg": the person named in it."""
    found = contained(r.reg, r.text, s.span, ("person", "single"), SpeakerType.PERSON)
    if found is None or _name_modifies(r, s, r.reg.entities[found]):
        return None
    return Resolution(r.reg.entities[found], 0.95, "name")


def _name_modifies(r: Resolver, s: Source, person: Entity) -> bool:
    """Whether the person's name only modifies the noun that heads the source: "Forest Hill
    police", "the Trump administration", "Biden campaign officials" are not the person."""
    ends = [
        m.span.end
        for i, m in enumerate(r.reg.scan.mentions)
        if r.reg.of_mention.get(i) == person.index and s.span.start <= m.span.start and m.span.end <= s.span.end
    ]
    if not ends:
        return False
    tail = head_phrase(words_of(r.text[max(ends) : s.span.end]))
    w = words()
    nouns = w.organisation_heads | w.government_heads | w.group_nouns.keys() | w.person_roles
    return bool(tail) and tail[0] not in ("'s", "’s") and bool(set(tail) & nouns)


def group_source(r: Resolver, s: Source) -> Outcome:
    """ "the two leaders", "both sides", "experts": a group, with its members when the text names them."""
    w = words()
    head = head_phrase(s.toks)
    if not head:
        return None
    noun = head[-1]
    count = next((w.counts[t] for t in head if t in w.counts), None)
    if noun not in w.group_nouns and not (count and noun in w.counts):
        return None
    if noun in w.anonymous_heads and head[0] in w.indefinites and head[0] not in w.counts:
        return None
    kind = w.group_nouns.get(noun, "any")
    # Members are looked for when the mention counts them ("the two", "both sides") or names
    # a kind the article has named ("the leaders", "the countries"): "experts" stay unnamed.
    membered = count is not None or noun in w.group_roles or kind == "parties"
    found = members(r.reg, s.span.start, kind, count, w.group_roles.get(noun)) if membered else []
    if not found and count is None and s.toks[0] in ("the", "these", "those"):
        earlier = plural_with_head(r.reg, noun, s.span.start)
        if earlier is not None:  # "Israeli officials said ... The officials said"
            return Resolution(earlier, 0.7, "group-again")
    return Resolution(group(r.reg, found, strip_det(s.text)), 0.75 if found else 0.6, "group")


def country(r: Resolver, s: Source) -> Outcome:
    """ "Paris", "the Elysee", "the French side", "the government": a country or its seat."""
    seat = r.reg.scan.table.seats.get(norm(s.text))
    if seat is not None:
        if seat.country:
            return Resolution(r.reg.country(seat.country), 0.9, "seat")
        kind = SpeakerType.GOVERNMENT if seat.type == "government" else SpeakerType.ORGANISATION
        return Resolution(r.reg.body(seat.name or s.text, kind), 0.9, "seat")
    code = places().countries.get(norm(s.text)) or places().capitals.get(norm(s.text))
    if code:
        return Resolution(r.reg.country(code), 0.9, "country")
    w = words()
    content = [t for t in s.toks if t not in w.determiners and t not in ("'s", "’s", "of", ",")]
    side = _side_country(content)
    if side is not None:
        return Resolution(r.reg.country(side), 0.85, "country-side")
    if len(content) == 1 and content[0] in ("government", "administration", "authorities"):
        return _the_government(r, s)
    return None


def _side_country(content: list[str]) -> str | None:
    """ "the French side", "the side of Israel": the one country such a phrase names."""
    sides = words().side_words
    if not (len(content) >= 2 and content[-1] in sides or (len(content) >= 3 and content[0] in sides)):
        return None
    rest = content[:-1] if content[-1] in sides else content[1:]
    codes = {places().country_of(t.removesuffix("'s").removesuffix("’s")) for t in rest}
    codes |= {places().country_of(" ".join(rest))}
    codes.discard(None)
    return (codes.pop() or "") if len(codes) == 1 else None


def _the_government(r: Resolver, s: Source) -> Resolution:
    """ "the government": the country that spoke last, else the one named last, else a body of its own."""
    found = last_country(r.reg, s.span.start)
    if found is not None:
        return Resolution(found, 0.6, "government")
    return Resolution(r.reg.body(strip_det(s.text), SpeakerType.GOVERNMENT), 0.5, "government")


def named_body(r: Resolver, s: Source) -> Outcome:
    """ "the Foreign Ministry said": the body named in it (not "a spokesman for the Foreign Ministry")."""
    head = head_phrase(s.toks)
    if head and (head[-1] in words().person_roles or parse_role(head) is not None):
        return None
    found = contained(r.reg, r.text, s.span, ("organisation", "government", "seat"))
    return Resolution(r.reg.entities[found], 0.9, "body") if found is not None else None


def role(r: Resolver, s: Source) -> Outcome:
    """ "the Foreign Minister": the named person with that role, else an unnamed one it describes."""
    parsed = parse_role([t for t in s.toks if t != ","])
    if parsed is None:
        return None
    definite = s.toks[0] not in words().indefinites  # "a former secretary" is someone new
    found = by_role(r.reg, parsed, s.span.start) if definite else None
    described = described_before(r.reg, parsed, s.span.start)
    if found is not None and not (described and later(described, found, s.span.start)):
        return Resolution(found, 0.8, "role")
    if s.toks[0] in words().definite_determiners:
        earlier = anonymous_with_head(r.reg, parsed.head, s.span.start)
        if earlier is not None:  # "a Western diplomat said ... the diplomat said"
            return Resolution(earlier, 0.75, "anonymous-again")
    if described is not None:  # "A Welsh Government spokesman said ... The spokesman added"
        return Resolution(described, 0.65, "description")
    entity = r.reg.new(SpeakerType.PERSON, strip_det(s.text), roles=[parsed], name_mentions=False)
    entity.gender = words().honorific_genders.get(parsed.head)
    return Resolution(entity, 0.6, "description")


def body_description(r: Resolver, s: Source) -> Outcome:
    """ "the ministry", "the company": the body of that kind named before, else one of its own."""
    parsed = org_role(s.text)
    if parsed is None:
        return None
    found = body_by_kind(r.reg, parsed, s.span.end)
    if found is not None:
        return Resolution(found, 0.8, "body-description")
    # "the company", "the U.S. plane-maker", not "the rights group"
    w = words()
    countries = frozenset(m for m in parsed.mods if m.startswith("@"))
    generic = parsed.head in w.described_bodies or (parsed.head in w.generic_bodies and parsed.mods == countries)
    unnamed_kind = last_body_without_head(r.reg, s.span.start, countries, parsed.head) if generic else None
    if unnamed_kind is not None:
        if unnamed_kind.type is SpeakerType.UNKNOWN:
            unnamed_kind.type = SpeakerType.ORGANISATION  # "Boeing said ... The company said": a body
        return Resolution(unnamed_kind, 0.7, "body-description")
    kind = SpeakerType.GOVERNMENT if parsed.head in w.government_heads else SpeakerType.ORGANISATION
    return Resolution(r.reg.body(strip_det(s.text), kind), 0.6, "body-description")


def lone_name(r: Resolver, s: Source) -> Outcome:
    """ "Berg", "Democrats", "Nordwind": a name alone, by alias, by earlier mention, or as a new one."""
    name = strip_det(s.text)
    connectors = words().name_connectors
    if len(name.split()) > 4 or not all(p[:1].isupper() or p in connectors for p in name.split()):
        return None  # "Both incidents" is no name
    known = _known_name(r, name) or _defined_acronym(r, name, s.span.start)
    if known is not None:
        return known
    low = name.lower()
    code = places().demonyms.get(norm(name)) if " " not in name else None
    if code:  # "the French": the nation, not a body called "French"
        return Resolution(r.reg.country(code), 0.6, "demonym")
    if low.endswith("s") and (low[:-1] in words().affiliations or places().demonyms.get(low[:-1])):
        return Resolution(group(r.reg, [], name), 0.6, "group")  # "Democrats", "Russians"
    if " " not in name and low in r.lower_words:  # "Friends said": a common noun, capitalised
        return None
    # one word that no full name introduced ("Boeing said", "Nissan said") is a company as often
    # as a person: its kind is left unknown, and the store merges it with either by name
    kind = SpeakerType.ORGANISATION if name.isupper() or len(name.split()) > 1 else SpeakerType.UNKNOWN
    entity = r.reg.new(kind, name)
    return Resolution(entity, 0.5, "name-new")


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")
_NAME_WORD = r"[A-Z](?:[\w'’&-]|\.(?=\w))*"  # "U.S", "AT&T": a full stop ends the word before a space
_NAME_BEFORE = re.compile(rf"((?:[Tt]he\s+)?{_NAME_WORD}(?:\s+(?:(?:of|for|and|on|the)\s+)*{_NAME_WORD})*)\s*$")


def _defined_acronym(r: Resolver, name: str, pos: int) -> Resolution | None:
    """ "The New York State Attorney General (NYAG) is ... the NYAG said": the speaker of the
    name the text defined the acronym for, when the acronym's letters are its words' initials."""
    if not _ACRONYM.fullmatch(name) or r.depth > 0:
        return None
    letters = [c for c in name if c.isalpha()]
    at = r.text.rfind(f"({name})", 0, pos)
    found = _NAME_BEFORE.search(r.text, max(0, at - 120), at) if at > 0 else None
    if found is None or not _initials_of(letters, found.group(1), 2):
        found = _spelled_out(r.text, letters, pos) if len(letters) >= 3 else None
    if found is None:
        return None
    resolved = r.nested(Span(found.start(1), found.end(1)))
    if resolved is None or resolved.method == "text":
        return None
    return Resolution(resolved.entity, 0.8, "acronym")


_CAPITALISED_RUN = re.compile(rf"((?:[Tt]he\s+)?{_NAME_WORD}(?:\s+(?:(?:of|for|and|on|the)\s+)*{_NAME_WORD})+)")
_OWNED = re.compile(rf"{_NAME_WORD}['’]s\s+({_NAME_WORD}(?:\s+(?:(?:of|for|and|on|the)\s+)*{_NAME_WORD})+)")
_SPELLED_WITHIN = 3000  # characters before the acronym where its name is looked for


def _initials_of(letters: list[str], phrase: str, skipped: int) -> bool:
    """Whether ``letters`` are the initials of the phrase's capitalised words, in order, from the
    first, with at most ``skipped`` words left out ("NYAG": New York [State] Attorney General)."""
    initials = [w[0] for w in phrase.split() if w[:1].isupper() and w.lower() != "the"]
    if not initials or letters[0] != initials[0] or len(initials) - len(letters) > skipped:
        return False
    rest = iter(initials)
    return all(any(c == i for i in rest) for c in letters)


def _spelled_out(text: str, letters: list[str], pos: int) -> re.Match[str] | None:
    """The last capitalised name before ``pos`` whose initials the acronym is, one word left out at most."""
    last = None
    for m in _CAPITALISED_RUN.finditer(text, max(0, pos - _SPELLED_WITHIN), pos):
        if _initials_of(letters, m.group(1), 1):
            last = m
        owned = _OWNED.search(text, m.start(1), m.end(1))  # "NASA's Jet Propulsion Laboratory"
        if owned is not None and _initials_of(letters, owned.group(1), 1):
            last = owned
    return last


def _known_name(r: Resolver, name: str) -> Resolution | None:
    """The entity a lone name stands for: an alias of the table, else an entity of that name."""
    key = norm(name)
    org = r.reg.scan.table.organisations.get(key)
    if org:
        return Resolution(r.reg.body(org, SpeakerType.ORGANISATION), 0.85, "alias")
    person = r.reg.scan.table.persons.get(key)
    if person:
        entity = next((e for e in r.reg.entities if e.type is SpeakerType.PERSON and e.name == person), None)
        return Resolution(entity or r.reg.new(SpeakerType.PERSON, person, last=name), 0.85, "alias")
    for e in r.reg.entities:
        if norm(e.name) == key or (e.type is SpeakerType.PERSON and e.last and norm(e.last) == key):
            e.weak = False
            return Resolution(e, 0.8, "name")
    for e in r.reg.entities:  # "Li" for "Li Wei": a family name written first
        # (not "Nissan" for "Nissan Sales": a word the article writes in lower case is no name)
        if e.type is SpeakerType.PERSON and e.first and norm(e.first) == key and not _common_last(r, e):
            return Resolution(e, 0.7, "name")
    return None


def _common_last(r: Resolver, e: Entity) -> bool:
    """Whether the entity's first name is no family name written first: its last name is a word
    the article writes in lower case ("Disney Plus"), or a body's name starts with it ("Nissan
    Sales" beside "Nissan North America Inc.": "Nissan" is the company)."""
    last = e.last.split()[-1].lower() if e.last else ""
    if last in r.lower_words:
        return True
    first = norm(e.first)
    return any(
        b.type in (SpeakerType.ORGANISATION, SpeakerType.GOVERNMENT) and not b.weak and norm(b.name).split()[0] == first
        for b in r.reg.entities
    )


def own_text(r: Resolver, s: Source) -> Outcome:
    """Last: a speaker of its own named by the text, a group when it reads as a plural."""
    name = strip_det(s.text)
    head = head_phrase(words_of(s.text))
    plural = bool(head) and head[-1].endswith("s") and not head[-1].endswith(("ss", "'s", "’s"))
    # "progressives", "gun advocates": a group of unnamed people
    # ("Friends said": capitalised, but a word the article also writes in lower case)
    name_like = s.text[:1].isupper() and len(head) == 1 and head[-1] not in r.lower_words
    kind = SpeakerType.GROUP if plural and not name_like else SpeakerType.UNKNOWN
    for e in r.reg.entities:
        if e.type is kind and not e.members and norm(e.name) == norm(name):
            return Resolution(e, 0.4, "text")
    return Resolution(r.reg.new(kind, name, name_mentions=False), 0.4, "text")


RULES: tuple[Rule, ...] = (
    relative,
    lone_possessive,
    first_person,
    pronoun,
    quantifier,
    possessive_description,
    lede,
    anonymous,
    described_name,
    named_person,
    document,
    group_source,
    country,
    named_body,
    role,
    body_description,
    lone_name,
    own_text,
)
