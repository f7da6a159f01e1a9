"""The statement verifier: is this candidate really someone's reported speech, with the right speaker?

The rules and the tagger propose statements sentence by sentence; on real
pages many proposals are not speech at all (an event description, "pleaded
guilty to threatening ...", a slogan) or are pinned on the wrong speaker. The
verifier reads each proposal whole — how it was found, whether rules and
tagger agree, the cue word, the shape of source and content, where it sits on
the page, what the speaker stage made of its source — and gives the
probability that a reader would call it right. That probability becomes the
statement's ``confidence``; ``Options.min_confidence`` drops what falls below.

It is a logistic regression over the features of :func:`features` (names
and weights in ``models/verifier.json``), trained by
``saidwhat train verifier`` on PolNeAR train (statements the
pipeline proposes, labelled by the gold attributions) and the real-page dev
gold set, then calibrated (Platt scaling) on out-of-fold predictions of the
real pages; the reliability table is in BENCHMARKS.md. Running it needs
numpy and the JSON weights only.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ModelError
from ..core.model import Article, BlockKind, Span, Speaker, SpeakerType, Statement, StatementKind
from ..core.options import Options
from ..core.resources import Context, Resource, Resources
from ..lang import quote_marks
from .lexicon import lexicon, normalise
from .stage import english

__all__ = ["DEFAULT_VERIFIER", "VERIFIER", "ArticleIndex", "Verifier", "features", "method_family"]

DEFAULT_VERIFIER = Path(__file__).parent / "models" / "verifier.json"

_WORD = re.compile(r"\w+")
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "i",
        "we",
        "you",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "who",
        "which",
    ]
)
_SAY = frozenset(
    [
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tell",
        "tells",
        "added",
        "adds",
        "stated",
        "wrote",
        "writes",
        "according",
        "explained",
        "noted",
        "argued",
        "insisted",
        "warned",
        "declared",
        "announced",
        "asked",
        "replied",
        "responded",
        "claimed",
        "acknowledged",
    ]
)
_QUOTES = quote_marks().chars("verifier")
_FAMILIES = (
    "model", "continuation", "unattributed", "according", "passive", "continued", "inverted",
    "parenthetical", "prefix", "nominal", "headline", "quoted",
)  # fmt: skip
_BLOCKS = (BlockKind.PARAGRAPH, BlockKind.BLOCKQUOTE, BlockKind.TITLE, BlockKind.HEADING)


def method_family(method: str) -> str:
    """``rule:inverted+model`` -> ``inverted``; ``model`` -> ``model``."""
    if method == "model":
        return "model"
    return method.removeprefix("rule:").split("+", 1)[0] or "?"


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class ArticleIndex:
    """Where statements' spans fall in one article — inside quotations, in which block, which
    speaker — answered in logarithmic time. Looked up by scanning, a hostile page of 20,000
    quotation lines made the verifier quadratic (210 s); the answers are the same, to the bit."""

    def __init__(self, article: Article) -> None:
        # quotations as a coverage function: F(x) = characters of quotations before x, counted
        # once per quotation that covers them (nested quotations count each), so the overlap of
        # a span with all quotations is F(end) - F(start), exact in integers
        deltas: dict[int, int] = {}
        for q in article.quotes:
            deltas[q.span.start] = deltas.get(q.span.start, 0) + 1
            deltas[q.span.end] = deltas.get(q.span.end, 0) - 1
        self._points = sorted(deltas)
        self._covered: list[int] = []
        self._cover: list[int] = []
        covered = cover = 0
        for i, point in enumerate(self._points):
            if i:
                covered += cover * (point - self._points[i - 1])
            cover += deltas[point]
            self._covered.append(covered)
            self._cover.append(cover)
        self._blocks = [(b.span.start, b.span.end, b.kind) for b in article.blocks]
        self._starts = [b[0] for b in self._blocks]
        self._ordered = all(a[1] <= b[0] for a, b in zip(self._blocks, self._blocks[1:]))
        self._speakers: dict[str, Speaker] = {}
        for sp in article.speakers:
            self._speakers.setdefault(sp.id, sp)  # the first of an id, as Article.speaker finds it

    def _quoted_before(self, x: int) -> int:
        i = bisect.bisect_right(self._points, x) - 1
        return 0 if i < 0 else self._covered[i] + self._cover[i] * (x - self._points[i])

    def in_quotes(self, spans: Sequence[Span]) -> float:
        total = sum(len(s) for s in spans)
        if not total:
            return 0.0
        inside = sum(self._quoted_before(s.end) - self._quoted_before(s.start) for s in spans)
        return min(1.0, inside / total)

    def block_kind(self, span: Span | None) -> BlockKind | None:
        if span is None:
            return None
        if not self._ordered:  # blocks out of order: the first that holds it, as in the list
            return next((k for start, end, k in self._blocks if start <= span.start < end), None)
        i = bisect.bisect_right(self._starts, span.start) - 1
        if i >= 0 and self._blocks[i][0] <= span.start < self._blocks[i][1]:
            return self._blocks[i][2]
        return None

    def speaker(self, st: Statement) -> Speaker | None:
        return self._speakers.get(st.speaker) if st.speaker else None


def features(article: Article, st: Statement, index: ArticleIndex | None = None) -> dict[str, float]:
    """The verifier's features of one statement (names are the weights' keys); ``index``: the
    article's :class:`ArticleIndex`, built once for all its statements (built here if not given)."""
    index = index or ArticleIndex(article)
    f: dict[str, float] = {"bias": 1.0}
    family = method_family(st.method)
    f[f"method={family if family in _FAMILIES else '?'}"] = 1.0
    f["agree"] = float(st.method.endswith("+model"))
    f[f"kind={st.kind.value}"] = 1.0
    c = min(max(st.confidence, 1e-3), 1 - 1e-3)
    f["logit"] = math.log(c / (1 - c)) / 5
    f["relayed"] = float(st.parent is not None)
    content = " ".join(article.slice(s) for s in st.content)
    words = _words(content)
    f["content_words"] = math.log1p(len(words)) / 4
    f["content_short"] = float(len(words) < 4)
    f["content_quoted"] = index.in_quotes(st.content)
    f["content_that"] = float(bool(words) and words[0] == "that")
    f["content_to"] = float(bool(words) and words[0] == "to")
    f["content_sentence"] = float(content.rstrip(_QUOTES + " ")[-1:] in ".!?")
    _source_features(article, st, f, index)
    _cue_features(article, st, f)
    kind = index.block_kind(st.content[0] if st.content else st.cue)
    f[f"block={kind.value if kind in _BLOCKS else 'other'}"] = 1.0
    return f


def _source_features(article: Article, st: Statement, f: dict[str, float], index: ArticleIndex) -> None:
    if st.source is None:
        f["source=none"] = 1.0
        return
    text = article.slice(st.source)
    words = _words(text)
    f["source_words"] = math.log1p(len(words)) / 3
    f["source_pronoun"] = float(len(words) == 1 and words[0] in _PRONOUNS)
    f["source_capital"] = float(text[:1].isupper())
    f["source_determiner"] = float(bool(words) and words[0] in ("the", "a", "an"))
    f["source_noun"] = float(any(lexicon().has("source_nouns", w) for w in words))
    f["source_far"] = float(st.content != [] and abs(st.source.start - st.content[0].start) > 400)
    speaker = index.speaker(st)
    kind = speaker.type.value if speaker is not None else "unresolved"
    if speaker is not None and speaker.type is SpeakerType.UNKNOWN and _one_name(speaker.name):
        kind = "name"  # "Boeing said", "Hamilton said": a name of one word, of unknown kind
    f[f"speaker={kind}"] = 1.0
    if speaker is not None:
        f["speaker_confidence"] = speaker.confidence
        f["speaker_multiword"] = float(len(speaker.name.split()) > 1 and speaker.type is SpeakerType.PERSON)


def _one_name(name: str) -> bool:
    return " " not in name and name[:1].isupper()


def _cue_features(article: Article, st: Statement, f: dict[str, float]) -> None:
    if st.cue is None:
        f["cue=none"] = 1.0
        return
    words = _words(article.slice(st.cue))
    f["cue_say"] = float(any(w in _SAY for w in words))
    lex = lexicon()
    lowered = [normalise(w) for w in article.slice(st.cue).split()]
    lemma = next((m[1].lemma for i in range(len(lowered)) if (m := lex.match_cue(lowered, i))), None)
    f["cue_lexicon"] = float(lemma is not None)
    if lemma is not None:
        f[f"cue_lemma={lemma}"] = 1.0
    f["cue_words"] = math.log1p(len(words)) / 2
    f["cue_colon"] = float(article.slice(st.cue).strip() == ":")


def _load_verifier(options: Options) -> Verifier:
    return Verifier.load(DEFAULT_VERIFIER)


@dataclass(slots=True)
class Verifier:
    """Weights of the logistic regression and its Platt calibration."""

    weights: dict[str, float]
    scale: float = 1.0
    shift: float = 0.0

    @classmethod
    def load(cls, path: Path = DEFAULT_VERIFIER) -> Verifier:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            weights = {str(k): float(v) for k, v in raw["weights"].items()}
            return cls(weights, float(raw.get("scale", 1.0)), float(raw.get("shift", 0.0)))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            raise ModelError(f"cannot read the statement verifier ({err})", str(path)) from err

    def score(self, feats: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        z = self.scale * z + self.shift
        return 1 / (1 + math.exp(-z)) if z > -35 else 0.0

    def probability(self, article: Article, st: Statement, index: ArticleIndex | None = None) -> float:
        return self.score(features(article, st, index))


# The shipped verifier's weights, read once per Resources.
VERIFIER: Resource[Verifier] = Resource("statement verifier", _load_verifier)


def drop_below(article: Article, threshold: float) -> None:
    """Remove statements under ``threshold`` (their relays keep no parent) and speakers left unused."""
    kept = [st for st in article.statements if st.confidence >= threshold]
    ids = {st.id for st in kept}
    for st in kept:
        if st.parent is not None and st.parent not in ids:
            st.parent = None
    article.statements = kept
    used = {st.speaker for st in kept if st.speaker}
    members = {m for sp in article.speakers if sp.id in used for m in sp.members}
    article.speakers = [sp for sp in article.speakers if sp.id in used or sp.id in members]


__all__ += ["drop_below"]
_ = StatementKind  # kinds are features by value


def _parents_first(statements: Sequence[Statement]) -> list[Statement]:
    by_id = {st.id: st for st in statements}

    def depth(st: Statement) -> int:
        n, seen = 0, {st.id}
        while st.parent is not None and st.parent in by_id and st.parent not in seen:
            st = by_id[st.parent]
            seen.add(st.id)
            n += 1
        return n

    return sorted(statements, key=depth)


class VerifyStatements:
    """Stage: every statement's confidence from the verifier; those under ``min_confidence`` dropped.

    Like the tagger, the verifier learned English news: on a page known or guessed to be in
    another language the rules' own confidences stay (they are not calibrated).
    The weights are read once, when the stage is built; without them (a damaged install) the
    stage raises ModelError then, not on every page.

    A relayed statement is not judged on its own: it is as sure as the statement that relays
    it, times the rules' confidence in reading it there.
    """

    @classmethod
    def create(cls, context: Context) -> VerifyStatements:
        """The stage for a pipeline's context (:mod:`saidwhat.core.resources`)."""
        return cls(context.options, context.resources)

    def __init__(self, options: Options, resources: Resources | None = None, path: Path | None = None) -> None:
        """``path``: weights of one's own (default: the shipped ones, from ``resources``)."""
        self.options = options
        self.threshold = options.min_confidence
        if path is not None:
            self.verifier = Verifier.load(path)
        else:
            self.verifier = (resources or Resources(options)).get(VERIFIER)

    def __call__(self, article: Article) -> Article:
        if english(article, self.options):
            verified: dict[str, float] = {}
            index = ArticleIndex(article)
            for st in _parents_first(article.statements):
                if st.parent is not None and st.parent in verified:
                    # a relayed statement is as sure as the statement relaying it, times its own reading
                    verified[st.id] = verified[st.parent] * st.confidence
                else:
                    verified[st.id] = self.verifier.probability(article, st, index)
            for st in article.statements:
                st.confidence = round(verified[st.id], 3)
        if self.threshold > 0:
            drop_below(article, self.threshold)
        return article


__all__ += ["VerifyStatements"]
