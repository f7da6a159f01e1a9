"""Byte ranges of a gzip web archive, cut at record boundaries, so that a slice reads its own part.

A web archive written as gzip members, one per record (as crawlers write them), can be cut at
any member that begins a record: from a point in the file, the next such member is found by
looking for a gzip header whose first inflated bytes are a record's first line (``WARC/1.``).
Each slice of a file computes the same cut points, so every record is read by exactly one slice,
and a slice reads only its range, not the whole file.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

__all__ = ["RangeReader", "record_boundary", "starts_record"]

_GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD = b"WARC/1."
_WINDOW = 1 << 16  # bytes read at a time while looking for a boundary
MAX_SEARCH = 64 << 20  # a boundary is looked for this far past a cut point, no further


def starts_record(fh: BinaryIO, offset: int) -> bool:
    """Whether a gzip member beginning at ``offset`` inflates to a record's first line."""
    fh.seek(offset)
    inflater = zlib.decompressobj(31)
    try:
        head = inflater.decompress(fh.read(4096), len(_RECORD))
    except zlib.error:
        return False
    return head == _RECORD


def record_boundary(fh: BinaryIO, offset: int, size: int) -> int:
    """The offset of the first gzip member at or after ``offset`` that begins a record; ``size``
    (the end) when there is none within :data:`MAX_SEARCH`."""
    if offset <= 0:
        return 0
    position = offset
    while position < min(size, offset + MAX_SEARCH):
        fh.seek(position)
        window = fh.read(_WINDOW + len(_GZIP_MAGIC) - 1)
        if not window:
            break
        start = 0
        while (found := window.find(_GZIP_MAGIC, start)) >= 0 and found < _WINDOW:
            if starts_record(fh, position + found):
                return position + found
            start = found + 1
        position += _WINDOW
    return size


class RangeReader(io.RawIOBase):
    """A read-only, seekable view of bytes ``[start, end)`` of a seekable file; positions are the
    file's own (so that a message's offset is the file's), reads stop at ``end``."""

    def __init__(self, fh: BinaryIO, start: int, end: int) -> None:
        super().__init__()
        self.fh, self.start, self.position, self.end = fh, start, start, end

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.end}[whence]
        self.position = min(max(base + offset, self.start), self.end)
        return self.position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        want = min(len(buffer), self.end - self.position)
        if want <= 0:
            return 0
        self.fh.seek(self.position)
        data = self.fh.read(want)
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)

    def close(self) -> None:
        self.fh.close()
        super().close()
