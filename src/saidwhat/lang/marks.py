"""Quotation marks, shared by every language: the pairs, apostrophes, elisions and named mark sets.

The content of ``lang/common/quote_marks.json``, validated on load. The pairs
drive the quotation scanner (:mod:`saidwhat.attribution.quotes`); the named
``sets`` are the small character classes that other rules and features test
(the marks that may close a sentence, the marks a tagger feature counts, ...),
kept here so that no module holds its own copy of a set of quotation marks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.errors import DataError

__all__ = ["QuoteMarks", "parse_quote_marks"]

_DATA_FILE = "quote_marks.json"


@dataclass(slots=True, frozen=True)
class QuoteMarks:
    """The validated content of ``quote_marks.json``."""

    closers_of: Mapping[str, frozenset[str]]  # opening mark -> the marks that close it
    openers_of: Mapping[str, frozenset[str]]  # closing mark -> the marks it closes
    apostrophes: frozenset[str]
    elisions: frozenset[str]
    pattern: re.Pattern[str]  # every mark: two-character ones ('' of old archives) first, then one class
    sets: Mapping[str, str]  # named mark sets (see the file's "about")

    def chars(self, name: str) -> str:
        """The characters of the named mark set, in the file's order; DataError when it is not there."""
        try:
            return self.sets[name]
        except KeyError:
            raise DataError(f"no mark set {name!r}", f"saidwhat/lang/common/{_DATA_FILE}") from None


def _chars(value: Any, what: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(c, str) and len(c) == 1 for c in value):
        raise DataError(f"'{what}' must be a list of single characters", where)
    return value


def _sets(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise DataError("'sets' must be an object of named mark sets", where)
    out: dict[str, str] = {}
    for name, entry in value.items():
        marks = entry.get("marks") if isinstance(entry, dict) else None
        if not isinstance(marks, str) or not marks or any(c.isalnum() or c.isspace() for c in marks):
            raise DataError(f"set {name!r}: 'marks' must be a non-empty string of marks", where)
        out[name] = marks
    return out


def parse_quote_marks(data: Any, where: str = _DATA_FILE) -> QuoteMarks:
    """Validate the decoded JSON of a quote-mark file; raises DataError with the reason."""
    if not isinstance(data, dict) or not isinstance(data.get("pairs"), list) or not data["pairs"]:
        raise DataError("expected an object with a non-empty 'pairs' list", where)
    closers: dict[str, set[str]] = {}
    openers: dict[str, set[str]] = {}
    for i, pair in enumerate(data["pairs"]):
        if not isinstance(pair, dict):
            raise DataError(f"pair {i} is not an object", where)
        opener, closer = pair.get("open"), pair.get("close")
        if not (
            isinstance(opener, str) and isinstance(closer, str) and 1 <= len(opener) <= 2 >= len(closer) >= 1
        ):
            raise DataError(f"pair {i}: 'open' and 'close' must be one or two characters", where)
        if any(ch.isalnum() or ch.isspace() for ch in opener + closer):
            raise DataError(f"pair {i}: a quotation mark cannot hold a letter, digit or space", where)
        closers.setdefault(opener, set()).add(closer)
        openers.setdefault(closer, set()).add(opener)
    apostrophes = _chars(data.get("apostrophes", []), "apostrophes", where)
    elisions = data.get("elisions", [])
    if not isinstance(elisions, list) or not all(isinstance(e, str) and e.startswith("'") for e in elisions):
        raise DataError("'elisions' must be a list of words starting with '", where)
    marks = sorted(set(closers) | set(openers), key=lambda m: (-len(m), m))  # '' before '
    singles = "".join(re.escape(m) for m in marks if len(m) == 1)
    doubles = [re.escape(m) for m in marks if len(m) == 2]
    return QuoteMarks(
        closers_of={k: frozenset(v) for k, v in closers.items()},
        openers_of={k: frozenset(v) for k, v in openers.items()},
        apostrophes=frozenset(apostrophes),
        elisions=frozenset(e.lower() for e in elisions),
        pattern=re.compile("|".join(doubles + ([f"[{singles}]"] if singles else []))),
        sets=_sets(data.get("sets", {}), where),
    )
