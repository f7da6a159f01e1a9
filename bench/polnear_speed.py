"""Speed and memory of the whole analysis path on PolNeAR dev texts.

Runs ``saidwhat.pipeline.extract_text`` (read, clean, quotations, attributions,
speakers) on every dev article text, one core, and reports tokens per second
(tokens of :func:`saidwhat.nlp.tokens.tokenize`), articles per second and the
peak resident memory of the process (``resource.getrusage`` maxrss).

    .venv/bin/python bench/polnear_speed.py [--data ../shared/data/polnear] [--split dev] [--analyse]

``--analyse`` times :func:`saidwhat.pipeline.analyse_text` (attribution stages
on the clean text) instead of the whole ``extract_text``. ``--attribution model``
times the learned tagger alone (what the eval's default runs).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--analyse", action="store_true", help="analyse_text instead of extract")
    parser.add_argument("--attribution", choices=("auto", "model", "rules"), default="auto")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    from saidwhat.core.options import Options
    from saidwhat.nlp.tokens import tokenize
    from saidwhat.pipeline import analyse_text, extract_text

    texts = [p.read_text(encoding="utf-8") for p in sorted((args.data / args.split / "text").glob("*.txt"))]
    if not texts:
        print(f"no texts under {args.data / args.split / 'text'}", file=sys.stderr)
        return 1
    tokens = sum(len(tokenize(t)) for t in texts) * args.repeat
    options = Options(attribution=args.attribution)
    load_started = time.perf_counter()
    if args.attribution in ("auto", "model"):
        from saidwhat.attribution.tagger import AttributionTagger

        tagger = AttributionTagger.load()
    load_seconds = time.perf_counter() - load_started
    statements = 0
    started = time.process_time()
    wall = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts:
            if args.attribution == "model":
                from saidwhat.core.model import Article, Block, BlockKind, InputInfo
                from saidwhat.nlp.tokens import line_spans

                article = Article(InputInfo("-", "text"), text=text)
                article.blocks = [Block(BlockKind.PARAGRAPH, s) for s in line_spans(text)]
                statements += len(tagger.predict(article))
            elif args.analyse:
                statements += len(analyse_text(text, options).statements)
            else:
                statements += len(extract_text(text, options=options).statements)
    cpu = time.process_time() - started
    elapsed = time.perf_counter() - wall
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "path": "model" if args.attribution == "model" else ("analyse_text" if args.analyse else "extract"),
        "attribution": args.attribution,
        "articles": len(texts) * args.repeat,
        "tokens": tokens,
        "statements": statements,
        "cpu_seconds": round(cpu, 2),
        "wall_seconds": round(elapsed, 2),
        "tokens_per_cpu_second": round(tokens / cpu),
        "articles_per_cpu_second": round(len(texts) * args.repeat / cpu, 2),
        "model_load_seconds": round(load_seconds, 3),
        "peak_rss_mb": round(peak_mb, 1),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
