"""Stage 3, find quotations (placeholder)."""

from __future__ import annotations

from ..model import Article
from ..options import Options


class FindQuotations:
    def __init__(self, options: Options) -> None:
        self.options = options

    def __call__(self, article: Article) -> Article:
        return article
