"""Syndicated copies: MinHash signatures of article texts, LSH bands, and clusters with an origin.

An agency's story reaches a crawl many times: verbatim on its clients' sites,
with a rewritten lead, cut after a few paragraphs, or with the outlet's own
tagline added. Each article's clean text is cut into shingles of
:data:`SHINGLE_WORDS` words (case-folded ``\\w+`` tokens) and summarised by a
MinHash signature (``datasketch``, seeded, so that every executor computes
the same one). Signatures are cut into :data:`BANDS` bands of :data:`ROWS`
values; two articles that share a band are candidates, and a candidate pair is
a copy when the share of the shorter text's shingles found in the other
(estimated from the signatures and the shingle counts) is at least
:data:`MIN_CONTAINMENT` — containment rather than Jaccard similarity, so that
a copy cut to half the story still matches it.

The parameters were chosen on the labelled pairs of
``bench/data/near_duplicates`` (see BENCHMARKS.md, "Syndicated copies"), which
is also where datasketch was measured against Spark ML's ``MinHashLSH``.

Clusters are the connected components of the copy pairs; the earliest
published copy is the origin, and copies of one moment are told apart as
:func:`origin_of` says.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "BANDS",
    "MIN_CONTAINMENT",
    "MIN_SHINGLES",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_WORDS",
    "Copy",
    "Signature",
    "clusters",
    "components",
    "containment",
    "containment_of",
    "origin_of",
    "shingles",
    "signature",
]

SHINGLE_WORDS = 5
NUM_PERM = 126
BANDS = 42
ROWS = 3
MIN_CONTAINMENT = 0.5
MIN_SHINGLES = 10  # a text shorter than this (a caption, an error page) is no story to copy
_SEED = 13
_MAX_WORDS = 50_000  # a bound on the work per article: a longer text is cut
_WORD = re.compile(r"\w+")


@dataclass(slots=True, frozen=True)
class Signature:
    """An article's MinHash values, its LSH band hashes and its number of distinct shingles."""

    values: list[int]
    bands: list[int]
    size: int


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text[: _MAX_WORDS * 12].casefold())[:_MAX_WORDS]
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def _band_hash(values: list[int]) -> int:
    digest = hashlib.blake2b(b"".join(v.to_bytes(8, "little") for v in values), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)  # a Parquet int64


def signature(text: str) -> Signature | None:
    """The text's signature, or None when it is too short to be a story (:data:`MIN_SHINGLES`)."""
    from datasketch import MinHash

    found = shingles(text)
    if len(found) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update_batch(list(found))
    values = [int(v) for v in minhash.hashvalues]  # below 2**32: they fit any integer column
    bands = [_band_hash(values[b * ROWS : (b + 1) * ROWS]) for b in range(BANDS)]
    return Signature(values, bands, len(found))


def containment(a: Signature, b: Signature) -> float:
    """The estimated share of the smaller shingle set found in the other."""
    return containment_of(sum(x == y for x, y in zip(a.values, b.values)) / NUM_PERM, a.size, b.size)


def containment_of(jaccard: float, size_a: int, size_b: int) -> float:
    """|A ∩ B| / min(|A|, |B|) from the Jaccard similarity and the two sizes."""
    shared = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, shared / max(1, min(size_a, size_b)))


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def components(pairs: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The connected components (of two or more ids) of ``pairs``, each sorted."""
    parent: dict[str, str] = {}
    for a, b in pairs:
        parent.setdefault(a, a)
        parent.setdefault(b, b)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(_find(parent, x), []).append(x)
    return [sorted(g) for g in groups.values()]


_MEDOID_LIMIT = 2_000  # copies compared when choosing among tied ones (a quadratic step, bounded)


@dataclass(frozen=True, slots=True)
class Copy:
    """What tells one copy of a story from another when choosing the origin."""

    published: datetime | None
    credits_another: bool = False  # the page itself says it republishes another outlet's story
    signature: tuple[int, ...] | None = None  # its MinHash values (:func:`signature`)


def _when(copy: Copy) -> tuple[bool, datetime]:
    # a copy without a date cannot be the origin over one with a date
    return (copy.published is None, copy.published or datetime.min)


def origin_of(group: Iterable[str], copies: dict[str, Copy]) -> str:
    """The origin of one cluster of copies.

    The earliest published. Copies published at the same moment (most often the same day: pages
    give a date more often than a time) are told apart by what syndication does to a story: a
    page that credits another outlet is not the origin; then the origin is the copy closest to
    all the others (the most MinHash values in common with them), since each client changes the
    wire's text its own way — a tagline added, a paragraph cut, a new lead — and the original is
    what they share. Only then does the article id decide, so the choice is the same every run."""
    info = {x: copies.get(x, Copy(None)) for x in sorted(group)}
    first = min(_when(c) for c in info.values())
    tied = [x for x, c in info.items() if _when(c) == first]
    own = [x for x in tied if not info[x].credits_another] or tied
    return own[0] if len(own) == 1 else _closest(own, info)


def _closest(candidates: list[str], info: dict[str, Copy]) -> str:
    import numpy as np

    ids = [x for x, c in info.items() if c.signature is not None][:_MEDOID_LIMIT]
    if len(ids) < 2:
        return candidates[0]
    values = np.array([info[x].signature for x in ids])
    row = {x: i for i, x in enumerate(ids)}
    best, best_score = candidates[0], -1
    for x in candidates[:_MEDOID_LIMIT]:
        if x not in row:
            continue
        score = int((values == values[row[x]]).sum()) - values.shape[1]  # less its agreement with itself
        if score > best_score:
            best, best_score = x, score
    return best


def clusters(pairs: Iterable[tuple[str, str]], copies: dict[str, Copy]) -> dict[str, tuple[str, int]]:
    """article id -> (origin's article id, cluster size), for every article in a pair."""
    out: dict[str, tuple[str, int]] = {}
    for group in components(pairs):
        origin = origin_of(group, copies)
        for member in group:
            out[member] = (origin, len(group))
    return out
