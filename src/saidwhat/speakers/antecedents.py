"""Antecedent search: the entity a pronoun or a relative "who" points back to.

A pronoun ("he", "it", "they") takes the best-scored entity before it that
agrees in type, gender and number: near sentences first, speakers of the
article over entities merely named, grammatical subjects over others, and
mentions outside quotations over mentions inside them. The confidence grows
with the margin over the runner-up. A relative "who" takes the name written
right before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core.model import Span, SpeakerType
from .entities import Entity, Registry
from .groups import PRONOUN_WINDOW, coordination_members, group
from .lexicon import PronounInfo, word_pattern
from .source import NOBODY, Nobody

__all__ = ["antecedent", "contained", "named_before"]

_RELATIVE_GAP = re.compile(r"[\s,]{0,3}(?:\d{1,3}\s*,\s*)?$")  # "Cruz, who" / "Horvat, 58, who"


def antecedent(
    reg: Registry, contents: list[Span], pos: int, info: PronounInfo, own: Sequence[Span] = ()
) -> tuple[Entity, float] | None:
    """The most likely entity before ``pos`` that the pronoun can refer to, with a confidence.
    ``own`` is the content of the statement whose source the pronoun is: a name inside it is
    what the speaker talks about ("'... Trump makes it uncertain,' he said"), never the speaker.
    A one-word name of unknown kind that a "he" or "she" refers to becomes a person of that gender
    (the entity is updated here, where that is learnt)."""
    sentence = reg.scan.sentence_of(pos)
    scored: list[tuple[float, Entity]] = []
    for e in reg.entities:
        score = _score(e, contents, pos, sentence, info, own)
        if score is not None:
            scored.append((score, e))
    if info.plural:
        scored.extend(_coordination_candidates(reg, pos, sentence))
    if not scored:
        return None
    scored.sort(key=lambda item: item[0], reverse=True)
    margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 3.0
    best = scored[0][1]
    if _lone_word(best) and info.gender:
        best.type, best.gender, best.last = SpeakerType.PERSON, info.gender, best.name
    return best, round(min(0.9, 0.5 + 0.1 * margin), 3)


def _lone_word(e: Entity) -> bool:
    """A name of one word whose kind nothing told (see :func:`saidwhat.speakers.rules.lone_name`)."""
    return e.type is SpeakerType.UNKNOWN and " " not in e.name and not e.members


def _agrees(e: Entity, info: PronounInfo) -> bool:
    """Whether ``e`` can be what the pronoun stands for, by type, gender and having spoken."""
    if _lone_word(e) and info.gender and not info.plural and e.spoke:
        return True  # "Hamilton said ... He added": the one word that spoke was a person's name
    if e.type.value not in info.types or (info.gender and e.gender and e.gender != info.gender and not e.guessed):
        return False
    if e.weak and not e.spoke:
        return False
    return not (info.gender and e.type is SpeakerType.PERSON and e.gender is None and not e.spoke)


def _score(
    e: Entity, contents: list[Span], pos: int, sentence: int, info: PronounInfo, own: Sequence[Span]
) -> float | None:
    """The score of ``e`` as the antecedent of a pronoun at ``pos``, None when it cannot be one."""
    if not _agrees(e, info):
        return None
    last = e.last_before(pos, own)
    if last is None:
        return None
    distance = sentence - last[1]
    spoke = any(p < pos for p in e.spoke)
    against_guess = bool(info.gender and e.gender and e.gender != info.gender)
    if against_guess and not (spoke and last[2] and distance <= 1):
        return None  # a first name's guessed gender gives way only to the subject who spoke just before
    if distance > (PRONOUN_WINDOW * 3 if spoke else PRONOUN_WINDOW):
        return None
    if info.plural and not spoke and distance > 2:
        return None  # a "they" far from any plural speaker is usually people in general
    if e.type is not SpeakerType.PERSON and not spoke and not (last[2] and distance <= 1):
        return None  # "it": a body that spoke, or the subject just before, not any country named
    score = -float(distance) + (1.5 if spoke else 0.0) + (0.5 if last[2] else 0.0) - (1.5 if against_guess else 0.0)
    score -= 1.0 if any(c.start <= last[0] < c.end for c in contents) else 0.0
    if info.plural and e.type in (SpeakerType.GROUP, SpeakerType.ANONYMOUS):
        score += 0.5
    return score + last[0] / 1e7


def _coordination_candidates(reg: Registry, pos: int, sentence: int) -> list[tuple[float, Entity]]:
    """Groups written as a coordination before ``pos`` ("Berg and Weber"), as candidates for "they"."""
    out: list[tuple[float, Entity]] = []
    for c in reg.scan.coordinations:
        if c.span.start >= pos:
            break
        distance = sentence - reg.scan.sentence_of(c.span.start)
        found = coordination_members(reg, c)
        alike = len({m.type is SpeakerType.PERSON for m in found}) == 1  # not "the US and Tina Tchen"
        if distance <= PRONOUN_WINDOW and len(found) > 1 and alike:
            out.append((-float(distance) + 0.75 + c.span.start / 1e7, group(reg, found, "")))
    return out


def named_before(reg: Registry, text: str, span: Span) -> Entity | Nobody | None:
    """ "Ted Cruz, who said ...": the entity named right before the relative pronoun at ``span``.

    None when no name ends right before it (the caller reads a description instead), NOBODY when
    the name there is no antecedent ("those supporting Clinton, who are ...": not Clinton).
    """
    for i in range(len(reg.scan.mentions) - 1, -1, -1):
        m = reg.scan.mentions[i]
        if m.full.end > span.start:
            continue
        if span.start - m.full.end <= 12 and _RELATIVE_GAP.match(text[m.full.end : span.start]):
            index = reg.of_mention.get(i)
            entity = reg.entities[index] if index is not None else None
            if entity is None or (
                entity.type is SpeakerType.PERSON
                and word_pattern(r"\s+{}\b", "plural_verbs").match(text, span.end)
            ):
                return NOBODY
            return entity
        break
    return None


def contained(
    reg: Registry, text: str, span: Span, kinds: tuple[str, ...], type_: SpeakerType | None = None
) -> int | None:
    """Entity of the first name mention inside ``span`` that heads it (not after "for"/"of")."""
    for i, m in enumerate(reg.scan.mentions):
        if m.full.start >= span.end:
            break
        if not span.overlaps(m.span) or m.kind not in kinds or i not in reg.of_mention:
            continue
        if type_ is not None and reg.entities[reg.of_mention[i]].type is not type_:
            continue
        before = text[max(span.start, m.full.start - 6) : m.full.start].lower().split()
        if before and before[-1] in ("for", "of", "from", "by", "with", "to"):
            continue
        if text[m.span.end : m.span.end + 2] in ("'s", "’s") and m.span.end + 2 < span.end:
            continue  # "Carlineo's attorney, Sonya Zoghlin": the possessor is not the source
        return reg.of_mention[i]
    return None
