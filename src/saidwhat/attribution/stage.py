"""Stage 4, find attributions: the rules, and the learned tagger where it is available.

``options.attribution`` chooses:

- ``rules``: the rules of :mod:`.rules` alone;
- ``auto`` (default): rules and the tagger of :mod:`.tagger` (the model of
  ``options.model``, default the shipped one, loaded once per
  :class:`~saidwhat.core.resources.Resources` under the key :data:`TAGGER`),
  merged; when the tagger cannot be had (module or trained model missing) the
  rules run alone and a warning is logged once per process and reason, so the
  fall-back is recorded;
- ``model``: the same merge, but a missing tagger is a
  :class:`~saidwhat.core.errors.ModelError` raised when the stage is built.

The tagger was trained on English news (PolNeAR): on a page whose language is
known and not English (``options.language``, the page's own metadata, else
:func:`saidwhat.nlp.language.guess_language`), the rules run alone, with their
French and German cue words (on the demo's French and German pages the
English-trained tagger's spans ran across cues and sources).

Merge policy (:func:`merge`, a pure function): the rules are kept where they
are the more precise — they assemble source, cue and content together, know
relays, headlines, parenthetical cues and quotations with an explicit cue —
so every rule statement stays. A model statement that overlaps a rule
statement (same cue, or nearly the same content) is the same attribution and
the agreement raises the confidence; the model's spans are kept then (it reads
the rules' statements as features and knows the corpus's span conventions:
on PolNeAR dev with the earlier CRF, content F1 56.6 with the rule's spans,
57.8 with the model's; see BENCHMARKS.md),
except for relays, headlines, parenthetical cues and ``quoted ... as saying``
(the tagger reads that subject as what was said), whose spans the rules
assemble themselves, and for quotations, whose content stays the text inside
the marks when the model found that same quotation. Model statements that
overlap no rule statement fill what the rules miss (mostly indirect speech),
unless they have no content (a cue and a source with nothing said); one whose cue
lies inside a rule statement's content is relayed by it (``parent`` set), as
the rules would have found it. Ids are then renumbered ``s1``, ``s2``... in
text order and parents remapped.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from ..core.errors import ModelError
from ..core.model import Article, Span, Statement, StatementKind, covered
from ..core.options import Options
from ..core.resources import Context, Resource, Resources
from ..nlp.language import guess_language
from .bounds import analysed_blocks
from .conventions import apply_conventions, names_no_one
from .lexicon import Lexicon, lexicon
from .rules import find_statements
from .spanindex import SpanIndex

__all__ = ["TAGGER", "FindAttributions", "english", "merge", "renumber"]

log = logging.getLogger(__name__)

SAME_CONTENT = 0.5  # share of the shorter content a statement without cue must share with another
NEARLY_SAME_CONTENT = 0.8  # share of the longer content two statements with different cues must share


MARKS = 2  # characters a quotation's marks (and a comma inside them) add around its inner text
RULE_SPANS_WIN = ("rule:headline", "rule:parenthetical", "rule:quoted")


class _Tagger(Protocol):
    def predict(self, article: Article, rules: Sequence[Statement] | None = None) -> list[Statement]: ...


def _tagger_or_error(options: Options) -> _Tagger | ModelError:
    """The trained tagger of ``options.model`` (default: the shipped one), or why it cannot be had."""
    try:
        from .tagger import AttributionTagger
    except ImportError as err:
        return ModelError(f"the attribution tagger is not available ({err})")
    try:
        tagger: _Tagger = AttributionTagger.load(Path(options.model) if options.model else None)
    except ModelError as err:
        return err
    return tagger


# The tagger, or why it cannot be had: loaded once per Resources (so once per pipeline's options,
# per process), the failure too, so that a missing model is tried once, not on every page.
TAGGER: Resource[_Tagger | ModelError] = Resource("attribution tagger", _tagger_or_error)


@functools.cache
def _warn_rules_only(reason: str) -> None:
    log.warning("attribution model unavailable, using rules only: %s", reason)


def english(article: Article, options: Options) -> bool:
    """Whether the tagger applies: the page is in English, or its language is unknown."""
    language = options.language or article.metadata.language or guess_language(article.text)
    return language is None or language.lower()[:2] == "en"


def _same(rule: Statement, model: Statement) -> bool:
    """Whether a rule statement and a model statement are one attribution: the same cue; or
    nearly the same content; or, when one has no cue, mostly the same content. A content
    that merely holds another statement (relayed speech) is not the same."""
    if rule.cue is not None and model.cue is not None and rule.cue.overlaps(model.cue):
        return True
    shared = covered(rule.content, model.content)
    sizes = (sum(len(s) for s in rule.content), sum(len(s) for s in model.content))
    if rule.cue is None or model.cue is None:
        return min(sizes) > 0 and shared / min(sizes) >= SAME_CONTENT
    return max(sizes) > 0 and shared / max(sizes) >= NEARLY_SAME_CONTENT


def _agree(rule: Statement, model: Statement, relays: bool, text: str = "") -> Statement:
    """The rule's statement, confirmed by the model.

    The model reads the rules' statements as features and was trained on the
    corpus's span conventions, so where both found the attribution its spans
    are the better ones — except for the forms the rules assemble themselves:
    relays (``relays``: the rule statement relays another), headlines and
    parenthetical cues, whose spans the rule keeps.
    """
    confidence = 1 - (1 - rule.confidence) * (1 - model.confidence)  # two independent witnesses
    method = rule.method if rule.method.endswith("+model") else f"{rule.method}+model"  # a second twin
    merged = replace(rule, confidence=round(min(confidence, 0.99), 3), method=method)
    if relays or rule.parent is not None or rule.method.startswith(RULE_SPANS_WIN):
        if rule.source is None and model.source is not None:
            merged.source, merged.cue = model.source, model.cue or rule.cue
        return merged
    if text and model.source is not None and rule.source is not None and names_no_one(text, model.source):
        return merged  # "Mr. Trump's Oct. 11 announcement": the tagger's "11" is nobody; the rule's spans stay
    if rule.cue is not None and model.cue is not None and not rule.cue.overlaps(model.cue):
        return merged  # one content, two cues: the tagger's ("will be announced") is inside what the rule's cue said
    if (
        rule.source is not None
        and any(s.overlaps(rule.source) for s in model.content)
        and not _subject_of_cue(model, text)
    ):
        return merged  # "..., said the newly appointed chair X": the tagger read the rule's source as what was said
    merged.source = _source(rule.source, model.source, text)
    merged.cue = model.cue or rule.cue
    # a model statement with no cue found no attribution, only a stretch of text: its span is no
    # better than the rule's ("A firefighter who ... said crews had ..." read whole as content)
    # the model's content never holds the source it brings; nothing left: the rule's content stays
    content = [s for s in model.content if len(s) and not (merged.source and s.overlaps(merged.source))]
    if content and model.cue is not None and not (
        rule.kind is StatementKind.DIRECT and _same_quotation(rule.content, model.content)
    ):
        merged.content, merged.kind = _before_source(rule, content), model.kind
    return merged


def _subject_of_cue(model: Statement, text: str) -> bool:
    """Whether the tagger's source stands right before its cue ("James P. Kennedy Jr., the U.S.
    Attorney ..., said the case ..."; at most one word between, "also"), a reading of its own that
    may be right where the rule read "said the case ..." as the source; "Job cuts will be
    announced later this week, said X" puts a clause between them."""
    if model.source is None or model.cue is None or not text or model.source.end > model.cue.start:
        return False
    return len(text[model.source.end : model.cue.start].replace(",", " ").split()) <= 1


def _before_source(rule: Statement, content: Sequence[Span]) -> list[Span]:
    """The model's content, less what lies after the source of an ``according to`` statement
    whose content the rule found before its cue (``X is investigating WeWork, according to two
    people familiar with the matter, adding to a series of problems that ...``: what follows the
    source is the writer's)."""
    if not rule.method.startswith("rule:according") or rule.cue is None or rule.source is None:
        return list(content)
    if not rule.content or max(s.end for s in rule.content) > rule.cue.start:
        return list(content)
    kept = [s for s in content if s.start < rule.source.end]
    return kept or list(content)


def _source(rule: Span | None, model: Span | None, text: str) -> Span | None:
    """The model's source, unless it is the last word alone of the rule's name, spelled like a
    pronoun ("He" of "Vice Premier Liu He")."""
    if model is None:
        return rule
    if rule is None or not text or not (rule.start < model.start and model.end == rule.end):
        return model
    word = text[model.start : model.end]
    return rule if word.istitle() and word.lower() in lexicon().words["pronouns"] else model


def _has_content(st: Statement) -> bool:
    return any(len(span) for span in st.content)


def _same_quotation(inner: Sequence[Span], spans: Sequence[Span]) -> bool:
    """Whether ``spans`` are the quotation ``inner`` with (at most) its marks around it."""
    if not inner:
        return False
    lo, hi = min(s.start for s in inner) - MARKS, max(s.end for s in inner) + MARKS
    return all(lo <= s.start and s.end <= hi for s in spans)


def merge(rules: Sequence[Statement], model: Sequence[Statement], text: str = "") -> list[Statement]:
    """Merge rule and model statements (see the module docstring); ids renumbered ``s1``...

    Ids of the two inputs may collide: they are told apart by their list. With the article's
    ``text``, a model source that names no one (a date, a number) never replaces the rule's.
    """
    kept: list[tuple[str, Statement]] = [("r", st) for st in rules]
    relaying = {st.parent for st in rules if st.parent is not None}
    alias: dict[tuple[str, str], int] = {("r", st.id): n for n, st in enumerate(rules)}
    near = SpanIndex()  # rule statements by position: a twin overlaps in cue or content
    for n, st in enumerate(rules):
        near.add(n, _reach(st))
    for st in model:
        twin = next((n for n in near.near(_reach(st)) if _same(kept[n][1], st)), None)
        if twin is None:
            if not _has_content(st):
                continue  # a cue and a source with nothing said: not a statement to report
            alias[("m", st.id)] = len(kept)
            kept.append(("m", st))
        else:
            alias[("m", st.id)] = twin
            kept[twin] = ("r", _agree(kept[twin][1], st, kept[twin][1].id in relaying, text))
            near.add(twin, _reach(kept[twin][1]))  # the model's spans may have replaced the rule's
    contents = SpanIndex()
    for n, (side, st) in enumerate(kept):
        if side == "r":
            contents.add(n, st.content)
    parents: list[int | None] = []
    for side, st in kept:
        if st.parent is not None:
            parents.append(alias.get((side, st.parent)))
        else:
            parents.append(_container(kept, st, contents) if side == "m" else None)
    return renumber([st for _, st in kept], parents)


def _reach(st: Statement) -> list[Span]:
    return [*st.content, st.cue] if st.cue is not None else list(st.content)


def _container(kept: Sequence[tuple[str, Statement]], st: Statement, contents: SpanIndex) -> int | None:
    """The rule statement whose content holds the cue of model statement ``st``: it relays it."""
    if st.cue is None:
        return None
    best: tuple[int, int] | None = None
    for n in contents.near([st.cue]):  # rule statements only, in the order of ``kept``
        for span in kept[n][1].content:
            if span.contains(st.cue) and (best is None or len(span) < best[1]):
                best = (n, len(span))
    return best[0] if best else None


def renumber(statements: Sequence[Statement], parents: Sequence[int | None] | None = None) -> list[Statement]:
    """Copies of ``statements`` in text order with ids ``s1``...; ``parents[i]`` indexes the parent of
    statement ``i`` (by default, looked up by the statements' own ids)."""
    if parents is None:
        index = {st.id: n for n, st in enumerate(statements)}
        parents = [index.get(st.parent) if st.parent is not None else None for st in statements]
    order = sorted(range(len(statements)), key=lambda n: _position(statements[n]))
    new_id = {n: f"s{k + 1}" for k, n in enumerate(order)}
    out = []
    for n in order:
        p = parents[n]
        parent = new_id[p] if p is not None and p != n else None
        out.append(replace(statements[n], id=new_id[n], parent=parent, content=list(statements[n].content)))
    return out


def _position(st: Statement) -> tuple[int, int]:
    starts = [s.start for s in st.content] + [s.start for s in (st.source, st.cue) if s is not None]
    return (min(starts) if starts else 0, st.content[0].end if st.content else 0)


class FindAttributions:
    """Stage: set ``article.statements`` from the rules, merged with the tagger when asked."""

    @classmethod
    def create(cls, context: Context) -> FindAttributions:
        """The stage for a pipeline's context (:mod:`saidwhat.core.resources`)."""
        return cls(context.options, context.resources, lexicon())

    def __init__(self, options: Options, resources: Resources | None = None, lex: Lexicon | None = None) -> None:
        self.options = options
        self.resources = resources or Resources(options)
        self.lex = lex or lexicon()
        if options.attribution == "model":
            self._tagger()  # raises ModelError now, not on every page

    def _tagger(self) -> _Tagger | None:
        if self.options.attribution == "rules":
            return None
        result = self.resources.get(TAGGER)
        if not isinstance(result, ModelError):
            return result
        if self.options.attribution == "model":
            raise ModelError(result.reason, result.where)
        _warn_rules_only(str(result))
        return None

    def __call__(self, article: Article) -> Article:
        read = _analysed(article)
        rules = find_statements(read, self.lex)
        tagger = self._tagger()
        if tagger is not None and not english(article, self.options):
            tagger = None  # trained on English news: the rules alone read other languages
        model = tagger.predict(read, rules) if tagger is not None else []
        article.statements = renumber(apply_conventions(article, merge(rules, model, article.text)))
        return article


def _analysed(article: Article) -> Article:
    """The article as the rules and the tagger read it: the article itself, or, past the bounds of
    :mod:`.bounds`, a view of its text with only the blocks (and parts of blocks) that are read."""
    blocks = analysed_blocks(article.text, article.blocks)
    if blocks is None:
        return article
    read = Article(article.input, text=article.text, blocks=blocks, metadata=article.metadata)
    read.quotes = article.quotes  # found by the quotation stage in the same blocks
    return read
