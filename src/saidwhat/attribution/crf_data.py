"""From text to CRF sequences and back: paragraph views, BIO labels, span decoding.

Training and run time both go through :func:`paragraph_views`, so the model is
trained on exactly the tokens, sentences and part-of-speech tags it will see.
Labels are BIO over three roles: ``B-source``/``I-source``, ``B-cue``/``I-cue``,
``B-content``/``I-content`` and ``O``. A token carries at most one label, as
in PolNeAR: where gold spans overlap (a nested attribution the annotators kept
anyway), the source and cue of the inner one win over the outer content.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.model import Span
from ..nlp.pos import PosTagger
from ..nlp.tokens import Token, sentences, sentences_of_tokens, tokenize
from .features import ParagraphView

__all__ = ["LABELS", "TaggedSpan", "bio_labels", "decode", "paragraph_views"]

ROLE_ORDER = ("content", "source", "cue")  # later roles overwrite earlier ones on shared tokens
LABELS = ("O",) + tuple(f"{p}-{r}" for r in ROLE_ORDER for p in "BI")
MAX_PARAGRAPH_TOKENS = 2000  # a longer "paragraph" (a dump without line breaks) is cut in pieces


@dataclass(slots=True, frozen=True)
class TaggedSpan:
    """A predicted span of one role, with the token range it covers in its paragraph."""

    role: str
    span: Span
    first: int  # token indices, inclusive
    last: int


def _pieces(tokens: list[Token]) -> list[list[Token]]:
    return [tokens[i : i + MAX_PARAGRAPH_TOKENS] for i in range(0, len(tokens), MAX_PARAGRAPH_TOKENS)]


def paragraph_views(text: str, blocks: Iterable[Span], pos: PosTagger) -> list[ParagraphView]:
    """One view per paragraph (block) with tokens, sentence indices and POS tags.

    The sentences of all the blocks go to the part-of-speech tagger in one call (it tags them
    together, one Viterbi step for all of them at a time)."""
    pieces: list[tuple[int, list[Token], list[int], int]] = []  # block, tokens, sentence_of, sentences
    sentence_words: list[list[str]] = []
    for index, block in enumerate(blocks):
        cut = _pieces(tokenize(text, block.start, block.end))
        for tokens in cut:
            if not tokens:
                continue
            if len(cut) == 1:  # the block's own tokens: only whitespace lies around them
                sent_spans = sentences_of_tokens(text, tokens)
            else:  # a piece ends where the text may go on without a space: its sentences as before
                sent_spans = sentences(text, [Span(tokens[0].start, tokens[-1].end)])
            starts = [t.start for t in tokens]
            words = [t.text for t in tokens]
            sentence_of: list[int] = []
            k = 0
            for s_index, sent in enumerate(sent_spans):
                first = k
                k = bisect_left(starts, sent.end, k)  # the tokens that start before the sentence's end
                sentence_of += [s_index] * (k - first)
                sentence_words.append(words[first:k])
            pieces.append((index, tokens, sentence_of, len(sent_spans)))
    tagged = iter(pos.tag_sentences(sentence_words))
    views = []
    for index, tokens, sentence_of, count in pieces:
        tags = [tag for _ in range(count) for tag in next(tagged)]
        # defensive: tokens after the last sentence span
        sentence_of.extend([count] * (len(tokens) - len(sentence_of)))
        tags.extend(["NN"] * (len(tokens) - len(tags)))
        views.append(ParagraphView(text, tokens, sentence_of, tags, index))
    return views


def bio_labels(tokens: Sequence[Token], gold: dict[str, list[Span]]) -> list[str]:
    """BIO labels of ``tokens`` from gold spans per role (already trimmed)."""
    labels = ["O"] * len(tokens)
    for role in ROLE_ORDER:
        for span in gold.get(role, []):
            inside = [i for i, t in enumerate(tokens) if t.start < span.end and span.start < t.end]
            for n, i in enumerate(inside):
                labels[i] = ("B-" if n == 0 else "I-") + role
    # a span cut by an overwrite must restart with B-
    for i, lab in enumerate(labels):
        if lab.startswith("I-") and (i == 0 or labels[i - 1][2:] != lab[2:]):
            labels[i] = "B-" + lab[2:]
    return labels


def decode(labels: Sequence[str], tokens: Sequence[Token]) -> list[TaggedSpan]:
    """Spans from BIO labels; an ``I-`` without its ``B-`` starts a span."""
    out: list[TaggedSpan] = []
    role: str | None = None
    first = 0
    for i, lab in enumerate([*labels, "O"]):
        new_role = None if lab == "O" else lab[2:]
        if role is not None and (lab.startswith("B-") or new_role != role):
            out.append(TaggedSpan(role, Span(tokens[first].start, tokens[i - 1].end), first, i - 1))
            role = None
        if new_role is not None and role is None:
            role, first = new_role, i
    return out
