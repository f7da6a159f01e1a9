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
import importlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .core.errors import ExtractionError, InputTooLarge, SaidwhatError, UsageError
from .core.limits import time_limit
from .core.model import Article, InputInfo
from .core.options import Options
from .core.resources import Context, Resources, shared_resources
from .core.sources import Failure, Source

if TYPE_CHECKING:
    from .pages.furniture_profile import BatchProfile

__all__ = [
    "ANALYSIS",
    "PIPELINE",
    "Failure",
    "Pipeline",
    "Source",
    "Stage",
    "StageFactory",
    "analyse_text",
    "build_pipeline",
    "extract_batch",
    "extract_bytes",
    "extract_many",
    "extract_source",
    "extract_text",
    "profile_batch",
    "register_stage",
    "stage_factory",
]

Stage = Callable[[Article], Article]
StageFactory = Callable[[Context], Stage]

# The stages of saidwhat, in order: name -> (module, class). Each class builds itself from a
# Context (``create``); modules are imported when a pipeline is built, so start-up stays light.
_BUILT_IN: dict[str, tuple[str, str]] = {
    "read page": ("saidwhat.pages.read", "ReadPage"),
    "clean article": ("saidwhat.pages.clean", "CleanArticle"),
    "find quotations": ("saidwhat.attribution.quotes", "FindQuotations"),
    "find attributions": ("saidwhat.attribution.stage", "FindAttributions"),
    "resolve speakers": ("saidwhat.speakers.stage", "ResolveSpeakers"),
    "verify statements": ("saidwhat.attribution.verifier", "VerifyStatements"),
}
PIPELINE: tuple[str, ...] = tuple(_BUILT_IN)
# the stages that read clean text (analysis of a text already clean, the store's re-analysis)
ANALYSIS: tuple[str, ...] = PIPELINE[PIPELINE.index("find quotations") :]
_REGISTERED: dict[str, StageFactory] = {}


def register_stage(name: str, factory: StageFactory) -> None:
    """Make a stage of one's own available by name to :func:`build_pipeline` (``names=``)."""
    if name in _BUILT_IN:
        raise UsageError(f"{name!r} is a built-in stage of saidwhat; choose another name")
    _REGISTERED[name] = factory


def stage_factory(name: str) -> StageFactory:
    """The factory of the stage called ``name``."""
    if name in _REGISTERED:
        return _REGISTERED[name]
    if name not in _BUILT_IN:
        known = ", ".join([*_BUILT_IN, *_REGISTERED])
        raise UsageError(f"no stage called {name!r} (stages: {known})")
    module, attr = _BUILT_IN[name]
    factory: StageFactory = getattr(importlib.import_module(module), attr).create
    return factory


def build_pipeline(
    options: Options,
    profile: BatchProfile | None = None,
    resources: Resources | None = None,
    names: Sequence[str] = PIPELINE,
) -> list[Stage]:
    """The stages called ``names`` (default: the whole path, :data:`PIPELINE`), in order.

    ``profile`` holds the lines that repeat across a batch's pages of one site (see
    :func:`profile_batch`); ``resources`` the models and lexicons to use (default: the process's
    for these options, :func:`~saidwhat.core.resources.shared_resources`, loaded when first needed).
    """
    context = Context(options, resources or shared_resources(options), profile)
    return [stage_factory(name)(context) for name in names]


def analyse_text(
    text: str, options: Options | None = None, title: bool = True, resources: Resources | None = None
) -> Article:
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
    return run_stages(article, build_pipeline(options, resources=resources, names=ANALYSIS))


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


class Pipeline:
    """The stages built once for one set of options, run over one document or a batch.

    ``resources`` (models and lexicons) may be shared between pipelines, as an executor does
    in each worker process; ``profile`` is the batch's furniture profile (:func:`extract_batch`)."""

    def __init__(
        self,
        options: Options | None = None,
        resources: Resources | None = None,
        profile: BatchProfile | None = None,
        names: Sequence[str] = PIPELINE,
    ) -> None:
        self.options = options or Options()
        self.resources = resources or shared_resources(self.options)
        self.stages = build_pipeline(self.options, profile, self.resources, names)

    def __call__(self, source: Source) -> Article:
        """One document under its limits; raises a SaidwhatError on bad input."""
        return extract_source(source, self.options, self.stages)

    def run(self, sources: Iterable[Source | Failure]) -> Iterator[Article | Failure]:
        """Every source; a bad one yields a Failure and the batch goes on."""
        for source in sources:
            if isinstance(source, Failure):
                yield source
                continue
            if not isinstance(source, Source):
                kind = type(source).__name__
                raise TypeError(f"expected a Source, not {kind}: saidwhat.extract_many reads paths")
            try:
                yield self(source)
            except SaidwhatError as err:
                yield Failure(err.where or source.path, err.reason, type(err).__name__)


def profile_batch(sources: Iterable[Source | Failure], options: Options) -> BatchProfile:
    """The batch's first pass: the lines that repeat on many pages of one site (furniture)."""
    from .pages.clean import profile_batch as profile_pages

    return profile_pages(sources, options)


def extract_batch(
    sources: Iterable[Source | Failure],
    options: Options | None = None,
    resources: Resources | None = None,
    first_pass: Iterable[Source | Failure] | None = None,
) -> Iterator[Article | Failure]:
    """The whole path over a batch, in two passes, as every caller runs it.

    ``first_pass`` is the same batch read once more (files can be; standard input cannot): from
    it the pipeline learns the lines that repeat on many pages of one site
    (:func:`profile_batch`), then extracts every page of ``sources`` with that knowledge.
    ``saidwhat extract``, ``ingest``, ``demo``, :func:`saidwhat.extract_many` and the executors
    all come through here, so the same pages give the same statements whichever way they run."""
    options = options or Options()
    learned = profile_batch(first_pass, options) if first_pass is not None else None
    return Pipeline(options, resources, learned).run(sources)


def extract_many(
    sources: Iterable[Source | Failure], options: Options | None = None, profile: BatchProfile | None = None
) -> Iterator[Article | Failure]:
    """Extract every source; a bad one yields a Failure and the batch goes on.

    This takes documents already read (one pass: ``profile`` is the batch's furniture profile if
    known); :func:`saidwhat.extract_many` also takes paths, and :func:`extract_batch` makes both
    passes."""
    return Pipeline(options, profile=profile).run(sources)
