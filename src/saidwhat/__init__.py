"""saidwhat: who said what in news pages, to whom it is attributed, through whom relayed."""

from __future__ import annotations

from .errors import (
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
)
from .model import (
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
from .options import Options
from .output import SCHEMA, article_to_dict
from .pipeline import Failure, Source, analyse_text, build_pipeline, extract, extract_bytes, extract_many
from .store import Store

__version__ = "0.1.0"

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
    "__version__",
    "analyse_text",
    "article_to_dict",
    "build_pipeline",
    "extract",
    "extract_bytes",
    "extract_many",
]
