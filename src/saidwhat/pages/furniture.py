"""Which lines of a scraped text are the article, and which are the site around it.

Public API (also used on trafilatura's output):

- :func:`classify_lines` gives one label per line: ``title``, ``heading``,
  ``paragraph``, ``caption``, ``credit``, ``byline``, ``dateline`` or
  ``furniture``.
- :func:`classify_segments` gives the full picture: lines cut into segments
  (a dateline or a caption with its credit glued to a paragraph are cut apart,
  see :mod:`.furniture_split`), each with its label, its furniture kind
  (``advertisement``, ``navigation``, ``share``, ``related``, ``date-bar``,
  ``weather``, ...) and the model's confidence.

How: each segment gets sparse features (:mod:`.furniture_features`: length,
ending, capitalisation, stop words per language, digits, position, neighbours,
the phrase lists of the languages' ``furniture.json``, :mod:`saidwhat.lang`); a multinomial
logistic regression (:mod:`.furniture_model`, weights in
``data/furniture_model.json``) scores the labels; then a light sequence
smoothing applies what a page layout implies: one title, the first real line;
text next to a photo credit is its caption; short unpunctuated lines after the
last paragraph, among furniture, are furniture too (the "related posts" block);
and a line that reads like a sentence is never removed on a guess, only on a
confident prediction or a phrase-list match. An optional :class:`SiteProfile`
(from a batch, :mod:`.furniture_profile`) marks lines repeated across many
pages of one site as furniture.

Retrain (deterministic) on the labelled train split of the development
distribution's gold set: ``saidwhat train furniture`` (:mod:`saidwhat_dev.train.furniture`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..core.errors import ModelError
from ..core.options import Options
from ..core.resources import Resource, shared_resources
from ..data import package_json
from ..lang import quote_marks
from .furniture_data import FurnitureData, furniture_data, normalise
from .furniture_features import SegmentFacts, ends_sentence, facts_of, features
from .furniture_model import LineModel
from .furniture_profile import BatchProfile, SiteProfile
from .furniture_split import Segment, split_lines

__all__ = [
    "LABELS",
    "LINE_MODEL",
    "BatchProfile",
    "Classified",
    "Relabel",
    "Segment",
    "SiteProfile",
    "classify_lines",
    "classify_segments",
    "has_evidence",
    "line_model",
]

LABELS = ("title", "heading", "paragraph", "caption", "credit", "byline", "dateline", "furniture")
CONTENT = frozenset({"title", "heading", "paragraph"})
MODEL_FILE = "furniture_model.json"
# Prose is removed only when the model is at least this sure (or a phrase matches
# it). Leave-one-site-out cross-validation on the train split (35 pages, see
# bench/train_furniture.py): 0.5 to 0.7 lose no paragraph and recall 0.971;
# 0.8: 0.969; 0.9: 0.964. The highest value of the best plateau is kept.
SENTENCE_GUARD = 0.7
TITLE_MAX_WORDS = 40
CAPTION_MAX_WORDS = 30
_SPEECH_MARKS = quote_marks().chars("speech")
_LINE_OPENERS = quote_marks().chars("line_openers") + "("
_INNER_SENTENCE_END = re.compile(
    "[.!?]["
    + quote_marks().chars("sentence_closers")
    + "]?\\s+["
    + quote_marks().chars("speech_openers")
    + "]?[A-ZÀ-ÖØ-Þ]"
)
MAX_SCAN = 2000  # characters of a segment searched for an inner sentence end
UNSURE = 0.5  # text between two kept blocks is kept when the model is no surer than this
# The title is the first line above the text that the model does not hold for
# furniture at TITLE_MAX_FURNITURE or more, and whose title score is at least
# TITLE_RELATIVE of the best one (a site menu above a confident title is skipped).
TITLE_MAX_FURNITURE = 0.75
TITLE_RELATIVE = 0.33
TITLE_MIN_PROBA = 0.2  # else: the likeliest title above the text, when at least this likely


@dataclass(slots=True, frozen=True)
class Classified:
    """A segment with its label; ``kind`` is the furniture kind (empty for kept text)."""

    segment: Segment
    label: str
    kind: str
    confidence: float

    @property
    def text(self) -> str:
        return self.segment.text


def line_model() -> LineModel:
    """The shipped classifier weights, read and validated (a pipeline reads them once, as
    :data:`LINE_MODEL` of its resources)."""
    data, where = package_json(MODEL_FILE, ModelError)
    model = LineModel.from_json(data, where)
    if set(model.classes) != set(LABELS):
        raise ModelError(f"classes {model.classes} are not {list(LABELS)}", where)
    return model


def _load_line_model(options: Options) -> LineModel:
    return line_model()


# The line classifier's weights, read once per Resources (see saidwhat.core.resources).
LINE_MODEL: Resource[LineModel] = Resource("furniture line model", _load_line_model)


def classify_lines(lines: Sequence[str], site: SiteProfile | None = None) -> list[str]:
    """One label per line (see :data:`LABELS`); blank lines are ``furniture``.

    A line cut into segments takes the label of its kept content when it has
    some (``paragraph`` before ``caption``), so a line holding any article text
    is never reported as furniture.
    """
    labels = ["furniture"] * len(lines)
    by_line: dict[int, list[Classified]] = {}
    for item in classify_segments(lines, site):
        by_line.setdefault(item.segment.line, []).append(item)
    for line, items in by_line.items():
        kept = [c.label for c in items if c.label != "furniture"]
        labels[line] = min(kept, key=_line_priority) if kept else "furniture"
    return labels


def _line_priority(label: str) -> int:
    return ("title", "paragraph", "heading", "caption", "byline", "dateline", "credit").index(label)


# A second pass over the whole page that may change the labels: the text-dump
# cleaner's layout model (:mod:`.dump_layout`) reads the page as a sequence.
# It gets the segments' facts, the classifier's feature vectors, its scores and its labels.
Relabel = Callable[[list[SegmentFacts], list[dict[str, float]], list[dict[str, float]], list[str]], list[str]]


def classify_segments(
    lines: Sequence[str],
    site: SiteProfile | None = None,
    model: LineModel | None = None,
    relabel: Relabel | None = None,
    data: FurnitureData | None = None,
) -> list[Classified]:
    """Cut, score and label every non-blank line (``relabel``: a page-level pass after the smoothing;
    ``data``: the vocabulary, :func:`~.furniture_data.furniture_data` unless given)."""
    lines = list(lines)
    data = data or furniture_data()
    model = model or shared_resources(Options()).get(LINE_MODEL)
    segments = split_lines(lines)
    if not segments:
        return []
    facts = facts_of(segments, lines, data)
    xs = features(facts, data)
    probs = [_by_label(model, p) for p in model.batch_proba(xs)]
    labels = _smooth(facts, probs, data)
    if relabel is not None:
        labels = relabel(facts, xs, probs, labels)
    repeated = _apply_profile(facts, labels, site) if site is not None else set()
    kinds = _kinds(facts, labels, data)
    for i in repeated:
        if kinds[i] in ("furniture", "navigation"):
            kinds[i] = "repeated"
    return [
        Classified(f.segment, label, kind, round(p[label], 4))
        for f, label, kind, p in zip(facts, labels, kinds, probs)
    ]


def _by_label(model: LineModel, proba: list[float]) -> dict[str, float]:
    return dict(zip(model.classes, proba))


# --- sequence smoothing -------------------------------------------------------


def _smooth(facts: list[SegmentFacts], probs: list[dict[str, float]], data: FurnitureData) -> list[str]:
    """The model's best labels, corrected by what a page layout implies, in this order: the
    splitter's cuts keep their roles; one title; prose kept unless the evidence is strong;
    captions by their credits; the trailing block of teasers; a page never left without text."""
    labels = [max(p, key=p.__getitem__) for p in probs]
    _split_roles(facts, labels)
    _one_title(facts, probs, labels)
    _guard_sentences(facts, probs, labels, data)
    _captions_by_credits(facts, labels)
    _trailing_block(facts, labels)
    _rescue(facts, probs, labels, data)
    return labels


def _rescue(
    facts: list[SegmentFacts], probs: list[dict[str, float]], labels: list[str], data: FurnitureData
) -> None:
    """A page is never left without its text: on a page too short or too odd for the model, prose
    that nothing marks as furniture is kept, and the likeliest line above it is the title."""
    if "paragraph" not in labels:
        for i, fact in enumerate(facts):
            if labels[i] == "furniture" and not has_evidence(fact) and (fact.sentence or _prose(fact, data)):
                labels[i] = "paragraph"
    if "title" not in labels:
        top = next((i for i, lab in enumerate(labels) if lab == "paragraph"), len(labels))
        head = [
            i
            for i in range(top)
            if labels[i] in ("furniture", "heading")
            and not has_evidence(facts[i])
            and not facts[i].segment.role
            and not facts[i].sentence
            and 0 < len(facts[i].lower) <= TITLE_MAX_WORDS
        ]
        if head:
            labels[max(head, key=lambda i: probs[i]["title"])] = "title"


def _strong_match(fact: SegmentFacts) -> bool:
    return fact.match is not None and fact.match.how in ("exact", "label", "prefix")


def has_evidence(fact: SegmentFacts) -> bool:
    """Furniture that says so: a phrase of the list, a copyright notice or a date alone."""
    first = fact.lower[0] if fact.lower else ""
    long_phrase = fact.match is not None and len(fact.match.phrase.split()) >= 3
    weather = "°" in fact.segment.text[:200]
    return (
        _strong_match(fact)
        or long_phrase
        or fact.segment.text.startswith("©")
        or first == "copyright"
        or fact.date
        or weather
    )


def _prose(fact: SegmentFacts, data: FurnitureData) -> bool:
    """Running text: a short sentence ("He declined to comment."), or a long line that holds a
    sentence end or breaks off mid-sentence (a hard-wrapped paragraph, a quote and its author)."""
    text = fact.segment.text
    first = text.lstrip(_LINE_OPENERS)[:1]
    stops = fact.stops
    if len(fact.lower) >= 4 and ends_sentence(text) and (first.isupper() or first.isdigit()) and stops > 0:
        return True
    if len(fact.lower) < 8 or stops < 0.2:
        return False
    last = text.rstrip()[-1:]
    return last in ",;" or last.islower() or bool(_INNER_SENTENCE_END.search(text[:MAX_SCAN]))


def _guard_sentences(
    facts: list[SegmentFacts], probs: list[dict[str, float]], labels: list[str], data: FurnitureData
) -> None:
    """Prose is not removed on a guess: only when the model is sure or the phrase list says so.

    Quoted speech that ends a sentence ('"We are not giving up," she said.') is
    what saidwhat exists to find, and prose right after a title, heading or
    paragraph continues the article: neither is removed without such evidence.
    """
    for i, fact in enumerate(facts):
        if labels[i] != "furniture" or has_evidence(fact):
            continue
        prose = fact.sentence or _prose(fact, data)
        quoted = prose and (
            any(mark in fact.segment.text for mark in _SPEECH_MARKS) or "''" in fact.segment.text
        )
        follows_text = i > 0 and labels[i - 1] in CONTENT
        between = follows_text and i + 1 < len(labels) and labels[i + 1] in CONTENT
        unsure = probs[i]["furniture"] < UNSURE
        if (
            quoted
            or (prose and (follows_text or probs[i]["furniture"] < SENTENCE_GUARD))
            or (between and unsure)
        ):
            labels[i] = max(
                (k for k in probs[i] if k not in ("furniture", "title")), key=probs[i].__getitem__
            )


def _split_roles(facts: list[SegmentFacts], labels: list[str]) -> None:
    """A line the splitter cut as caption + credit (+ text), or dateline + text, keeps those roles."""
    for i, fact in enumerate(facts):
        role = fact.segment.role
        same_line = [
            j for j in (i - 1, i + 1) if 0 <= j < len(facts) and facts[j].segment.line == fact.segment.line
        ]
        if role in ("caption", "credit") and same_line:
            labels[i] = role
        elif role == "dateline":
            labels[i] = "dateline"
        elif role == "after" and labels[i] == "furniture" and not has_evidence(fact):
            labels[i] = "paragraph"


def _captions_by_credits(facts: list[SegmentFacts], labels: list[str]) -> None:
    """Short text right before a photo credit (or unpunctuated right after one) is its caption."""
    for i, fact in enumerate(facts):
        if labels[i] not in ("paragraph", "heading") or len(fact.lower) > CAPTION_MAX_WORDS:
            continue
        nxt = i + 1 < len(facts) and labels[i + 1] == "credit" and facts[i + 1].credit
        prv = i > 0 and labels[i - 1] == "credit" and facts[i - 1].credit
        if nxt or (prv and fact.segment.text.rstrip()[-1:].isalnum()):
            labels[i] = "caption"


def _trailing_block(facts: list[SegmentFacts], labels: list[str]) -> None:
    """After the last paragraph, lines that do not end a sentence and sit among furniture are furniture."""
    last = max((i for i, f in enumerate(facts) if labels[i] == "paragraph" and f.sentence), default=-1)
    if last < 0:
        return
    for backward in (False, True):  # runs of teasers are caught from either side
        order = range(len(facts) - 1, last, -1) if backward else range(last + 1, len(facts))
        for i in order:
            if labels[i] not in ("heading", "title", "caption", "paragraph") or facts[i].sentence:
                continue
            if ends_sentence(facts[i].segment.text):
                continue
            near = [labels[j] for j in (i - 1, i + 1) if last < j < len(facts)]
            if "furniture" in near:
                labels[i] = "furniture"


def _one_title(facts: list[SegmentFacts], probs: list[dict[str, float]], labels: list[str]) -> None:
    """One title: the first real line, i.e. the likeliest title above the first paragraph."""
    top = next((i for i, f in enumerate(facts) if labels[i] == "paragraph" and f.sentence), len(facts))
    head = [i for i in range(top) if _title_candidate(facts, labels, i)]
    # The first line of three words or more that the model neither holds for sure
    # furniture nor finds far less likely a title than the likeliest one.
    best = max((probs[i]["title"] for i in head), default=0.0)
    title = next(
        (
            i
            for i in head
            if len(facts[i].lower) >= 3
            and probs[i]["furniture"] < TITLE_MAX_FURNITURE
            and probs[i]["title"] >= best * TITLE_RELATIVE
        ),
        None,
    )
    if title is None and head:
        best = max(head, key=lambda i: probs[i]["title"])
        if probs[best]["title"] >= TITLE_MIN_PROBA or labels[best] in CONTENT:
            title = best
    if title is None:
        title = next((i for i in head if labels[i] in CONTENT or labels[i] == "caption"), None)
    if title is None:  # all furniture by the model: the line nearest the text that could be a title
        title = next((i for i in reversed(head) if len(facts[i].lower) >= 4), None)
    for i, lab in enumerate(labels):
        if lab == "title" and i != title:
            labels[i] = "paragraph" if facts[i].sentence else "heading"
    if title is not None:
        labels[title] = "title"
        _standfirst(facts, probs, labels, title + 1)


def _standfirst(facts: list[SegmentFacts], probs: list[dict[str, float]], labels: list[str], i: int) -> None:
    """The line right under the title, when it is no furniture for sure, is its subtitle."""
    if i >= len(facts) or labels[i] != "furniture" or has_evidence(facts[i]) or facts[i].segment.role:
        return
    if len(facts[i].lower) >= 4 and probs[i]["furniture"] < TITLE_MAX_FURNITURE:
        labels[i] = "heading"


def _title_candidate(facts: list[SegmentFacts], labels: list[str], i: int) -> bool:
    fact = facts[i]
    if fact.sentence or len(fact.lower) > TITLE_MAX_WORDS or len(fact.lower) < 2 or fact.segment.role:
        return False
    if len(fact.lower) >= 4 and fact.segment.text.rstrip().endswith("."):
        return False  # a sentence of a paragraph: titles do not end with a full stop
    if labels[i] == "furniture":
        return not has_evidence(fact)
    if labels[i] == "caption":
        return not any(0 <= j < len(facts) and facts[j].credit for j in (i - 1, i + 1))
    return labels[i] in CONTENT


def _apply_profile(facts: list[SegmentFacts], labels: list[str], site: SiteProfile) -> set[int]:
    """Title, heading or paragraph lines repeated across the site's stories are furniture."""
    flagged = set()
    for i, fact in enumerate(facts):
        if labels[i] in CONTENT and site.is_boilerplate(fact.segment.text, sentence=fact.sentence):
            labels[i] = "furniture"
            flagged.add(i)
    return flagged


# --- furniture kinds ------------------------------------------------------------


def _kinds(facts: list[SegmentFacts], labels: list[str], data: FurnitureData) -> list[str]:
    title = next((i for i, lab in enumerate(labels) if lab == "title"), len(labels))
    first_sentence = next(
        (i for i, f in enumerate(facts) if f.sentence and labels[i] != "furniture"), len(facts)
    )
    return [
        _kind(fact, i < title, i < first_sentence, data) if labels[i] == "furniture" else ""
        for i, fact in enumerate(facts)
    ]


def _kind(fact: SegmentFacts, before_title: bool, before_text: bool, data: FurnitureData) -> str:
    if _strong_match(fact) and fact.match is not None:
        return fact.match.kind
    norm = normalise(fact.segment.text)
    if "°" in fact.segment.text[:200] or (
        fact.lower and all(w in data.weather_words for w in fact.lower[:2])
    ):
        return "weather"
    if fact.date:
        return "date-bar" if before_title else "date"
    if "©" in norm or "copyright" in fact.lower:
        return "copyright"
    if fact.match is not None:
        return fact.match.kind
    if before_text and len(fact.lower) <= 4:
        return "navigation"
    return "furniture"
