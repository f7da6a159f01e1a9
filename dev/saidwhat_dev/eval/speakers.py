"""``saidwhat eval speakers``: speaker accuracy on the hand-annotated speaker set.

The set (``eval/data/speakers/``, format in its README.md) is short fictional
news articles, each with the statements a reader finds in it and who really
made them: a canonical name and a type. Two measures:

- **pipeline** (default): the whole pipeline runs on each article
  (:func:`~saidwhat.pipeline.analyse_text`); each expected statement is
  matched to the predicted statement whose content overlaps its snippet most.
  Accuracy = statements found with the right speaker / statements expected;
  the misses are split into *not found* (attribution did not find the
  statement) and *wrong speaker*.
- **gold sources** (``--gold-sources``): statements are built from the
  annotation itself (content snippet, source mention, parent) and only the
  speaker stage runs, so the resolver is measured apart from attribution.

Right speaker: the same type and the same normalised name; for a group with
listed members, the same members; for an anonymous source, type anonymous
(its name is the description, whose extent varies with the source span).
The articles are split in two halves (``split``: dev / heldout): rules were
developed on dev only, and heldout measures them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from saidwhat.core.errors import DataError
from saidwhat.core.model import (
    Article,
    Block,
    BlockKind,
    InputInfo,
    Span,
    Speaker,
    SpeakerType,
    Statement,
    StatementKind,
)

__all__ = [
    "HELP",
    "SPLITS",
    "Counts",
    "Expected",
    "GoldArticle",
    "add_arguments",
    "article_with_gold_sources",
    "evaluate",
    "load_gold",
    "run",
    "score_article",
    "speaker_matches",
]

HELP = "speaker accuracy on the hand-annotated speaker set (dev and held-out halves)"

SPLITS = ("dev", "heldout")
_TYPES = frozenset(t.value for t in SpeakerType)


@dataclass(slots=True)
class Expected:
    content: str  # a snippet unique in the article, inside the statement's content
    source: str  # the source mention as written
    speaker: str  # canonical name
    type: str
    members: list[str] = field(default_factory=list)
    parent: str | None = None  # content snippet of the relaying statement


@dataclass(slots=True)
class GoldArticle:
    name: str
    text: str
    split: str
    statements: list[Expected]


def _expected(item: Any, where: str) -> Expected:
    if not isinstance(item, dict):
        raise DataError("each statement must be an object", where)
    for key in ("content", "source", "speaker", "type"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise DataError(f"statement needs a non-empty '{key}'", where)
    if item["type"] not in _TYPES:
        raise DataError(f"unknown speaker type {item['type']!r}", where)
    return Expected(
        item["content"],
        item["source"],
        item["speaker"],
        item["type"],
        list(item.get("members", [])),
        item.get("parent"),
    )


def _gold_dir() -> Path:
    return Path(str(resources.files("saidwhat_dev.eval").joinpath("data", "speakers")))


def load_gold(directory: Path | None = None) -> list[GoldArticle]:
    """Every annotated article of the set, validated: each snippet must occur exactly once."""
    directory = directory or _gold_dir()
    out = []
    for path in sorted(directory.glob("*.json")):
        where = str(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        if data.get("split") not in SPLITS:
            raise DataError(f"'split' must be one of {SPLITS}", where)
        statements = [_expected(item, where) for item in data.get("statements", [])]
        for st in statements:
            if text.count(st.content) != 1:
                raise DataError(f"content snippet {st.content!r} must occur once in the text", where)
        out.append(GoldArticle(path.stem, text, data["split"], statements))
    return out


def _norm(name: str) -> str:
    from saidwhat.speakers.lexicon import norm

    return norm(name)


def speaker_matches(expected: Expected, speaker: Speaker | None, article: Article) -> bool:
    if speaker is None:
        return False
    if expected.type == SpeakerType.ANONYMOUS.value:
        return speaker.type is SpeakerType.ANONYMOUS
    if speaker.type.value != expected.type:
        return False
    if expected.members:
        names = {_norm(m.name) for m in (article.speaker(i) for i in speaker.members) if m is not None}
        return names == {_norm(n) for n in expected.members}
    return _norm(speaker.name) == _norm(expected.speaker)


def _content_span(text: str, snippet: str) -> Span:
    start = text.index(snippet)
    return Span(start, start + len(snippet))


def _source_span(text: str, source: str, content: Span) -> Span:
    """The occurrence of the source mention nearest to the content (as a whole word), outside it."""
    spots = [
        m.start()
        for m in re.finditer(rf"(?<!\w){re.escape(source)}(?!\w)", text)
        if not (content.start <= m.start() < content.end)
    ]
    if not spots:
        raise DataError(f"source {source!r} not found in the text")
    start = min(spots, key=lambda s: (abs(s - content.start), s > content.start))
    return Span(start, start + len(source))


def article_with_gold_sources(gold: GoldArticle) -> Article:
    """An article whose statements are the annotated ones (content, source, parent), without speakers."""
    from saidwhat.nlp.tokens import line_spans

    article = Article(input=InputInfo(path=gold.name, format="text"), text=gold.text)
    for i, span in enumerate(line_spans(gold.text)):
        article.blocks.append(Block(BlockKind.TITLE if i == 0 else BlockKind.PARAGRAPH, span))
    ids = {}
    for n, exp in enumerate(gold.statements, 1):
        content = _content_span(gold.text, exp.content)
        ids[exp.content] = f"s{n}"
        article.statements.append(
            Statement(
                f"s{n}",
                StatementKind.INDIRECT,
                [content],
                source=_source_span(gold.text, exp.source, content),
            )
        )
    for exp, st in zip(gold.statements, article.statements):
        st.parent = ids.get(exp.parent) if exp.parent else None
    return article


@dataclass(slots=True)
class Counts:
    expected: int = 0
    correct: int = 0
    wrong: int = 0
    not_found: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.expected if self.expected else 0.0

    def add(self, other: Counts) -> None:
        self.expected += other.expected
        self.correct += other.correct
        self.wrong += other.wrong
        self.not_found += other.not_found
        self.errors.extend(other.errors)


def _match(article: Article, exp: Expected) -> Statement | None:
    target = _content_span(article.text, exp.content)
    best: tuple[tuple[int, int], Statement] | None = None
    for st in article.statements:
        overlap = sum(max(0, min(c.end, target.end) - max(c.start, target.start)) for c in st.content)
        rank = (overlap, -sum(len(c) for c in st.content))  # a relayed statement is tighter than its relay
        if overlap > 0 and (best is None or rank > best[0]):
            best = (rank, st)
    return best[1] if best else None


def score_article(gold: GoldArticle, article: Article) -> Counts:
    counts = Counts(expected=len(gold.statements))
    for exp in gold.statements:
        st = _match(article, exp)
        if st is None:
            counts.not_found += 1
            counts.errors.append(f"{gold.name}: not found: {exp.content!r} ({exp.speaker})")
            continue
        speaker = article.speaker(st.speaker) if st.speaker else None
        if speaker_matches(exp, speaker, article):
            counts.correct += 1
        else:
            got = f"{speaker.name} ({speaker.type.value})" if speaker else "no speaker"
            source = article.slice(st.source) if st.source else None
            counts.wrong += 1
            counts.errors.append(
                f"{gold.name}: {exp.content!r}: expected {exp.speaker} ({exp.type}), got {got} from source {source!r}"
            )
    return counts


def evaluate(gold: list[GoldArticle], gold_sources: bool = False) -> dict[str, Counts]:
    """Counts per split and for all articles."""
    from saidwhat.core.options import Options
    from saidwhat.pipeline import analyse_text
    from saidwhat.speakers.stage import ResolveSpeakers

    results = {name: Counts() for name in (*SPLITS, "all")}
    resolve = ResolveSpeakers(Options())
    for item in gold:
        article = resolve(article_with_gold_sources(item)) if gold_sources else analyse_text(item.text)
        counts = score_article(item, article)
        results[item.split].add(counts)
        results["all"].add(counts)
    return results


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--gold-sources",
        action="store_true",
        help="resolve the annotated source mentions (the speaker stage alone, without attribution)",
    )
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--data", type=Path, default=None, help="another annotated set (same format)")


def run(args: argparse.Namespace) -> int:
    results = evaluate(load_gold(args.data), gold_sources=args.gold_sources)
    mode = "gold sources" if args.gold_sources else "pipeline"
    if args.json:
        out = {
            name: {**{k: v for k, v in asdict(c).items() if k != "errors"}, "accuracy": round(c.accuracy, 4)}
            for name, c in results.items()
        }
        json.dump({"mode": mode, "splits": out}, sys.stdout, indent=2)
        print()
        return 0
    print(f"speaker accuracy ({mode})")
    print(f"{'SPLIT':<8} {'EXPECTED':>8} {'CORRECT':>8} {'WRONG':>6} {'NOT FOUND':>9} {'ACCURACY':>8}")
    for name, c in results.items():
        print(f"{name:<8} {c.expected:>8} {c.correct:>8} {c.wrong:>6} {c.not_found:>9} {c.accuracy:>8.3f}")
    if args.errors:
        for line in results["all"].errors:
            print("  " + line)
    return 0
