"""saidwhat: who said what in news pages, to whom it is attributed, through whom relayed.

Pages in: :func:`extract` (a file), :func:`extract_text` (a string),
:func:`extract_bytes` (bytes), :func:`extract_many` (paths and documents);
out: an :class:`Article` of spans over one text. Kept and asked: :class:`Store`.
"""

from __future__ import annotations

from .api import extract, extract_many
from .core.errors import (
    ArchiveError,
    BinaryInput,
    DataError,
    DecodeError,
    EmptyInput,
    ExtractionError,
    InputError,
    InputTooLarge,
    LimitExceeded,
    MissingInput,
    ModelError,
    SaidwhatError,
    StoreError,
    UsageError,
)
from .core.model import (
    Article,
    Block,
    BlockKind,
    InputInfo,
    Metadata,
    Quote,
    Removed,
    Span,
    Speaker,
    SpeakerType,
    Statement,
    StatementKind,
)
from .core.options import Options
from .core.sources import Failure, Source
from .core.version import __version__
from .io.writers.json import SCHEMA, article_to_dict
from .pipeline import analyse_text, build_pipeline, extract_bytes, extract_text
from .store import Store

__all__ = [
    "SCHEMA",
    "ArchiveError",
    "Article",
    "BinaryInput",
    "Block",
    "BlockKind",
    "DataError",
    "DecodeError",
    "EmptyInput",
    "ExtractionError",
    "Failure",
    "InputError",
    "InputInfo",
    "InputTooLarge",
    "LimitExceeded",
    "Metadata",
    "MissingInput",
    "ModelError",
    "Options",
    "Quote",
    "Removed",
    "SaidwhatError",
    "Source",
    "Span",
    "Speaker",
    "SpeakerType",
    "Statement",
    "StatementKind",
    "Store",
    "StoreError",
    "UsageError",
    "__version__",
    "analyse_text",
    "article_to_dict",
    "build_pipeline",
    "extract",
    "extract_bytes",
    "extract_many",
    "extract_text",
]
