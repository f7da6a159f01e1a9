"""Agreement of two annotators on the real-page gold set: how far apart two careful readers are.

Nine dev pages were annotated twice, independently (``eval/data/pages/`` and
``eval/data/pages_second/``). The second annotation is scored against the
first exactly as saidwhat's output is by ``saidwhat eval pages`` (contents
located in the page text, half of a content inside a gold content, the
speaker by name), so the numbers say what a human scores on this metric.

    .venv/bin/python bench/pages_agreement.py [--data ../shared/data/extraction-benchmark]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from saidwhat.core.model import Article, InputInfo, Span, Speaker, SpeakerType, Statement, StatementKind
from saidwhat_dev.eval.pages import evaluate_page, summarise
from saidwhat_dev.eval.pages_gold import DEFAULT_BENCHMARK, PAGES_DIR, GoldPage, load_page

SECOND = PAGES_DIR.parent / "pages_second"


def as_article(page: GoldPage) -> Article:
    """The second annotation as if saidwhat had produced it (title line, then the body)."""
    text = f"{page.title}\n\n{page.body}"
    art = Article(input=InputInfo(path=page.id), text=text)
    offset = len(page.title) + 2
    for st in page.statements:
        base, where = (0, page.title) if st.where == "title" else (offset, page.body)
        spans, at = [], -1
        for k, piece in enumerate(st.content):
            at = where.find(piece) if k == 0 and st.occurrence == 1 else where.find(piece, max(at, 0))
            if k == 0 and st.occurrence > 1:
                for _ in range(st.occurrence):
                    at = where.find(piece, at + 1)
            if at >= 0:
                spans.append(Span(base + at, base + at + len(piece)))
        source = None
        if st.source and (s := where.find(st.source)) >= 0:
            source = Span(base + s, base + s + len(st.source))
        sid = f"p{st.n}"
        name = st.speaker or st.source or ""
        art.speakers.append(Speaker(sid, name, SpeakerType(st.speaker_type)))
        art.statements.append(
            Statement(
                f"s{st.n}", StatementKind(st.kind), spans, source, None, sid if name else None, method="human"
            )
        )
    return art


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_BENCHMARK)
    args = parser.parse_args()
    results = []
    for path in sorted(SECOND.glob("*.json")):
        first = load_page(PAGES_DIR / path.name, args.data)
        second = load_page(path, args.data)
        article = as_article(second)
        article.statements = [
            st for st, g in zip(article.statements, second.statements, strict=True) if not g.optional
        ]
        results.append(evaluate_page(first, article))
    summary = summarise(results)
    keep = ("pages", "predicted", "optional", "gold", "precision", "recall", "f1", "speaker_accuracy")
    print(json.dumps({k: summary[k] for k in keep}, indent=1))


if __name__ == "__main__":
    main()
