"""Which statements lie near some spans: a bucket index over character positions.

Pairing statements by overlap (the merge of rule and model statements) looked
at every statement for each one, which is quadratic: 2,500 quotations took
minutes. With the index each lookup sees only the statements registered in the
buckets its spans touch, so the work grows with the text, not with its square.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..core.model import Span

__all__ = ["SpanIndex"]


class SpanIndex:
    """Integer keys registered under the spans they cover; :meth:`near` returns a superset of
    the keys whose spans overlap, contain or touch the given ones, in ascending order."""

    __slots__ = ("_buckets",)

    WIDTH = 512  # characters per bucket

    def __init__(self) -> None:
        self._buckets: defaultdict[int, list[int]] = defaultdict(list)

    def add(self, key: int, spans: Iterable[Span]) -> None:
        for bucket in self._cover(spans):
            self._buckets[bucket].append(key)

    def near(self, spans: Iterable[Span]) -> list[int]:
        found: set[int] = set()
        for bucket in self._cover(spans):
            found.update(self._buckets.get(bucket, ()))
        return sorted(found)

    @classmethod
    def _cover(cls, spans: Iterable[Span]) -> set[int]:
        # both ends inclusive: an empty span at a bucket's edge still meets the spans around it
        return {b for s in spans for b in range(s.start // cls.WIDTH, s.end // cls.WIDTH + 1)}
