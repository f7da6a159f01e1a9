"""File names as the system gives them, and as saidwhat shows and stores them.

On POSIX a file name is bytes. Python decodes a name that is not valid UTF-8
with ``surrogateescape``: the byte ``0xff`` becomes the lone surrogate
``U+DCFF``. Such a string opens the file, but cannot be written as UTF-8 to a
terminal, to JSON or to a database. saidwhat keeps it unchanged in memory,
shows it with each undecodable byte escaped (``bad\\xffname.txt``,
:func:`shown`), and the store keeps the name's exact bytes
(:func:`os.fsencode`, :func:`name_bytes`) beside the shown form, so that
nothing is lost and the file can be found again.
"""

from __future__ import annotations

import os
import re

__all__ = ["from_bytes", "name_bytes", "shown"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that surrogateescape could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` with every lone surrogate escaped, so that it can be written as UTF-8."""
    return _SURROGATE.sub(_escape, text)


def name_bytes(path: str) -> bytes | None:
    """The exact bytes of a file name that is not valid UTF-8 (None for a valid one, shown as is)."""
    if not _SURROGATE.search(path):
        return None
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:  # surrogates that no file name decodes to (made in code): the shown form only
        return None


def from_bytes(data: bytes | memoryview | None, shown_form: str) -> str:
    """The name as Python opens it: decoded from its stored bytes, else the shown form."""
    return os.fsdecode(bytes(data)) if data is not None else shown_form
