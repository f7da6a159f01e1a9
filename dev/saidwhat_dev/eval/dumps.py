"""``saidwhat eval extraction --dumps``: the text-dump path on the benchmark pages rendered as dumps.

Each benchmark page is rendered to a text dump by every renderer of
:mod:`.dump_render`, and the dump is cleaned by saidwhat's text-dump path
(read page + clean article, page by page, no batch profile). The body
(paragraph, heading and block-quote blocks) is scored against the benchmark's
``articleBody`` with the benchmark metric (:mod:`.extraction`), beside the raw
dump itself and saidwhat's own HTML path on the same pages.

*Paragraphs lost* counts the long paragraphs of ``articleBody`` (at least
:data:`LONG_WORDS` words) that the raw dump holds word for word and that the
cleaned body does not; *gone*, those of them whose words the whole cleaned
article (every block, not only the body) does not hold in order either. A
paragraph lost but not gone is still in the article, apart from the body: most
often a dateline in a block of its own, the paragraph it opened the rest. (The
HTML path is scored on its body alone: its gone is its lost.)

Halves: pages whose id starts with ``0``-``7`` are the development half (the
text-dump model is trained and tuned on them only); ``8``-``f`` are held out.
For the held-out half only one number per renderer is shown, saidwhat's body
F1 on the dumps, and no per-page result: it is measured, never looked into.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from saidwhat.core.errors import SaidwhatError
from saidwhat.core.model import Article
from saidwhat_dev.eval.dump_render import RENDERERS, available, render
from saidwhat_dev.eval.extraction import (
    BenchPage,
    PageCounts,
    Score,
    article_body,
    page_counts,
    score,
    tokens,
)

__all__ = [
    "DEV",
    "HELD_OUT",
    "LONG_WORDS",
    "DumpPage",
    "DumpResult",
    "Lost",
    "clean_dump",
    "dev_table",
    "dump_pages",
    "evaluate_dumps",
    "half_of",
    "long_paragraphs_lost",
    "lost_paragraphs",
    "run_dumps",
    "text_path",
]

DEV = "dev"
HELD_OUT = "held-out"
LONG_WORDS = 20


def half_of(page_id: str) -> str:
    """``dev`` for ids starting with 0-7, ``held-out`` for 8-f."""
    return DEV if page_id[:1] in "01234567" else HELD_OUT


@dataclass(slots=True, frozen=True)
class DumpPage:
    """A benchmark page rendered as a text dump by one renderer."""

    id: str
    renderer: str
    dump: str
    truth: str
    url: str


def _decoded(page: BenchPage) -> str:
    from saidwhat.pages.read import decode

    try:
        return decode(page.html, page.id)
    except SaidwhatError:
        return ""


def dump_pages(pages: Sequence[BenchPage], renderer: str) -> Iterator[DumpPage]:
    """The pages rendered by ``renderer`` (a page the renderer fails on is an empty dump)."""
    for page in pages:
        try:
            dump = render(renderer, _decoded(page))
        except Exception:  # noqa: BLE001 - a renderer failing on a page gives an empty dump, scored as such
            dump = ""
        yield DumpPage(page.id, renderer, dump, page.truth, page.url)


def clean_dump(dump: str, path: str = "dump.txt") -> Article | None:
    """saidwhat's text-dump path on one dump (None when it refuses the page)."""
    from saidwhat.core.sources import Source
    from saidwhat.pipeline import extract_source
    from saidwhat_dev.eval.extraction import page_stages_for

    options, stages = page_stages_for("text")
    try:
        return extract_source(Source(path, dump.encode("utf-8"), format="text"), options, stages)
    except SaidwhatError:
        return None


def _joined(text: str) -> str:
    return " " + " ".join(tokens(text)) + " "


def _long_held(truth: str, dump: str) -> Iterator[tuple[str, str]]:
    """(paragraph, its tokens joined) of every long gold paragraph the dump holds word for word."""
    dump_toks = _joined(dump)
    for paragraph in truth.split("\n"):
        words = tokens(paragraph)
        if len(words) >= LONG_WORDS:
            needle = " " + " ".join(words) + " "
            if needle in dump_toks:
                yield paragraph, needle


def long_paragraphs_lost(truth: str, dump: str, body: str) -> tuple[int, int]:
    """(long gold paragraphs the dump holds, how many of them the body lost)."""
    body_toks = _joined(body)
    held = lost = 0
    for _, needle in _long_held(truth, dump):
        held += 1
        lost += needle not in body_toks
    return held, lost


@dataclass(frozen=True, slots=True)
class Lost:
    """A long gold paragraph the body lost; ``gone`` when the article's text does not hold its
    words in order either (else it is there, apart: a dateline cut from the paragraph it opens)."""

    paragraph: str
    gone: bool


def lost_paragraphs(truth: str, dump: str, body: str, text: str) -> list[Lost]:
    """The long gold paragraphs the dump holds and ``body`` lost, and whether ``text`` (the whole
    cleaned article, every block) lost them too."""
    return _lost(list(_long_held(truth, dump)), body, text)


def _lost(held: list[tuple[str, str]], body: str, text: str) -> list[Lost]:
    body_toks, text_toks = _joined(body), _joined(text)
    return [Lost(paragraph, needle not in text_toks) for paragraph, needle in held if needle not in body_toks]


@dataclass(slots=True)
class DumpResult:
    """One row: a system on one renderer's dumps of one half."""

    renderer: str
    half: str
    system: str  # "raw dump", "saidwhat text", "saidwhat html"
    score: Score
    paragraphs: int = 0
    lost: int = 0
    gone: int = 0
    seconds: float = 0.0
    per_page: dict[str, PageCounts] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            **self.score.as_dict(),
            "renderer": self.renderer,
            "half": self.half,
            "system": self.system,
            "paragraphs": self.paragraphs,
            "paragraphs_lost": self.lost,
            "paragraphs_gone": self.gone,
            "seconds": round(self.seconds, 2),
        }


def _rows(
    pages: Sequence[DumpPage],
    half: str,
    renderer: str,
    system: str,
    body_of: Callable[[DumpPage], tuple[str, str]],
) -> DumpResult:
    """``body_of`` gives a page's body and the whole text it was kept in (see :func:`lost_paragraphs`)."""
    per_page: dict[str, PageCounts] = {}
    held = lost = gone = 0
    started = time.perf_counter()
    for page in pages:
        body, text = body_of(page)
        per_page[page.id] = page_counts(page.truth, body)
        held_here = list(_long_held(page.truth, page.dump))
        lost_here = _lost(held_here, body, text)
        held += len(held_here)
        lost, gone = lost + len(lost_here), gone + sum(p.gone for p in lost_here)
    seconds = time.perf_counter() - started
    return DumpResult(renderer, half, system, score(per_page.values()), held, lost, gone, seconds, per_page)


def text_path(page: DumpPage) -> tuple[str, str]:
    """The body and the whole text of the article the text-dump path makes of ``page``'s dump."""
    article = clean_dump(page.dump, f"{page.id}.txt")
    if article is None:
        return "", ""
    return article_body(article), article.text


def evaluate_dumps(
    pages: Sequence[BenchPage], renderers: Sequence[str], half: str, html: bool = True
) -> list[DumpResult]:
    """Rows of one half: per renderer the raw dump and the text path; the HTML path once."""
    from saidwhat_dev.eval.extraction import EXTRACTORS

    mine = [p for p in pages if half_of(p.id) == half]
    results = []
    for renderer in renderers:
        dumps = list(dump_pages(mine, renderer))
        results.append(_rows(dumps, half, renderer, "raw dump", lambda p: (p.dump, p.dump)))
        results.append(_rows(dumps, half, renderer, "saidwhat text", text_path))
    if html and renderers:
        by_id = {p.id: p for p in mine}
        dumps = list(dump_pages(mine, renderers[0]))
        html_body = EXTRACTORS["saidwhat"]
        results.append(_rows(dumps, half, "-", "saidwhat html", lambda p: (html_body(by_id[p.id].html, p.url),) * 2))
    return results


def dev_table(results: Sequence[DumpResult]) -> str:
    head = (
        f"{'renderer':<11} {'system':<14} {'precision':>9} {'recall':>7} {'F1':>6} {'pages':>5} {'lost':>9} {'gone':>4}"
    )
    lines = [head]
    for r in results:
        s = r.score
        lines.append(
            f"{r.renderer:<11} {r.system:<14} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} "
            f"{s.pages:5d} {r.lost:>4}/{r.paragraphs:<4} {r.gone:>4}"
        )
    return "\n".join(lines)


def run_dumps(pages: Sequence[BenchPage], renderers_arg: str, half: str, as_json: bool) -> int:
    """Print the table of one half (for the held-out half: one F1 per renderer)."""
    names = [n.strip() for n in renderers_arg.split(",") if n.strip()] or list(RENDERERS)
    unknown = [n for n in names if n not in RENDERERS]
    if unknown:
        print(f"saidwhat: unknown renderer(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    reasons = available()
    for name in [n for n in names if reasons[n]]:
        print(f"saidwhat: renderer {name} skipped: {reasons[name]}", file=sys.stderr)
    names = [n for n in names if not reasons[n]]
    if half == HELD_OUT:
        results = [r for r in evaluate_dumps(pages, names, half, html=False) if r.system == "saidwhat text"]
        f1 = {r.renderer: round(r.score.f1, 4) for r in results}
        print(json.dumps(f1) if as_json else "\n".join(f"{k:<11} F1 {v:.3f}" for k, v in f1.items()))
        return 0
    results = evaluate_dumps(pages, names, half)
    print(json.dumps([r.as_dict() for r in results], indent=1) if as_json else dev_table(results))
    return 0
