"""Stage 5, resolve speakers: every source mention becomes one canonical speaker of the article.

The attribution stage leaves each statement with a source mention, a span of
text ("the spokesman", "it", "Paris"). This stage finds the article's named
mentions (:mod:`.mentions`), links them into entities (:mod:`.entities`), reads
each source in text order (:mod:`.resolve`, by the rules of :mod:`.rules`), and
writes the result:
``statement.speaker`` is the id of a :class:`~saidwhat.core.model.Speaker` with a
canonical name, a type, a key stable across articles (:mod:`.keys`), all the
mentions linked to it, group members and a confidence.

Sources are read in text order so that "It added ..." finds the ministry that
spoke before; first-person sources of relayed statements ("I told him")
are read last, once their parent has a speaker.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import deque

from ..core.errors import SaidwhatError
from ..core.model import Article, BlockKind, Span, Speaker, SpeakerType, Statement
from ..core.options import Options
from ..core.resources import Context
from .antecedents import antecedent
from .entities import Entity, Registry, build_registry
from .keys import speaker_key
from .lexicon import Aliases, aliases, words
from .mentions import scan
from .resolve import Resolver
from .rules import RULES
from .source import Resolution

__all__ = ["ResolveSpeakers", "resolve_speakers"]

log = logging.getLogger(__name__)

_NOT_ANTECEDENTS = frozenset({BlockKind.CAPTION, BlockKind.CREDIT, BlockKind.BYLINE, BlockKind.DATELINE})
_MAX_TEXT = 400_000  # characters scanned for names; a longer text is read up to here


class ResolveSpeakers:
    """Fill ``speaker`` on every statement whose source can be resolved, and ``article.speakers``."""

    @classmethod
    def create(cls, context: Context) -> ResolveSpeakers:
        """The stage for a pipeline's context (:mod:`saidwhat.core.resources`)."""
        return cls(context.options)

    def __init__(self, options: Options) -> None:
        self.options = options
        self.table = aliases(options.aliases)  # a broken user file fails here, not on every article

    def __call__(self, article: Article) -> Article:
        if not any(st.source is not None for st in article.statements):
            return article
        try:
            resolve_speakers(article, self.table)
        except SaidwhatError:
            raise
        except Exception:  # a resolver bug on hostile text costs the speakers, not the article
            log.warning("speaker resolution failed on %s", article.input.path, exc_info=True)
            for st in article.statements:
                st.speaker = None
            article.speakers = []
        return article


def _first_person(article: Article, st: Statement) -> bool:
    return st.source is not None and article.slice(st.source).strip().lower() in words().first_person


def _quoting(article: Article, st: Statement, chosen: dict[str, Entity]) -> Entity | None:
    """The speaker of the statement whose content holds this source: "I" inside a quotation is its
    speaker even when attribution did not link the two as a relay."""
    if st.source is None or not _first_person(article, st):
        return None
    for other in article.statements:
        if other is not st and other.id in chosen and any(c.contains(st.source) for c in other.content):
            return chosen[other.id]
    return None


def _author(article: Article, st: Statement, registry: Registry) -> Resolution | None:
    """ "I" outside any quotation, in a signed piece (an op-ed, a letter): its author."""
    if st.source is None or not article.metadata.authors:
        return None
    if any(q.span.contains(st.source) for q in article.quotes):
        return None
    name = article.metadata.authors[0].strip()
    for e in registry.entities:
        if e.type is SpeakerType.PERSON and e.name == name:
            return Resolution(e, 0.6, "author")
    first, _, last = name.rpartition(" ")
    return Resolution(registry.new(SpeakerType.PERSON, name, first=first, last=last), 0.6, "author")


def resolve_speakers(article: Article, table: Aliases | None = None) -> None:
    """Set ``speaker`` on the statements of ``article`` and fill ``article.speakers``."""
    table = table or aliases()
    text = article.text[:_MAX_TEXT]
    # captions, credits, bylines and datelines name photographers and authors, not antecedents
    blocks = [
        b.span for b in article.blocks if b.span.end <= len(text) and b.kind not in _NOT_ANTECEDENTS
    ] if article.blocks else None
    headings = [
        b.span for b in article.blocks_of(BlockKind.TITLE, BlockKind.HEADING) if b.span.end <= len(text)
    ]
    registry = build_registry(scan(text, blocks, table, headings), text)
    contents = [c for st in article.statements for c in st.content]
    resolver = Resolver(text, registry, contents, RULES)
    chosen: dict[str, Entity] = {}
    with_source = [st for st in article.statements if st.source is not None and st.source.end <= len(text)]
    ordered = sorted(with_source, key=lambda st: (_first_person(article, st), st.source or Span(0, 0)))
    by_mention: dict[Span, Resolution] = {}
    chain = _free_subject_pronouns(text, contents, {st.source for st in with_source if st.source})
    for st in ordered:
        assert st.source is not None
        _follow_chain(text, registry, contents, chain, st.source.start)
        parent = chosen.get(st.parent) if st.parent else _quoting(article, st, chosen)
        if st.source in by_mention:  # a continuing quotation shares its speaker's mention
            chosen[st.id] = by_mention[st.source].entity
            continue
        resolver.own = st.content
        try:
            found = resolver.resolve(st.source, parent)
        except (ValueError, IndexError, KeyError, RecursionError):  # one odd source costs one speaker
            log.warning("cannot resolve source %r", article.slice(st.source)[:80], exc_info=True)
            continue
        if found is None and _first_person(article, st):
            found = _author(article, st, registry)
        if found is None:
            continue
        entity = found.entity
        chosen[st.id] = entity
        by_mention[st.source] = found
        entity.spoke.append(st.source.start)
        entity.timeline.append((st.source.start, registry.scan.sentence_of(st.source.start), True))
        entity.mentions.append(st.source)
        entity.scores.append(found.confidence)
    article.speakers = _speakers(article, chosen, registry.entities, table)


_SUBJECT_PRONOUN = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))(He|She)\b")
_CHAIN_CONFIDENCE = 0.6  # a pronoun resolved this surely becomes a mention of its antecedent


def _free_subject_pronouns(text: str, contents: list[Span], sources: set[Span]) -> deque[Span]:
    """ "He was arrested in April.": a "he" or "she" opening a sentence outside any quotation that
    is no statement's source. Each continues a person, as a mention of its own, so that the next
    "he said" finds the person the story is about rather than a name seen in passing."""
    inside = _Inside(contents)
    found: deque[Span] = deque()
    for m in _SUBJECT_PRONOUN.finditer(text):
        span = Span(m.start(1), m.end(1))
        if span not in sources and not inside(span.start):
            found.append(span)
    return found


class _Inside:
    """Whether a position lies in one of some spans: the spans merged and sorted once, then a
    binary search per position (a page may hold thousands of statements and pronouns)."""

    def __init__(self, spans: list[Span]) -> None:
        merged: list[list[int]] = []
        for s in sorted(spans):
            if merged and s.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], s.end)
            else:
                merged.append([s.start, s.end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def __call__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.ends[k]


def _follow_chain(
    text: str, registry: Registry, contents: list[Span], chain: deque[Span], until: int
) -> None:
    """Resolve the free subject pronouns before ``until`` (in order) and add each to its antecedent."""
    w = words()
    while chain and chain[0].start < until:
        span = chain.popleft()
        pronoun = w.pronouns.get(text[span.start : span.end].lower())
        if pronoun is None:
            continue
        found = antecedent(registry, contents, span.start, pronoun)
        if found is not None and found[1] >= _CHAIN_CONFIDENCE:
            found[0].timeline.append((span.start, registry.scan.sentence_of(span.start), True))


def _speakers(
    article: Article, chosen: dict[str, Entity], entities: list[Entity], table: Aliases
) -> list[Speaker]:
    order: list[Entity] = []
    for st in article.statements:
        entity = chosen.get(st.id)
        if entity is not None and entity not in order:
            order.append(entity)
    for entity in list(order):  # group members that never spoke are speakers too
        for member in entity.members:
            if entities[member] not in order:
                order.append(entities[member])
    ids = {e.index: f"p{n}" for n, e in enumerate(order, 1)}
    for st in article.statements:
        entity = chosen.get(st.id)
        st.speaker = ids[entity.index] if entity is not None else None
    out = []
    for e in order:
        confidence = sum(e.scores) / len(e.scores) if e.scores else 0.5
        out.append(
            Speaker(
                id=ids[e.index],
                name=e.name,
                type=e.type,
                key=speaker_key(e, [entities[m] for m in e.members], table),
                mentions=sorted(set(e.mentions)),
                members=[ids[m] for m in e.members],
                confidence=round(confidence, 3),
            )
        )
    return out
