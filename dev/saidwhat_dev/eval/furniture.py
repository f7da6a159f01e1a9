"""``saidwhat eval furniture``: the furniture classifier on the labelled text dumps.

The labelled set (``saidwhat_dev/eval/data/furniture/{train,test}/*.txt``, see the
README there) holds text dumps of scraped pages written in the style of news
portals, regional sites, blogs that republish agency copy and machine-
translated reposts, every line labelled. The train split trains the model
(``saidwhat train furniture``); the test split is written in
other site styles and is never used for tuning.

Measures, over the gold segments of a split (a raw line cut into several
labelled pieces counts once per piece):

- furniture precision and recall: of the segments removed, how many are gold
  furniture; of the gold furniture, how many are removed;
- label accuracy: the share of segments whose label is exactly the gold one;
- paragraphs lost: gold paragraphs whose text is not in the article text that
  :func:`saidwhat.pages.textdump.clean_text` builds (the target is zero);
  ``content lost`` counts every kept kind (title, heading, caption, ...).

Each split is measured page by page, and again with a :class:`BatchProfile`
built from the split's own pages (the batch pre-pass of repeated lines).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from saidwhat.core.errors import DataError

__all__ = [
    "HELP",
    "GoldPiece",
    "LabelledPage",
    "Scores",
    "add_arguments",
    "evaluate",
    "gold_label_of",
    "load_split",
    "parse_labelled",
    "run",
]

HELP = "furniture removal on the labelled text dumps: precision, recall, label accuracy, paragraphs lost"
LABELS = ("title", "heading", "paragraph", "caption", "credit", "byline", "dateline", "furniture")
SPLITS = ("train", "test")


@dataclass(slots=True, frozen=True)
class GoldPiece:
    """A labelled piece of raw line ``line``: ``lines[line][start:end] == text``."""

    line: int
    start: int
    end: int
    label: str
    text: str


@dataclass(slots=True)
class LabelledPage:
    name: str
    lines: list[str]
    pieces: list[GoldPiece]
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def site(self) -> str:
        return self.meta.get("site", self.name)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def parse_labelled(text: str, where: str) -> LabelledPage:
    """Read one labelled dump: ``LABEL<TAB>text``, ``+LABEL<TAB>text`` glued, blank lines, ``#`` comments."""
    page = LabelledPage(name=where, lines=[], pieces=[])
    for number, row in enumerate(text.splitlines(), start=1):
        if row.startswith("#:"):
            for pair in row[2:].split():
                key, eq, value = pair.partition("=")
                if eq:
                    page.meta[key] = value
            continue
        if row.startswith("#"):
            continue
        if not row.strip():
            page.lines.append("")
            continue
        label, tab, piece = row.partition("\t")
        glued = label.startswith("+")
        label = label.removeprefix("+")
        if not tab or label not in LABELS or not piece.strip():
            raise DataError(f"line {number}: expected LABEL<TAB>text with LABEL in {LABELS}", where)
        if glued and (not page.lines or not page.lines[-1]):
            raise DataError(f"line {number}: '+{label}' has no line to be glued to", where)
        if glued:
            start = len(page.lines[-1]) + 1
            page.lines[-1] += " " + piece
        else:
            start = 0
            page.lines.append(piece)
        page.pieces.append(GoldPiece(len(page.lines) - 1, start, start + len(piece), label, piece))
    if not page.pieces:
        raise DataError("no labelled line", where)
    return page


def load_split(split: str) -> list[LabelledPage]:
    """Every labelled page of a split, in file-name order."""
    if split not in SPLITS:
        raise DataError(f"unknown split {split!r} (expected one of {SPLITS})", "furniture")
    folder = resources.files("saidwhat_dev.eval").joinpath("data", "furniture", split)
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".txt"))
    if not names:
        raise DataError("no labelled page", f"saidwhat_dev/eval/data/furniture/{split}")
    return [parse_labelled(folder.joinpath(n).read_text(encoding="utf-8"), f"{split}/{n}") for n in names]


def _overlap(a_line: int, a_start: int, a_end: int, b_line: int, b_start: int, b_end: int) -> int:
    if a_line != b_line:
        return 0
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def gold_label_of(page: LabelledPage, segment: Any) -> str:
    """The gold label of a predicted segment: the gold piece it overlaps most."""
    best, label = 0, "furniture"
    for piece in page.pieces:
        if piece.line == segment.line:
            size = _overlap(piece.line, piece.start, piece.end, segment.line, segment.start, segment.end)
            if size > best:
                best, label = size, piece.label
    return label


@dataclass(slots=True)
class Scores:
    """Counts over the gold pieces of a split."""

    pieces: int = 0
    correct: int = 0
    true_removed: int = 0
    removed: int = 0
    gold_furniture: int = 0
    paragraphs: int = 0
    paragraphs_lost: int = 0
    content_lost: int = 0
    lost: list[str] = field(default_factory=list)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return self.true_removed / self.removed if self.removed else 1.0

    @property
    def recall(self) -> float:
        return self.true_removed / self.gold_furniture if self.gold_furniture else 1.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.pieces if self.pieces else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "segments": self.pieces,
            "furniture_precision": round(self.precision, 4),
            "furniture_recall": round(self.recall, 4),
            "label_accuracy": round(self.accuracy, 4),
            "paragraphs": self.paragraphs,
            "paragraphs_lost": self.paragraphs_lost,
            "content_lost": self.content_lost,
            "lost": self.lost,
        }


def evaluate(pages: Iterable[LabelledPage], with_profile: bool = False) -> Scores:
    """Score the classifier and the text-dump cleaner on labelled pages."""
    from saidwhat.pages.furniture import BatchProfile
    from saidwhat.pages.textdump import classify_dump

    pages = list(pages)
    profile = (
        BatchProfile.from_pages((p.site + "/" + p.name, p.text) for p in pages) if with_profile else None
    )
    scores = Scores()
    for page in pages:
        source = page.site + "/" + page.name
        site = profile.site(source) if profile else None
        predicted = classify_dump(page.lines, site)
        kept = _clean_text(page, profile, source)
        for piece in page.pieces:
            label = _predicted_label(piece, predicted)
            _count(scores, piece, label, kept, page.name)
    return scores


def _clean_text(page: LabelledPage, profile: Any, source: str) -> str:
    from saidwhat.core.model import Article, InputInfo
    from saidwhat.core.options import Options
    from saidwhat.pages.textdump import clean_text

    article = Article(input=InputInfo(path=source, format="text"), page=page.text)
    clean_text(article, Options(), profile=profile)
    return article.text


def _predicted_label(piece: GoldPiece, predicted: list[Any]) -> str:
    best, label = 0, "furniture"
    for item in predicted:
        seg = item.segment
        size = _overlap(piece.line, piece.start, piece.end, seg.line, seg.start, seg.end)
        if size > best:
            best, label = size, item.label
    return label


def _count(scores: Scores, piece: GoldPiece, label: str, kept: str, name: str) -> None:
    scores.pieces += 1
    scores.correct += label == piece.label
    scores.confusion[(piece.label, label)] += 1
    gold_furniture = piece.label == "furniture"
    scores.gold_furniture += gold_furniture
    scores.removed += label == "furniture"
    scores.true_removed += gold_furniture and label == "furniture"
    if gold_furniture:
        return
    missing = piece.text.strip() not in kept
    scores.content_lost += missing
    if piece.label == "paragraph":
        scores.paragraphs += 1
        scores.paragraphs_lost += missing
        if missing:
            scores.lost.append(f"{name}:{piece.line + 1}: {piece.text[:80]}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--split", choices=SPLITS + ("all",), default="all", help="which labelled split")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--confusion", action="store_true", help="also print the confusion of labels")


def run(args: argparse.Namespace) -> int:
    splits = SPLITS if args.split == "all" else (args.split,)
    results: dict[str, dict[str, Any]] = {}
    confusions: dict[str, Counter[tuple[str, str]]] = {}
    for split in splits:
        pages = load_split(split)
        for mode, with_profile in (("page", False), ("batch", True)):
            scores = evaluate(pages, with_profile)
            key = f"{split}/{mode}"
            results[key] = {"pages": len(pages), **scores.as_dict()}
            confusions[key] = scores.confusion
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    _print_table(results)
    if args.confusion:
        for key, confusion in confusions.items():
            print(f"\n{key} confusion (gold -> predicted):")
            for (gold, got), n in sorted(confusion.items()):
                if gold != got:
                    print(f"  {gold:>10} -> {got:<10} {n}")
    return 0


def _print_table(results: dict[str, dict[str, Any]]) -> None:
    head = f"{'split/mode':<12} {'pages':>5} {'segs':>5} {'F-prec':>7} {'F-recall':>8} {'label-acc':>9} {'para-lost':>9}"
    print(head)
    for key, r in results.items():
        print(
            f"{key:<12} {r['pages']:>5} {r['segments']:>5} {r['furniture_precision']:>7.3f} "
            f"{r['furniture_recall']:>8.3f} {r['label_accuracy']:>9.3f} "
            f"{r['paragraphs_lost']:>4}/{r['paragraphs']:<4}"
        )
    for key, r in results.items():
        for lost in r["lost"]:
            print(f"lost ({key}): {lost}")
