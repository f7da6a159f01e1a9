"""Stop words of about a hundred languages: jusText's lists, for the languages without a folder.

The page cleaner reads prose by its share of stop words. The language folders hold those of
English, French, German and Spanish; a page in Portuguese, Indonesian, Russian or Korean had
none, and its paragraphs read like menus. jusText (PyPI, installed with trafilatura) ships a
list for each of about a hundred languages, the most frequent words of its Wikipedia; saidwhat
reads them as they are (:func:`wide_stopwords`), and the page cleaner takes the list of a page's
language when the page is in none of its own (:class:`saidwhat.pages.furniture_data.OtherStopwords`).
"""

from __future__ import annotations

__all__ = ["UNUSED", "wide_stopwords"]

UNUSED = frozenset({"Simple_English"})  # English again, from the Simple English Wikipedia


def wide_stopwords() -> dict[str, frozenset[str]]:
    """jusText's stop words by language name ("Portuguese"), lower case, in name order."""
    import justext  # imported when the text-dump path first reads a page (80 ms)

    return {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists() - UNUSED)}
