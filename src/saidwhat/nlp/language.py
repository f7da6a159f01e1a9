"""A rough guess of a text's language from its share of stop words.

The stop word lists are those of the languages' furniture data
(``lang/<code>/furniture.json``: English, French, German, Spanish). Enough for what saidwhat needs to know —
whether the English-trained attribution model applies — not a general
language identifier.
"""

from __future__ import annotations

import re

from .. import lang

__all__ = ["MIN_SHARE", "SAMPLE_WORDS", "guess_language"]

SAMPLE_WORDS = 1000  # words read from the start of the text
MIN_SHARE = 0.15  # stop words of the best language, as a share of the words read
MIN_WORDS = 8  # fewer words than this: no guess
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def guess_language(text: str) -> str | None:
    """ISO 639-1 code of the language whose stop words cover most of the text, or None
    when the text is too short or no language's stop words reach :data:`MIN_SHARE`."""
    words = [m.group().lower().replace("’", "'") for m in _WORD.finditer(text, 0, SAMPLE_WORDS * 20)]
    words = words[:SAMPLE_WORDS]
    if len(words) < MIN_WORDS:
        return None
    shares = {code: sum(w in stops for w in words) / len(words) for code, stops in _stopwords().items()}
    best = max(shares, key=lambda code: shares[code])
    return best if shares[best] >= MIN_SHARE else None


def _stopwords() -> dict[str, frozenset[str]]:
    """Stop words by language code, for the languages that have them (a tie goes to the first)."""
    return lang.derived(
        "nlp.stopwords",
        lambda: {
            x.code: frozenset(x.furniture["stopwords"])
            for x in lang.languages()
            if "stopwords" in x.furniture
        },
    )
