"""Every parameter the web pages and the JSON API take, declared once, and the one strict parser.

Each :class:`Param` says its name, what it holds, its bounds and its help; the
pages, the API and the OpenAPI document (:mod:`.openapi`) are derived from the
same declarations. Values are checked before they reach the store:

* numbers are ASCII digits only (``²`` and ``٣`` are no numbers, although
  ``str.isdigit`` says they are), within their bounds;
* dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` that exist;
* choices are one of their values; text is at most :data:`MAX_PARAM` characters;
* a query string is at most :data:`MAX_QUERY` characters and :data:`MAX_FIELDS` fields.

A value that breaks a rule is a :class:`BadParameter` (a 400 page, or a JSON
error under ``/api/``) naming the parameter and the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import parse_qs

from ..store.records import READING_CONFIDENCE

__all__ = [
    "MAX_FIELDS",
    "MAX_PARAM",
    "MAX_QUERY",
    "PARAMS",
    "BadParameter",
    "Param",
    "Values",
    "parse_query",
    "strict_int",
]

MAX_PARAM = 500  # characters of one value
MAX_QUERY = 4096  # characters of a whole query string (or form body)
MAX_FIELDS = 40
MAX_PAGE = 10_000  # deepest page of results: further, narrow the search
KINDS = ("direct", "indirect", "mixed", "headline")
SORTS = ("relevance", "date", "speaker", "site", "kind", "confidence")

Kind = Literal["text", "int", "date", "choice", "confidence"]
_DIGITS = re.compile(r"[0-9]{1,19}")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_CONFIDENCE = re.compile(r"(?:0|1)(?:\.[0-9]{1,3})?|\.[0-9]{1,3}")


class BadParameter(ValueError):
    """A parameter the pages cannot take: its name and a one-line reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True, frozen=True)
class Param:
    name: str
    kind: Kind
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 0
    many: bool = False

    def parse(self, raw: list[str]) -> Any:
        values = [v.strip() for v in raw if v.strip()]
        for value in values:
            if len(value) > MAX_PARAM:
                raise BadParameter(f"parameter {self.name!r} too long (over {MAX_PARAM} characters)")
        if not values:
            return [] if self.many else self.default
        if len(values) > 1 and not self.many:
            raise BadParameter(f"give one {self.name}")
        parsed = [self._one(v) for v in values]
        return parsed if self.many else parsed[0]

    def _one(self, value: str) -> Any:
        if self.kind == "int":
            number = strict_int(value, self.name)
            if not self.low <= number <= self.high:
                raise BadParameter(f"{self.name} must be a whole number from {self.low} to {self.high}")
            return number
        if self.kind == "date":
            return strict_date(value, self.name)
        if self.kind == "choice":
            if value not in self.choices:
                raise BadParameter(f"{self.name} must be one of: {', '.join(self.choices)}")
            return value
        if self.kind == "confidence":
            if not _CONFIDENCE.fullmatch(value) or not 0.0 <= float(value) <= 1.0:
                raise BadParameter(f"{self.name} must be a number from 0 to 1")
            return float(value)
        return value


def strict_int(value: str, name: str) -> int:
    """A whole number written in ASCII digits (at most 19 of them)."""
    if not _DIGITS.fullmatch(value):
        raise BadParameter(f"{name} must be a whole number written with the digits 0-9")
    return int(value)


def strict_date(value: str, name: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a date that exists."""
    match = _DATE.fullmatch(value)
    if not match:
        raise BadParameter(f"{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError as err:
        raise BadParameter(f"{name} must be a date that exists ({value})") from err
    return value


def _params(*items: Param) -> dict[str, Param]:
    return {p.name: p for p in items}


PARAMS: dict[str, Param] = _params(
    Param("q", "text", "words to find in what was said: plain words, \"a phrase\", prefix*, OR, NOT, -word"),
    Param("speaker", "text", "a speaker: canonical key or any name they were quoted under"),
    Param("site", "text", "an outlet: its name or its domain"),
    Param("since", "date", "published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    Param("until", "date", "published on or before this date (its whole year or month)"),
    Param("kind", "choice", "statement kind (repeatable)", choices=KINDS, many=True),
    Param(
        "min_confidence", "confidence",
        "only statements at least this sure (0 to 1; by default those saidwhat is unsure of are hidden)",
        default=READING_CONFIDENCE,
    ),
    Param("sort", "choice", "order of the statements", default="relevance", choices=SORTS),
    Param("dir", "choice", "direction of the order", default="asc", choices=("asc", "desc")),
    Param("page", "int", "page of results, from 1", default=1, low=1, high=MAX_PAGE),
    Param("per_page", "int", "results per page", default=50, low=1, high=500),
    Param("limit", "int", "at most this many rows", default=50, low=1, high=500),
    Param("by", "choice", "one row per speaker and site or period", choices=("site", "month", "year")),
    Param("period", "choice", "the period of a chart's bars", default="month", choices=("week", "month", "year")),
    Param("format", "choice", "download the rows shown instead of the page", choices=("csv", "jsonl")),
    Param("a", "int", "the first article's id", low=1, high=2**63 - 1),
    Param("b", "int", "the second article's id", low=1, high=2**63 - 1),
    Param("days", "int", "the time window around the article, in days", default=7, low=0, high=3650),
    Param("prefix", "text", "the beginning of a speaker's name"),
    Param(
        "group", "choice", "count by this (repeatable: one row per combination)",
        choices=("speaker", "site", "week", "month", "year", "type", "kind"), many=True,
    ),
)  # fmt: skip


@dataclass(slots=True)
class Values:
    """The parsed parameters of one request, and the raw values to put back into a form."""

    parsed: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, list[str]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.parsed[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.parsed.get(name, default)

    def shown(self, name: str) -> str:
        """The value as typed (first one), for a form field."""
        values = self.raw.get(name) or [""]
        return values[0].strip()

    def filters(self) -> dict[str, Any]:
        """The store's search filters (speaker, site, since, until, kind, min_confidence)."""
        out = {k: self.parsed.get(k) for k in ("speaker", "site", "since", "until")}
        out["kind"] = self.parsed.get("kind") or None
        out = {k: v for k, v in out.items() if v}
        out["min_confidence"] = self.parsed.get("min_confidence", READING_CONFIDENCE)
        return out


def parse_query(query: str, names: tuple[str, ...], defaults: dict[str, Any] | None = None) -> Values:
    """The parameters ``names`` of a query string (others are ignored), checked."""
    if len(query) > MAX_QUERY:
        raise BadParameter(f"query string too long (over {MAX_QUERY} characters)")
    try:
        raw = parse_qs(query, max_num_fields=MAX_FIELDS, errors="replace")
    except ValueError as err:
        raise BadParameter(f"bad query string: too many fields (over {MAX_FIELDS})") from err
    values = Values(raw={k: v for k, v in raw.items() if k in names})
    for name in names:
        param = PARAMS[name]
        if defaults and name in defaults and not any(v.strip() for v in raw.get(name, [])):
            values.parsed[name] = defaults[name]
            continue
        values.parsed[name] = param.parse(raw.get(name, []))
    return values
