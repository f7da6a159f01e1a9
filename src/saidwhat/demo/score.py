"""Score extracted demo pages against their hand-written expectations.

The expectations (``expected/*.json``, format in the README next to this
module) say what a careful reader finds on each page; this module measures how
much of it the pipeline finds, metric by metric, and keeps every miss so that a
report can say *which* paragraph, caption or statement went wrong. The test of
the demo corpus pins the corpus totals by the floors in ``floors.json``;
``bench/demo_report.py`` prints them.

Text is compared after folding typographic variants one character for one
(curly quotes, dashes, no-break spaces), so that offsets stay valid and a
cleaner that straightens quotes is not punished for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..core.errors import DataError
from ..core.model import Article, BlockKind, Span, Statement

__all__ = [
    "METRICS",
    "Expected",
    "ExpectedStatement",
    "PageScore",
    "Tally",
    "floors",
    "fold",
    "load_expected",
    "missing_keep",
    "parse_expected",
    "predicted_speaker",
    "score_page",
    "total",
]

METRICS = (
    "furniture_removed",
    "should_keep",
    "title",
    "captions",
    "credits",
    "metadata",
    "statement_recall",
    "statement_precision",
    "speaker",
    "kind",
    "cue",
    "content_complete",
    "parent",
)
_PACKAGE = "saidwhat.demo"
KINDS = frozenset({"direct", "indirect", "mixed", "headline"})
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    }
)


def fold(text: str) -> str:
    """Typographic variants folded one character for one: offsets are unchanged."""
    return text.translate(_FOLD)


@dataclass(slots=True)
class ExpectedStatement:
    speaker: str
    content: str
    kind: tuple[str, ...]
    cue: str | None = None
    source: str | None = None
    accept: tuple[str, ...] = ()
    content_more: tuple[str, ...] = ()
    parent: str | None = None
    shared: str | None = None

    def names(self) -> tuple[str, ...]:
        return (self.speaker, *self.accept)


@dataclass(slots=True)
class Expected:
    name: str
    title: str
    format: str
    must_keep: list[str]
    should_keep: list[str]
    must_remove: list[str]
    captions: list[str]
    credits: list[str]
    metadata: dict[str, Any]
    statements: list[ExpectedStatement]
    language: str = "en"
    story: str | None = None


@dataclass(slots=True)
class Tally:
    """Hits out of a total for one metric, with a line for every miss."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        if ok:
            self.hits += 1
        else:
            self.misses.append(miss)

    @property
    def rate(self) -> float:
        """Hits over total; 0 when nothing was counted, so that an empty metric never looks perfect."""
        return self.hits / self.total if self.total else 0.0


@dataclass(slots=True)
class PageScore:
    name: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {m: Tally() for m in METRICS})


# -- loading -------------------------------------------------------------------------------


def _strings(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DataError(f"{key!r} must be a list of non-empty strings", where)
    return list(value)


def _statement(data: Any, where: str) -> ExpectedStatement:
    if not isinstance(data, dict) or not isinstance(data.get("speaker"), str) or not isinstance(data.get("content"), str):
        raise DataError(f"a statement needs a speaker and a content: {data!r}", where)
    kinds = data.get("kind")
    kind = (kinds,) if isinstance(kinds, str) else tuple(kinds or ())
    if not kind or not set(kind) <= KINDS:
        raise DataError(f"statement kind must be one of {sorted(KINDS)}: {kinds!r}", where)
    return ExpectedStatement(
        speaker=data["speaker"],
        content=data["content"],
        kind=kind,
        cue=data.get("cue"),
        source=data.get("source"),
        accept=tuple(_strings(data, "accept", where)),
        content_more=tuple(_strings(data, "content_more", where)),
        parent=data.get("parent"),
        shared=data.get("shared"),
    )


def parse_expected(name: str, data: Any) -> Expected:
    """Validate one expected file's JSON; raises DataError naming the file."""
    where = f"demo/expected/{name}.json"
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        raise DataError("an expected file is an object with a title", where)
    if data.get("format") not in ("text", "html"):
        raise DataError("format must be 'text' or 'html'", where)
    statements = [_statement(s, where) for s in data.get("statements", [])]
    contents = {s.content for s in statements}
    for st in statements:
        if st.parent is not None and st.parent not in contents:
            raise DataError(f"parent {st.parent!r} is not the content of a statement", where)
    metadata = data.get("metadata", {})
    if not isinstance(metadata, dict):
        raise DataError("metadata must be an object", where)
    return Expected(
        name=name,
        title=data["title"],
        format=data["format"],
        must_keep=_strings(data, "must_keep", where),
        should_keep=_strings(data, "should_keep", where),
        must_remove=_strings(data, "must_remove", where),
        captions=_strings(data, "captions", where),
        credits=_strings(data, "credits", where),
        metadata=metadata,
        statements=statements,
        language=data.get("language", "en"),
        story=data.get("story"),
    )


@cache
def load_expected(name: str) -> Expected:
    """The expectations of the demo page ``name`` (its file name or stem)."""
    stem = name.rsplit(".", 1)[0] if name.endswith((".txt", ".html")) else name
    path = resources.files(_PACKAGE).joinpath("expected", f"{stem}.json")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read: {err}", f"demo/expected/{stem}.json") from err
    return parse_expected(stem, data)


def floors() -> dict[str, float]:
    """The corpus floors of every metric (``floors.json``), validated."""
    where = "demo/floors.json"
    try:
        data = json.loads(resources.files(_PACKAGE).joinpath("floors.json").read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read: {err}", where) from err
    values = data.get("floors") if isinstance(data, dict) else None
    if not isinstance(values, dict) or set(values) != set(METRICS):
        raise DataError(f"'floors' must give exactly the metrics {list(METRICS)}", where)
    if not all(isinstance(v, int | float) and 0 <= v <= 1 for v in values.values()):
        raise DataError("every floor is a number between 0 and 1", where)
    return {k: float(v) for k, v in values.items()}


# -- scoring -------------------------------------------------------------------------------


def _find(text: str, snippet: str) -> Span | None:
    at = fold(text).find(fold(snippet))
    return None if at < 0 else Span(at, at + len(snippet))


def missing_keep(article: Article, expected: Expected) -> list[str]:
    """The must_keep fragments that are not in the article's text (should be none)."""
    folded = fold(article.text)
    return [f for f in expected.must_keep if fold(f) not in folded]


def _in_blocks(article: Article, snippet: str, kind: BlockKind) -> bool:
    return any(fold(snippet) in fold(article.slice(b.span)) for b in article.blocks_of(kind))


def _score_page_text(article: Article, exp: Expected, tallies: dict[str, Tally]) -> None:
    folded = fold(article.text)
    for line in exp.must_remove:
        tallies["furniture_removed"].add(fold(line) not in folded, f"furniture left: {line!r}")
    for line in exp.should_keep:
        tallies["should_keep"].add(fold(line) in folded, f"lost: {line!r}")
    got = (article.title or "").strip()
    tallies["title"].add(fold(got) == fold(exp.title), f"title: expected {exp.title!r}, got {got!r}")
    for cap in exp.captions:
        tallies["captions"].add(_in_blocks(article, cap, BlockKind.CAPTION), f"caption not a caption block: {cap!r}")
    credit = fold(article.metadata.photo_credit or "")
    for cr in exp.credits:
        ok = _in_blocks(article, cr, BlockKind.CREDIT) or (bool(credit) and fold(cr) in credit)
        tallies["credits"].add(ok, f"credit not a credit block: {cr!r}")


def _contains(got: str | None, wanted: str) -> bool:
    return bool(got) and fold(wanted).casefold() in fold(got or "").casefold()


def _metadata_ok(article: Article, key: str, wanted: Any) -> tuple[bool, str]:
    meta = article.metadata
    if key == "authors":
        got_authors = list(meta.authors)
        ok = all(any(_contains(a, w) for a in got_authors) for w in wanted)
        return ok, repr(got_authors)
    values = [meta.url, meta.canonical_url] if key == "url" else [getattr(meta, key, None)]
    got = next((v for v in values if v), None)
    if wanted is None:
        return got is None, repr(got)
    if key in ("published", "page_date", "modified"):
        return bool(got) and (got or "")[:10] == wanted, repr(got)
    options = wanted if isinstance(wanted, list) else [wanted]
    return any(_contains(v, w) for v in values for w in options), repr(got)


def _score_metadata(article: Article, exp: Expected, tally: Tally) -> None:
    for key, wanted in exp.metadata.items():
        ok, got = _metadata_ok(article, key, wanted)
        tally.add(ok, f"metadata {key}: expected {wanted!r}, got {got}")


def _covered(st: Statement, span: Span) -> int:
    return sum(max(0, min(s.end, span.end) - max(s.start, span.start)) for s in st.content)


def _pair(article: Article, exp: Expected) -> dict[int, Statement]:
    """Expected statement index -> predicted statement, one to one, best overlap first."""
    candidates: list[tuple[float, int, int]] = []
    for i, es in enumerate(exp.statements):
        span = _find(article.text, es.content)
        if span is None:
            continue
        for j, st in enumerate(article.statements):
            overlap = _covered(st, span)
            if overlap:
                size = sum(len(s) for s in st.content)
                candidates.append((overlap / (len(span) + size - overlap), i, j))
    pairs: dict[int, Statement] = {}
    used: set[int] = set()
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in pairs and j not in used:
            pairs[i] = article.statements[j]
            used.add(j)
    return pairs


def predicted_speaker(article: Article, st: Statement) -> str:
    """The speaker's canonical name, or the source text when no speaker is resolved."""
    if st.speaker:
        sp = article.speaker(st.speaker)
        if sp is not None:
            return sp.name
    return article.slice(st.source) if st.source else ""


def _score_statement(
    article: Article, es: ExpectedStatement, st: Statement, parent_of: dict[str, Statement], t: dict[str, Tally]
) -> None:
    said = f"«{es.content}»"
    name = predicted_speaker(article, st)
    t["speaker"].add(any(_contains(name, n) for n in es.names()), f"speaker of {said}: expected {es.speaker!r}, got {name!r}")
    t["kind"].add(st.kind.value in es.kind, f"kind of {said}: expected {'|'.join(es.kind)}, got {st.kind.value}")
    if es.cue is not None:
        cue = article.slice(st.cue) if st.cue else ""
        t["cue"].add(_contains(cue, es.cue), f"cue of {said}: expected {es.cue!r}, got {cue!r}")
    if es.content_more:
        spans = [_find(article.text, more) for more in es.content_more]
        ok = all(s is not None and _covered(st, s) for s in spans)
        t["content_complete"].add(ok, f"content of {said} misses part of {list(es.content_more)!r}")
    if es.parent is not None:
        want = parent_of.get(es.parent)
        ok = want is not None and st.parent == want.id
        t["parent"].add(ok, f"parent of {said}: expected the statement «{es.parent}», got {st.parent!r}")


def _score_statements(article: Article, exp: Expected, t: dict[str, Tally]) -> None:
    pairs = _pair(article, exp)
    parent_of = {exp.statements[i].content: st for i, st in pairs.items()}
    for i, es in enumerate(exp.statements):
        st = pairs.get(i)
        t["statement_recall"].add(st is not None, f"not found: {es.speaker}: «{es.content}» ({'|'.join(es.kind)})")
        if st is not None:
            _score_statement(article, es, st, parent_of, t)
    _score_precision(article, exp, {id(st) for st in pairs.values()}, t["statement_precision"])


def _score_precision(article: Article, exp: Expected, paired: set[int], tally: Tally) -> None:
    """A predicted statement is right when it is paired or covers part of an expected statement.

    Parts count, so that a quote split in two is not also counted as spurious
    (the split costs ``content_complete`` already).
    """
    snippets = [_find(article.text, s) for es in exp.statements for s in (es.content, *es.content_more)]
    spans = [s for s in snippets if s is not None]
    for st in article.statements:
        ok = id(st) in paired or any(_covered(st, span) for span in spans)
        said = " … ".join(article.slice(s) for s in st.content)[:80]
        tally.add(ok, f"spurious: {predicted_speaker(article, st)!r}: «{said}» ({st.kind.value})")


def score_page(article: Article, expected: Expected) -> PageScore:
    """Every metric of one page, with its misses."""
    score = PageScore(expected.name)
    _score_page_text(article, expected, score.tallies)
    _score_metadata(article, expected, score.tallies["metadata"])
    _score_statements(article, expected, score.tallies)
    return score


def total(scores: list[PageScore]) -> dict[str, Tally]:
    """Corpus totals of every metric (hits and totals summed over pages)."""
    out = {m: Tally() for m in METRICS}
    for page in scores:
        for metric, tally in page.tallies.items():
            out[metric].hits += tally.hits
            out[metric].total += tally.total
            out[metric].misses.extend(f"{page.name}: {m}" for m in tally.misses)
    return out
