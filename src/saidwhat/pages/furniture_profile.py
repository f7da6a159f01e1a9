"""Lines that repeat on many pages of one site: a batch pre-pass for the furniture classifier.

A menu, a newsletter box or a copyright line comes back on every page of a
site, while an article's sentences appear on one page (or on the few copies of
the same story). Given a batch, :meth:`BatchProfile.from_pages` groups pages
by site (the host of a URL, else the directory of a file path), and counts for
every normalised line (:func:`~.furniture_data.normalise`: digits and
punctuation do not matter) the number of distinct *stories* of that site it
appears on. A page whose longest lines are those of a page already seen is a
copy of the same story and is not counted again, so that a story republished
three times does not make its own paragraphs look like furniture.

A line is boilerplate for a site when the site has at least ``min_stories``
stories and the line is on at least ``min_share`` of them (``sentence_share``,
stricter, for lines that read like sentences). Memory is one 8-byte key and a
count per distinct line, so a large batch can be profiled in one pass.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from .furniture_data import normalise
from .urls import host

__all__ = ["BatchProfile", "SiteProfile", "site_key"]

_STORY_LINES = 3  # longest lines that identify a story
_STORY_MIN_CHARS = 60


def site_key(source: str) -> str:
    """The site of a page: a URL's host (without ``www.``), else a file path's directory."""
    if "://" in source[:16]:
        return host(source)
    return str(PurePath(source).parent)


def _key(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass(slots=True)
class SiteProfile:
    """Line counts of one site's distinct stories."""

    site: str
    min_stories: int = 3
    min_share: float = 0.5
    sentence_share: float = 0.8
    stories: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    _seen: set[int] = field(default_factory=set)

    def add(self, text: str) -> bool:
        """Count one page; False when it is a copy of a story already counted."""
        norms = {n for n in (normalise(line) for line in text.splitlines()) if n}
        if not norms:
            return False
        story = _key("\n".join(sorted(sorted(norms, key=len, reverse=True)[:_STORY_LINES])))
        longest = max(map(len, norms))
        if longest >= _STORY_MIN_CHARS and story in self._seen:
            return False
        self._seen.add(story)
        self.stories += 1
        for norm in norms:
            key = _key(norm)
            self.counts[key] = self.counts.get(key, 0) + 1
        return True

    def share(self, line: str) -> float:
        """Share of the site's stories that show this line (0 for an unknown site or line)."""
        norm = normalise(line)
        if not norm or not self.stories:
            return 0.0
        return self.counts.get(_key(norm), 0) / self.stories

    def is_boilerplate(self, line: str, sentence: bool = False) -> bool:
        if self.stories < self.min_stories:
            return False
        norm = normalise(line)
        count = self.counts.get(_key(norm), 0) if norm else 0
        need = self.sentence_share if sentence else self.min_share
        return count >= self.min_stories and count / self.stories >= need


@dataclass(slots=True)
class BatchProfile:
    """Per-site line counts over a batch; see the module docstring."""

    sites: dict[str, SiteProfile] = field(default_factory=dict)
    min_stories: int = 3
    min_share: float = 0.5
    sentence_share: float = 0.8

    @classmethod
    def from_pages(
        cls,
        pages: Iterable[tuple[str, str]],
        *,
        min_stories: int = 3,
        min_share: float = 0.5,
        sentence_share: float = 0.8,
    ) -> BatchProfile:
        """Profile ``(source, text)`` pairs; ``source`` is a URL or a file path."""
        profile = cls(min_stories=min_stories, min_share=min_share, sentence_share=sentence_share)
        for source, text in pages:
            profile.add(source, text)
        return profile

    def add(self, source: str, text: str) -> None:
        key = site_key(source)
        site = self.sites.get(key)
        if site is None:
            site = self.sites[key] = SiteProfile(key, self.min_stories, self.min_share, self.sentence_share)
        site.add(text)

    def site(self, source: str) -> SiteProfile | None:
        """The profile of the site ``source`` belongs to, if the batch had pages of it."""
        return self.sites.get(site_key(source))

    def is_boilerplate(self, source: str, line: str, sentence: bool = False) -> bool:
        site = self.site(source)
        return site is not None and site.is_boilerplate(line, sentence)
