"""The pipeline: the whole path from a page to who-said-what, in one list.

Every stage has one signature, ``stage(article) -> article``: it reads what
earlier stages set on the :class:`~saidwhat.core.model.Article` and adds its own
annotations. :func:`build_pipeline` is the one place that lists them::

    read page -> clean article -> find quotations -> find attributions -> resolve speakers
        -> verify statements

A batch (:func:`extract_many`) is a generator in, generator out; each document
runs under the size and time limits of :class:`~saidwhat.core.options.Options`, and
a failure becomes a :class:`Failure` with its reason, never an exception that
stops the batch.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from .core.errors import ExtractionError, InputTooLarge, SaidwhatError
from .core.limits import time_limit
from .core.model import Article, InputInfo
from .core.options import Options
from .core.sources import Failure, Source

if TYPE_CHECKING:
    from .pages.furniture_profile import BatchProfile

__all__ = [
    "Failure",
    "Source",
    "Stage",
    "analyse_text",
    "build_pipeline",
    "extract_bytes",
    "extract_many",
    "extract_source",
    "extract_text",
]

Stage = Callable[[Article], Article]


def build_pipeline(options: Options, profile: BatchProfile | None = None) -> list[Stage]:
    """The stages of saidwhat, in order. Imports are local so that start-up stays light.

    ``profile`` holds the lines that repeat across a batch's pages of one site
    (see :func:`saidwhat.pages.clean.profile_batch`).
    """
    from .attribution.quotes import FindQuotations
    from .attribution.stage import FindAttributions
    from .attribution.verifier import VerifyStatements
    from .pages.clean import CleanArticle
    from .pages.read import ReadPage
    from .speakers.stage import ResolveSpeakers

    return [
        ReadPage(options),
        CleanArticle(options, profile),
        FindQuotations(options),
        FindAttributions(options),
        ResolveSpeakers(options),
        VerifyStatements(options),
    ]


ANALYSIS_STAGES = 2  # build_pipeline()[ANALYSIS_STAGES:] are the stages that read clean text


def analyse_text(text: str, options: Options | None = None, title: bool = True) -> Article:
    """Run the attribution stages on text that is already clean, keeping it byte for byte.

    Used where offsets must index the given text exactly (evaluation on a
    corpus, the store's re-analysis): each non-blank line is a block, the first
    one the title when ``title`` is true.
    """
    from .core.model import Block, BlockKind
    from .nlp.tokens import line_spans

    options = options or Options()
    article = Article(input=InputInfo(path="-", format="text"), text=text)
    for i, span in enumerate(line_spans(text)):
        kind = BlockKind.TITLE if (i == 0 and title) else BlockKind.PARAGRAPH
        article.blocks.append(Block(kind, span))
    return run_stages(article, build_pipeline(options)[ANALYSIS_STAGES:])


def _new_article(source: Source, options: Options) -> Article:
    if len(source.data) > options.max_bytes:
        raise InputTooLarge(
            f"{len(source.data):,} bytes is over the limit of {options.max_bytes:,}", source.path
        )
    info = InputInfo(
        path=source.path,
        format=source.format,
        sha256=hashlib.sha256(source.data).hexdigest(),
        size=len(source.data),
        record=source.record,
        encoding=source.encoding,
    )
    return Article(input=info, raw=source.data)


def run_stages(article: Article, stages: list[Stage]) -> Article:
    for stage in stages:
        try:
            article = stage(article)
        except (SaidwhatError, RecursionError):
            raise
        except Exception as err:  # a bug, or a library failing on hostile input: one clear line
            raise ExtractionError(
                f"{stage_name(stage)} failed on this page (internal error {type(err).__name__})"
            ) from err
    article.raw = b""
    article.page = ""
    return article


def stage_name(stage: Stage) -> str:
    """A stage's name in words: ``CleanArticle`` -> 'clean article', ``find_quotes`` -> 'find quotes'."""
    name = getattr(stage, "__name__", None) or type(stage).__name__
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").strip().lower()


def extract_source(source: Source, options: Options, stages: list[Stage]) -> Article:
    """Run the pipeline on one document under its limits. Raises SaidwhatError."""
    article = _new_article(source, options)
    try:
        with time_limit(options.max_seconds, source.path):
            return run_stages(article, stages)
    except SaidwhatError as err:
        if err.where is None:
            err.where = source.path
        if source.record:  # one page of a web archive: say which
            err.reason = f"record {source.record[:300]}: {err.reason}"
        raise
    except RecursionError as err:
        raise ExtractionError("page structure too deeply nested", source.path) from err


def extract_bytes(data: bytes, path: str = "-", options: Options | None = None) -> Article:
    """Extract one document from bytes; raises a SaidwhatError subclass on bad input."""
    options = options or Options()
    return extract_source(Source(path, data), options, build_pipeline(options))


def extract_text(text: str, path: str = "-", options: Options | None = None) -> Article:
    """Extract one document held in a string (text dump or HTML); ``path`` only names it.
    (To read a file, use :func:`saidwhat.extract`.)"""
    try:  # a text decoded with surrogateescape gets its bytes back; other lone surrogates stay invalid
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    return extract_bytes(data, path, options)


def extract_many(
    sources: Iterable[Source | Failure], options: Options | None = None, profile: BatchProfile | None = None
) -> Iterator[Article | Failure]:
    """Extract every source; a bad one yields a Failure and the batch goes on.

    This takes documents already read; :func:`saidwhat.extract_many` also takes paths."""
    options = options or Options()
    stages = build_pipeline(options, profile)
    for source in sources:
        if isinstance(source, Failure):
            yield source
            continue
        if not isinstance(source, Source):
            kind = type(source).__name__
            raise TypeError(f"expected a Source, not {kind}: saidwhat.extract_many reads paths")
        try:
            yield extract_source(source, options, stages)
        except SaidwhatError as err:
            yield Failure(err.where or source.path, err.reason, type(err).__name__)
