"""Clean an HTML page (placeholder: trafilatura text, one paragraph a line)."""

from __future__ import annotations

from ..model import Article, BlockKind
from ..options import Options
from .builder import TextBuilder


def clean_html(article: Article, options: Options) -> None:
    import trafilatura

    text = trafilatura.extract(article.page) or ""
    builder = TextBuilder()
    for line in text.split("\n"):
        builder.add(BlockKind.PARAGRAPH, line)
    article.text, article.blocks = builder.text, builder.blocks
