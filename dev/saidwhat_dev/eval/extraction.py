"""``saidwhat eval extraction``: article body extraction on the article-extraction benchmark.

The metric is the benchmark's own, so that numbers compare with the published
ones (trafilatura 2.0 F1 0.958): each text is split into ``\\w+`` tokens
(Unicode, case kept) and turned into the multiset of its 4-token shingles (a
text of fewer than 4 tokens is one shingle). Per page, TP/FP/FN are counted over
the two multisets and divided by their sum, so that every page weighs the same.
Precision is the mean of per-page TP/(TP+FP) over pages with TP+FP > 0, recall
the mean of TP/(TP+FN) over pages with TP+FN > 0 (a page with FP = FN = 0
scores 1 on both), and F1 is the harmonic mean of those two means.

saidwhat is scored on its *article body*: its paragraphs, headings and block
quotes, without the title, byline, dateline, caption and credit blocks, which
the benchmark's ``articleBody`` (the schema.org property) does not hold either
(counting captions in costs 0.014 F1, the title 0.013). The plain extractors (trafilatura,
readability, jusText) are run with their defaults on the same bytes in the same
run, so that the comparison does not depend on library versions.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from saidwhat.core.errors import MissingInput
from saidwhat.core.model import Article, BlockKind
from saidwhat.core.options import Options

__all__ = [
    "BODY_KINDS",
    "DEFAULT_EXTRACTORS",
    "EXTRACTORS",
    "HELP",
    "BenchPage",
    "PageCounts",
    "Score",
    "add_arguments",
    "article_body",
    "evaluate",
    "load_benchmark",
    "page_counts",
    "page_stages_for",
    "run",
    "score",
    "shingles",
    "tokens",
]

HELP = "article text extraction on the article-extraction benchmark (shingle P/R/F1 vs trafilatura, ...)"

SHINGLE = 4
_TOKEN = re.compile(r"\w+")
BODY_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.HEADING, BlockKind.BLOCKQUOTE})


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, n: int = SHINGLE) -> Counter[str]:
    toks = tokens(text)
    return Counter(" ".join(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n])


@dataclass(slots=True, frozen=True)
class PageCounts:
    """TP/FP/FN of one page, divided by their sum (all zero when both texts are empty)."""

    tp: float
    fp: float
    fn: float


def page_counts(truth: str, predicted: str) -> PageCounts:
    gold, pred = shingles(truth), shingles(predicted)
    tp = fp = fn = 0
    for key in gold.keys() | pred.keys():
        g, p = gold.get(key, 0), pred.get(key, 0)
        tp += min(g, p)
        fp += max(0, p - g)
        fn += max(0, g - p)
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


@dataclass(slots=True, frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    pages: int

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "pages": self.pages}


def score(counts: Iterable[PageCounts]) -> Score:
    precisions: list[float] = []
    recalls: list[float] = []
    pages = 0
    for c in counts:
        pages += 1
        if c.fp == 0 and c.fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if c.tp + c.fp > 0:
            precisions.append(c.tp / (c.tp + c.fp))
        if c.tp + c.fn > 0:
            recalls.append(c.tp / (c.tp + c.fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(p, r, f1, pages)


@dataclass(slots=True, frozen=True)
class BenchPage:
    id: str
    html: bytes
    truth: str
    url: str


def load_benchmark(directory: Path, ids: Sequence[str] | None = None) -> list[BenchPage]:
    """The benchmark pages (all, or those of ``ids``), sorted by id."""
    truth_file = directory / "ground-truth.json"
    if not truth_file.is_file():
        raise MissingInput(
            "no ground-truth.json: not a folder of labelled pages in the benchmark's format", str(directory)
        )
    truth: dict[str, dict[str, str]] = json.loads(truth_file.read_text(encoding="utf-8"))
    wanted = sorted(truth) if ids is None else list(ids)
    pages = []
    for page_id in wanted:
        html = gzip.decompress((directory / "html" / f"{page_id}.html.gz").read_bytes())
        item = truth[page_id]
        pages.append(BenchPage(page_id, html, item.get("articleBody") or "", item.get("url") or ""))
    return pages


def article_body(article: Article) -> str:
    """The text a reader calls the article body: paragraphs, headings and block quotes."""
    return "\n\n".join(article.slice(b.span) for b in article.blocks if b.kind in BODY_KINDS)


# --- extractors: bytes (+ URL) -> article body text ---------------------------------


def _saidwhat(html: bytes, url: str) -> str:
    from saidwhat.core.errors import SaidwhatError
    from saidwhat.core.sources import Source
    from saidwhat.pipeline import extract_source

    source = Source(url or "-", html, format="html")
    try:
        article = extract_source(source, page_options(), page_stages())
    except SaidwhatError:
        return ""
    return article_body(article)


@functools.cache
def page_options() -> Options:
    return Options(input_format="html")


@functools.cache
def page_stages() -> list[Callable[[Article], Article]]:
    """Read page and clean article: saidwhat's page stage, without attribution."""
    return page_stages_for("html")[1]


@functools.cache
def page_stages_for(input_format: str) -> tuple[Options, list[Callable[[Article], Article]]]:
    """The options and page stages (read page, clean article) for one input format."""
    from saidwhat.pages.clean import CleanArticle
    from saidwhat.pages.read import ReadPage

    options = page_options() if input_format == "html" else Options(input_format=input_format)
    return options, [ReadPage(options), CleanArticle(options)]


def _trafilatura(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url or None) or ""


def _trafilatura_tuned(html: bytes, url: str) -> str:
    """trafilatura with the settings saidwhat uses (no comments, precision mode): the base saidwhat adds to."""
    import trafilatura

    return trafilatura.extract(html, url=url or None, include_comments=False, favor_precision=True) or ""


def _readability(html: bytes, url: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html, url=url or None).summary(html_partial=True)
    if not summary.strip():
        return ""
    root = lxml.html.fromstring(summary)
    blocks = root.xpath("//p|//h1|//h2|//h3|//h4|//h5|//h6|//li|//pre|//blockquote|//td")
    texts = [" ".join(b.text_content().split()) for b in blocks]
    text = "\n\n".join(t for t in texts if t)
    return text or " ".join(root.text_content().split())


def _justext(html: bytes, url: str) -> str:
    import justext

    paragraphs = justext.justext(html, justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {
    "saidwhat": _saidwhat,
    "trafilatura": _trafilatura,
    "readability": _readability,
    "justext": _justext,
    "trafilatura-tuned": _trafilatura_tuned,
}
DEFAULT_EXTRACTORS = ("saidwhat", "trafilatura", "readability", "justext")


@dataclass(slots=True)
class Result:
    name: str
    score: Score
    seconds: float
    per_page: dict[str, PageCounts]


def evaluate(pages: Sequence[BenchPage], names: Sequence[str]) -> list[Result]:
    results = []
    for name in names:
        extractor = EXTRACTORS[name]
        per_page: dict[str, PageCounts] = {}
        started = time.perf_counter()
        for page in pages:
            try:
                text = extractor(page.html, page.url)
            except Exception:  # noqa: BLE001 - a library failing on a page scores it empty, as in the benchmark
                text = ""
            per_page[page.id] = page_counts(page.truth, text)
        seconds = time.perf_counter() - started
        results.append(Result(name, score(per_page.values()), seconds, per_page))
    return results


def table(results: Sequence[Result]) -> str:
    lines = [f"{'extractor':<18} {'precision':>9} {'recall':>7} {'F1':>6} {'pages':>5} {'seconds':>8}"]
    for r in results:
        s = r.score
        lines.append(
            f"{r.name:<18} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.pages:5d} {r.seconds:8.1f}"
        )
    return "\n".join(lines)


def default_data_dir() -> Path:
    return Path.cwd().parent / "shared" / "data" / "extraction-benchmark"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=None, help="benchmark directory (ground-truth.json, html/)"
    )
    parser.add_argument(
        "--extractors",
        default=",".join(DEFAULT_EXTRACTORS),
        help=f"comma-separated extractors among {', '.join(EXTRACTORS)} (default: {','.join(DEFAULT_EXTRACTORS)})",
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (by id)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--dumps",
        action="store_true",
        help="score the text-dump path on the pages rendered as text dumps (see saidwhat_dev.eval.dumps)",
    )
    parser.add_argument(
        "--renderers", default="lxml,inscriptis,html2text", help="with --dumps: comma-separated renderers"
    )
    parser.add_argument(
        "--half",
        choices=("dev", "held-out"),
        default="dev",
        help="with --dumps: pages 0-7 (dev, the full table) or 8-f (held-out: one F1 per renderer)",
    )


def run(args: argparse.Namespace) -> int:
    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        print(f"saidwhat: unknown extractor(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    pages = load_benchmark(args.data or default_data_dir())
    if getattr(args, "dumps", False):
        from saidwhat_dev.eval.dumps import run_dumps

        return run_dumps(
            pages[: args.limit] if args.limit else pages, args.renderers, args.half, args.json
        )
    if args.limit:
        pages = pages[: args.limit]
    results = evaluate(pages, names)
    if args.json:
        print(json.dumps({r.name: {**r.score.as_dict(), "seconds": r.seconds} for r in results}, indent=2))
    else:
        print(table(results))
    return 0
