"""Cut the raw lines of a text dump into segments before they are classified.

A scraped dump glues things that a page shows apart: a dateline opens the first
paragraph ("PARIS (AFP) — The government ..."), and an image caption with its
agency credit runs into the next paragraph ("The prime minister arrives at the
summit AFP The summit opened ..."). Each such line is cut here into segments
with a *role* (``dateline``, ``caption``, ``credit``, ``after``) that the
classifier reads as a feature; a line that needs no cut is one segment with no
role. Cuts are conservative: a credit is only cut out of a line when the text
before it reads like a caption (not ``told AFP``), and the text after it, if
any, like the start of a sentence.

Every pattern is linear (alternations of literals and bounded repetitions) and
sees at most :data:`~.furniture_data.MAX_LINE` characters of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import lang
from ..lang import quote_marks
from .furniture_data import MAX_LINE, FurnitureData, furniture_data

__all__ = ["Segment", "split_line", "split_lines"]

_CAP_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]{0,30}"
_UPPER_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.-]{1,30}"
_DASH = r"(?:\.?\s?[-–—]{1,2}|\.-)"
_LABEL_WORDS = (
    "Photo",
    "Foto",
    "Image",
    "Picture",
    "Bild",
    "Photograph",
    "Credit",
    "Crédit photo",
    "Crédit",
    "Fotografía",
    "Imagen",
)
_CREDIT_LABEL = re.compile(
    r"(?:\(\s?)?(?:©|(?:"
    + "|".join(re.escape(w) + "|" + re.escape(w.upper()) for w in _LABEL_WORDS)
    + r")[sS]?\s?(?::|by\b|BY\b))"
)
# Words after which an agency name is the object of a sentence, not a credit.
_NOT_CAPTION_END = frozenset(
    {
        "told",
        "to",
        "by",
        "from",
        "with",
        "according",
        "for",
        "of",
        "the",
        "a",
        "an",
        "and",
        "on",
        "in",
        "at",
        "via",
        "tells",
        "said",
        "says",
        "say",
        "interview",
        "telling",
        "quoted",
        "cited",
        "agency",
        "-",
        "–",
        "—",
        "|",
    }
)
_CREDIT_TAIL = 40  # characters of a parenthesised credit after its agency and name ("T. Barnes", ", File")
_TERMINAL = ".!?…" + quote_marks().chars("line_closers") + ")"
_AFTER_DATELINE = 4  # words of text a dateline opens at the least ("ADVERTISEMENT – Star Tours" is none)
_LONG_TEXT = 15  # words: text this long after a dateline need not end like a sentence
_DATELINE_TEXT_END = _TERMINAL + ":"  # how the text a dateline opens ends (AP's "The Latest ...:")


@dataclass(slots=True, frozen=True)
class Segment:
    """A piece of raw line ``line``, ``text == lines[line][start:end]``, with its cut role."""

    line: int
    start: int
    end: int
    text: str
    role: str = ""  # "", "dateline", "caption", "credit", "after"


def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The dateline and credit patterns, from the furniture data's agency names (built once)."""
    return lang.derived("pages.furniture_split.patterns", _build_patterns)


def _build_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = furniture_data()
    agencies = "|".join(re.escape(a) for a in data.agencies)
    dateline = re.compile(
        rf"^(?:{_UPPER_WORD}(?:\s{_UPPER_WORD}){{0,3}}(?:,\s[^()\n]{{1,30}}?)?(?:\s?\((?:{agencies})\))?"
        rf"|{_CAP_WORD}(?:\s{_CAP_WORD}){{0,3}}(?:,\s[^()\n]{{1,30}}?)?\s?\((?:{agencies})\))"
        rf"\s?{_DASH}(?:\s|$)"
    )
    credit = re.compile(
        rf"(?:\(\s?)?(?:(?:{_CAP_WORD}\s){{1,2}}/\s?)?(?<![\w/])(?:{agencies})(?![\w])"
        rf"(?:\s?/\s?{_CAP_WORD}(?:\s{_CAP_WORD})?)?(?:\s?\))?"
    )
    return dateline, credit


def split_lines(lines: list[str]) -> list[Segment]:
    """Segments of every non-blank line, in order."""
    out: list[Segment] = []
    for i, line in enumerate(lines):
        out.extend(split_line(i, line))
    return out


def split_line(index: int, line: str) -> list[Segment]:
    """The segments of one raw line (none for a blank line).

    The patterns see a bounded part of the line only (a dateline its first 120
    characters; a caption cut lines of at most :data:`MAX_LINE` characters);
    segments always cover the whole line, however long.
    """
    start = len(line) - len(line.lstrip())
    end = len(line.rstrip())
    if start >= end:
        return []
    data = furniture_data()
    cut = _cut_dateline(line, start, end)
    if cut is not None and cut >= end:
        return [Segment(index, start, end, line[start:end], "dateline")]
    first = start if cut is None else cut
    rest = _split_caption(index, line, first, end, data) if end - first <= MAX_LINE else []
    rest = rest or [_segment(index, line, first, end, "")]
    return rest if cut is None else [_segment(index, line, start, cut, "dateline"), *rest]


def _segment(index: int, line: str, start: int, end: int, role: str) -> Segment:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return Segment(index, start, end, line[start:end], role)


def _cut_dateline(line: str, start: int, end: int) -> int | None:
    """End of a dateline that opens the line (the line's end when it is all dateline), or None.

    A dateline opens a paragraph: after it comes text of a few words that ends like a sentence
    (or with a colon: "WASHINGTON (AP) — The Latest on the race (all times EDT):"), or a long
    one. "ADVERTISEMENT – Star Tours" and "RSS - Komentar" are not datelines.
    """
    match = _patterns()[0].match(line[start : min(end, start + 120)])
    if not match:
        return None
    cut = start + match.end()
    words = len(line[cut:end].split(None, _LONG_TEXT))
    if cut >= end or words > _LONG_TEXT or (words >= _AFTER_DATELINE and line[end - 1] in _DATELINE_TEXT_END):
        return cut
    return None


def _split_caption(index: int, line: str, start: int, end: int, data: FurnitureData) -> list[Segment]:
    """caption | credit [| after] when the line holds a photo credit after caption-like text."""
    span = _find_credit(line, start, end)
    if span is None:
        return []
    c_start, c_end = span
    before = line[start:c_start].split()
    if len(before) < 3 or before[-1].lower().strip(",;:") in _NOT_CAPTION_END:
        return []
    after = line[c_end:end].strip()
    if after and not _opens_sentence(after, data):
        return []
    if not after and before[-1][-1:] in ",;:":
        return []
    pieces = [
        _segment(index, line, start, c_start, "caption"),
        _segment(index, line, c_start, c_end, "credit"),
    ]
    if after:
        pieces.append(_segment(index, line, c_end, end, "after"))
    return pieces


def _find_credit(line: str, start: int, end: int) -> tuple[int, int] | None:
    """A labelled credit ("Photo: X", to the end of the line) or an agency credit."""
    label = _CREDIT_LABEL.search(line, start, end)
    if label and len(line[label.start() : end].split()) <= 9:
        return label.start(), end
    for match in _patterns()[1].finditer(line, start, end):
        if match.start() > start:
            return match.start(), _closing(line, match.start(), match.end(), end)
    return None


def _closing(line: str, c_start: int, c_end: int, end: int) -> int:
    """The end of a credit that opens a parenthesis: its closing one, when it closes the line
    within a few words ("(AP Photo/Jeffrey T. Barnes)", "(AP Photo/Alan Diaz, File)")."""
    if line[c_start] != "(" or line[c_end - 1] == ")" or line[end - 1] != ")":
        return c_end
    inside = line[c_end : end - 1]
    if "(" in inside or ")" in inside or len(inside) > _CREDIT_TAIL or len(inside.split()) > 4:
        return c_end
    return end


def _opens_sentence(text: str, data: FurnitureData) -> bool:
    """Text that starts like a paragraph: capitalised, several words, ending like a sentence."""
    words = text.split()
    first = text.lstrip(quote_marks().chars("line_openers") + " ")
    return (
        len(words) >= 5
        and bool(first[:1])
        and first[:1].isupper()
        and text.rstrip()[-1:] in _TERMINAL
        and data.stop_ratio([w.lower().strip(",.;:") for w in words]) >= 0.15
    )
