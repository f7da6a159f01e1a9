"""Rule-based attribution: statements from cue words, quotation marks and light noun phrases.

The rules cover the constructions news uses most, each a small function over
the tokens of one *unit* (a sentence, or the sentences one quotation runs
over, capped in length), tried in this order for every cue word:

==============  ============================================================
rule            form
==============  ============================================================
according       ``According to X, ...`` / ``..., according to X.``
passive         ``... – emphasized by X.``
continued       ``..., he said, adding that ...`` / ``X said A and warned
                that B`` / ``X praised Y, saying ...`` (source of the
                statement before, or the subject of the sentence)
inverted        ``"...," X said.`` / ``"...," said X.`` /
                ``..., reads X's press release.``
parenthetical   ``The minister, the ministry said, had offered ...`` /
                ``"A," he said, "B."``
prefix          ``X said: "..."`` / ``X said (that) ...`` / ``X told reporters ...``
headline        ``X: ...`` in a title or heading block (kind HEADLINE)
unattributed    a quotation with no speaker in reach (source None, low
                confidence); a quotation sentence right after a direct
                statement continues it instead (``"A," he said. "B."``)
==============  ============================================================

A statement whose content is reported speech is searched again for a cue
(``The ministry said that the minister replied that "..."``): what is found
there is a relayed statement whose ``parent`` is the outer one.

Spans, decided once for all rules:

- *Content* of a direct statement is the inner part(s) of its quotation(s):
  the marks are excluded, and so is a trailing comma that belongs to the
  reporting sentence (``"We will win," he said`` gives ``We will win``).
  Indirect and mixed content is the reported clause as it stands, its
  complementizer included (``said that the plan failed`` gives ``that the
  plan failed``, as PolNeAR annotates it), without the sentence's final stop
  and without an adverbial clause of the reporting sentence (``, but ...``);
  quotation marks inside it are kept. A content that is one quotation after
  ``that`` is direct. Content may be several spans (an interrupted quotation,
  a parenthetical cue, a multi-paragraph quotation).
- *Cue* is the verb group: the auxiliaries and adverbs between source and
  verb, and the adjuncts between the verb and ``that`` (``has also said``,
  ``said in a statement that``); a colon or a listener is not part of it.
- *Source* is a noun phrase found with light patterns (pronouns, capitalised
  sequences, determiner + noun, titles + names, ``X's press release``,
  ``officials familiar with the matter``, appositions), never resolved here:
  who "he" is belongs to the speaker stage. A relative clause is left out
  (``said Warren, who ...`` gives ``Warren``).

Word lists are data (the languages' ``cues.json`` and ``function_words.json``,
:mod:`saidwhat.lang`); everything runs on tokens, per
unit, so the work is linear in the text. The patterns were calibrated on
PolNeAR train texts; dev is only measured, with
``saidwhat eval polnear --split dev --attribution rules``.

The rule pass is assembled from one module per concern:
:mod:`~saidwhat.attribution.units` (units, tokens, shared state),
:mod:`~saidwhat.attribution.sources` (source noun phrases),
:mod:`~saidwhat.attribution.clauses` (cue and content boundaries),
:mod:`~saidwhat.attribution.constructions` (the ordered rules),
:mod:`~saidwhat.attribution.statements` (spans, kind, confidence) and
:mod:`~saidwhat.attribution.relays` (relayed speech). This module keeps what
works on a whole block or article: headlines, continued quotations and
unattributed quotations.
"""

from __future__ import annotations

import bisect

from ..core.model import Article, Block, BlockKind, Quote, Span, Statement, StatementKind
from ..nlp.tokens import line_spans, tokenize
from .lexicon import Lexicon, lexicon
from .relays import apply_rules
from .sources import headish, np_word
from .statements import CONFIDENCE, content_spans, quote_content, whole_quote
from .units import Rules, Unit, capitalised, make_unit, units_of

__all__ = ["find_statements"]


MAX_HEADLINE_SOURCE = 5


def _headline(r: Rules, block: Block) -> Statement | None:
    """``X: ...`` in a title or heading: a short source before a colon (not a label such as ``Live:``)."""
    tokens = tokenize(r.text, block.span.start, min(block.span.end, block.span.start + 2000))
    u = make_unit(r, tokens, block)
    colon = next((k for k in range(min(len(tokens), MAX_HEADLINE_SOURCE + 1)) if u.words[k] == ":"), -1)
    if colon < 1 or colon + 2 > len(tokens) or not capitalised(tokens[0]):
        return None
    label = " ".join(u.words[:colon])
    if r.lex.phrase_at("headline_labels", u.words, 0) == colon or label in r.lex.words["headline_labels"]:
        return None
    ok = all(
        np_word(r, u, k)
        or r.lex.has("connectors", u.words[k])
        or r.lex.has("determiners", u.words[k])
        or r.lex.has("pronouns", u.words[k])
        for k in range(colon)
    )
    if not ok or not any(headish(r, u, k) or r.lex.has("pronouns", u.words[k]) for k in range(colon)):
        return None
    content = content_spans(r, [Span(tokens[colon + 1].start, block.span.end)])
    if content is None:
        return None
    st = Statement(
        id=r.next_id(),
        kind=StatementKind.HEADLINE,
        content=content[0],
        source=Span(tokens[0].start, tokens[colon - 1].end),
        cue=Span(tokens[colon].start, tokens[colon].end),
        confidence=CONFIDENCE["headline"],
        method="rule:headline",
    )
    r.found.append(st)
    return st


def _continue_quote(r: Rules, u: Unit, last: Statement | None) -> bool:
    """``"A," he said. "B."``: a unit that is one quotation (or opens one that runs on over the
    next paragraphs) continues the direct statement before it."""
    if last is None or last.kind is not StatementKind.DIRECT or last.source is None or not u.tokens:
        return False
    span = Span(u.tokens[0].start, u.tokens[-1].end)
    quote = r.quote_at(span.start)
    if quote is None or quote.span.start != span.start:
        return False
    if quote.span.end <= span.end and whole_quote(r, span) is None:
        return False
    if quote.span.end > span.end and len(quote.parts) < 2:
        return False
    gap = r.text[last.content[-1].end : quote.span.start]
    if "\n" in gap or len(gap) > 200:
        return False
    last.content.extend(quote_content(r, quote))
    return True


def _speech_like(r: Rules, quote: Quote) -> bool:
    """A quotation worth reporting alone: a few words, or a sentence (not a scare quote)."""
    inner = " ".join(p.slice(r.text) for p in quote.parts).strip()
    return len(inner.split()) >= 3 or inner[-1:] in ".!?…"


def _unattributed(r: Rules) -> None:
    """Quotations no statement covers still get a low-confidence statement without a source."""
    covered = sorted(s for st in r.found for s in st.content)
    ends = [s.end for s in covered]
    for q in r.quotes:
        k = bisect.bisect_right(ends, q.span.start)
        if k < len(covered) and covered[k].start < q.span.end:
            continue
        if not _speech_like(r, q):
            continue
        r.found.append(
            Statement(
                id=r.next_id(),
                kind=StatementKind.DIRECT,
                content=quote_content(r, q),
                confidence=CONFIDENCE["unattributed"],
                method="rule:unattributed",
            )
        )


def find_statements(article: Article, lex: Lexicon | None = None) -> list[Statement]:
    """Every statement the rules find in ``article`` (needs ``article.quotes`` set).

    Ids are ``r1``, ``r2``... in the order found; :mod:`saidwhat.attribution.stage`
    renumbers them after merging with the model.
    """
    r = Rules(article, lex or lexicon(), [q for q in article.quotes if q.depth == 0])
    blocks = sorted(article.blocks, key=lambda b: b.span.start) or [
        Block(BlockKind.PARAGRAPH, s) for s in line_spans(article.text)
    ]
    for block in blocks:
        if block.kind in (BlockKind.TITLE, BlockKind.HEADING) and _headline(r, block) is not None:
            continue
        last: Statement | None = None
        for u in units_of(r, block):
            found = apply_rules(r, u)
            if found:
                last = next((s for s in reversed(found) if s.parent is None), found[-1])
            elif not _continue_quote(r, u, last):
                last = None
    _unattributed(r)
    return r.found
