"""URLs that pages and web archives give: kept when they can be read, dropped when they cannot.

A page's canonical link and anchors, and a web archive record's target URI,
are text written by others; urllib refuses some of it with a ValueError (an
IPv6 bracket left open, a bracketed host that is no address, a port that is
not a number), and the libraries that read the page after it (trafilatura,
htmldate) stop on such a URL too. A URL that cannot be read names nothing
usable: it is dropped, and the page keeps its article. So is one with a control
character, a space or a noncharacter inside, which no URL holds (RFC 3986) and
which lxml refuses as an XPath variable (a fuzzed archive's target URI made a
record fail with lxml's "All strings must be XML compatible").
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

__all__ = ["host", "usable_url"]

_NOT_IN_URLS = re.compile("[\x00-\x20\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def usable_url(value: str | None, base: str | None = None) -> str | None:
    """``value`` (joined to ``base`` when one is given) when urllib can read it and its host; else None."""
    url = (value or "").strip()
    if not url or _NOT_IN_URLS.search(url):
        return None
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        _ = parts.hostname, parts.port  # both parse the network location, and raise on a bad one
    except ValueError:
        return None
    return url


def host(url: str | None) -> str:
    """The lower-case host of a URL, without ``www.``; '' when it has none or cannot be read."""
    try:
        name = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    if _NOT_IN_URLS.search(name):
        return ""
    return name.lower().removeprefix("www.")
