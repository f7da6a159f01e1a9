"""Documents as sources: "the ministry's statement" speaks for the ministry.

A document source is resolved to its issuer when the text says who that is:
in the mention itself ("a statement from the Kremlin", "the ministry's
report", "a joint statement"), or in an earlier sentence that mentions the
same kind of document ("The Hungarian government issued a statement ...",
"In a letter to staff, the company said ..."). A document read again ("the
report") keeps the issuer found for it before. Only when no issuer is found
is the document a speaker of its own.
"""

from __future__ import annotations

import re

from ..core.model import Span, SpeakerType
from .entities import Entity
from .groups import coordination_members, group, joint
from .lexicon import norm, word_pattern, words
from .resolve import Resolver
from .source import Resolution, Source, head_phrase, strip_det

__all__ = ["document"]

_ISSUE_VERBS = re.compile(
    r"\b(?:issued|released|published|put out|sent|signed|adopted|posted|circulated|said in)\b"
)
_POSSESSIVE = re.compile(r"['’]s?\s")
_LOOK_BACK = 4  # sentences searched for an earlier mention of the document


def document(r: Resolver, s: Source) -> Resolution | None:
    """ "the ministry's statement", "the report": the issuer when known, else the document itself."""
    head = head_phrase(s.toks)
    if not head or head[-1] not in words().document_heads or _in_a_name(s.text, head[-1]):
        return None
    noun = head[-1]
    issuer = _issuer_in(r, s)
    if issuer is None and s.toks[0] in words().definite_determiners:  # "the report" again
        issuer = r.issuers.get(noun)
    issuer = issuer or _issuer_before(r, noun, s.span)
    if issuer is not None:
        r.issuers[noun] = issuer
        return Resolution(issuer, 0.8, "document-issuer")
    key = norm(noun)
    for e in r.reg.entities:
        if e.type is SpeakerType.DOCUMENT and norm(e.name).split()[-1:] == [key]:
            return Resolution(e, 0.7, "document")
    return Resolution(
        r.reg.new(SpeakerType.DOCUMENT, strip_det(s.text), name_mentions=False), 0.7, "document"
    )


def _in_a_name(text: str, noun: str) -> bool:
    """``The Washington Post``, ``The Denver Post``: the document's noun capitalised after another
    capitalised word is the end of a name (a newspaper), not a document."""
    parts = text.split()
    for k in range(len(parts) - 1, 0, -1):
        if parts[k].lower().strip(",.;:") == noun:
            return parts[k][:1].isupper() and parts[k - 1][:1].isupper() and parts[k - 1].lower() not in words().determiners
    return False


def _issuer_in(r: Resolver, s: Source) -> Entity | None:
    """The issuer named in the document mention: "the ministry's statement", "a statement from the Kremlin"."""
    m = word_pattern(r"\b{}\s+", "issuer_prepositions").search(s.text.lower())
    if m is not None:
        return _sub(r, s.text[m.end() :], s.span)
    m = _POSSESSIVE.search(s.text)
    if m is not None:
        return _sub(r, s.text[: m.start()], s.span)
    head = head_phrase(s.toks)
    modifiers = [t for t in head[:-1] if t not in words().determiners]
    if modifiers and modifiers[0] == "joint":
        return joint(r.reg, s.span.start)
    if modifiers:
        return _sub(r, " ".join(modifiers), s.span, strict=True)
    return None


def _sub(r: Resolver, phrase: str, span: Span, strict: bool = False) -> Entity | None:
    """Resolve an issuer phrase as if it were a source at ``span``; None unless it names someone."""
    phrase = phrase.strip(" ,.")
    if not phrase or r.depth > 1:
        return None
    start = r.text.find(phrase, span.start, span.end)
    found = r.nested(Span(start, start + len(phrase)) if start >= 0 else span)
    if found is None or found.method in ("text", "name-new") or (strict and found.method == "description"):
        return None
    return found.entity


def _issuer_before(r: Resolver, noun: str, span: Span) -> Entity | None:
    """The issuer of an earlier mention of the same document ("The ministry issued a statement ...")."""
    scan = r.reg.scan
    here = scan.sentence_of(span.start)
    pattern = re.compile(rf"\b{re.escape(noun)}\b", re.IGNORECASE)
    for index in range(here, max(-1, here - _LOOK_BACK), -1):
        sent = scan.sentences[index]
        end = min(sent.end, span.start) if index == here else sent.end
        if not pattern.search(r.text[sent.start : end]):
            continue
        found = _issuer_in_sentence(r, noun, index, Span(sent.start, end))
        if found is not None:
            return found
    return None


def _issuer_in_sentence(r: Resolver, noun: str, index: int, part: Span) -> Entity | None:
    """The issuer in sentence ``index`` (read up to ``part.end``) that mentions the document."""
    chunk = r.text[part.start : part.end]
    said_in = re.search(
        rf"\bin (?:a|an|the|its|their|his|her|a joint) (?:\w+ )?{re.escape(noun)}\b", chunk, re.IGNORECASE
    )
    if said_in:  # "In a letter to staff, the company said ..."
        for e in r.reg.entities:
            if any(part.start <= p < part.end for p in e.spoke) and e.type is not SpeakerType.DOCUMENT:
                return e
    verb = _ISSUE_VERBS.search(chunk.lower())
    if verb is None:
        return None
    before = chunk[: verb.start()].strip(" ,")
    if 0 < len(before.split()) <= 8:  # "The Hungarian government issued a statement"
        found = _sub(r, before, Span(part.start, part.start + verb.start()), strict=True)
        if found is not None:
            return found
    return _subject_of(r, index, part.end)


def _subject_of(r: Resolver, index: int, end: int) -> Entity | None:
    """The first entity named in sentence ``index`` before ``end`` (a coordination as its group)."""
    scan = r.reg.scan
    for i, m in enumerate(scan.mentions):
        if m.sentence != index or m.full.start >= end:
            continue
        for c in scan.coordinations:
            if c.members[0] == i:
                found = coordination_members(r.reg, c)
                if len(found) > 1:
                    return group(r.reg, found, "")
        entity = r.reg.of_mention.get(i)
        return r.reg.entities[entity] if entity is not None else None
    return None
