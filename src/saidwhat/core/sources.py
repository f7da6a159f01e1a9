"""What readers hand to the pipeline, and what a document that could not be read becomes.

:class:`Source` is one document's bytes and where they came from (a file, a
record of a web archive, stdin); :class:`Failure` is one document that could
not be read or extracted, with its reason in one line. Readers, the
pipeline, executors and the store all speak in these two types.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Failure", "Source"]


@dataclass(slots=True)
class Source:
    """One document to extract: its bytes and where they came from."""

    path: str
    data: bytes
    format: str = ""  # set when the container (WARC) already knows it
    record: str = ""
    encoding: str = ""  # the charset the container declares (a WARC record's HTTP Content-Type)


@dataclass(slots=True)
class Failure:
    """A document that could not be extracted, and why (one line)."""

    path: str
    reason: str
    error: str  # the exception class name, for counts and the store

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
