"""``saidwhat demo``: run the whole pipeline on the demo corpus shipped in the package."""

from __future__ import annotations

import argparse
import sys

from ..demo import demo_pages
from ..model import Article
from ..options import Options
from ..pipeline import Failure, Source, extract_many
from ..render import article_table, safe, speaker_summary

NAME = "demo"
HELP = "extract every page of the built-in demo corpus and summarise who said what"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--attribution", choices=("auto", "model", "rules"), default="auto")


def run(args: argparse.Namespace) -> int:
    pages = demo_pages()
    sources = [Source(f"demo/{p.name}", p.read_bytes()) for p in pages]
    articles: list[Article] = []
    for result in extract_many(sources, Options(attribution=args.attribution)):
        if isinstance(result, Failure):
            print(f"saidwhat: {safe(str(result))}", file=sys.stderr)
            continue
        articles.append(result)
        sys.stdout.write(article_table(result) + "\n")
    total = sum(len(a.statements) for a in articles)
    print(f"== {len(articles)} pages, {total} statements\n")
    print(speaker_summary(articles))
    return 0 if len(articles) == len(sources) else 1
