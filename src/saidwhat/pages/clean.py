"""Stage 2, clean article: turn the decoded page into clean text, blocks and metadata.

Text dumps go through the furniture classifier (:mod:`.textdump`); HTML pages
through the HTML extractor (:mod:`.html`), whose output is cleaned of the
furniture that remains in it by the same classifier.
"""

from __future__ import annotations

from ..errors import EmptyInput
from ..model import Article
from ..options import Options

__all__ = ["CleanArticle"]


class CleanArticle:
    def __init__(self, options: Options) -> None:
        self.options = options

    def __call__(self, article: Article) -> Article:
        if article.input.format == "html":
            from .html import clean_html

            clean_html(article, self.options)
        else:
            from .textdump import clean_text

            clean_text(article, self.options)
        if not article.text.strip():
            raise EmptyInput("no article text found on the page", article.input.path)
        return article
