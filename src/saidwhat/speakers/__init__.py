"""Speakers: who really said it.

:class:`~saidwhat.speakers.stage.ResolveSpeakers` turns every source mention
("the spokesman", "it", "Paris", "the two leaders") into one canonical speaker
of the article, with a key that is stable across articles.
"""

from __future__ import annotations

from .stage import ResolveSpeakers, resolve_speakers

__all__ = ["ResolveSpeakers", "resolve_speakers"]
