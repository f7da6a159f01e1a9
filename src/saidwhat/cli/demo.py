"""``saidwhat demo``: the whole pipeline on the demo corpus shipped in the package.

Prints each page's title and statements, a per-speaker summary, then keeps the
articles in an embedded store (one SQLite file, no server) and sets the two
outlets' accounts of the same event side by side, as ``saidwhat compare`` does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.model import Article
from ..core.options import Options
from ..core.sources import Failure, Source
from ..demo import demo_pages, demo_stories
from ..io.writers.table import article_table, speaker_summary
from ..io.writers.terminal import safe
from ..pipeline import extract_batch

NAME = "demo"
HELP = "extract every page of the built-in demo corpus, store it, and compare two accounts of one event"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--attribution", choices=("auto", "model", "rules"), default="auto")
    parser.add_argument(
        "--db",
        default="saidwhat-demo.db",
        metavar="PATH",
        help="the embedded store to keep the demo articles in (default: saidwhat-demo.db here)",
    )
    parser.add_argument("--no-store", action="store_true", help="only print, keep nothing")


def run(args: argparse.Namespace) -> int:
    pages = demo_pages()
    sources = [Source(f"demo/{p.name}", p.read_bytes()) for p in pages]
    articles: list[Article] = []
    # the demo corpus is a batch like any other: two passes, as `saidwhat extract DIR` runs it
    for result in extract_batch(sources, Options(attribution=args.attribution), first_pass=sources):
        if isinstance(result, Failure):
            print(f"saidwhat: {safe(str(result))}", file=sys.stderr)
            continue
        articles.append(result)
        sys.stdout.write(article_table(result) + "\n")
    total = sum(len(a.statements) for a in articles)
    print(f"== {len(articles)} pages, {total} statements\n")
    print(speaker_summary(articles))
    if not args.no_store:
        _store_and_compare(articles, Path(args.db))
    return 0 if len(articles) == len(sources) else 1


def _store_and_compare(articles: list[Article], db: Path) -> None:
    from ..io.writers.store_tables import comparison_table
    from ..store import Store

    with Store.open(str(db)) as store:
        ids = {a.input.path.removeprefix("demo/"): store.add(a).article_id for a in articles}
        print(f"\n== stored {len(ids)} articles in {db} (search it: saidwhat search --db {db} WORDS)")
        for story, names in demo_stories().items():
            first, second = (ids.get(n) for n in names[:2])
            if first is None or second is None:
                continue
            print(f"\n== two accounts of one event ({safe(story)})\n")
            print(comparison_table(store.compare(first, second)))
    print(
        f"\n== browse the demo store in a web browser: saidwhat serve --db {db}"
        "\n   then open http://127.0.0.1:8765/ (add --allow-edits to correct speakers)"
    )
