"""Negative paragraphs for the attribution tagger: lines of real pages that hold no attribution.

PolNeAR's texts are clean article paragraphs; the pages users have also hold
furniture lines, captions, credits, bylines, headings and teasers that the
page reader does not always remove. With ``negatives_every`` N (a
:class:`~saidwhat_dev.train.attribution.TrainSettings` field, 0: none), one
such line, all its tokens labelled ``O``, is put among PolNeAR train's
paragraphs after every N of them. The lines come from:

- the hand-labelled text dumps ``eval/data/furniture/train`` (the pieces labelled
  :data:`NEGATIVE_LABELS`; ``paragraph`` and ``title`` pieces are never used);
- the extraction benchmark's development half (page ids starting with ``0``-``7``;
  the held-out half is never read), minus the real-page gold set's ``check``
  pages (they measure; they never train): each page rendered by the ``lxml``
  renderer into a text dump, its segments aligned with ``articleBody`` by
  :func:`saidwhat_dev.train.dumps.align`, the segments outside the body kept.

A line is kept when it has at least :data:`MIN_WORDS` words, no quotation mark
and no statement the rules find (a teaser that reads "X said Y" is an
attribution by its words; taught as ``O`` it would teach the tagger to miss
attributions). Duplicates (case-folded) count once. The pool is sorted, then
shuffled with the training seed: deterministic.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

__all__ = [
    "MIN_WORDS",
    "NEGATIVE_LABELS",
    "NegativePool",
    "benchmark_lines",
    "development_ids",
    "furniture_lines",
    "interleave",
    "keep_line",
    "negative_pool",
]

NEGATIVE_LABELS = frozenset({"furniture", "caption", "credit", "byline", "dateline", "heading"})
MIN_WORDS = 3
_QUOTES = re.compile("[\"“”„«»‹›]")
_WORD = re.compile(r"\w+")
T = TypeVar("T")


@dataclass(slots=True, frozen=True)
class NegativePool:
    """The negative lines, in the order they are used, and how many came from each source."""

    lines: tuple[str, ...]
    furniture: int
    benchmark: int
    benchmark_pages: int


def _has_rule_statement(line: str) -> bool:
    from saidwhat.attribution.crf_rules import corpus_blocks, rule_statements
    from saidwhat.core.model import Article, InputInfo

    article = Article(input=InputInfo(path="-", format="text"), text=line, blocks=corpus_blocks(line))
    return bool(rule_statements(article))


def keep_line(line: str) -> bool:
    """Whether a non-article line may serve as a negative (see the module docstring)."""
    if len(_WORD.findall(line)) < MIN_WORDS or _QUOTES.search(line):
        return False
    return not _has_rule_statement(line)


def furniture_lines() -> list[str]:
    """The hand-labelled dumps' pieces whose label is one of :data:`NEGATIVE_LABELS`."""
    from saidwhat_dev.eval.furniture import load_split

    return [
        " ".join(piece.text.split())
        for page in load_split("train")
        for piece in page.pieces
        if piece.label in NEGATIVE_LABELS
    ]


def development_ids(benchmark: Path, gold_dir: Path | None = None) -> list[str]:
    """Benchmark ids of the development half (0-7), without the real-page gold set's check pages."""
    from saidwhat_dev.eval.dumps import DEV, half_of
    from saidwhat_dev.eval.pages import load_split
    from saidwhat_dev.eval.pages_gold import PAGES_DIR

    check = {k for k, v in load_split(gold_dir or PAGES_DIR).items() if v == "check"}
    truth = json.loads((benchmark / "ground-truth.json").read_text(encoding="utf-8"))
    return sorted(i for i in truth if half_of(i) == DEV and i not in check)


def benchmark_lines(benchmark: Path, gold_dir: Path | None = None) -> tuple[list[str], int]:
    """(segments of the development pages' lxml dumps outside ``articleBody``, pages read)."""
    from saidwhat.pages.dump_layout import OTHER
    from saidwhat_dev.eval.dumps import dump_pages
    from saidwhat_dev.eval.extraction import load_benchmark
    from saidwhat_dev.train.dumps import align, analyse

    ids = development_ids(benchmark, gold_dir)
    out: list[str] = []
    for dump in dump_pages(load_benchmark(benchmark, ids), "lxml"):
        facts = analyse(dump.dump.split("\n"))[0]
        out.extend(
            " ".join(f.segment.text.split()) for f, gold in zip(facts, align(facts, dump.truth)) if gold == OTHER
        )
    return out, len(ids)


def _distinct_kept(lines: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for line in lines:
        key = line.casefold()
        if key not in seen:
            seen.add(key)
            if keep_line(line):
                out.append(line)
    return out


def negative_pool(benchmark: Path | None, seed: int, gold_dir: Path | None = None) -> NegativePool:
    """Every kept negative line of both sources, shuffled with ``seed`` (``benchmark`` None: furniture only)."""
    furniture = _distinct_kept(furniture_lines())
    bench: list[str] = []
    pages = 0
    if benchmark is not None:
        raw, pages = benchmark_lines(benchmark, gold_dir)
        taken = {line.casefold() for line in furniture}
        bench = [line for line in _distinct_kept(raw) if line.casefold() not in taken]
    lines = sorted(furniture + bench)
    random.Random(seed).shuffle(lines)
    return NegativePool(tuple(lines), len(furniture), len(bench), pages)


def interleave(items: Iterable[T], negatives: Iterable[T], every: int) -> Iterator[T]:
    """``items`` with the next negative after every ``every`` of them (``every`` 0: ``items`` alone).
    Negatives are reused from the start when there are fewer than needed."""
    if every <= 0:
        yield from items
        return
    pool = list(negatives)
    k = 0
    for n, item in enumerate(items, 1):
        yield item
        if pool and n % every == 0:
            yield pool[k % len(pool)]
            k += 1
