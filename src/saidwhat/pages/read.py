"""Stage 1, read page: detect the input format and decode its bytes to text.

Decoding follows what a browser does, in order: a byte-order mark, the charset
an HTML page declares (when the bytes agree with it), strict UTF-8, then a
statistical guess (charset-normalizer). A page whose bytes mix encodings is
decoded as UTF-8 with the stray bytes repaired as cp1252, which is what such
pages almost always are (a UTF-8 template around Windows-1252 content).
"""

from __future__ import annotations

import codecs
import re

from ..errors import BinaryInput, DecodeError, EmptyInput
from ..model import Article
from ..options import Options

__all__ = ["ReadPage", "decode", "detect_format"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bounded: only the first 4 KiB of a page is searched for a declaration.
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_HTML_HINT = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|article|title|meta)[\s>/]", re.I
)
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))
_PROBE = 4096


def detect_format(data: bytes) -> str:
    """'warc', 'html' or 'text', from the content alone."""
    head = data[:_PROBE]
    if head.startswith(b"\x1f\x8b"):
        return "warc"  # only gzip input saidwhat accepts is a (gzipped) WARC
    if head.lstrip().startswith(b"WARC/"):
        return "warc"
    if _HTML_HINT.search(head):
        return "html"
    return "text"


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_PROBE])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _repair_mixed(data: bytes) -> str:
    """UTF-8 with undecodable bytes read as cp1252 (mixed-encoding pages)."""
    out: list[str] = []
    view = data
    while view:
        try:
            out.append(view.decode("utf-8"))
            break
        except UnicodeDecodeError as err:
            out.append(view[: err.start].decode("utf-8"))
            bad = view[err.start : err.end]
            out.append(bad.decode("cp1252", errors="replace"))
            view = view[err.end :]
    return "".join(out)


def decode(data: bytes, where: str = "-") -> str:
    """Decode page bytes to text, or raise BinaryInput / DecodeError / EmptyInput."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if not data.strip():
        raise EmptyInput("empty input", where)
    sample = data[:_PROBE]
    if b"\x00" in sample or sum(sample.count(c) for c in _CONTROL) > len(sample) // 20:
        raise BinaryInput("binary data, not a text or HTML page", where)
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: fall through to what the bytes say
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    if _mostly_utf8(data):
        return _repair_mixed(data)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(f"undecodable bytes ({utf8_error.reason} at byte {utf8_error.start})", where)
    return str(best)


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes hold real UTF-8 multi-byte sequences besides the bad ones."""
    return len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data[:200_000])) >= 3


class ReadPage:
    """Set ``article.input.format`` and ``article.page`` from ``article.raw``."""

    def __init__(self, options: Options) -> None:
        self.forced = None if options.input_format == "auto" else options.input_format

    def __call__(self, article: Article) -> Article:
        where = article.input.path
        fmt = self.forced or article.input.format or detect_format(article.raw)
        if fmt == "warc":
            raise BinaryInput("a WARC archive holds many pages: read it with saidwhat.inputs", where)
        text = decode(article.raw, where)
        if not text.strip():
            raise EmptyInput("empty input", where)
        article.input.format = fmt
        article.page = text.replace("\r\n", "\n").replace("\r", "\n")
        return article
