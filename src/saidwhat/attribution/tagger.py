"""The learned attribution model: a sequence labeller that tags sources, cues and contents.

:class:`AttributionTagger` tags each paragraph (block) of an article with BIO
labels for the three roles (see :mod:`.crf_data` and :mod:`.features`; a
model trained with ``rule_features``, as the shipped one is, also reads the
rules' statements, see :mod:`.crf_rules`). The labeller is the one the model
directory's manifest names (:mod:`.manifest`): the BiLSTM-CRF of :mod:`.neural`
(the shipped model) or the linear-chain CRF of :class:`CrfLabeller`. The tagged spans are then assembled into statements,
paragraph by paragraph:

- every cue anchors one statement;
- each cue takes the nearest source span, preferring its own sentence;
- each content span joins the nearest cue, preferring its own sentence; a
  content in a paragraph without a cue continues the last statement of the
  previous paragraph when that statement's content ran to its paragraph's
  end (multi-paragraph quotations), and stands alone otherwise;
- a source with no cue in its paragraph is dropped (it measured as noise).

``kind`` is DIRECT when the content is a quotation in marks, MIXED when it
holds a quotation, INDIRECT otherwise; ``confidence`` is the mean marginal
probability of the labels of the statement's tokens.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pycrfsuite
from numpy.typing import NDArray

from ..core.errors import DataError, ModelError
from ..core.model import Article, Span, Statement, StatementKind
from ..lang import quote_marks
from ..nlp.pos import PosTagger
from .crf_data import TaggedSpan, decode, paragraph_views
from .crf_rules import RuleMarks, corpus_blocks, rule_statements
from .features import CueLexicon, FeatureIds, ParagraphView, paragraph_features
from .manifest import DEFAULT_MODEL_DIR, Manifest
from .neural import Network

__all__ = ["DEFAULT_MODEL_DIR", "AttributionTagger", "CrfLabeller", "Labeller", "TaggedParagraph"]

TAG_BATCH_TOKENS = 16_384  # tokens whose attributes exist at once (a paragraph is at most 2,000)
_OPENERS = quote_marks().chars("openers")
_CLOSERS = quote_marks().chars("closers")
_DOUBLE = quote_marks().chars("double")


@dataclass(slots=True)
class TaggedParagraph:
    """One paragraph's tokens, labels, label probabilities and decoded spans."""

    view: ParagraphView
    labels: list[str]
    probs: list[float]
    spans: list[TaggedSpan]


@dataclass(slots=True)
class _Draft:
    paragraph: int
    cue: TaggedSpan | None
    source: TaggedSpan | None = None
    content: list[TaggedSpan] = field(default_factory=list)
    probs: list[float] = field(default_factory=list)


class AttributionTagger:
    """Finds attributions with the labeller shipped in ``attribution/models`` (see the module docstring)."""

    def __init__(self, labeller: Labeller, pos: PosTagger, cues: CueLexicon, rules: bool = False) -> None:
        self._labeller = labeller
        self._pos = pos
        self._cues = cues
        self._rules = rules  # the model was trained with the rules' statements as features
        self._feature_ids: FeatureIds | None = None  # the network's attribute ids, cached per value

    @classmethod
    def load(cls, path: Path | None = None) -> AttributionTagger:
        """The model in directory ``path`` (default: the shipped one), as its manifest describes it.

        Each call reads the files: a pipeline gets its tagger once from its resources
        (:data:`saidwhat.attribution.stage.TAGGER`)."""
        manifest = Manifest.read(path or DEFAULT_MODEL_DIR)
        labeller = _LABELLERS[manifest.architecture](manifest.path("labeller"))
        unknown = sorted(set(labeller.labels) - set(manifest.labels))
        if unknown:
            where = str(manifest.directory)
            raise ModelError(f"the labeller emits labels the manifest does not list: {unknown}", where)
        pos = PosTagger.load(manifest.path("pos"))
        return cls(labeller, pos, _load_cues(manifest.path("cues")), manifest.rule_features)

    def tag(self, article: Article, rules: Sequence[Statement] | None = None) -> list[TaggedParagraph]:
        """Tag every paragraph (block) of the article; ``rules`` are the rules' statements when
        the caller has them already (they are found again otherwise).

        Paragraphs go to the labeller in batches of at most :data:`TAG_BATCH_TOKENS` tokens: the
        attributes of one token take a few kilobytes, so building them for a whole long page at
        once peaked at 1.7 GB on a 2.3 MB text; batched, memory no longer grows with the page."""
        blocks = article.blocks or corpus_blocks(article.text)
        views = paragraph_views(article.text, [b.span for b in blocks], self._pos)
        marks = None
        if self._rules:
            if rules is None:
                probe = Article(article.input, text=article.text, blocks=blocks, quotes=article.quotes)
                rules = rule_statements(probe)
            marks = RuleMarks([s for s in rules if s.parent is None], len(article.text))
        out: list[TaggedParagraph] = []
        for batch in _token_batches(views, TAG_BATCH_TOKENS):
            if isinstance(self._labeller, Network):
                labelled = self._labeller.label_ids(self._ids(batch, marks))
            else:
                extra = marks.features(batch) if marks else [[[] for _ in v.tokens] for v in batch]
                feats = [
                    [f + m for f, m in zip(paragraph_features(v, self._cues), more)]
                    for v, more in zip(batch, extra)
                ]
                labelled = self._labeller.label(feats)
            out.extend(
                TaggedParagraph(view, labels, probs, decode(labels, view.tokens))
                for view, (labels, probs) in zip(batch, labelled)
            )
        return out

    def _ids(self, views: Sequence[ParagraphView], marks: RuleMarks | None) -> list[NDArray[np.int64]]:
        """The network's row ids of the paragraphs' attributes (those :func:`paragraph_features` and
        :meth:`RuleMarks.features` spell out, computed per distinct value: see :class:`FeatureIds`)."""
        assert isinstance(self._labeller, Network)
        if self._feature_ids is None:
            self._feature_ids = FeatureIds(self._cues, self._labeller.buckets)
        if marks is None:
            return self._feature_ids.paragraphs(views)
        roles = [r for v in views for r in marks.roles(v)]
        extra: list[tuple[str, Sequence[object]]] = [
            ("r", [r for r, _ in roles]),
            ("rb", [r if b else None for r, b in roles]),
        ]
        return self._feature_ids.paragraphs(views, extra)

    def predict(self, article: Article, rules: Sequence[Statement] | None = None) -> list[Statement]:
        """Statements ``m1``, ``m2``, ... of the article, in text order (``rules``: see :meth:`tag`)."""
        drafts = _assemble(self.tag(article, rules))
        statements = [_statement(article.text, d) for d in drafts]
        statements.sort(key=lambda s: min([s.cue or s.content[0], *s.content]).start)
        for i, st in enumerate(statements, 1):
            st.id = f"m{i}"
        return statements


class Labeller(Protocol):
    """Labels paragraphs given as token attribute lists: (labels, marginal of each label) per paragraph."""

    @property
    def labels(self) -> Sequence[str]:
        """The labels it may emit."""
        ...

    def label(self, paragraphs: Sequence[Sequence[Sequence[str]]]) -> list[tuple[list[str], list[float]]]: ...


class CrfLabeller:
    """The linear-chain CRF (python-crfsuite), the model ``saidwhat train attribution --architecture crf`` makes."""

    def __init__(self, crf: pycrfsuite.Tagger) -> None:
        self._crf = crf

    @property
    def labels(self) -> Sequence[str]:
        names: list[str] = self._crf.labels()
        return names

    @classmethod
    def load(cls, path: Path) -> CrfLabeller:
        crf = pycrfsuite.Tagger()
        try:
            crf.open(str(path))
        except Exception as err:  # crfsuite raises bare ValueError/OSError on a bad file
            raise ModelError(f"cannot load attribution model: {err}", str(path)) from err
        return cls(crf)

    def label(self, paragraphs: Sequence[Sequence[Sequence[str]]]) -> list[tuple[list[str], list[float]]]:
        out = []
        for feats in paragraphs:
            self._crf.set([list(f) for f in feats])
            labels: list[str] = self._crf.tag()
            out.append((labels, [self._crf.marginal(lab, i) for i, lab in enumerate(labels)]))
        return out


# the labeller of each architecture a manifest may name (see :mod:`.manifest`)
_LABELLERS: dict[str, Callable[[Path], Labeller]] = {"bilstm-crf": Network.load, "crf": CrfLabeller.load}


def _load_cues(path: Path) -> CueLexicon:
    try:
        rates = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ModelError(f"cannot read cue words: {err}", str(path)) from err
    if isinstance(rates, list):  # models trained before cue rates were recorded
        rates = {w: 0.0 for w in rates}
    if not isinstance(rates, dict) or not all(isinstance(r, float | int) for r in rates.values()):
        raise DataError("cue words must be a JSON object of word -> rate in gold cues", str(path))
    return CueLexicon.from_rates({str(w): float(r) for w, r in rates.items()})


def _token_batches(views: Sequence[ParagraphView], limit: int) -> Iterator[list[ParagraphView]]:
    """Consecutive views in batches of at most ``limit`` tokens (a longer view goes alone)."""
    batch: list[ParagraphView] = []
    size = 0
    for view in views:
        if batch and size + len(view.tokens) > limit:
            yield batch
            batch, size = [], 0
        batch.append(view)
        size += len(view.tokens)
    if batch:
        yield batch


def _gap(a: TaggedSpan, b: TaggedSpan) -> int:
    return max(b.first - a.last, a.first - b.last, 0)


def _nearest(span: TaggedSpan, anchors: Sequence[TaggedSpan], view: ParagraphView) -> int | None:
    """Index of the anchor nearest to ``span``, those in the same sentence first."""
    if not anchors:
        return None
    sent = view.sentence_of[span.first]

    def key(k: int) -> tuple[bool, int]:
        a = anchors[k]
        same = view.sentence_of[a.first] == sent or view.sentence_of[a.last] == sent
        return (not same, _gap(span, a))

    return min(range(len(anchors)), key=key)


def _assemble(paragraphs: list[TaggedParagraph]) -> list[_Draft]:
    drafts: list[_Draft] = []
    previous: _Draft | None = None  # last draft of the previous paragraph, if its content ran to the end
    for p_index, tp in enumerate(paragraphs):
        cues = [s for s in tp.spans if s.role == "cue"]
        sources = [s for s in tp.spans if s.role == "source"]
        local = [_Draft(p_index, c) for c in cues]
        for d in local:
            k = _nearest(d.cue, sources, tp.view) if d.cue else None
            d.source = sources[k] if k is not None else None
        continued = False
        for span in (s for s in tp.spans if s.role == "content"):
            k = _nearest(span, cues, tp.view)
            if k is not None:
                local[k].content.append(span)
            elif previous is not None:
                previous.content.append(span)
                previous.probs.extend(tp.probs[span.first : span.last + 1])
                continued = span.last >= len(tp.labels) - 2
            else:
                local.append(_Draft(p_index, None, None, [span]))
        for d in local:
            d.probs = _probs(tp, d)
        drafts.extend(d for d in local if d.content or d.cue is not None)
        ends = [d for d in local if d.content and d.content[-1].last >= len(tp.labels) - 2]
        previous = ends[-1] if ends else (previous if continued else None)
    return drafts


def _probs(tp: TaggedParagraph, d: _Draft) -> list[float]:
    spans = [s for s in (d.cue, d.source, *d.content) if s is not None]
    return [tp.probs[i] for s in spans for i in range(s.first, s.last + 1)]


def _kind(text: str, content: list[Span]) -> StatementKind:
    """DIRECT when the content sits between quotation marks (inside or just outside its span)."""
    if not content:
        return StatementKind.INDIRECT
    start, end = content[0].start, content[-1].end
    body = text[start:end].strip()
    before = text[max(0, start - 3) : start].rstrip()
    after = text[end : end + 4].lstrip(" ,.;:!?")
    opened = body[:1] in _OPENERS or before[-1:] in _OPENERS
    closed = body.rstrip(" ,.;:!?")[-1:] in _CLOSERS or after[:1] in _CLOSERS
    inner = body.strip(_OPENERS + _CLOSERS + " ,.;:!?")
    if opened and closed and not any(c in _DOUBLE for c in inner):
        return StatementKind.DIRECT
    if any(c in _DOUBLE for c in body):
        return StatementKind.MIXED
    return StatementKind.INDIRECT


def _statement(text: str, d: _Draft) -> Statement:
    content = [s.span for s in d.content]
    confidence = sum(d.probs) / len(d.probs) if d.probs else 0.0
    return Statement(
        id="",
        kind=_kind(text, content),
        content=content,
        source=d.source.span if d.source else None,
        cue=d.cue.span if d.cue else None,
        confidence=round(confidence, 4),
        method="model",
    )
