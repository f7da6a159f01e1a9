"""News conventions applied to the merged statements of a page, before speakers are resolved.

The rules and the tagger read sentences; a page has more shape than that, and
news writing has conventions a reader applies without thinking. Measured on
the real-page gold set (``saidwhat eval pages``), each of these removed errors
that the sentence-level pass could not see:

- **Where speech can be.** Captions, photo credits, bylines, datelines and
  an agency's staff credits ("(Reporting by X; editing by Y)") hold no
  statements (a caption's "speaks at the Capitol on July 25" is no
  quotation of anyone); a heading holds only ``Speaker: content`` headlines
  (kind ``headline``) and speech with its source (``..., Austria says``), not
  a quotation alone. A source that is a date, a number or an
  adverb ("Nov. 19", "Never" of a numbered heading "2. Never urged ...")
  names no one: such a statement is dropped.
- **The writer is no source.** "I" outside every quotation ("I found that
  ...", in a review or a column) is the writer's own voice; nor is the
  subject of a reported passive ("The minister is said to be furious").
- **A partial quotation is part of its sentence.** A quotation with no
  speaker that lies inside another statement's content (``which Apple views
  as "a fundamental human right"``) is that statement's words, not a
  statement of its own.
- **A source is a noun phrase.** A source span that ran into a clause ("a
  WeWork spokesperson when contacted by Reuters") is cut where the clause
  begins.
- **Citing.** "..., the agency said, citing the health commission": the
  commission's statement of the same content, relayed by the agency.
- **Continuation.** A paragraph that is only a quotation, right after a
  paragraph that reports someone's words, continues the same speaker; so does
  a quotation with no speaker later in the same paragraph as an attributed
  one. The continuing statement takes the earlier statement's source mention
  (the speaker stage resolves one mention to one speaker).

A quotation left with no source after all of the above is a title, a slogan
or a scare quote far more often than speech (none of 19 on the dev pages was
a statement); it stays, with what the verifier makes of it (see
:mod:`.verifier`), so that ``--min-confidence`` decides.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Collection, Sequence

from ..core.model import Article, Block, BlockKind, Span, Statement, StatementKind
from ..lang import derived, languages
from .lexicon import lexicon

__all__ = ["CONTINUATION_CONFIDENCE", "apply_conventions", "names_no_one"]

NO_SPEECH = frozenset({BlockKind.CAPTION, BlockKind.CREDIT, BlockKind.BYLINE, BlockKind.DATELINE})
CONTINUATION_CONFIDENCE = 0.85
_CONTINUATION_WORDS = 4  # a quotation shorter than this is a title or a name more often than speech
_LEFTOVER = 12  # characters of a paragraph outside its quotation that still make it "only a quotation"


def apply_conventions(article: Article, statements: list[Statement]) -> list[Statement]:
    """The statements that survive the conventions above, continuation sources filled in."""
    blocks = sorted(article.blocks, key=lambda b: b.span.start)
    starts = [b.span.start for b in blocks]
    # a title is a page's title only above a body: one line of text alone is just text
    has_body = any(b.kind is BlockKind.PARAGRAPH for b in blocks)
    kept = [
        st
        for st in statements
        if _placed(st, (block := _block_of(blocks, starts, st)), has_body)
        and not _staff_credit(article, block)
    ]
    kept = [st for st in kept if not _partial_quote(st, kept) and not _no_one(article, st)]
    kept = [
        st
        for st in kept
        if not _writer(article, st, kept) and not _passive_report(article, st) and not _not_a_cue(article, st)
    ]
    for st in kept:
        st.source = _noun_phrase(article, st.source)
    _cited(article, kept)
    _continue(article, kept, blocks, starts)
    ids = {st.id for st in kept}
    for st in kept:
        if st.parent is not None and st.parent not in ids:
            st.parent = None
    return kept


def _block_of(blocks: Sequence[Block], starts: Sequence[int], st: Statement) -> Block | None:
    anchor = st.cue or (st.content[0] if st.content else st.source)
    if anchor is None:
        return None
    k = bisect.bisect_right(starts, anchor.start) - 1
    if k >= 0 and blocks[k].span.start <= anchor.start < max(blocks[k].span.end, anchor.start + 1):
        return blocks[k]
    return None


def _placed(st: Statement, block: Block | None, has_body: bool) -> bool:
    if block is None or st.kind is StatementKind.HEADLINE:
        return True
    if block.kind in NO_SPEECH:
        return False
    # a heading may report speech ("..., Austria says"), with its source; a quotation alone in it
    # is a quoted phrase of the story. (A title's sourceless quotation is left to the verifier,
    # which knows titles: PolNeAR annotates some of them.)
    return block.kind is not BlockKind.HEADING or st.source is not None or not has_body


def _writer(article: Article, st: Statement, statements: Sequence[Statement]) -> bool:
    """``I found that regular long combos can be even more deadly``: a first-person source outside
    any quotation is the writer's own voice, not speech the article reports."""
    if st.source is None:
        return False
    word = article.slice(st.source).strip().lower()
    if word not in lexicon().function_words["writer_pronouns"]:
        return False
    quoted = (o for o in statements if o is not st and o.kind is StatementKind.DIRECT)
    return not any(c.start <= st.source.start and st.source.end <= c.end for o in quoted for c in o.content)


def _passive_report(article: Article, st: Statement) -> bool:
    """``The minister is said to be furious``: a cue in the passive before an infinitive reports
    what others say of its subject; the subject is no source."""
    if st.cue is None or st.source is None or st.source.end > st.cue.start:
        return False
    fw = lexicon().function_words
    cue = _SOURCE_WORD.findall(article.slice(st.cue).lower())
    after = _SOURCE_WORD.findall(article.text[st.cue.end : st.cue.end + 12].lower())[:1]
    if bool(cue) and cue[0] in fw["passive_auxiliaries"] and bool(after) and after[0] in fw["infinitive_markers"]:
        return True
    return st.method == "model" and _passive_cue(cue, fw["passive_auxiliaries"]) and after[:1] != ["by"]


def _passive_cue(cue: Sequence[str], auxiliaries: Collection[str]) -> bool:
    """``Job cuts will be announced later this week``: the tagger's cue in the passive, with no
    agent after it; its subject is what is announced, not who announces it."""
    return any(w in auxiliaries and nxt.endswith(("ed", "en")) for w, nxt in itertools.pairwise(cue))


_CITING_GAP = 12  # characters between the statement's cue and a "citing" that follows it (", citing")


def _cited(article: Article, statements: Sequence[Statement]) -> None:
    """``The man was hospitalized, the agency said, citing the health commission``: the tagger reads
    "citing" as a cue whose content is the commission; it is the commission's statement of what
    the agency reported, relayed by it. Rewritten as that: source the cited phrase, content the
    agency's, parent the agency's statement."""
    citing = lexicon().words["citing_cues"]
    for st in statements:
        if st.cue is None or not st.content or article.slice(st.cue).strip().lower() not in citing:
            continue
        said = [
            o
            for o in statements
            if o is not st and o.cue is not None and o.content and 0 <= st.cue.start - o.cue.end <= _CITING_GAP
        ]
        if said:
            st.source, st.content, st.kind, st.parent = st.content[0], list(said[0].content), said[0].kind, said[0].id


def _not_a_cue(article: Article, st: Statement) -> bool:
    """A cue that opens a phrase of ``not_cues`` ("citing the regional health commission", "asked
    not to be identified"): the tagger's statement names a source or a wish, says nothing."""
    if st.cue is None:
        return False
    words = [w.replace("’", "'") for w in _SOURCE_WORD.findall(article.text[st.cue.start : st.cue.start + 40].lower())]
    return lexicon().opens_not_cue(words, 0)


def _staff_credits() -> frozenset[str]:
    return frozenset(p for lang in languages() for p in lang.furniture.get("staff_credits", ()))


def _staff_credit(article: Article, block: Block | None) -> bool:
    """ "(Reporting by X, Y; editing by Z)": the agency's staff line, whatever kind the page gave it."""
    if block is None:
        return False
    opening = article.text[block.span.start : min(block.span.end, block.span.start + 60)]
    words = _SOURCE_WORD.findall(opening.lower())
    credits = derived("attribution.staff_credits", _staff_credits)
    return any(" ".join(words[:n]) in credits for n in (1, 2, 3, 4))


_SOURCE_WORD = re.compile(r"[^\W\d_]+")


def _clause() -> re.Pattern[str]:
    """A subordinate clause's first word (the languages' subordinators), after a space or comma."""

    def build() -> re.Pattern[str]:
        alternatives = "|".join(re.escape(w) for w in sorted(lexicon().subordinators))
        return re.compile(rf"[\s,]+(?:{alternatives})\b", re.IGNORECASE)

    return derived("attribution.conventions.clause", build)


def _noun_phrase(article: Article, source: Span | None) -> Span | None:
    """A source that ran into a clause ("a WeWork spokesperson when contacted by Reuters") ends
    where the clause begins: the source is a noun phrase."""
    if source is None:
        return None
    found = _clause().search(article.text, source.start, source.end)
    if found is None or found.start() == source.start:
        return source
    return Span(source.start, found.start())


def _no_one(article: Article, st: Statement) -> bool:
    """A source that is a date, an adverb or a number ("Nov. 19", "Never"): nobody speaks there."""
    return st.source is not None and names_no_one(article.text, st.source)


def names_no_one(text: str, source: Span) -> bool:
    """Whether the source span ``source`` of ``text`` is only a date, an adverb or a number."""
    words = [w.lower() for w in _SOURCE_WORD.findall(text[source.start : source.end])]
    return all(w in lexicon().words["not_sources"] for w in words)


def _partial_quote(st: Statement, statements: Sequence[Statement]) -> bool:
    if st.source is not None or not st.content:
        return False
    return any(
        other is not st
        and other.source is not None
        and all(any(c.contains(s) for c in other.content) for s in st.content)
        for other in statements
    )


def _continue(
    article: Article, statements: list[Statement], blocks: Sequence[Block], starts: Sequence[int]
) -> None:
    ordered = sorted(statements, key=lambda st: st.content[0].start if st.content else 0)
    for n, st in enumerate(ordered):
        if st.source is not None or st.kind is not StatementKind.DIRECT or not st.content:
            continue
        block = _block_of(blocks, starts, st)
        if block is None or block.kind not in (BlockKind.PARAGRAPH, BlockKind.BLOCKQUOTE):
            continue
        if sum(len(article.slice(s).split()) for s in st.content) < _CONTINUATION_WORDS:
            continue  # a quoted title or a name ("DWTS.") continues nobody
        before = _speaker_before(ordered[:n], block, blocks, starts, article, st)
        if before is not None:
            st.source = before.source
            st.confidence = CONTINUATION_CONFIDENCE
            st.method = "rule:continuation"


def _speaker_before(
    earlier: Sequence[Statement],
    block: Block,
    blocks: Sequence[Block],
    starts: Sequence[int],
    article: Article,
    st: Statement,
) -> Statement | None:
    """The statement ``st`` continues: an attributed one earlier in its paragraph, else (when its
    paragraph is only the quotation) the last attributed one of the paragraph before."""
    attributed = [e for e in earlier if e.source is not None and e.parent is None and e.content]
    same = [e for e in attributed if block.span.contains(e.content[0])]
    if same:
        return same[-1]
    if not _only_quotation(article, block.span, st.content):
        return None
    previous = _previous_paragraph(blocks, starts, block)
    if previous is None:
        return None
    inside = [e for e in attributed if previous.span.contains(e.content[0])]
    return inside[-1] if inside else None


def _only_quotation(article: Article, paragraph: Span, content: Sequence[Span]) -> bool:
    outside = article.slice(paragraph)
    for span in sorted(content, reverse=True):
        a, b = span.start - paragraph.start, span.end - paragraph.start
        if 0 <= a <= b <= len(outside):
            outside = outside[:a] + outside[b:]
    leftover = sum(ch.isalnum() for ch in outside)
    return leftover <= _LEFTOVER


def _previous_paragraph(blocks: Sequence[Block], starts: Sequence[int], block: Block) -> Block | None:
    k = bisect.bisect_left(starts, block.span.start) - 1
    while k >= 0:
        if blocks[k].kind in (BlockKind.PARAGRAPH, BlockKind.BLOCKQUOTE):
            return blocks[k]
        if blocks[k].kind not in NO_SPEECH:
            return None  # a heading between them starts another part of the article
        k -= 1
    return None
