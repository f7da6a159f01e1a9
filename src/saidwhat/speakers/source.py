"""One source mention as the rules read it: its words, its head phrase, and what a rule answers.

A source span comes from attribution with its edges as found in the text
("according to the minister", "the minister told"); it is read without them,
cut to a bounded length, as lower-case words. The rules of :mod:`.rules` all
look at the same few views of it, kept here so that each rule reads alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ..core.model import Span
from .entities import Entity
from .lexicon import word_pattern, words

__all__ = ["NOBODY", "Nobody", "Resolution", "Source", "head_phrase", "read_source", "strip_det", "words_of"]

MAX_SOURCE = 200  # characters of a source mention that are read
_WORD = re.compile(r"[\w'’.-]+|,")


@dataclass(slots=True)
class Resolution:
    """The entity a source stands for, how sure the rule is, and which rule said so (for tracing)."""

    entity: Entity
    confidence: float
    method: str


class Nobody(Enum):
    """A rule's answer that the source is read and names no one ("it is said", "most", "voters who")."""

    NOBODY = "nobody"


NOBODY = Nobody.NOBODY


@dataclass(slots=True)
class Source:
    """A source mention as read: ``text`` without its edges, its lower-case words, its span, and
    the speaker of the statement it is relayed inside (for a first-person "I"), if any."""

    text: str
    toks: list[str]
    span: Span
    parent: Entity | None


def read_source(article_text: str, span: Span, parent: Entity | None) -> Source:
    raw = article_text[span.start : min(span.end, span.start + MAX_SOURCE)]
    leading = word_pattern(r"^{}\s+", "source_openers", re.IGNORECASE)  # according to X
    trailing = word_pattern(r"\s+{}$", "trailing_cues", re.IGNORECASE)  # ran into its cue: the minister told
    raw = raw[: _before_relative_clause(raw)]
    span = Span(span.start, span.start + len(raw.rstrip()))
    text = trailing.sub("", leading.sub("", raw.strip()))
    return Source(text, words_of(text), span, parent)


def _before_relative_clause(raw: str) -> int:
    """Where ", who led the research published in the journal Nature Astronomy" starts: a
    relative clause after a comma describes the source and names no one of it."""
    for m in re.finditer(r",\s*(\w+)", raw):
        if m.group(1).lower() in words().relative_pronouns and raw[: m.start()].strip():
            return m.start()
    return len(raw)


def words_of(text: str) -> list[str]:
    return [m.group(0).lower() for m in _WORD.finditer(text[:MAX_SOURCE])]


_PARENTHESIS = re.compile(r"\s*\([^()]*(?:\)|$)")


def strip_det(text: str) -> str:
    """A description as a name: no leading article, no apposition ("spokesman for X, the operator"),
    no parenthesis ("The New York State Attorney General (NYAG)", "Gov. Kristi Noem (R")."""
    w = words()
    text = _PARENTHESIS.sub("", text) or text
    parts = text.strip(" ,.;:").split(",")[0].split()
    while (
        len(parts) > 1
        and parts[0].lower() in w.determiners
        and parts[0].lower() not in w.counts
        and parts[1].lower() not in w.head_stops  # "most of the companies" keeps "most"
    ):
        parts = parts[1:]
    return " ".join(parts)


def head_phrase(toks: list[str]) -> list[str]:
    """The words of the head noun phrase: before the first preposition, comma or relative word."""
    out = []
    stops = words().head_stops
    for t in toks:
        if t == "," or t in stops:
            break
        out.append(t)
    return out
