"""The exception tree of saidwhat.

Every error that saidwhat raises on purpose derives from :class:`SaidwhatError`
and carries the input it concerns, so that a batch can report
``PATH: reason`` on one line and go on with the rest::

    SaidwhatError
    ├── InputError               the input cannot be read as a page
    │   ├── EmptyInput           nothing (or only whitespace) to read
    │   ├── BinaryInput          bytes that are not text, HTML or WARC
    │   ├── DecodeError          text whose encoding cannot be determined
    │   ├── InputTooLarge        over the per-document size limit
    │   ├── MissingInput         the path does not exist or cannot be opened
    │   └── ArchiveError         a web archive is truncated or corrupt, or one of its records unreadable
    ├── LimitExceeded            a per-document time limit was reached
    ├── ExtractionError          a stage failed on a page it accepted
    ├── DataError                a data file of the package (or the user's) is invalid
    ├── ModelError               the attribution model is missing or does not load
    ├── UsageError               an option with a value saidwhat cannot use (a number out of range)
    └── StoreError               the store cannot be opened, migrated, written or asked this
                                 (a bad date, limit, query or export destination)
"""

from __future__ import annotations

__all__ = [
    "ArchiveError",
    "BinaryInput",
    "DataError",
    "DecodeError",
    "EmptyInput",
    "ExtractionError",
    "InputError",
    "InputTooLarge",
    "LimitExceeded",
    "MissingInput",
    "ModelError",
    "SaidwhatError",
    "StoreError",
    "UsageError",
]


class SaidwhatError(Exception):
    """Base of all saidwhat errors. ``where`` names the input or file concerned."""

    def __init__(self, reason: str, where: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}" if self.where else self.reason


class InputError(SaidwhatError):
    pass


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class DecodeError(InputError):
    pass


class InputTooLarge(InputError):
    pass


class MissingInput(InputError):
    pass


class ArchiveError(InputError):
    pass


class LimitExceeded(SaidwhatError):
    pass


class ExtractionError(SaidwhatError):
    pass


class DataError(SaidwhatError):
    pass


class ModelError(SaidwhatError):
    pass


class UsageError(SaidwhatError):
    pass


class StoreError(SaidwhatError):
    pass
