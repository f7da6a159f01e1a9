"""Read one source mention and find the entity it stands for.

Function words come first: a pronoun ("he", "it", "his"), a relative pronoun
("Cruz, who ..."), a first-person source of a relayed statement ("I", the
relay's speaker), a quantifier ("most", which names nobody). Other sources are
tried as, in order: a possessive description ("his spokesman", "her
campaign"), an anonymous source ("a source", "officials familiar with the
matter"), a body named after its kind ("the aid group Relief Without
Borders"), a named person inside the mention ("German Chancellor Angela
Merkel", "The spokesman, Anna Berg"), a document ("the ministry's statement"),
a group ("the two leaders"), a country by metonymy ("Paris", "the Elysee", "the
French side"), a named body, a role description ("the Foreign Minister"), a
body description ("the ministry"), a lone name, and last a speaker of its own
named by the text.

Each answer carries a confidence and the name of the rule that gave it, so
that a wrong resolution can be traced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Span, SpeakerType
from .entities import Entity, Registry, org_role
from .lexicon import PronounInfo, norm, places, words
from .mentions import Coordination, Role, parse_role

__all__ = ["Resolution", "Resolver"]

_MAX_SOURCE = 200  # characters of a source mention that are read
_WORD = re.compile(r"[\w'’.-]+|,")
_ISSUE_VERBS = re.compile(
    r"\b(?:issued|released|published|put out|sent|signed|adopted|posted|circulated|said in)\b"
)
_LEADING = re.compile(r"^(?:according to|as told by)\s+", re.IGNORECASE)
# A source span that ran into its cue ("the minister told") is read without it.
_TRAILING_CUE = re.compile(
    r"\s+(?:said|says|told|tells|added|adds|stated|noted|wrote|explained|insisted)$", re.IGNORECASE
)
_PLEONASTIC = re.compile(
    r"\s+(?:is|was|has been|had been|will be)\s+(?:said|reported|revealed|believed|claimed|thought|understood"
    r"|alleged|expected|known|clear|likely|unclear|true|possible|rumou?red|announced)\b",
    re.IGNORECASE,
)
_RELATIVE_GAP = re.compile(r"[\s,]{0,3}(?:\d{1,3}\s*,\s*)?$")  # "Cruz, who" / "Horvat, 58, who"
# The indefinite or definite noun phrase that opens the clause before a relative "who".
_CLAUSE_NP = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but)\s+)((?:[Aa]n?|[Tt]he|[Oo]ne)\s[^,;:]{1,60}?)[\s,]*$")
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")
_PLURAL_VERB = re.compile(r"\s+(?:are|were|have)\b")
_PRONOUN_WINDOW = 6  # sentences back for a pronoun's antecedent
_GROUP_WINDOW = 8
_PERSON_TYPES = frozenset({SpeakerType.PERSON})
_PARTY_TYPES = frozenset({SpeakerType.COUNTRY, SpeakerType.GOVERNMENT, SpeakerType.ORGANISATION})


@dataclass(slots=True)
class Resolution:
    entity: Entity
    confidence: float
    method: str


def _words_of(text: str) -> list[str]:
    return [m.group(0).lower() for m in _WORD.finditer(text[:_MAX_SOURCE])]


def _strip_det(text: str) -> str:
    """A description as a name: no leading article, no apposition ("spokesman for X, the operator")."""
    w = words()
    parts = text.strip(" ,.;:").split(",")[0].split()
    while (
        len(parts) > 1
        and parts[0].lower() in w.determiners
        and parts[0].lower() not in w.counts
        and parts[1].lower() not in _HEAD_STOPS  # "most of the companies" keeps "most"
    ):
        parts = parts[1:]
    return " ".join(parts)


_HEAD_STOPS = frozenset(
    {
        "for",
        "of",
        "at",
        "to",
        "in",
        "with",
        "on",
        "from",
        "by",
        ",",
        "who",
        "which",
        "that",
        "familiar",
        "close",
    }
)


def _later(a: Entity, b: Entity, pos: int) -> bool:
    """Whether ``a`` was mentioned after ``b`` (last mentions before ``pos``)."""
    la, lb = a.last_before(pos), b.last_before(pos)
    return la is not None and (lb is None or la[0] > lb[0])


def _head_phrase(toks: list[str]) -> list[str]:
    """The words of the head noun phrase: before the first preposition, comma or relative word."""
    out = []
    for t in toks:
        if t in _HEAD_STOPS:
            break
        out.append(t)
    return out


class Resolver:
    """Resolves the sources of one article against its registry of entities."""

    def __init__(self, text: str, registry: Registry, contents: list[Span]) -> None:
        self.text = text
        self.reg = registry
        self.contents = contents
        self.depth = 0
        self.issuers: dict[str, Entity] = {}  # document noun -> the issuer of the last one read
        self._lower_words: frozenset[str] | None = None

    @property
    def lower_words(self) -> frozenset[str]:
        """Words the article writes in lower case: capitalised elsewhere, they are no names."""
        if self._lower_words is None:
            self._lower_words = frozenset(_LOWER_WORD.findall(self.text))
        return self._lower_words

    # -- entry point -------------------------------------------------------------------------

    def resolve(self, span: Span, parent: Entity | None = None) -> Resolution | None:
        raw = self.text[span.start : min(span.end, span.start + _MAX_SOURCE)]
        source = _TRAILING_CUE.sub("", _LEADING.sub("", raw.strip()))
        toks = _words_of(source)
        if not toks:
            return None
        closed, found = self._function_words(toks, span, parent)
        if closed:
            return found
        for rule in (
            self._pronoun,
            self._anonymous,
            self._described_name,
            self._named_person,
            self._document,
            self._group,
            self._country,
            self._named_body,
            self._role,
            self._body_description,
            self._lone_name,
        ):
            found = rule(source, toks, span, parent)
            if found is not None:
                return found
        return self._fallback(source, span)

    # -- rules -------------------------------------------------------------------------------

    def _function_words(
        self, toks: list[str], span: Span, parent: Entity | None
    ) -> tuple[bool, Resolution | None]:
        """Sources that are function words: (True, resolution or None) when ``toks`` is one."""
        w = words()
        word = toks[0] if len(toks) == 1 else ""
        if word in w.relative_pronouns:  # "Trump, who said ..."
            return True, self._relative(span)
        if word in w.possessives:  # "his claim that ..."
            owner = self.antecedent(span.start, w.possessives[word])
            return True, Resolution(owner[0], owner[1], "pronoun") if owner else None
        if word in w.pronouns or word in w.first_person:  # an unresolved "he" names no one
            if word == "it" and _PLEONASTIC.match(self.text, span.end):
                return True, None  # "it is said that ...": nobody
            return True, self._pronoun(" ".join(toks), toks, span, parent)
        counted = any(t in w.counts for t in toks)  # "the two", "both" are groups
        if not counted and all(t in w.quantifiers or t in w.determiners for t in toks):  # "Most", "Neither"
            return True, None
        return False, None

    def _pronoun(self, source: str, toks: list[str], span: Span, parent: Entity | None) -> Resolution | None:
        w = words()
        if len(toks) == 1 and toks[0] in w.first_person:
            if parent is not None:
                return Resolution(parent, 0.8, "first-person")
            return None
        if len(toks) == 1 and toks[0] in w.pronouns:
            found = self.antecedent(span.start, w.pronouns[toks[0]])
            return Resolution(found[0], found[1], "pronoun") if found else None
        if len(toks) >= 2 and toks[0] in w.possessives:
            role = parse_role(toks[1:])
            body = org_role(" ".join(toks[1:]))
            if role is None and body is None:
                return None
            owner = self.antecedent(span.start, w.possessives[toks[0]])
            if owner is None:
                return None
            if role is None and body is not None:  # "his campaign": the Sanders campaign
                kind = SpeakerType.GOVERNMENT if body.head in w.government_heads else SpeakerType.ORGANISATION
                return Resolution(
                    self.reg.body(f"{owner[0].name} {body.head}", kind), owner[1] * 0.9, "possessive-body"
                )
            assert role is not None
            return self._owned_role(role, owner[0], span, owner[1] * 0.9)
        return None

    def _anonymous(
        self, source: str, toks: list[str], span: Span, parent: Entity | None
    ) -> Resolution | None:
        w = words()
        low = " ".join(toks)
        head = _head_phrase(toks)
        named = self._contained(span, ("person",))
        if named is not None:
            return None
        cue = any(c in low for c in w.anonymity_cues)
        always = any(t in w.always_anonymous for t in head)
        indefinite = bool(head) and head[0] in w.indefinites and bool(set(head[1:]) & w.anonymous_heads)
        if not (cue or always or indefinite):
            return None
        name = _strip_det(source)
        entity = self.reg.new(SpeakerType.ANONYMOUS, name, name_mentions=False)
        return Resolution(entity, 0.9, "anonymous")

    def _described_name(
        self, source: str, toks: list[str], span: Span, parent: Entity | None
    ) -> Resolution | None:
        """ "The aid group Relief Without Borders", "The construction firm, Adria Build": a body named after its kind."""
        w = words()
        for i, m in enumerate(self.reg.scan.mentions):
            if m.full.start >= span.end:
                break
            if not span.contains(m.full) or m.kind not in ("person", "name", "single") or m.roles:
                continue
            index = self.reg.of_mention.get(i)
            known = self.reg.entities[index] if index is not None else None
            if known is not None and known.type is not SpeakerType.PERSON and not known.weak:
                continue  # "FBI general counsel James Baker": the FBI is a known body, not the head
            before = _words_of(self.text[span.start : m.full.start])
            if not before:
                continue  # the mention opens the source: no kind said before it
            if not set(before) & w.organisation_heads or set(before) & w.person_roles:
                return None
            entity = (
                self.reg.entities[index]
                if index is not None
                else self.reg.body(m.text, SpeakerType.ORGANISATION)
            )
            if entity.type is SpeakerType.PERSON and not entity.roles:
                entity.type, entity.weak = SpeakerType.ORGANISATION, False
            entity.weak = False
            if entity.org is None:  # "the group" later means this body: its kind is known now
                entity.org = org_role(" ".join(t for t in before if t != ","))
            return Resolution(entity, 0.85, "described-name")
        return None

    def _named_person(
        self, source: str, toks: list[str], span: Span, parent: Entity | None
    ) -> Resolution | None:
        found = self._contained(span, ("person", "single"), SpeakerType.PERSON)
        if found is None:
            return None
        return Resolution(self.reg.entities[found], 0.95, "name")

    def _document(self, source: str, toks: list[str], span: Span, parent: Entity | None) -> Resolution | None:
        w = words()
        head = _head_phrase(toks)
        if not head or head[-1] not in w.document_heads:
            return None
        issuer = self._issuer_in(source, toks, span)
        if issuer is None and toks[0] in ("the", "this", "that"):  # "the report" again
            issuer = self.issuers.get(head[-1])
        issuer = issuer or self._issuer_before(head[-1], span)
        if issuer is not None:
            self.issuers[head[-1]] = issuer
            return Resolution(issuer, 0.8, "document-issuer")
        key = norm(head[-1])
        for e in self.reg.entities:
            if e.type is SpeakerType.DOCUMENT and norm(e.name).split()[-1:] == [key]:
                return Resolution(e, 0.7, "document")
        return Resolution(
            self.reg.new(SpeakerType.DOCUMENT, _strip_det(source), name_mentions=False), 0.7, "document"
        )

    def _group(self, source: str, toks: list[str], span: Span, parent: Entity | None) -> Resolution | None:
        w = words()
        head = _head_phrase(toks)
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
        members = self._members(span.start, kind, count, w.group_roles.get(noun)) if membered else []
        if not members and count is None and toks[0] in ("the", "these", "those"):
            earlier = self._plural_with_head(noun, span.start)
            if earlier is not None:  # "Israeli officials said ... The officials said"
                return Resolution(earlier, 0.7, "group-again")
        return Resolution(self.group(members, _strip_det(source)), 0.75 if members else 0.6, "group")

    def _country(self, source: str, toks: list[str], span: Span, parent: Entity | None) -> Resolution | None:
        w = words()
        seat = self.reg.scan.table.seats.get(norm(source))
        if seat is not None:
            if seat.country:
                return Resolution(self.reg.country(seat.country), 0.9, "seat")
            kind = SpeakerType.GOVERNMENT if seat.type == "government" else SpeakerType.ORGANISATION
            return Resolution(self.reg.body(seat.name or source, kind), 0.9, "seat")
        code = places().countries.get(norm(source)) or places().capitals.get(norm(source))
        if code:
            return Resolution(self.reg.country(code), 0.9, "country")
        content = [t for t in toks if t not in w.determiners and t not in ("'s", "’s", "of", ",")]
        if (
            len(content) >= 2
            and content[-1] in w.side_words
            or (len(content) >= 3 and content[0] in w.side_words)
        ):
            rest = content[:-1] if content[-1] in w.side_words else content[1:]
            codes = {places().country_of(t.removesuffix("'s").removesuffix("’s")) for t in rest}
            codes |= {places().country_of(" ".join(rest))}
            codes.discard(None)
            if len(codes) == 1:
                return Resolution(self.reg.country(codes.pop() or ""), 0.85, "country-side")
        if len(content) == 1 and content[0] in ("government", "administration", "authorities"):
            return self._the_government(source, span)
        return None

    def _named_body(
        self, source: str, toks: list[str], span: Span, parent: Entity | None
    ) -> Resolution | None:
        head = _head_phrase(toks)
        if head and (head[-1] in words().person_roles or parse_role(head) is not None):
            return None  # "a spokesman for the Foreign Ministry" is a person, not the ministry
        found = self._contained(span, ("organisation", "government", "seat"))
        if found is None:
            return None
        return Resolution(self.reg.entities[found], 0.9, "body")

    def _role(self, source: str, toks: list[str], span: Span, parent: Entity | None) -> Resolution | None:
        role = parse_role([t for t in toks if t != ","])
        if role is None:
            return None
        definite = toks[0] not in words().indefinites  # "a former secretary" is someone new
        found = self._by_role(role, span.start) if definite else None
        described = self._described_before(role, span.start)
        if found is not None and not (described and _later(described, found, span.start)):
            return Resolution(found, 0.8, "role")
        name = _strip_det(source)
        if toks[0] in ("the", "this", "that"):
            earlier = self._anonymous_with_head(role.head, span.start)
            if earlier is not None:  # "a Western diplomat said ... the diplomat said"
                return Resolution(earlier, 0.75, "anonymous-again")
        if described is not None:  # "A Welsh Government spokesman said ... The spokesman added"
            return Resolution(described, 0.65, "description")
        entity = self.reg.new(SpeakerType.PERSON, name, roles=[role], name_mentions=False)
        entity.gender = words().honorific_genders.get(role.head)
        return Resolution(entity, 0.6, "description")

    def _body_description(
        self, source: str, toks: list[str], span: Span, parent: Entity | None
    ) -> Resolution | None:
        role = org_role(source)
        if role is None:
            return None
        best: tuple[int, Entity] | None = None
        for e in self.reg.entities:
            if e.org is not None and e.org.covers(role):
                last = e.last_before(span.end)
                pos = last[0] if last else -1
                if best is None or pos > best[0]:
                    best = (pos, e)
        if best is not None:
            return Resolution(best[1], 0.8, "body-description")
        generic = (
            role.head in words().generic_bodies and not role.mods
        )  # "the company", not "the rights group"
        unnamed_kind = self._last_body_without_head(span.start) if generic else None
        if unnamed_kind is not None:
            return Resolution(unnamed_kind, 0.7, "body-description")
        kind = SpeakerType.GOVERNMENT if role.head in words().government_heads else SpeakerType.ORGANISATION
        return Resolution(self.reg.body(_strip_det(source), kind), 0.6, "body-description")

    def _described_before(self, role: Role, pos: int) -> Entity | None:
        """The unnamed person last described by a role that covers ``role``."""
        best: tuple[int, Entity] | None = None
        for e in self.reg.entities:
            if e.type is not SpeakerType.PERSON or e.last or not e.roles or not e.roles[0].covers(role):
                continue
            last = e.last_before(pos)
            if last is not None and (best is None or last[0] > best[0]):
                best = (last[0], e)
        return best[1] if best else None

    def _plural_with_head(self, noun: str, pos: int) -> Entity | None:
        """The group or anonymous sources that spoke last with this head noun."""
        best: tuple[int, Entity] | None = None
        for e in self.reg.entities:
            if e.type not in (SpeakerType.GROUP, SpeakerType.ANONYMOUS) or e.members:
                continue
            phrase = _head_phrase(_words_of(e.name))
            spoke = max((p for p in e.spoke if p < pos), default=-1)
            if phrase and phrase[-1] == noun and spoke >= 0 and (best is None or spoke > best[0]):
                best = (spoke, e)
        return best[1] if best else None

    def _anonymous_with_head(self, head: str, pos: int) -> Entity | None:
        for e in reversed(self.reg.entities):
            if e.type is not SpeakerType.ANONYMOUS or not any(p < pos for p in e.spoke):
                continue
            phrase = _head_phrase(_words_of(e.name))
            if phrase and phrase[-1].rstrip("s") == head.rstrip("s"):
                return e
        return None

    def _last_body_without_head(self, pos: int) -> Entity | None:
        """The body last named before ``pos`` whose name says nothing of its kind ("Nordwind Energy")."""
        best: tuple[int, Entity] | None = None
        sentence = self.reg.scan.sentence_of(pos)
        generic = words().generic_bodies
        for e in self.reg.entities:
            if e.type is not SpeakerType.ORGANISATION or (e.org is not None and e.org.head not in generic):
                continue  # "the company" is a body named without a kind, or named "the firm" before
            last = e.last_before(pos)
            if last is None or sentence - last[1] > (2 if e.weak and not e.spoke else _PRONOUN_WINDOW):
                continue
            if best is None or last[0] > best[0]:
                best = (last[0], e)
        if best is None:  # a headline's "Company blames ...": the body named just after
            after = [
                (t[0], e)
                for e in self.reg.entities
                if e.type is SpeakerType.ORGANISATION and e.org is None
                for t in e.timeline
                if t[0] > pos and t[1] - sentence <= 2
            ]
            return min(after, key=lambda item: item[0])[1] if after else None
        return best[1]

    def _lone_name(
        self, source: str, toks: list[str], span: Span, parent: Entity | None
    ) -> Resolution | None:
        name = _strip_det(source)
        connectors = words().name_connectors
        if len(name.split()) > 4 or not all(p[:1].isupper() or p in connectors for p in name.split()):
            return None  # "Both incidents" is no name
        key = norm(name)
        org = self.reg.scan.table.organisations.get(key)
        if org:
            return Resolution(self.reg.body(org, SpeakerType.ORGANISATION), 0.85, "alias")
        person = self.reg.scan.table.persons.get(key)
        if person:
            entity = next(
                (e for e in self.reg.entities if e.type is SpeakerType.PERSON and e.name == person), None
            )
            return Resolution(entity or self.reg.new(SpeakerType.PERSON, person, last=name), 0.85, "alias")
        for e in self.reg.entities:
            if norm(e.name) == key or (e.type is SpeakerType.PERSON and e.last and norm(e.last) == key):
                e.weak = False
                return Resolution(e, 0.8, "name")
        for e in self.reg.entities:  # "Li" for "Li Wei": a family name written first
            if e.type is SpeakerType.PERSON and e.first and norm(e.first) == key:
                return Resolution(e, 0.7, "name")
        low = name.lower()
        if low.endswith("s") and (low[:-1] in words().affiliations or places().demonyms.get(low[:-1])):
            return Resolution(self.group([], name), 0.6, "group")  # "Democrats", "Russians"
        if " " not in name and low in self.lower_words:  # "Friends said": a common noun, capitalised
            return None
        several = len(name.split()) > 1
        kind = SpeakerType.ORGANISATION if name.isupper() or several else SpeakerType.PERSON
        return Resolution(
            self.reg.new(kind, name, last=name if kind is SpeakerType.PERSON else ""), 0.5, "name-new"
        )

    def _fallback(self, source: str, span: Span) -> Resolution:
        name = _strip_det(source)
        head = _head_phrase(_words_of(source))
        plural = bool(head) and head[-1].endswith("s") and not head[-1].endswith(("ss", "'s", "’s"))
        # "progressives", "gun advocates": a group of unnamed people
        # ("Friends said": capitalised, but a word the article also writes in lower case)
        name_like = source[:1].isupper() and len(head) == 1 and head[-1] not in self.lower_words
        kind = SpeakerType.GROUP if plural and not name_like else SpeakerType.UNKNOWN
        for e in self.reg.entities:
            if e.type is kind and not e.members and norm(e.name) == norm(name):
                return Resolution(e, 0.4, "text")
        return Resolution(self.reg.new(kind, name, name_mentions=False), 0.4, "text")

    # -- helpers -----------------------------------------------------------------------------

    def _relative(self, span: Span) -> Resolution | None:
        """ "Ted Cruz, who said ...": the entity named right before. "A firefighter who did not
        want to be named": the description right before, read as a source; "voters who": nobody."""
        for i in range(len(self.reg.scan.mentions) - 1, -1, -1):
            m = self.reg.scan.mentions[i]
            if m.full.end > span.start:
                continue
            if span.start - m.full.end <= 12 and _RELATIVE_GAP.match(self.text[m.full.end : span.start]):
                index = self.reg.of_mention.get(i)
                entity = self.reg.entities[index] if index is not None else None
                if entity is None or (
                    entity.type is SpeakerType.PERSON and _PLURAL_VERB.match(self.text, span.end)
                ):
                    return None  # "those supporting Clinton, who are ...": not Clinton
                return Resolution(entity, 0.8, "relative")
            break
        return self._relative_description(span)

    def _relative_description(self, span: Span) -> Resolution | None:
        sent = self.reg.scan.sentences[self.reg.scan.sentence_of(span.start)]
        before = self.text[max(sent.start, span.start - 80) : span.start]
        found = _CLAUSE_NP.search(before)
        if found is None or self.depth > 1:
            return None
        start = span.start - len(before) + found.start(1)
        phrase = Span(start, start + len(found.group(1)))
        after = self.text[span.end : min(sent.end, span.end + 60)].lower()
        if any(cue in after for cue in words().anonymity_cues):  # "... who did not want to be named"
            name = _strip_det(found.group(1))
            return Resolution(
                self.reg.new(SpeakerType.ANONYMOUS, name, name_mentions=False), 0.8, "anonymous"
            )
        self.depth += 1
        try:
            resolved = self.resolve(phrase)
        finally:
            self.depth -= 1
        return resolved if resolved is not None and resolved.method not in ("text", "name-new") else None

    def _contained(self, span: Span, kinds: tuple[str, ...], type_: SpeakerType | None = None) -> int | None:
        """Entity of the first name mention inside ``span`` that heads it (not after "for"/"of")."""
        for i, m in enumerate(self.reg.scan.mentions):
            if m.full.start >= span.end:
                break
            if not span.overlaps(m.span) or m.kind not in kinds or i not in self.reg.of_mention:
                continue
            if type_ is not None and self.reg.entities[self.reg.of_mention[i]].type is not type_:
                continue
            before = self.text[max(span.start, m.full.start - 6) : m.full.start].lower().split()
            if before and before[-1] in ("for", "of", "from", "by", "with", "to"):
                continue
            return self.reg.of_mention[i]
        return None

    def _in_content(self, pos: int) -> bool:
        return any(c.start <= pos < c.end for c in self.contents)

    def antecedent(self, pos: int, info: PronounInfo) -> tuple[Entity, float] | None:
        """The most likely entity before ``pos`` that the pronoun can refer to, with a confidence."""
        sentence = self.reg.scan.sentence_of(pos)
        scored: list[tuple[float, Entity]] = []
        for e in self.reg.entities:
            if e.type.value not in info.types or (info.gender and e.gender and e.gender != info.gender):
                continue
            if e.weak and not e.spoke:
                continue
            if info.gender and e.type is SpeakerType.PERSON and e.gender is None and not e.spoke:
                continue
            last = e.last_before(pos)
            if last is None:
                continue
            distance = sentence - last[1]
            spoke = any(p < pos for p in e.spoke)
            if distance > (_PRONOUN_WINDOW * 3 if spoke else _PRONOUN_WINDOW):
                continue
            if info.plural and not spoke and distance > 2:
                continue  # a "they" far from any plural speaker is usually people in general
            if e.type is not SpeakerType.PERSON and not spoke and not (last[2] and distance <= 1):
                continue  # "it": a body that spoke, or the subject just before, not any country named
            score = -float(distance) + (1.5 if spoke else 0.0) + (0.5 if last[2] else 0.0)
            score -= 1.0 if self._in_content(last[0]) else 0.0
            if info.plural and e.type in (SpeakerType.GROUP, SpeakerType.ANONYMOUS):
                score += 0.5
            scored.append((score + last[0] / 1e7, e))
        if info.plural:
            scored.extend(self._coordination_candidates(pos, sentence))
        if not scored:
            return None
        scored.sort(key=lambda item: item[0], reverse=True)
        margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 3.0
        return scored[0][1], round(min(0.9, 0.5 + 0.1 * margin), 3)

    def _coordination_candidates(self, pos: int, sentence: int) -> list[tuple[float, Entity]]:
        out: list[tuple[float, Entity]] = []
        for c in self.reg.scan.coordinations:
            if c.span.start >= pos:
                break
            distance = sentence - self.reg.scan.sentence_of(c.span.start)
            members = self._coordination_members(c)
            alike = len({m.type is SpeakerType.PERSON for m in members}) == 1  # not "the US and Tina Tchen"
            if distance <= _PRONOUN_WINDOW and len(members) > 1 and alike:
                out.append((-float(distance) + 0.75 + c.span.start / 1e7, self.group(members, "")))
        return out

    def _coordination_members(self, c: Coordination) -> list[Entity]:
        out: list[Entity] = []
        for i in c.members:
            index = self.reg.of_mention.get(i)
            if index is not None and self.reg.entities[index] not in out:
                out.append(self.reg.entities[index])
        return out

    def _members(
        self, pos: int, kind: str, count: int | None, roles: frozenset[str] | None = None
    ) -> list[Entity]:
        """Members of a group source: the last fitting coordination, else the last speakers that fit."""
        types = _PERSON_TYPES if kind == "persons" else _PARTY_TYPES if kind == "parties" else None
        sentence = self.reg.scan.sentence_of(pos)
        for c in reversed(self.reg.scan.coordinations):
            if c.span.start >= pos or sentence - self.reg.scan.sentence_of(c.span.start) > _GROUP_WINDOW:
                continue
            members = self._coordination_members(c)
            fits = types is None or all(m.type in types for m in members)
            if len(members) > 1 and (count is None or len(members) == count) and fits:
                return members
        if count is None:
            return []
        if roles:
            holders = self._role_holders(pos, roles)
            if len(holders) >= count:
                return holders[:count]
        recent = sorted(
            (max(p for p in e.spoke if p < pos), e)
            for e in self.reg.entities
            if any(p < pos for p in e.spoke)
            and (types is None or e.type in types)
            and e.type
            not in (SpeakerType.GROUP, SpeakerType.ANONYMOUS, SpeakerType.DOCUMENT, SpeakerType.UNKNOWN)
        )
        picked = [e for _, e in recent[-count:]]
        if len(picked) < count:  # "Anna Berg met Jonas Weber ... The two said": the last ones named
            named = sorted(
                (last[0], e)
                for e in self.reg.entities
                if (types is None or e.type in types)
                and e.type in (SpeakerType.PERSON, *_PARTY_TYPES)
                and not e.weak
                and (last := e.last_before(pos)) is not None
                and sentence - last[1] <= _GROUP_WINDOW
            )
            picked = [e for _, e in named[-count:]]
        return picked if len(picked) == count else []

    def _role_holders(self, pos: int, roles: frozenset[str]) -> list[Entity]:
        """Persons holding one of ``roles``: the last named before ``pos`` first, then those named
        soon after it ("The two leaders said ... Norwegian prime minister Eirik Haugland said")."""
        sentence = self.reg.scan.sentence_of(pos)
        before: list[tuple[int, Entity]] = []
        after: list[tuple[int, Entity]] = []
        for e in self.reg.entities:
            if e.type is not SpeakerType.PERSON or not any(r.head in roles for r in e.roles):
                continue
            last = e.last_before(pos)
            if last is not None:
                before.append((-last[0], e))
                continue
            first = min((t for t in e.timeline if t[0] >= pos), default=None)
            if first is not None and first[1] - sentence <= _PRONOUN_WINDOW:
                after.append((first[0], e))
        return [e for _, e in sorted(before)] + [e for _, e in sorted(after)]

    def group(self, members: list[Entity], description: str) -> Entity:
        """The group of these members (or of this description when they are unknown), made once."""
        ids = sorted(m.index for m in members)
        for e in self.reg.entities:
            if e.type is SpeakerType.GROUP and ids and sorted(e.members) == ids:
                return e
            if (
                e.type is SpeakerType.GROUP
                and not ids
                and not e.members
                and norm(e.name) == norm(description)
            ):
                return e
        if members:
            members = sorted(members, key=lambda m: min((t[0] for t in m.timeline), default=0))
            names = [m.name for m in members]
            description = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return self.reg.new(SpeakerType.GROUP, description or "group", members=ids, name_mentions=False)

    def _by_role(self, role: Role, pos: int) -> Entity | None:
        """The named person whose known role covers ``role``: the one sharing most of its modifiers,
        then the most recently mentioned. "Former" and the like need not be known ("the former
        secretary of state" is "Secretary of State Hillary Clinton") but count when they are."""
        lenient = words().lenient_modifiers
        best: tuple[tuple[int, int], Entity] | None = None
        for e in self.reg.entities:
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

    def _owned_role(self, role: Role, owner: Entity, span: Span, confidence: float) -> Resolution:
        """ "his spokesman": a person with that role if the article names one, else one described by it."""
        found = self._by_role(Role(role.head, frozenset()), span.start)
        if found is not None and found is not owner:
            return Resolution(found, confidence, "possessive-role")
        name = f"{role.head} for {owner.name}"
        for e in self.reg.entities:
            if e.type is SpeakerType.PERSON and e.name == name:
                return Resolution(e, confidence, "possessive-role")
        entity = self.reg.new(SpeakerType.PERSON, name, roles=[role], name_mentions=False)
        return Resolution(entity, confidence, "possessive-role")

    def _the_government(self, source: str, span: Span) -> Resolution:
        """ "the government": the country that spoke last, else the one named last, else a body of its own."""
        best: tuple[int, int, Entity] | None = None
        for e in self.reg.entities:
            if e.type is not SpeakerType.COUNTRY:
                continue
            spoke = max((p for p in e.spoke if p < span.start), default=-1)
            last = e.last_before(span.start)
            key = (1 if spoke >= 0 else 0, spoke if spoke >= 0 else (last[0] if last else -1))
            if best is None or key > best[:2]:
                best = (*key, e)
        if best is not None and (best[0] or best[1] >= 0):
            return Resolution(best[2], 0.6, "government")
        return Resolution(self.reg.body(_strip_det(source), SpeakerType.GOVERNMENT), 0.5, "government")

    def _issuer_in(self, source: str, toks: list[str], span: Span) -> Entity | None:
        """The issuer named in the document mention: "the ministry's statement", "a statement from the Kremlin"."""
        m = re.search(r"\b(?:from|by|of)\s+", source.lower())
        if m is not None:
            return self._sub(source[m.end() :], span)
        m = re.search(r"['’]s?\s", source)
        if m is not None:
            return self._sub(source[: m.start()], span)
        head = _head_phrase(toks)
        modifiers = [t for t in head[:-1] if t not in words().determiners]
        if modifiers and modifiers[0] == "joint":
            return self._joint(span.start)
        if modifiers:
            return self._sub(" ".join(modifiers), span, strict=True)
        return None

    def _sub(self, phrase: str, span: Span, strict: bool = False) -> Entity | None:
        """Resolve an issuer phrase as if it were a source at ``span``; None unless it names someone."""
        phrase = phrase.strip(" ,.")
        if not phrase or self.depth > 1:
            return None
        start = self.text.find(phrase, span.start, span.end)
        sub = Span(start, start + len(phrase)) if start >= 0 else span
        self.depth += 1
        try:
            found = self.resolve(sub)
        finally:
            self.depth -= 1
        if (
            found is None
            or found.method in ("text", "name-new")
            or (strict and found.method == "description")
        ):
            return None
        return found.entity

    def _joint(self, pos: int) -> Entity | None:
        sentence = self.reg.scan.sentence_of(pos)
        for c in reversed(self.reg.scan.coordinations):
            if c.span.start < pos and sentence - self.reg.scan.sentence_of(c.span.start) <= _GROUP_WINDOW:
                members = self._coordination_members(c)
                if len(members) > 1:
                    return self.group(members, "")
        return None

    def _issuer_before(self, noun: str, span: Span) -> Entity | None:
        """The issuer of an earlier mention of the same document ("The ministry issued a statement ...")."""
        scan = self.reg.scan
        here = scan.sentence_of(span.start)
        pattern = re.compile(rf"\b{re.escape(noun)}\b", re.IGNORECASE)
        for index in range(here, max(-1, here - 4), -1):
            sent = scan.sentences[index]
            end = min(sent.end, span.start) if index == here else sent.end
            chunk = self.text[sent.start : end]
            if not pattern.search(chunk):
                continue
            said_in = re.search(
                rf"\bin (?:a|an|the|its|their|his|her|a joint) (?:\w+ )?{re.escape(noun)}\b",
                chunk,
                re.IGNORECASE,
            )
            for e in self.reg.entities:  # "In a letter to staff, the company said ..."
                if (
                    said_in
                    and any(sent.start <= p < end for p in e.spoke)
                    and e.type is not SpeakerType.DOCUMENT
                ):
                    return e
            verb = _ISSUE_VERBS.search(chunk.lower())
            if verb is None:
                continue
            before = chunk[: verb.start()].strip(" ,")
            if 0 < len(before.split()) <= 8:  # "The Hungarian government issued a statement"
                found = self._sub(before, Span(sent.start, sent.start + verb.start()), strict=True)
                if found is not None:
                    return found
            subject = self._subject_of(index, end)
            if subject is not None:
                return subject
        return None

    def _subject_of(self, index: int, end: int) -> Entity | None:
        scan = self.reg.scan
        for i, m in enumerate(scan.mentions):
            if m.sentence != index or m.full.start >= end:
                continue
            for c in scan.coordinations:
                if c.members[0] == i:
                    members = self._coordination_members(c)
                    if len(members) > 1:
                        return self.group(members, "")
            entity = self.reg.of_mention.get(i)
            return self.reg.entities[entity] if entity is not None else None
        return None
