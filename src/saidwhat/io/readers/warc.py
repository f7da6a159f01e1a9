"""Read web archives (WARC, gzipped or not): one HTML page per HTTP response record.

A crawl file holds requests, metadata, redirects, images and scripts besides
the pages; only HTTP 200 responses of type ``text/html`` or
``application/xhtml+xml`` become documents. The rest is skipped and counted
by reason in a :class:`WarcStats`, so that a caller can say what a Common
Crawl file held without the pipeline seeing any of it.

Each page becomes a :class:`~saidwhat.core.sources.Source` whose ``path`` is the
archive's, whose ``record`` is the target URI (the HTML cleaner takes it as
the page's URL) and whose ``encoding`` is the charset of the HTTP
Content-Type header (the decoder takes it before the page's meta tag).

saidwhat reads the framing itself (a record's header lines, its
Content-Length, the blank lines after its block) over the bytes that
:mod:`.warc_stream` gives, and the HTTP response of a record with
:mod:`.warc_http`, so that damage costs what is damaged and nothing more
(FastWARC and warcio, used before, gave up on the whole file at the first bad
record, and neither said when an archive broke off):

- a record whose HTTP part cannot be used (a header over 64 KiB, a chunked or
  compressed body that breaks off, a body that inflates past the size limit)
  is a :class:`~saidwhat.core.sources.Failure` that names it, and the next record
  is read;
- where the framing is broken (no record header where a record must begin, a
  length that does not end at a record boundary) the reader skips to the next
  line that begins a record and says how much it skipped; compressed data
  that does not inflate is skipped to the next gzip member that begins one;
- an archive that breaks off is reported as truncated.

Each of these is a Failure after the pages read before it: ``saidwhat: PATH:
reason`` on the command line, a row of the store's failures, exit status 1.

Reading is slower than FastWARC's (a generated archive of 18,000 records, 56
MB gzipped: 3.5 s against 1.1 s, two thirds of it zlib inflating): about a
millisecond a page, beside the half second it takes to extract one.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ...core.errors import SaidwhatError
from ...core.sources import Failure, Source
from .warc_http import MAX_HEADER, decoded_body, parse_response
from .warc_stream import RECORD_START, ArchiveStream

__all__ = ["SKIP_REASONS", "WarcStats", "iter_warc"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SKIP_REASONS = ("request", "metadata", "other record", "non-HTML", "non-200", "too large")
_METADATA_TYPES = frozenset({"warcinfo", "metadata"})
_MAX_LINE = 8_192  # bytes of one line of a record's header
_MAX_RECORD_HEADER = 65_536
_MAX_BLANK = 8  # blank lines taken between two records
_RECORD_END = b"\r\n\r\n"  # after a record's block
_MAX_DIGITS = 18  # of a Content-Length (int() refuses very long strings)


@dataclass(slots=True)
class WarcStats:
    """What one or more archives held: pages taken, records skipped by reason, and records lost."""

    pages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: int = 0

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    @property
    def records(self) -> int:
        return self.pages + sum(self.skipped.values()) + self.failed

    def summary(self) -> str:
        """One line, e.g. ``12 pages from 40 records; skipped: 12 request, 3 non-HTML; failed: 1``."""
        parts = [f"{self.skipped[r]} {r}" for r in SKIP_REASONS if self.skipped[r]]
        tail = f"; skipped: {', '.join(parts)}" if parts else ""
        failed = f"; failed: {self.failed}" if self.failed else ""
        return f"{self.pages} pages from {self.records} records{tail}{failed}"


@dataclass(slots=True, frozen=True)
class _Header:
    """The fields of a record's header that decide what it is."""

    number: int  # 1 for the archive's first record
    kind: str
    uri: str
    length: int

    def name(self) -> str:
        """'record URI' when the record has a target URI, else 'record N' (its place in the archive)."""
        return f"record {self.uri[:300]}" if self.uri else f"record {self.number}"


class _Framing(Exception):
    """Where a record must begin, the bytes are no record header."""


def iter_warc(
    path: str, max_bytes: int, stats: WarcStats | None = None, data: bytes | BinaryIO | None = None
) -> Iterator[Source | Failure]:
    """Every HTML page of the archive at ``path`` (or in ``data``, bytes or a seekable file), and a
    Failure for each damage."""
    stats = stats if stats is not None else WarcStats()
    try:
        fh = _opened(path, data)
    except FileNotFoundError:
        yield Failure(path, "no such file", "MissingInput")
        return
    except OSError as err:
        reason = "permission denied" if isinstance(err, PermissionError) else f"cannot read ({err.strerror})"
        yield Failure(path, reason, "MissingInput")
        return
    with fh:
        reader = _Reader(path, ArchiveStream(fh), max_bytes, stats)
        try:
            yield from reader.items()
        except OSError as err:  # a read error in the middle of the file
            yield reader.failure(f"cannot read the web archive ({err.strerror or err})", "MissingInput")


def _opened(path: str, data: bytes | BinaryIO | None) -> BinaryIO:
    if data is None:
        return open(path, "rb")  # closed by iter_warc
    return io.BytesIO(data) if isinstance(data, bytes) else data


class _Reader:
    """The records of one archive, in order, with what went wrong where."""

    def __init__(self, path: str, stream: ArchiveStream, max_bytes: int, stats: WarcStats) -> None:
        self.path, self.stream, self.max_bytes, self.stats = path, stream, max_bytes, stats
        self.number = 0  # records begun
        self.cut_short = False  # the archive's breaking off was reported with its record

    def items(self) -> Iterator[Source | Failure]:
        while True:
            try:
                header = self._header()
            except _Framing as err:
                yield self._skipped(str(err))
                continue
            if isinstance(header, _Header):
                item = self._record(header)
                if item is not None:
                    yield item
            elif header is not None:
                yield header
            elif self.stream.gap is not None:
                yield self._gap(f"after record {self.number}" if self.number else "before the first record")
            else:
                break
        if self.stream.truncated and not self.cut_short:
            yield self.failure(f"truncated web archive: it breaks off after record {self.number}")

    def failure(self, reason: str, error: str = "ArchiveError") -> Failure:
        self.stats.failed += 1
        return Failure(self.path, reason, error)

    # -- framing ----------------------------------------------------------------------------

    def _header(self) -> _Header | Failure | None:
        """The next record's header; None at an end, a Failure when the archive ends inside it."""
        line = self._first_line()
        if not line:
            return None
        self.number += 1
        if not line.endswith(b"\n") and len(line) < _MAX_LINE:  # the archive ends inside the line
            return self._cut_off(f"record {self.number}", "in its header")
        if not line.startswith(RECORD_START):
            self.stream.unread(line)  # counted in what is skipped
            raise _Framing(f"no record header where record {self.number} should begin")
        fields = self._fields()
        if fields is None:
            return self._cut_off(f"record {self.number}", "in its header")
        length = fields.get("content-length", "")
        if not (length.isascii() and length.isdigit() and len(length) <= _MAX_DIGITS):
            raise _Framing(f"record {self.number} has no valid Content-Length")
        kind = fields.get("warc-type", "").lower() or "other"
        return _Header(self.number, kind, fields.get("warc-target-uri", "").strip(), int(length))

    def _first_line(self) -> bytes:
        """The first line that is not blank (b'' at an end)."""
        for _ in range(_MAX_BLANK + 1):
            line = self.stream.readline(_MAX_LINE)
            if line.strip() or not line:
                return line
        raise _Framing(f"blank lines where record {self.number + 1} should begin")

    def _fields(self) -> dict[str, str] | None:
        """A record's named fields (lower-case names); None when the archive ends first."""
        fields: dict[str, str] = {}
        size, name = 0, ""
        while (line := self.stream.readline(_MAX_LINE)).endswith(b"\n") or len(line) == _MAX_LINE:
            size += len(line)
            if size > _MAX_RECORD_HEADER or not line.endswith(b"\n") and len(line) == _MAX_LINE:
                raise _Framing(f"record {self.number} has a header over {_MAX_RECORD_HEADER // 1024} KiB")
            if not line.strip():
                return fields
            if line[:1] in (b" ", b"\t") and name:  # a folded line goes on with the last field
                fields[name] += " " + line.strip().decode("utf-8", "replace")
                continue
            key, colon, value = line.partition(b":")
            if not colon or not key.strip():
                raise _Framing(f"record {self.number} has a header line that is not a field")
            name = key.strip().lower().decode("latin-1")
            fields[name] = value.strip().decode("utf-8", "replace")
        return None

    def _record(self, header: _Header) -> Source | Failure | None:
        """A record's page, a Failure, or None when it is skipped (and counted)."""
        reason = _skip_reason(header, self.max_bytes)
        # Blocks within the size limit are kept until their end is checked: a length that is too
        # long takes in the records after it, and they are looked for in it.
        kept = header.length <= self.max_bytes + MAX_HEADER
        block = self.stream.read(header.length) if kept else b""
        got = len(block) if kept else self.stream.skip(header.length)
        if got < header.length and (self.stream.gap is not None or not self._record_in(block)):
            return self._cut_off(header.name(), f"after {got:,} of its {header.length:,} bytes")
        if got < header.length or not self._at_boundary():
            self.stream.unread(block)
            return self._skipped(f"{header.name()} does not end where its length says")
        if reason is not None:
            self.stats.skip(reason)
            return None
        return self._page(header, block)

    @staticmethod
    def _record_in(block: bytes) -> bool:
        return b"\n" + RECORD_START in block

    def _at_boundary(self) -> bool:
        """Whether the block just read ends where its record does: at the blank line that ends a
        record (what follows is the next record's business), or at a record or the end."""
        peek = self.stream.read(len(_RECORD_END) + len(RECORD_START))
        self.stream.unread(peek)
        after = peek.lstrip(b"\r\n")
        return peek.startswith((_RECORD_END, b"\n\n")) or not after or after.startswith(RECORD_START)

    # -- what went wrong ------------------------------------------------------------------------

    def _skipped(self, what: str) -> Failure:
        """Broken framing: skip to the next record, and say how much was left out."""
        skipped = self.stream.find_record()
        peek = self.stream.read(1)
        self.stream.unread(peek)
        more = peek or self.stream.gap is not None
        tail = f"skipped {skipped:,} bytes to the next record" if more else "nothing readable after it"
        return self.failure(f"corrupt web archive: {what}; {tail}")

    def _cut_off(self, name: str, where: str) -> Failure:
        """The archive ended (or its compressed data broke) inside a record."""
        if self.stream.gap is not None:
            return self._gap(f"in {name}")
        self.cut_short = True
        return self.failure(f"truncated web archive: {name} breaks off {where}")

    def _gap(self, where: str) -> Failure:
        """Compressed data that does not inflate: on to the next gzip member that begins a record."""
        offset = self.stream.gap.offset if self.stream.gap is not None else 0
        lost = self.stream.resume()
        tail = "nothing readable after it" if lost is None else f"skipped {lost:,} bytes to the next record"
        return self.failure(
            f"corrupt web archive: compressed data broken at byte {offset:,} ({where}); {tail}"
        )

    # -- pages --------------------------------------------------------------------------------

    def _page(self, header: _Header, block: bytes) -> Source | Failure | None:
        try:
            response = parse_response(block)
            content_type = response.header("content-type")
            if response.status != 200:
                self.stats.skip("non-200")
                return None
            if _content_type(content_type) not in HTML_TYPES:
                self.stats.skip("non-HTML")
                return None
            body = decoded_body(response, self.max_bytes)
        except SaidwhatError as err:
            return self.failure(f"{header.name()}: {err.reason}", type(err).__name__)
        if len(body) > self.max_bytes:
            self.stats.skip("too large")
            return None
        self.stats.pages += 1
        return Source(self.path, body, format="html", record=header.uri, encoding=_charset(content_type))


def _skip_reason(header: _Header, max_bytes: int) -> str | None:
    if header.kind == "request":
        return "request"
    if header.kind in _METADATA_TYPES:
        return "metadata"
    if header.kind != "response":
        return "other record"
    if header.length > max_bytes + MAX_HEADER:  # HTTP headers count in the record's length
        return "too large"
    return None


def _content_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)


def _charset(value: str | None) -> str:
    """The charset parameter of a Content-Type header ('' when absent); the decoder checks it."""
    match = _CHARSET.search((value or "")[:300])
    return match.group(1) if match else ""
