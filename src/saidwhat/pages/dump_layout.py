"""The layout of a text dump: which run of lines is the article body, read as one sequence.

A scraper's dump has a shape: short navigation lines at the top, a title, a
byline or a date, long prose lines, then teaser lists, share lines and
footers. The line classifier (:mod:`.furniture`) looks at one segment and its
close neighbours; this pass reads the whole page. A linear-chain CRF
(python-crfsuite) labels every segment ``body`` (paragraphs and headings of
the article) or ``other``, from features of the segment and of the region
around it: its length in words and characters, ending, capitalisation, stop
words and script-neutral signs of prose, punctuation and links, its words
when it is short, its position, whether it stands before, inside or after
the page's prose and the page's main run of prose (:func:`main_run`) and how
far from it, the run of short lines it belongs to, whether it repeats
on the page, its word overlap with the title, the phrase list's match in any
language, the same few facts of its neighbours, and the line classifier's
own scores and label (evidence, not the decision). A small convolutional
network over the same page (:mod:`.dump_lines`) reads it a second time; P(body)
is the mean of the two models' (:meth:`LayoutModel.body`).

Its decision then corrects the classifier's labels (:func:`relabel`): a
paragraph or heading outside the body becomes furniture, and furniture inside
it becomes a paragraph or heading. Titles, captions, credits, bylines and
datelines keep the labels the classifier and its smoothing gave them: the
body is what the two models decide, the structure around it is the classifier's.

The models (``data/dump_layout.crfsuite``, its settings in
``data/dump_layout.json``, and the line network ``data/dump_lines.npz``) are
trained by ``saidwhat train dumps``
(:mod:`saidwhat_dev.train.dumps`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from ..core.errors import ModelError
from ..core.options import Options
from ..core.resources import Resource, shared_resources
from ..lang import quote_marks
from .dump_lines import LineNet
from .furniture import has_evidence
from .furniture_data import FurnitureData, furniture_data
from .furniture_features import SegmentFacts, calendar_words, ends_sentence

__all__ = [
    "BODY",
    "DEFAULT_MODEL",
    "LAYOUT_MODEL",
    "LINES_FILE",
    "OTHER",
    "LayoutModel",
    "decide",
    "layout_features",
    "layout_model",
    "mix",
    "relabel",
    "shown_structure",
]

BODY, OTHER = "body", "other"
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "data" / "dump_layout.crfsuite"
LINES_FILE = "dump_lines.npz"  # the line network, beside the CRF (see LayoutModel.load)
_CONTENT = ("paragraph", "heading")
_NON_LATIN = re.compile(r"[\u0370-\u1fff\u3000-\uffef]")
_PUNCT = frozenset(".,;:!?…" + quote_marks().chars("layout") + "()")
SUBHEADING_WORDS = 12
SUBHEADING_FLOOR = 0.1  # P(body) under which a subheading, or a subtitle that names itself furniture, goes
_SPEECH_OPENERS = quote_marks().chars("speech_openers")
CONTINUED = 0.5  # share of remove_below under which a sentence continuing the text is removed
_LEXICAL_WORDS = 12  # a segment this short is described by its words too
_SHORT = 4  # words: a menu entry, a tag, a teaser's kicker
_RUN_GAP = 6  # non-prose lines a run of prose may hold (a photo and its caption, a list, an advertisement)


@dataclass(slots=True)
class LayoutModel:
    """The CRF, the line network beside it (:mod:`.dump_lines`; none when its file is absent) and
    the two thresholds on P(body) that decide (see :func:`decide`)."""

    tagger: pycrfsuite.Tagger
    remove_below: float = 0.5
    add_above: float = 0.5
    lines: LineNet | None = None
    lines_share: float = 0.5  # the line network's weight in P(body); the CRF has the rest

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> LayoutModel:
        """The CRF at ``path``, its settings beside it (``.json``) and the line network beside it
        (``dump_lines.npz`` in the same folder), when there is one."""
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
        except Exception as err:  # crfsuite raises bare ValueError/OSError on a bad file
            raise ModelError(f"cannot load the text-dump layout model: {err}", str(path)) from err
        lines_path = path.with_name(LINES_FILE)
        lines = LineNet.load(lines_path) if lines_path.is_file() else None
        remove_below, add_above, share = _settings(path.with_suffix(".json"))
        return cls(tagger, remove_below, add_above, lines, share)

    def body_marginals(self, xseq: list[dict[str, float]]) -> list[float]:
        """The CRF's P(body) of every segment (empty for an empty page)."""
        if not xseq:
            return []
        self.tagger.set(pycrfsuite.ItemSequence(xseq))  # marginals need no Viterbi pass (tag())
        return [self.tagger.marginal(BODY, i) for i in range(len(xseq))]

    def body(self, facts: list[SegmentFacts], xseq: list[dict[str, float]], labels: list[str]) -> list[float]:
        """P(body) of every segment: the weighted mean of the CRF's and the line network's."""
        crf = self.body_marginals(xseq)
        if self.lines is None:
            return crf
        return mix(crf, self.lines.body(facts, xseq, labels, main_run(facts, prose_lines(facts))), self.lines_share)


def mix(crf: Sequence[float], lines: Sequence[float], share: float) -> list[float]:
    """P(body) from the CRF's and the line network's, ``share`` the network's weight."""
    return [(1 - share) * a + share * b for a, b in zip(crf, lines, strict=True)]


def _settings(settings: Path) -> tuple[float, float, float]:
    """(remove_below, add_above, lines_share) of the model's settings file, read once (0.5 each
    when there is no file; the line network's share 0.5 when the file does not name it)."""
    if not settings.is_file():
        return 0.5, 0.5, 0.5
    try:
        raw = json.loads(settings.read_text("utf-8"))
        values = (raw["remove_below"], raw["add_above"])
    except (ValueError, KeyError, TypeError) as err:
        raise ModelError(f"no thresholds in the layout settings ({err})", str(settings)) from err
    for value in values:
        if not isinstance(value, int | float) or not 0 < value < 1:
            raise ModelError(f"threshold {value!r} is not between 0 and 1", str(settings))
    share = raw.get("lines_share", 0.5)
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ModelError(f"lines_share {share!r} is not between 0 and 1", str(settings))
    return float(values[0]), float(values[1]), float(share)


def layout_model() -> LayoutModel:
    """The shipped layout model, read (a pipeline reads it once, as :data:`LAYOUT_MODEL` of its resources)."""
    return LayoutModel.load()


def _load_layout_model(options: Options) -> LayoutModel:
    return layout_model()


# The layout model, read once per Resources (see saidwhat.core.resources).
LAYOUT_MODEL: Resource[LayoutModel] = Resource("text-dump layout model", _load_layout_model)


def relabel(
    facts: list[SegmentFacts],
    xs: list[dict[str, float]],
    probs: list[dict[str, float]],
    labels: list[str],
    model: LayoutModel | None = None,
) -> list[str]:
    """The classifier's labels with the body decided by the layout model (see the module doc)."""
    model = model or shared_resources(Options()).get(LAYOUT_MODEL)
    xseq = layout_features(facts, xs, probs, labels, furniture_data())
    marginals = model.body(facts, xseq, labels)
    return decide(facts, labels, marginals, model.remove_below, model.add_above, shown_structure(xseq))


# Features by which a segment shows the structure the classifier gave it: a credit's shape, a
# byline's "By", a caption's credit next to it, a cut made by the splitter.
_STRUCTURE_SIGNS = {
    "credit": ("pat:credit", "pat:staff_credit", "pat:agency", "role:credit"),
    "byline": ("pat:byline", "pat:name_like"),
    "caption": ("n:credit", "p:credit", "role:caption"),
}


def shown_structure(xseq: list[dict[str, float]]) -> list[str]:
    """For each segment, the structure label its own features show ("" for none)."""
    return [
        next((lab for lab, keys in _STRUCTURE_SIGNS.items() if any(k in x for k in keys)), "") for x in xseq
    ]


def decide(
    facts: list[SegmentFacts],
    labels: list[str],
    marginals: list[float],
    remove_below: float,
    add_above: float,
    shown: list[str] | None = None,
) -> list[str]:
    """Body by the marginals, structure by the classifier's labels.

    The classifier's paragraph or heading is removed when P(body) is under
    ``remove_below``; its furniture becomes body when P(body) is at least
    ``add_above``, unless it names itself furniture (a phrase of the list, a
    date, a copyright line: :func:`~.furniture.has_evidence`), and so does a
    credit, byline or caption that shows nothing of one (``shown``, see
    :func:`shown_structure`): a subheading is not a photo credit. The line
    right under the title that the classifier holds for its subtitle stays
    unless it names itself furniture and the model is sure it is not the
    article's (a date bar: :func:`_kept_subtitle`), a
    sentence that goes on from the article's text needs stronger evidence to
    go, a paragraph the dump broke over lines is kept whole (:func:`_broken_lines`),
    and a page the model would leave without a paragraph keeps the
    classifier's labels: the layout of a page of a few lines says little.
    """
    out = list(labels)
    title = next((i for i, label in enumerate(labels) if label == "title"), -2)
    evidence = [has_evidence(fact) for fact in facts]
    last_body = False  # the last segment that is not self-declared furniture is body
    for i, (fact, label, p) in enumerate(zip(facts, labels, marginals)):
        unfounded = shown is not None and label in _STRUCTURE_SIGNS and shown[i] != label
        if p >= add_above and (label == "furniture" or unfounded) and not evidence[i]:
            out[i] = "paragraph" if _prose_like(fact) else "heading"
        elif label == "caption" and _opens_quote(fact):
            out[i] = "paragraph"  # quoted speech by a photo credit is the article's, not a caption
        elif p < remove_below and label in _CONTENT and not _kept_subtitle(i, title, label, p, fact):
            out[i] = "furniture" if _removable(fact, p, remove_below, last_body) else label
        if not evidence[i]:
            last_body = out[i] == "paragraph"
    if "paragraph" not in out:
        return list(labels)
    _subheadings(facts, out, marginals, evidence)
    _broken_lines(facts, out, evidence)
    return out


def _broken_lines(facts: list[SegmentFacts], out: list[str], evidence: list[bool]) -> None:
    """A paragraph the dump broke over lines (a link, a line break inside it) is one paragraph:
    a line that goes on from a kept paragraph line (it opens in lower case where that one ends
    mid-sentence) is kept with it, and so is a line that such a kept line goes on from."""
    loose = [label in ("furniture", "heading") and not ev for label, ev in zip(out, evidence)]
    for i in range(1, len(facts)):
        if loose[i] and out[i - 1] == "paragraph" and _goes_on(facts[i - 1], facts[i]):
            out[i] = "paragraph"
    for i in range(len(facts) - 2, -1, -1):
        if loose[i] and out[i] != "paragraph" and out[i + 1] == "paragraph" and _goes_on(facts[i], facts[i + 1]):
            out[i] = "paragraph"


def _goes_on(before: SegmentFacts, after: SegmentFacts) -> bool:
    """``after`` continues the sentence ``before`` leaves open, on the next line of the dump."""
    last = before.segment.text.rstrip()[-1:]
    return (
        after.segment.line == before.segment.line + 1
        and after.segment.text[:1].islower()
        and len(before.lower) >= 3
        and (last.isalnum() or last in ",;")
    )


def _subtitle(i: int, title: int, label: str) -> bool:
    """The line right under the title that the classifier holds for its subtitle."""
    return label == "heading" and i == title + 1


def _kept_subtitle(i: int, title: int, label: str, p: float, fact: SegmentFacts) -> bool:
    """The title's subtitle is the article's unless it looks like furniture (:func:`_says_furniture`)
    and the model is sure too (P(body) under :data:`SUBHEADING_FLOOR`). The models learn little
    of subtitles: the benchmark they train on leaves them out of the article body, and how sure
    they are of one moves with every training."""
    return _subtitle(i, title, label) and (p >= SUBHEADING_FLOOR or not _says_furniture(fact))


def _says_furniture(fact: SegmentFacts) -> bool:
    """A phrase of the list, a date or a copyright (:func:`~.furniture.has_evidence`), or a
    date bar: a month or weekday name beside a number ("Updated Nov 19, 6:55 AM")."""
    if has_evidence(fact) or fact.match is not None:
        return True
    named = calendar_words(fact.lower, furniture_data()) > 0
    return named and any(c.isdigit() for c in fact.segment.text[:200])


def _subheadings(
    facts: list[SegmentFacts], out: list[str], marginals: list[float], evidence: list[bool]
) -> None:
    """A short line that does not end a sentence, between two paragraphs of the body, is a
    subheading (the model is not sure enough of such a line on its own)."""
    after_body = False
    for i, fact in enumerate(facts):
        if (
            out[i] == "furniture"
            and after_body
            and not evidence[i]
            and i + 1 < len(out)
            and out[i + 1] == "paragraph"
            and marginals[i] >= SUBHEADING_FLOOR
            and _heading_like(fact)
        ):
            out[i] = "heading"
        if not evidence[i] and out[i] not in ("caption", "credit"):  # a photo sits inside the text
            after_body = out[i] == "paragraph"


def _heading_like(fact: SegmentFacts) -> bool:
    text = fact.segment.text.lstrip("#* ")
    return (
        0 < len(fact.lower) <= SUBHEADING_WORDS
        and not ends_sentence(text)
        and text.rstrip()[-1:] not in ":|,;"
        and (text[:1].isupper() or text[:1].isdigit())
        and not fact.credit
        and not fact.date
    )


def _removable(fact: SegmentFacts, p: float, remove_below: float, after_body: bool) -> bool:
    """A sentence that goes on from the article's text (an advertisement between them aside)
    is removed only on stronger evidence."""
    return not (after_body and p >= remove_below * CONTINUED and _sentence_like(fact))


def _opens_quote(fact: SegmentFacts) -> bool:
    """A sentence that opens with quoted speech ('"We will not give up," she said.')."""
    return fact.segment.text[:1] in _SPEECH_OPENERS and _sentence_like(fact)


def _sentence_like(fact: SegmentFacts) -> bool:
    """A sentence, short ones too ("Forecasters expect more rain over the weekend.")."""
    return fact.sentence or (len(fact.lower) >= 4 and fact.stops > 0 and ends_sentence(fact.segment.text))


def _prose_like(fact: SegmentFacts) -> bool:
    return fact.sentence or len(fact.lower) >= 8 or ends_sentence(fact.segment.text)


# --- features ------------------------------------------------------------------------


def layout_features(
    facts: list[SegmentFacts],
    xs: list[dict[str, float]],
    probs: list[dict[str, float]],
    labels: list[str],
    data: FurnitureData,
) -> list[dict[str, float]]:
    """One sparse feature dict per segment: the classifier's features (the segment and its close
    neighbours), its scores and labels, and what only the whole page shows."""
    n = len(facts)
    out = [_own(f, x, p, lab) for f, x, p, lab in zip(facts, xs, probs, labels)]
    prose = prose_lines(facts)
    first = next((i for i, v in enumerate(prose) if v), n)
    last = max((i for i, v in enumerate(prose) if v), default=-1)
    runs = _short_runs(facts)
    start, end = main_run(facts, prose)
    keys = [" ".join(f.lower) for f in facts]  # the words, without case or punctuation
    repeats = Counter(keys)
    title_words = _title_words(facts, labels)
    for i, fact in enumerate(facts):
        x = out[i]
        x["where:" + ("before" if i < first else "after" if i > last else "inside")] = 1.0
        x["run:" + _bucket(runs[i], (0, 1, 2, 4, 8))] = 1.0
        main_run_features(x, i, start, end)
        x["pos:" + str(min(9, 10 * i // max(1, n)))] = 1.0
        if repeats[keys[i]] > 1 and keys[i]:
            x["repeated_on_page"] = 1.0
        if title_words:
            _title_overlap(x, fact, title_words)
        x["lab-1:" + (labels[i - 1] if i > 0 else "none")] = 1.0
        x["lab+1:" + (labels[i + 1] if i + 1 < n else "none")] = 1.0
        x["lab-2:" + (labels[i - 2] if i > 1 else "none")] = 1.0
        x["lab+2:" + (labels[i + 2] if i + 2 < n else "none")] = 1.0
    return out


def _own(fact: SegmentFacts, base: dict[str, float], probs: dict[str, float], label: str) -> dict[str, float]:
    """The classifier's features of the segment, its scores and label, and a few signs it lacks."""
    text, words, n = fact.segment.text, fact.words, len(fact.lower)
    x = dict(base)
    x["lab:" + label] = 1.0
    x["P:furniture"] = probs.get("furniture", 0.0)
    x["P:paragraph"] = probs.get("paragraph", 0.0)
    x["P:heading"] = probs.get("heading", 0.0)
    x["P:title"] = probs.get("title", 0.0)
    x["c:" + _bucket(len(text), (10, 20, 40, 70, 120, 200, 400))] = 1.0
    if n >= 3:
        # Script-neutral signs of running text, for languages without a stop-word list.
        lower_initial = sum(map(str.islower, [w[:1] for w in words]))
        x["lower:" + _bucket(10 * lower_initial // n, (1, 3, 5, 7))] = 1.0
        x["wlen:" + _bucket(sum(map(len, words)) // n, (3, 5, 7, 10))] = 1.0
    head = text[:300]  # punctuation is read on the opening: long prose is prose anyway
    punct = sum(map(_PUNCT.__contains__, head)) / max(1, len(head))
    x["punct:" + _bucket(int(punct * 100), (0, 2, 5, 10))] = 1.0
    if text.rstrip()[-1:] in "。！？":
        x["end:cjk_stop"] = 1.0
    if _NON_LATIN.search(text[:200]):
        x["non_latin"] = 1.0
    _words(x, fact.lower)
    return x


def _words(x: dict[str, float], lower: list[str]) -> None:
    """The words themselves: of a short segment all, of a long one the first two (its opening)."""
    if len(lower) <= _LEXICAL_WORDS:
        for w in lower:
            x["tok:" + w] = 1.0
    if lower:
        x["first:" + lower[0]] = 1.0
        x["first2:" + " ".join(lower[:2])] = 1.0


def _short_runs(facts: list[SegmentFacts]) -> list[int]:
    """Length of the run of consecutive short segments each segment belongs to (0 if it is not short)."""
    short = [len(f.lower) <= _SHORT and not ends_sentence(f.segment.text) for f in facts]
    runs = [0] * len(facts)
    i = 0
    while i < len(facts):
        j = i
        while j < len(facts) and short[j]:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = max(j, i + 1)
    return runs


def prose_lines(facts: Sequence[SegmentFacts]) -> list[bool]:
    """Which segments are prose: a sentence, or 15 words or more."""
    return [f.sentence or len(f.lower) >= 15 for f in facts]


def main_run_features(x: dict[str, float], i: int, start: int, end: int) -> None:
    """Segment ``i``'s place against the main run of prose ``start``-``end`` (:func:`main_run`)."""
    if start < 0:
        x["main:none"] = 1.0
    elif i < start:
        x["main:before"] = 1.0
        x["main:d" + _bucket(start - i, (1, 2, 4, 8, 16))] = 1.0
    elif i > end:
        x["main:after"] = 1.0
        x["main:d" + _bucket(i - end, (1, 2, 4, 8, 16, 32))] = 1.0
    else:
        x["main:inside"] = 1.0


def main_run(facts: Sequence[SegmentFacts], prose: Sequence[bool]) -> tuple[int, int]:
    """First and last segment of the page's main run of prose: the run of prose segments, with
    at most :data:`_RUN_GAP` other segments between two of them, that holds the most characters
    ((-1, -1) on a page without prose). The article is usually this run; teasers, comments and
    footers are shorter runs around it."""
    best, best_span = 0, (-1, -1)
    i, n = 0, len(facts)
    while i < n:
        if not prose[i]:
            i += 1
            continue
        last, weight, j = i, 0, i
        while j < n and j - last <= _RUN_GAP:
            if prose[j]:
                last = j
                weight += len(facts[j].segment.text)
            j += 1
        if weight > best:
            best, best_span = weight, (i, last)
        i = last + 1
    return best_span


def _title_words(facts: list[SegmentFacts], labels: list[str]) -> frozenset[str]:
    title = next((f for f, lab in zip(facts, labels) if lab == "title"), None)
    return frozenset(w for w in title.lower if len(w) > 3) if title is not None else frozenset()


def _title_overlap(x: dict[str, float], fact: SegmentFacts, title: frozenset[str]) -> None:
    words = {w for w in fact.lower if len(w) > 3}
    if words:
        share = len(words & title) / len(title)
        x["title_overlap:" + _bucket(int(share * 10), (0, 2, 5, 8))] = 1.0


def _bucket(value: int, tops: tuple[int, ...]) -> str:
    for top in tops:
        if value <= top:
            return str(top)
    return f">{tops[-1]}"
