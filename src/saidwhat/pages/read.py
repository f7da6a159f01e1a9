"""Stage 1, read page: detect the input format and decode its bytes to text.

Decoding follows what a browser does, in order: a byte-order mark, the charset
declared for the page (by the HTTP header a web archive kept, else by the
page's meta tag; a label of the WHATWG Encoding Standard only, see
:mod:`.encodings`, followed when the bytes do not contradict it), strict UTF-8,
then a statistical guess (charset-normalizer). A page whose bytes mix encodings is
decoded as UTF-8 with the stray bytes repaired as cp1252, which is what such
pages almost always are (a UTF-8 template around Windows-1252 content).
"""

from __future__ import annotations

import codecs
import re
import zlib

from ..core.errors import BinaryInput, DecodeError, EmptyInput, InputTooLarge
from ..core.model import Article
from ..core.options import Options
from ..core.resources import Context
from .encodings import codec_for

__all__ = ["ReadPage", "decode", "detect_format", "gunzip"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bounded: only the first 4 KiB of a page is searched for a declaration.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_HTML_HINT = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|article|title|meta)[\s>/]", re.IGNORECASE
)
_CONTROL = bytes(range(9)) + bytes(range(14, 32))
_PROBE = 4096


def detect_format(data: bytes) -> str:
    """'warc', 'gzip' (any other gzip data), 'html' or 'text', from the content alone."""
    head = data[:_PROBE]
    if head.startswith(b"\x1f\x8b"):
        return "warc" if _gunzip_head(head).lstrip().startswith(b"WARC/") else "gzip"
    if head.lstrip().startswith(b"WARC/"):
        return "warc"
    if _HTML_HINT.search(head):
        return "html"
    return "text"


def _gunzip_head(data: bytes) -> bytes:
    """The first bytes of gzip data (an archive is recognised by them), or b'' when corrupt."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 64)
    except zlib.error:
        return b""


def gunzip(data: bytes, max_bytes: int, where: str = "-") -> bytes:
    """Decompress gzip data within the size limit (InputTooLarge, DecodeError otherwise)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        content = inflater.decompress(data, max_bytes + 1)
    except zlib.error as err:
        raise DecodeError(f"corrupt gzip data ({err})", where) from err
    if len(content) > max_bytes:
        raise InputTooLarge(f"decompressed input is over the limit of {max_bytes:,} bytes", where)
    if not inflater.eof:
        raise DecodeError("truncated gzip data", where)
    return content


def _declared_charset(data: bytes, transport: str = "") -> str | None:
    """The charset declared for the page: by its transport (HTTP header) first, else by its meta tag."""
    known = codec_for(transport) if transport else None
    if known:
        return known
    match = _META_CHARSET.search(data[:_PROBE])
    return codec_for(match.group(1).decode("ascii", "ignore")) if match else None


def _repair_mixed(data: bytes) -> str:
    """UTF-8 with undecodable bytes read as cp1252 (mixed-encoding pages).

    One pass of the decoder with an error handler: decoding again from each bad
    byte copied the rest of the page every time, quadratic in the number of bad
    bytes (1.2 MB with 80,000 of them took 11 s).
    """
    codecs.register_error(_CP1252_REPAIR, _as_cp1252)  # the same handler each time: no state
    return data.decode("utf-8", errors=_CP1252_REPAIR)


_CP1252_REPAIR = "saidwhat-cp1252"


def _as_cp1252(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


def decode(data: bytes, where: str = "-", declared: str = "") -> str:
    """Decode page bytes to text, or raise BinaryInput / DecodeError / EmptyInput.

    ``declared`` is the charset the page's transport declares (the HTTP
    Content-Type of a WARC record): it comes before the page's own meta tag,
    as in a browser, and the bytes overrule it as they overrule the meta tag.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if not data.strip():
        raise EmptyInput("empty input", where)
    sample = data[:_PROBE]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return data.decode(utf16, errors="replace")
    if b"\x00" in sample or sum(sample.count(c) for c in _CONTROL) > len(sample) // 20:
        raise BinaryInput("binary data, not a text or HTML page", where)
    charset = _declared_charset(data, declared)
    if charset and not _contradicted(data, charset):
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: fall through to what the bytes say
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    if _mostly_utf8(data):
        return _repair_mixed(data)
    guessed = _guess(data[:_GUESS_BYTES])
    if guessed is None:
        raise DecodeError(f"undecodable bytes ({utf8_error.reason} at byte {utf8_error.start})", where)
    return data.decode(guessed, errors="replace")


def _guess(data: bytes) -> str | None:
    """charset-normalizer's guess; among guesses it cannot tell apart, windows-1252.

    Latin single-byte code pages often decode the same bytes equally well
    (cp1250, cp1252, cp1257 all score alike on "naïve"); windows-1252 is the
    web's common legacy encoding, and what browsers assume for such pages.
    """
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    for match in results:
        if match.encoding == "cp1252" and (match.chaos, match.coherence) == (best.chaos, best.coherence):
            return "cp1252"
    return str(best.encoding)


_GUESS_BYTES = 500_000  # the statistical guess reads this much; the whole page is then decoded with it


def _contradicted(data: bytes, declared: str) -> bool:
    """Whether the bytes say the declaration is wrong (or it adds nothing to what they say).

    UTF-8 is what the bytes are tried as anyway. UTF-16 text was recognised
    before any declaration is read (a byte-order mark, or a NUL in every other
    byte), so a UTF-16 label over these bytes is wrong (the HTML standard reads
    it as UTF-8). Any other encoding is contradicted by valid UTF-8 with
    multi-byte sequences in it: a template's default charset around UTF-8 text.
    """
    if declared == "utf-8" or declared.startswith("utf-16"):
        return True
    if not _mostly_utf8(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is NUL (ASCII-range text in UTF-16)."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes hold real UTF-8 multi-byte sequences besides the bad ones."""
    return len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data[:200_000])) >= 3


class ReadPage:
    """Set ``article.input.format`` and ``article.page`` from ``article.raw``."""

    @classmethod
    def create(cls, context: Context) -> ReadPage:
        """The stage for a pipeline's context (:mod:`saidwhat.core.resources`)."""
        return cls(context.options)

    def __init__(self, options: Options) -> None:
        self.forced = None if options.input_format == "auto" else options.input_format
        self.max_bytes = options.max_bytes

    def __call__(self, article: Article) -> Article:
        where = article.input.path
        if detect_format(article.raw[:_PROBE]) == "gzip":
            article.raw = gunzip(article.raw, self.max_bytes, where)
        fmt = self.forced or article.input.format or detect_format(article.raw)
        if fmt == "gzip":
            raise BinaryInput("nested compressed data is not read", where)
        if fmt == "warc":
            raise BinaryInput("a WARC archive holds many pages: read it with saidwhat.io.readers", where)
        text = decode(article.raw, where, article.input.encoding)
        if not text.strip():
            raise EmptyInput("empty input", where)
        article.input.format = fmt
        article.page = text.replace("\r\n", "\n").replace("\r", "\n")
        return article
