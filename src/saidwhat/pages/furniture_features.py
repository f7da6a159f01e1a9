"""Features of one segment of a text dump, for the furniture classifier.

A segment is described by what a reader sees at a glance: how long it is, how
it ends, how much of it is capitalised, stop words or digits, where it sits on
the page (first lines, last lines, before the first real sentence or after the
last one), whether it matches the furniture phrase list of any language, a few
shapes that need no phrase list (a date, a temperature, an agency credit, a
byline, a list of tags), the role the splitter gave it, and the same few facts
about its neighbours. Features are sparse: a name and a value, most of them 1.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from ..lang import quote_marks
from .furniture_data import FurnitureData, PhraseMatch, normalise
from .furniture_split import Segment

__all__ = ["SegmentFacts", "calendar_words", "ends_sentence", "facts_of", "features"]

_TIME = re.compile(r"\b\d{1,2}[:h.]\d{2}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_URL = re.compile(r"https?://|www\.|\w@\w|\.(?:com|org|net|example)\b")
_SOCIAL = re.compile(r"(?:^|\s)[@#]\w")
_SEPARATORS = re.compile(r"\s[|•·/›>»]\s|\s[|•·]|[|•·]\s")
_DEGREES = re.compile(r"-?\d{1,3}\s?°\s?[CF]?")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_OPEN_QUOTES = quote_marks().chars("line_openers")
_CLOSE = quote_marks().chars("line_closers")
_SPEECH = quote_marks().chars("speech")


@dataclass(slots=True)
class SegmentFacts:
    """What the features of a segment and of its neighbours are computed from."""

    segment: Segment
    words: list[str]
    lower: list[str]
    match: PhraseMatch | None
    sentence: bool  # reads like a sentence of a paragraph
    credit: bool  # a photo credit on its own
    date: bool
    blank_before: bool
    blank_after: bool
    stops: float = 0.0  # share of stop words (FurnitureData.stop_ratio of ``lower``), computed once


MAX_WORDS = 20_000  # words of one segment that are read: the rest of so long a line changes no feature


def facts_of(segments: list[Segment], lines: list[str], data: FurnitureData) -> list[SegmentFacts]:
    out = []
    # bounded: a 20 MB dump on one line held 3.4 million words twice (about 400 MB)
    words_of = [[m.group(0) for m in itertools.islice(_WORD.finditer(seg.text), MAX_WORDS)] for seg in segments]
    lowers = [[w.lower() for w in words] for words in words_of]
    page = data.page_stopwords(lowers)  # a page in a language without a folder: its stop words
    for seg, words, lower in zip(segments, words_of, lowers):
        stops = data.stop_ratio(lower, page)
        out.append(
            SegmentFacts(
                segment=seg,
                words=words,
                lower=lower,
                stops=stops,
                match=data.match(seg.text),
                sentence=len(lower) >= 8 and ends_sentence(seg.text) and stops >= 0.2,
                credit=_is_credit(seg.text, data),
                date=_is_date(lower, data),
                blank_before=seg.line > 0 and not lines[seg.line - 1].strip(),
                blank_after=seg.line + 1 < len(lines) and not lines[seg.line + 1].strip(),
            )
        )
    return out


def _ending(text: str) -> str:
    end = text.rstrip()[-1:]
    if not end:
        return "none"
    if end in ".…":
        return "period"
    if end in "!?":
        return "qm"
    if end == ":":
        return "colon"
    if end in _CLOSE:
        return "quote"
    if end.isalnum():
        return "none"
    return "other"


def ends_sentence(text: str) -> bool:
    """Ends with . ! ? or …, possibly followed by closing quotation marks or brackets."""
    return text.rstrip()[-8:].rstrip(_CLOSE + ")")[-1:] in (".", "!", "?", "…")


def _is_credit(text: str, data: FurnitureData) -> bool:
    """ "Photo: X", "REUTERS/Name", "(AP Photo/Name)", "Picture: Name" and the like."""
    norm = normalise(text)
    words = norm.split()
    if not words or len(words) > 12:
        return False
    head = normalise(text.split(":", 1)[0]) if ":" in text[:40] else ""
    if head in data.credit_prefixes or words[0] == "©":
        return True
    if len(words) >= 2 and " ".join(words[:2]) in data.credit_prefixes:
        return True
    return bool(data.agency_re.search(text)) and len(words) <= 6


def calendar_words(lower: list[str], data: FurnitureData) -> int:
    """How many of the words name a month or a weekday ("nov", "wednesday")."""
    return sum(w.strip(".") in data.months or w in data.weekdays for w in lower)


def _is_date(lower: list[str], data: FurnitureData) -> bool:
    if not lower or len(lower) > 9:
        return False
    named = calendar_words(lower, data)
    digits = sum(w.isdigit() for w in lower)
    return (named >= 1 and digits >= 1) or (named >= 2)


def features(facts: list[SegmentFacts], data: FurnitureData) -> list[dict[str, float]]:
    """The sparse feature vector of every segment (a name and a value; most values are 1)."""
    n = len(facts)
    sentences_before = [0] * (n + 1)
    for k, x in enumerate(facts):
        sentences_before[k + 1] = sentences_before[k] + x.sentence
    first_long = next(
        (
            k
            for k, x in enumerate(facts)
            if len(x.lower) >= 4 and x.match is None and not x.date and not x.credit
        ),
        -1,
    )
    seen = [_seen(fact) for fact in facts]  # what the neighbours see of each segment, once
    out = []
    for i in range(n):
        f = _own(facts[i], data)
        before = sentences_before[i] > 0
        after = sentences_before[n] - sentences_before[i + 1] > 0
        _position(f, i, n, before, after)
        _flag(f, "ctx:first_long", i == first_long and not before)
        for name, j in (("p", i - 1), ("n", i + 1), ("p2", i - 2), ("n2", i + 2)):
            if not 0 <= j < n:
                f[name + ":none"] = 1.0
                continue
            flags = seen[j] if len(name) == 1 else seen[j][:_FAR_FLAGS]
            for flag in flags:
                if flag:
                    f[name + flag] = 1.0
        out.append(f)
    return out


def _own(fact: SegmentFacts, data: FurnitureData) -> dict[str, float]:
    text, lower, n = fact.segment.text, fact.lower, len(fact.lower)
    f: dict[str, float] = {"bias": 1.0, "len:log": math.log1p(len(text)) / 5}
    f["w:" + _bucket(n)] = 1.0
    f["end:" + _ending(text)] = 1.0
    f["start:" + _start(text)] = 1.0
    if n:
        caps = sum(w[:1].isupper() for w in fact.words)
        f["cap_ratio"] = caps / n
        f["upper_ratio"] = sum(w.isupper() and len(w) > 1 for w in fact.words) / n
        f["stop_ratio"] = fact.stops
        if f["stop_ratio"] == 0:
            f["stop:none"] = 1.0
        if caps == n and n <= 5:
            f["all_capitalised_short"] = 1.0
    if text.upper() == text and sum(map(str.isalpha, text)) >= 3:
        f["all_caps"] = 1.0
    digits = _digits(text)
    f["digit_ratio"] = digits / max(1, len(text))
    # Patterns that need a digit, or an @ or #, are not searched for in text without one.
    _flag(f, "has_time", digits > 0 and bool(_TIME.search(text)))
    _flag(f, "has_year", digits > 0 and bool(_YEAR.search(text)))
    _flag(f, "has_url", bool(_URL.search(text)))
    _flag(f, "has_social", ("@" in text or "#" in text) and bool(_SOCIAL.search(text)))
    _flag(f, "has_quote", any(mark in text for mark in _SPEECH))
    seps = len(_SEPARATORS.findall(text))
    if seps:
        f["sep_count"] = min(seps, 5) / 5
    _phrase(f, fact.match)
    if n >= 2:
        menu = sum(map(data.phrases.__contains__, lower))
        f["phr_word_ratio"] = menu / n
    _shapes(f, fact, data)
    if fact.segment.role:
        f["role:" + fact.segment.role] = 1.0
    _flag(f, "sentence", fact.sentence)
    _flag(f, "blank_before", fact.blank_before)
    _flag(f, "blank_after", fact.blank_after)
    return f


def _digits(text: str) -> int:
    """How many characters of ``text`` are digits (``str.isdigit``); ASCII text by ten C counts."""
    if text.isascii():
        return sum(text.count(d) for d in "0123456789")
    return sum(map(str.isdigit, text))


def _bucket(n: int) -> str:
    for top, name in ((1, "1"), (3, "2-3"), (7, "4-7"), (15, "8-15"), (30, "16-30")):
        if n <= top:
            return name
    return "31+"


def _start(text: str) -> str:
    first = text[:1]
    if first in _OPEN_QUOTES:
        return "quote"
    if first in "•-*·›>–—■▶►":
        return "bullet"
    if first.isdigit():
        return "digit"
    if first.isupper():
        return "cap"
    return "lower" if first.isalpha() else "other"


def _flag(f: dict[str, float], name: str, on: bool) -> None:
    if on:
        f[name] = 1.0


def _phrase(f: dict[str, float], match: PhraseMatch | None) -> None:
    if match is None:
        return
    f["phr:" + match.how] = 1.0
    if len(match.phrase.split()) >= 3:
        f["phr:long"] = 1.0
    weight = 0.5 if match.how == "contains" else 1.0
    f["phrk:" + match.kind] = weight
    if match.how == "contains":
        f["phrk:" + match.kind + ":contains"] = 1.0


def _shapes(f: dict[str, float], fact: SegmentFacts, data: FurnitureData) -> None:
    text, lower = fact.segment.text, fact.lower
    _flag(f, "pat:credit", fact.credit)
    _flag(f, "pat:date", fact.date)
    _flag(f, "pat:weather", bool(_DEGREES.search(text[:200])) or _weather_only(lower, data))
    _flag(f, "pat:copyright", "©" in text or "copyright" in lower)
    _flag(f, "pat:agency", bool(data.agency_re.search(text[:1000])))
    _flag(f, "pat:byline", _is_byline(fact, data))
    _flag(f, "pat:name_like", _name_like(fact, data))
    _flag(f, "pat:tag_list", _tag_list(text))
    _flag(f, "pat:count", len(lower) <= 3 and bool(lower) and lower[0].isdigit())
    _flag(f, "pat:parenthesised", text.startswith("(") and text.endswith(")"))
    _flag(f, "pat:staff_credit", _staff_credit(text, data))


def _staff_credit(text: str, data: FurnitureData) -> bool:
    """ "(Reporting by X; Editing by Y)": agency staff credits at the end of a story."""
    parts = normalise(text[:300]).split()
    return any(" ".join(parts[:n]) in data.staff_credits for n in (1, 2, 3, 4))


def _weather_only(lower: list[str], data: FurnitureData) -> bool:
    return 0 < len(lower) <= 4 and any(w in data.weather_words for w in lower)


def _is_byline(fact: SegmentFacts, data: FurnitureData) -> bool:
    lower, words = fact.lower, fact.words
    if not 2 <= len(lower) <= 10 or fact.sentence:
        return False
    for n in (3, 2, 1):
        if " ".join(lower[:n]) in data.byline_prefixes and len(words) > n and words[n][:1].isupper():
            return True
    return False


def _name_like(fact: SegmentFacts, data: FurnitureData) -> bool:
    words = fact.words
    return 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words[:2]) and fact.stops == 0


def _tag_list(text: str) -> bool:
    if text.count(",") < 2:  # fewer than three items
        return False
    items = [p.strip() for p in text.split(",")]
    return len(items) >= 3 and all(0 < len(p.split()) <= 3 for p in items) and text.rstrip()[-1:] not in ".!?"


def _position(f: dict[str, float], i: int, n: int, before: bool, after: bool) -> None:
    f["pos_rel"] = i / max(1, n - 1)
    _flag(f, "pos:first", i == 0)
    _flag(f, "pos:last", i == n - 1)
    _flag(f, "pos:head3", i < 3)
    _flag(f, "pos:tail3", i >= n - 3)
    _flag(f, "ctx:before_first_sentence", not before)
    _flag(f, "ctx:after_last_sentence", not after)
    _flag(f, "ctx:between_sentences", before and after)


_FAR_FLAGS = 2  # the neighbours two segments away are seen by the first two flags only


def _seen(fact: SegmentFacts) -> tuple[str, ...]:
    """The neighbour flags of a segment, in a fixed order ("" when off); names are suffixes.

    The order is the order of the features in the vector, so that the
    classifier's sums are always made in the same order.
    """
    strong = fact.match is not None and fact.match.how != "contains"
    ending = _ending(fact.segment.text)
    return (
        ":phr" if strong else "",
        ":sentence" if fact.sentence else "",
        ":short" if len(fact.lower) <= 4 else "",
        ":credit" if fact.credit else "",
        ":date" if fact.date else "",
        ":noend" if ending == "none" else "",
        ":colon" if ending == "colon" else "",
        ":role_" + (fact.segment.role or "none"),
    )
