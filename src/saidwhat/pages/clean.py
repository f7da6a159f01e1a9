"""Stage 2, clean article: turn the decoded page into clean text, blocks and metadata.

Text dumps go through the furniture classifier (:mod:`.textdump`); HTML pages
through the HTML extractor (:mod:`.html`), whose output is cleaned of the
furniture that remains in it by the same classifier.

When a batch is given, :func:`profile_batch` makes a first pass over it and
counts the lines that repeat on many pages of one site: strong evidence of
furniture, which the text-dump cleaner then removes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..core.errors import EmptyInput, SaidwhatError
from ..core.model import Article
from ..core.options import Options
from ..core.resources import Context, Resources
from .furniture_profile import BatchProfile

__all__ = ["CleanArticle", "profile_batch"]


class CleanArticle:
    @classmethod
    def create(cls, context: Context) -> CleanArticle:
        """The stage for a pipeline's context (:mod:`saidwhat.core.resources`)."""
        return cls(context.options, context.profile, context.resources)

    def __init__(
        self, options: Options, profile: BatchProfile | None = None, resources: Resources | None = None
    ) -> None:
        self.options = options
        self.profile = profile
        self.resources = resources or Resources(options)  # the text-dump models, read when first needed

    def __call__(self, article: Article) -> Article:
        if article.input.format == "html":
            from .html import clean_html

            clean_html(article, self.options)
        else:
            from .textdump import clean_text

            clean_text(article, self.options, self.profile, self.resources)
        if not article.text.strip():
            raise EmptyInput("no article text found on the page", article.input.path)
        return article


def profile_batch(sources: Iterable[object], options: Options) -> BatchProfile:
    """Profile the text dumps of a batch (pages that cannot be read are left to the main pass)."""
    from ..core.sources import Source
    from .read import decode, detect_format

    def pages() -> Iterator[tuple[str, str]]:
        for source in sources:
            if not isinstance(source, Source) or len(source.data) > options.max_bytes:
                continue
            fmt = options.input_format if options.input_format != "auto" else source.format
            if (fmt or detect_format(source.data)) != "text":
                continue
            try:
                yield source.record or source.path, decode(source.data, source.path)
            except SaidwhatError:
                continue

    return BatchProfile.from_pages(pages())
