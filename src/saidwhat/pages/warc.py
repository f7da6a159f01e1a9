"""Read web archives (WARC, gzipped or not): one HTML page per HTTP response record.

A crawl file holds requests, metadata, redirects, images and scripts besides
the pages; only HTTP 200 responses of type ``text/html`` or
``application/xhtml+xml`` become documents. The rest is skipped and counted
by reason in a :class:`WarcStats`, so that a caller can say what a Common
Crawl file held without the pipeline seeing any of it.

FastWARC reads the archive (it is several times faster than warcio on
Common Crawl files); warcio is used only where FastWARC cannot be imported.
Each page becomes a :class:`~saidwhat.pipeline.Source` whose ``path`` is the
archive's, whose ``record`` is the target URI (the HTML cleaner takes it as
the page's URL) and whose ``encoding`` is the charset of the HTTP
Content-Type header (the decoder takes it before the page's meta tag). An archive that cannot be read, or breaks off, yields
a :class:`~saidwhat.pipeline.Failure` with the reason, after the pages read
so far.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..pipeline import Failure, Source

__all__ = ["SKIP_REASONS", "WarcStats", "iter_warc"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SKIP_REASONS = ("request", "metadata", "other record", "non-HTML", "non-200", "too large")
_METADATA_TYPES = frozenset({"warcinfo", "metadata"})


@dataclass(slots=True)
class WarcStats:
    """What one or more archives held: pages taken, and records skipped by reason."""

    pages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    @property
    def records(self) -> int:
        return self.pages + sum(self.skipped.values())

    def summary(self) -> str:
        """One line, e.g. ``12 pages from 40 records; skipped: 12 request, 3 non-HTML``."""
        parts = [f"{self.skipped[r]} {r}" for r in SKIP_REASONS if self.skipped[r]]
        tail = f"; skipped: {', '.join(parts)}" if parts else ""
        return f"{self.pages} pages from {self.records} records{tail}"


@dataclass(slots=True, frozen=True)
class _Record:
    """The fields of a WARC record that decide whether it is a page, whichever library read it."""

    kind: str
    uri: str
    status: int | None
    content_type: str
    length: int
    charset: str = ""  # the charset parameter of the HTTP Content-Type, if any


def iter_warc(
    path: str, max_bytes: int, stats: WarcStats | None = None, data: bytes | None = None
) -> Iterator[Source | Failure]:
    """Every HTML page of the archive at ``path`` (or in ``data``); skipped records are counted in ``stats``."""
    stats = stats if stats is not None else WarcStats()
    try:
        reader = _fastwarc_records
        import fastwarc  # noqa: F401
    except ImportError:
        reader = _warcio_records
    try:
        for record, read in reader(path if data is None else io.BytesIO(data)):
            reason = _skip_reason(record, max_bytes)
            if reason is None:
                data = _payload(read(), max_bytes)
                reason = "too large" if data is None else None
            if reason is not None:
                stats.skip(reason)
                continue
            assert data is not None
            stats.pages += 1
            yield Source(path, data, format="html", record=record.uri, encoding=record.charset)
    except FileNotFoundError:
        yield Failure(path, "no such file", "MissingInput")
    except PermissionError:
        yield Failure(path, "permission denied", "MissingInput")
    except (OSError, ValueError, EOFError, zlib.error) as err:
        yield Failure(path, f"unreadable web archive ({_first_line(err)})", "DecodeError")


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return (text[0] if text else type(err).__name__)[:200]


def _skip_reason(record: _Record, max_bytes: int) -> str | None:
    if record.kind == "request":
        return "request"
    if record.kind in _METADATA_TYPES:
        return "metadata"
    if record.kind != "response":
        return "other record"
    if record.status != 200:
        return "non-200"
    if record.content_type not in HTML_TYPES:
        return "non-HTML"
    if record.length > max_bytes + 65_536:  # HTTP headers count in the record's length
        return "too large"
    return None


def _payload(data: bytes, max_bytes: int) -> bytes | None:
    """The page bytes, gunzipped when the archive kept a compressed body; None when over the limit."""
    if data[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = inflater.decompress(data, max_bytes + 1)
        except zlib.error:
            pass  # not gzip after all: keep the bytes as they are
    return None if len(data) > max_bytes else data


def _content_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)


def _charset(value: str | None) -> str:
    """The charset parameter of a Content-Type header ('' when absent); the decoder checks it."""
    match = _CHARSET.search((value or "")[:300])
    return match.group(1) if match else ""


def _opened(source: str | BinaryIO) -> contextlib.AbstractContextManager[BinaryIO]:
    if isinstance(source, str):
        return open(source, "rb")
    return contextlib.nullcontext(source)


def _fastwarc_records(source: str | BinaryIO) -> Iterator[tuple[_Record, Any]]:
    from fastwarc.warc import ArchiveIterator

    with _opened(source) as fh:
        records = ArchiveIterator(fh, parse_http=True, auto_decode="all", fsspec_args=False)
        for rec in records:
            kind = _fastwarc_kinds().get(int(rec.record_type), "other")
            http = rec.http_headers if kind == "response" and rec.is_http else None
            record = _Record(
                kind=kind,
                uri=(rec.headers.get("WARC-Target-URI") or "").strip(),
                status=http.status_code if http is not None else None,
                content_type=_content_type(rec.http_content_type) if http is not None else "",
                length=int(rec.content_length or 0),
                charset=_charset(http.get("Content-Type")) if http is not None else "",
            )
            yield record, rec.reader.read


@functools.cache
def _fastwarc_kinds() -> dict[int, str]:
    from fastwarc.warc import WarcRecordType as T

    return {
        int(T.request): "request",
        int(T.response): "response",
        int(T.warcinfo): "warcinfo",
        int(T.metadata): "metadata",
        int(T.revisit): "revisit",
        int(T.resource): "resource",
        int(T.conversion): "conversion",
        int(T.continuation): "continuation",
    }


def _warcio_records(source: str | BinaryIO) -> Iterator[tuple[_Record, Any]]:
    from warcio.archiveiterator import ArchiveIterator

    with _opened(source) as fh:
        for rec in ArchiveIterator(fh):
            kind = rec.rec_type or "other"
            http = rec.http_headers if kind == "response" else None
            status: int | None = None
            if http is not None:
                try:
                    status = int(http.get_statuscode())
                except (TypeError, ValueError):
                    status = None
            record = _Record(
                kind=kind,
                uri=(rec.rec_headers.get_header("WARC-Target-URI") or "").strip(),
                status=status,
                content_type=_content_type(http.get_header("Content-Type")) if http is not None else "",
                length=int(rec.rec_headers.get_header("Content-Length") or 0),
                charset=_charset(http.get_header("Content-Type")) if http is not None else "",
            )
            yield record, rec.content_stream().read
