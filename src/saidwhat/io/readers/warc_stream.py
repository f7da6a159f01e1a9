"""The bytes of a web archive, read forward: plain, or gzipped (a member per record, or one for all).

saidwhat reads the WARC framing itself (:mod:`.warc`) so that a damaged archive
costs what is damaged and nothing more. This module gives the framing the
archive's bytes, inflated in bounded pieces (64 KiB of compressed data read,
8 KiB inflated at a time, at most 64 KiB of output per step: memory stays
bounded whatever a record claims), and says where they break:

- compressed data that does not inflate stops the stream like an end
  (:attr:`ArchiveStream.gap` is then set); :meth:`ArchiveStream.resume` goes
  on at the next gzip member that begins a record, if there is one;
- an archive that ends inside a gzip member is :attr:`ArchiveStream.truncated`;
- :meth:`ArchiveStream.find_record` skips to the next line that begins a
  record (``WARC/1.``), where the framing itself is broken.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["RECORD_START", "ArchiveStream", "Gap"]

RECORD_START = b"WARC/1."
_PIECE = 1 << 16
_SLICE = 1 << 13  # compressed bytes inflated at a time: what a break costs of the data before it
_GZIP = b"\x1f\x8b\x08"  # magic number and deflate method: how every gzip member begins
_GZIP_WBITS = 16 + zlib.MAX_WBITS


@dataclass(slots=True, frozen=True)
class Gap:
    """Compressed data that does not inflate, in the gzip member that begins at ``offset``."""

    offset: int


class ArchiveStream:
    """An archive's (inflated) bytes: lines, exact reads and skips, and ways back into step."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self._buffer = bytearray()  # bytes inflated (or read) and not yet consumed
        start = fh.tell()
        self.gzipped = fh.read(2) == _GZIP[:2]
        fh.seek(start)
        self._pending = b""  # compressed bytes read and not yet inflated
        self._inflater = zlib.decompressobj(_GZIP_WBITS)
        self._member = start  # where the gzip member being inflated begins
        self._fed = start  # where the compressed bytes read so far end
        self._ended = False
        self.consumed = 0  # bytes consumed so far (the positions of messages)
        self.truncated = False
        self.gap: Gap | None = None

    # -- reading ----------------------------------------------------------------------------

    def readline(self, limit: int) -> bytes:
        """The next line with its end of line, or its first ``limit`` bytes; b'' at an end."""
        while True:
            end = self._buffer.find(b"\n", 0, limit)
            if end >= 0:
                return self._take(end + 1)
            if len(self._buffer) >= limit or not self._more():
                return self._take(min(limit, len(self._buffer)))

    def read(self, size: int) -> bytes:
        """``size`` bytes, or fewer at an end."""
        while len(self._buffer) < size and self._more():
            pass
        return self._take(min(size, len(self._buffer)))

    def skip(self, size: int) -> int:
        """Drop ``size`` bytes without keeping them; the number dropped (fewer at an end)."""
        dropped = 0
        while dropped < size and (self._buffer or self._more()):
            dropped += len(self._take(min(size - dropped, len(self._buffer))))
        return dropped

    def unread(self, data: bytes) -> None:
        """Put ``data`` back in front of what is still to be read."""
        self._buffer[:0] = data
        self.consumed -= len(data)

    def find_record(self) -> int:
        """Skip to the next line that begins a record (or to an end); the number of bytes skipped."""
        skipped = 0
        while True:
            at = self._buffer.find(b"\n" + RECORD_START)
            if at >= 0:
                return skipped + len(self._take(at + 1))
            keep = len(RECORD_START)  # a record start may be cut between two pieces
            if len(self._buffer) > keep:
                skipped += len(self._take(len(self._buffer) - keep))
            if not self._more():
                return skipped + len(self._take(len(self._buffer)))

    def resume(self) -> int | None:
        """After a gap: go on at the next gzip member that begins a record. The number of
        compressed bytes left out, or None when no member follows (the stream has ended)."""
        if self.gap is None:
            return 0
        broken, self.gap = self.gap.offset, None
        self.consumed += len(self._buffer)  # what was inflated of the broken member is dropped
        self._buffer.clear()
        found = _find_member(self._fh, broken + 1)
        if found is None:
            self._ended = True
            return None
        self._fh.seek(found)
        self._fed = self._member = found
        self._pending, self._inflater, self._ended = b"", zlib.decompressobj(_GZIP_WBITS), False
        return found - broken

    def _take(self, size: int) -> bytes:
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        self.consumed += size
        return data

    # -- filling ----------------------------------------------------------------------------

    def _more(self) -> bool:
        """Append the next piece of bytes; False at the end of the archive or at a gap."""
        if self._ended or self.gap is not None:
            return False
        if not self.gzipped:
            piece = self._fh.read(_PIECE)
            self._buffer += piece
            self._ended = not piece
            return bool(piece)
        while self._pending or self._read_compressed():
            piece = self._pending[:_SLICE]
            try:
                out = self._inflater.decompress(piece, _PIECE)
            except zlib.error:
                self._broken()
                return False
            # what is left of the piece: after the member's end, unused_data (unconsumed_tail may
            # repeat it); before, what the output limit left
            left = self._inflater.unused_data if self._inflater.eof else self._inflater.unconsumed_tail
            self._pending = left + self._pending[len(piece) :]
            if self._inflater.eof:
                self._next_member()
            if out:
                self._buffer += out
                return True
        return False

    def _read_compressed(self) -> bool:
        self._pending = self._fh.read(_PIECE)
        self._fed += len(self._pending)
        if not self._pending:
            self._ended = True
            self.truncated = self._fed > self._member  # a member began and did not end
        return bool(self._pending)

    def _next_member(self) -> None:
        """Go on with the gzip member after the one that ended."""
        self._member = self._fed - len(self._pending)
        self._inflater = zlib.decompressobj(_GZIP_WBITS)

    def _broken(self) -> None:
        """Compressed data that does not inflate: a gap, unless it is the zeros some writers pad with."""
        if _only_zeros(self._fh, self._member):
            self._ended = True
        else:
            self.gap = Gap(self._member)


def _only_zeros(fh: BinaryIO, start: int) -> bool:
    """Whether the file holds only NUL bytes from ``start`` to its end (the padding of a tape block)."""
    fh.seek(start)
    while piece := fh.read(_PIECE):
        if piece.strip(b"\x00"):
            return False
    return True


def _find_member(fh: BinaryIO, start: int) -> int | None:
    """Where the first gzip member at or after ``start`` that begins a record begins; None if none does."""
    offset = start
    fh.seek(offset)
    while piece := fh.read(_PIECE + len(_GZIP) - 1):  # overlapping pieces: no magic number is cut
        at = piece.find(_GZIP)
        while at >= 0:
            if _begins_record(fh, offset + at):
                return offset + at
            at = piece.find(_GZIP, at + 1)
        offset += _PIECE
        fh.seek(offset)
    return None


def _begins_record(fh: BinaryIO, offset: int) -> bool:
    fh.seek(offset)
    try:
        head = zlib.decompressobj(_GZIP_WBITS).decompress(fh.read(1024), len(RECORD_START))
    except zlib.error:
        return False
    return head == RECORD_START
