"""Read one source mention and find the entity it stands for.

The :class:`Resolver` holds what reading the sources of one article shares:
its text, its registry of entities, the spans of quoted content (mentions in
them weigh less as antecedents), the issuers of the documents read so far,
and how deep a nested reading goes (an issuer phrase or the description
before a relative "who" is itself read as a source, once). It tries the rules
it is given (:data:`saidwhat.speakers.rules.RULES`) in order; the first that
answers decides. The rules take the resolver as their first argument, so they
import this module and not the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..core.model import Span
from .entities import Entity, Registry
from .source import NOBODY, Nobody, Resolution, Source, read_source

__all__ = ["Resolution", "Resolver", "Rule"]

_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")


class Resolver:
    """Resolves the sources of one article against its registry of entities, with ``rules`` in order."""

    def __init__(self, text: str, registry: Registry, contents: list[Span], rules: Sequence[Rule]) -> None:
        self.rules = rules
        self.text = text
        self.reg = registry
        self.contents = contents
        self.own: list[Span] = []  # the content of the statement whose source is being read
        self.lede: tuple[frozenset[str], Entity] | None = None  # see rules.lede; read once
        self.lede_read = False
        self.depth = 0
        self.issuers: dict[str, Entity] = {}  # document noun -> the issuer of the last one read
        self._lower_words: frozenset[str] | None = None

    @property
    def lower_words(self) -> frozenset[str]:
        """Words the article writes in lower case: capitalised elsewhere, they are no names."""
        if self._lower_words is None:
            self._lower_words = frozenset(_LOWER_WORD.findall(self.text))
        return self._lower_words

    def resolve(self, span: Span, parent: Entity | None = None) -> Resolution | None:
        """The entity the source at ``span`` stands for; ``parent`` is the speaker it is relayed by."""
        source = read_source(self.text, span, parent)
        if not source.toks:
            return None
        for rule in self.rules:
            found = rule(self, source)
            if found is NOBODY:
                return None
            if found is not None:
                return found
        return None

    def nested(self, span: Span) -> Resolution | None:
        """Read a phrase inside a source (an issuer, a description) as a source of its own."""
        self.depth += 1
        try:
            return self.resolve(span)
        finally:
            self.depth -= 1


# A rule reads one source: the entity it stands for, NOBODY (no speaker at all), or None (not mine).
Rule = Callable[[Resolver, Source], Resolution | Nobody | None]
