"""Clean a plain-text dump of a scraped page (placeholder: first line title, rest paragraphs)."""

from __future__ import annotations

from ..model import Article, BlockKind
from ..options import Options
from .builder import TextBuilder


def clean_text(article: Article, options: Options) -> None:
    builder = TextBuilder()
    for i, line in enumerate(l for l in article.page.split("\n") if l.strip()):
        builder.add(BlockKind.TITLE if i == 0 else BlockKind.PARAGRAPH, line)
    article.text, article.blocks = builder.text, builder.blocks
