"""CPU time of the attribution stage's paragraph views, part-of-speech tagger in numpy against crfsuite.

Cleans the 181 pages of the extraction benchmark once (read, clean, quotes), then
builds their paragraph views (:func:`saidwhat.attribution.crf_data.paragraph_views`:
tokens, sentences, part-of-speech tags) with each tagger in turn: the numpy tagger
:class:`saidwhat.nlp.pos.PosTagger`, and crfsuite running the same model on
:func:`saidwhat.nlp.pos.word_features`' strings, as the code before did. Each round
starts both taggers cold (new word caches) and passes every page once, as a pipeline
does; the fastest round of each is kept. Then, for the numpy tagger, where its time
goes. Totals only (ms per page over all the pages).

    .venv/bin/python bench/pos_views.py [--rounds 2]
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pycrfsuite

from saidwhat.attribution import crf_data
from saidwhat.core.model import Span
from saidwhat.core.options import Options
from saidwhat.core.sources import Source
from saidwhat.nlp import pos
from saidwhat.pipeline import _new_article, build_pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-benchmark" / "html"


class Crfsuite:
    """crfsuite behind the tagger's interface: one call per sentence, attribute strings in."""

    def __init__(self) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(pos.DEFAULT_POS_MODEL))
        pos._WORDS.clear()

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return [list(self._tagger.tag(pos.word_features(s))) if s else [] for s in sentences]


def _texts() -> list[tuple[str, list[Span]]]:
    options = Options()
    stages = build_pipeline(options)
    out = []
    for i, path in enumerate(sorted(DATA.glob("*.html.gz"))):
        article = _new_article(Source(f"page-{i}.html", gzip.decompress(path.read_bytes())), options)
        for stage in stages[:3]:
            article = stage(article)
        out.append((article.text, [b.span for b in article.blocks or []]))
    return out


def _views(texts: list[tuple[str, list[Span]]], tagger: Any, spent: dict[str, float] | None = None) -> float:
    for text, spans in texts[:5]:  # as stage_profile: a few pages first
        crf_data.paragraph_views(text, spans, tagger)
    if spent is not None:
        spent.clear()
    started = time.process_time()
    for text, spans in texts:
        crf_data.paragraph_views(text, spans, tagger)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    texts = _texts()
    makers: dict[str, Callable[[], Any]] = {"numpy": pos.PosTagger.load, "crfsuite": Crfsuite}
    best = dict.fromkeys(makers, float("inf"))
    for _ in range(args.rounds):
        for name, make in makers.items():
            best[name] = min(best[name], _views(texts, make()))
    for name, seconds in best.items():
        print(f"paragraph views, {name} tagger: {1000 * seconds / len(texts):.2f} ms per page")
    # where the numpy tagger's time goes (one more cold pass, its methods timed)
    spent: dict[str, float] = {}
    for method in ("tag_sentences", "_rows", "_add", "_scores", "_viterbi"):
        setattr(pos.PosTagger, method, _timed(method, getattr(pos.PosTagger, method), spent))
    total = _views(texts, pos.PosTagger.load(), spent)
    print(f"numpy pass: views {1000 * total / len(texts):.2f} ms per page, of which", end="")
    print(", ".join(f" {k} {1000 * v / len(texts):.2f}" for k, v in spent.items()))


def _timed(name: str, method: Callable[..., Any], spent: dict[str, float]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started

    return run


if __name__ == "__main__":
    main()
