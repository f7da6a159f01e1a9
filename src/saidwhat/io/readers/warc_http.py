"""The HTTP response a WARC record holds: status, headers, and the body as the browser received it.

The body is stored as it came over the wire: chunked (``Transfer-Encoding``)
and compressed (``Content-Encoding``: gzip, deflate, br). It is decoded here,
in bounded steps: inflating stops at the per-document size limit, so a small
record that inflates to gigabytes is refused (:class:`InputTooLarge`) after
reading at most the limit. What a record says about its body is not always
true: some archive writers store the body decoded and keep the headers, so a
body that does not decode but begins as a page (a tag) is taken as it is (as
warcio does); any other that does not decode is an
:class:`~saidwhat.core.errors.ArchiveError`. Either costs that record only.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from ...core.errors import ArchiveError, InputTooLarge

__all__ = ["MAX_HEADER", "Response", "decoded_body", "parse_response"]

MAX_HEADER = 65_536  # bytes of HTTP status line and headers
_PIECE = 1 << 16
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")


@dataclass(slots=True, frozen=True)
class Response:
    status: int | None
    headers: dict[str, str]  # lower-case names; repeated headers joined with ", "
    body: bytes  # as stored: still chunked and compressed when the headers say so

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


def parse_response(block: bytes) -> Response:
    """The status, headers and raw body of an HTTP response; ArchiveError when its header is too long."""
    end = _HEADER_END.search(block, 0, MAX_HEADER + 4)
    if end is None and len(block) > MAX_HEADER:
        raise ArchiveError(f"HTTP header over {MAX_HEADER // 1024} KiB")
    head, body = (block, b"") if end is None else (block[: end.start()], block[end.end() :])
    lines = head.decode("latin-1").splitlines()
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon and name.strip():
            key = name.strip().lower()
            headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    return Response(_status(lines[0] if lines else ""), headers, body)


def _status(line: str) -> int | None:
    parts = line.split(None, 2)
    if len(parts) >= 2 and parts[0].upper().startswith("HTTP/") and parts[1].isascii() and parts[1].isdigit():
        return int(parts[1])
    return None


def decoded_body(response: Response, max_bytes: int) -> bytes:
    """The body without its transfer and content codings, at most ``max_bytes`` once inflated."""
    body = response.body
    if "chunked" in response.header("transfer-encoding").lower():
        body = _dechunked(body)
    codings = [c.strip().lower() for c in response.header("content-encoding").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings and body[:2] == b"\x1f\x8b":
        codings = ["gzip"]  # a compressed body kept without its header
    for coding in reversed(codings):  # applied in the order listed: undone from the last
        body = _decode(body, coding, max_bytes)
    return body


def _dechunked(body: bytes) -> bytes:
    """The data of a chunked body; the body itself when it does not begin with a chunk size
    (stored decoded); what there is when it breaks off (a capture cut short)."""
    parts: list[bytes] = []
    pos = 0
    while pos < len(body):
        eol = body.find(b"\n", pos, pos + 1024)
        size = body[pos:eol].split(b";", 1)[0].strip() if eol >= 0 else b""
        if not _CHUNK_SIZE.fullmatch(size):
            if not parts and pos == 0:
                return body
            raise ArchiveError("bad chunked transfer encoding")
        start, length = eol + 1, int(size, 16)
        if length == 0:
            break
        parts.append(body[start : start + length])
        pos = start + length
        for end_of_chunk in (b"\r\n", b"\n"):
            if body.startswith(end_of_chunk, pos):
                pos += len(end_of_chunk)
                break
        else:
            if pos < len(body):
                raise ArchiveError("bad chunked transfer encoding")
    return b"".join(parts)


class _Undecodable(Exception):
    """The body is not data of its declared coding."""


def _decode(body: bytes, coding: str, max_bytes: int) -> bytes:
    try:
        if coding in ("gzip", "x-gzip"):
            return _inflate(body, 16 + zlib.MAX_WBITS, max_bytes)
        if coding == "deflate":  # zlib-wrapped as the standard says, or raw as some servers send it
            try:
                return _inflate(body, zlib.MAX_WBITS, max_bytes)
            except _Undecodable:
                return _inflate(body, -zlib.MAX_WBITS, max_bytes)
        if coding == "br":
            return _unbrotli(body, max_bytes)
    except _Undecodable as err:
        if _markup(body):
            return body  # stored decoded under the original headers: the declaration is wrong
        raise ArchiveError(f"corrupt {coding} body") from err
    raise ArchiveError(f"Content-Encoding {coding[:40]!r} is not supported")


def _markup(body: bytes) -> bool:
    """Whether the body begins as a page does (a tag, after white space and a byte-order mark)."""
    return body.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<"


def _inflate(data: bytes, wbits: int, max_bytes: int) -> bytes:
    """zlib/gzip data inflated piece by piece, refused once over ``max_bytes``."""
    parts: list[bytes] = []
    size = 0
    inflater = zlib.decompressobj(wbits)
    pending = memoryview(data)
    while pending:
        piece = pending[:_PIECE]
        try:
            out = inflater.decompress(piece, max_bytes + 1 - size)
        except zlib.error as err:
            raise _Undecodable from err
        size += len(out)
        if size > max_bytes:
            raise InputTooLarge(f"the body inflates to more than the limit of {max_bytes:,} bytes")
        parts.append(out)
        # after the end, unused_data holds the input left (and unconsumed_tail may repeat it)
        left = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
        pending = pending[len(piece) - len(left) :]
        if inflater.eof:
            if wbits <= zlib.MAX_WBITS or bytes(pending[:2]) != b"\x1f\x8b":
                break  # the end of the data; bytes after it are left, as browsers leave them
            inflater = zlib.decompressobj(wbits)  # gzip members one after the other are one body
    return b"".join(parts)


def _unbrotli(data: bytes, max_bytes: int) -> bytes:
    try:
        import brotli
    except ImportError:
        raise ArchiveError("Content-Encoding 'br' needs the brotli module") from None
    try:
        out: bytes = brotli.Decompressor().process(data, output_buffer_limit=max_bytes + 1)
    except TypeError:  # a brotli module without output limits could inflate without bound
        raise ArchiveError("Content-Encoding 'br' needs brotli 1.2 or later") from None
    except brotli.error as err:
        raise _Undecodable from err
    if len(out) > max_bytes:
        raise InputTooLarge(f"the body inflates to more than the limit of {max_bytes:,} bytes")
    return out
