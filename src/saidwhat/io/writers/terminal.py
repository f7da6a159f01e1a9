"""Text for a terminal. Scraped text is hostile: control characters and terminal escape sequences
are replaced before anything reaches a terminal, and file names that are not valid UTF-8 are shown
with their bytes escaped."""

from __future__ import annotations

import re

from ...core.paths import shown

__all__ = ["safe"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text made safe for a terminal: no control characters, no bidi overrides, undecodable bytes escaped."""
    return _CONTROL.sub("\ufffd", shown(text).replace("\n", " ").replace("\t", " "))
