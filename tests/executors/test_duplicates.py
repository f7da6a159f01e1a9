"""MinHash signatures, containment and clusters of syndicated copies."""

from __future__ import annotations

from datetime import datetime

import pytest

pytest.importorskip("datasketch", reason="the spark extra is not installed")

from saidwhat.executors.duplicates import Copy, clusters, components, containment, shingles, signature

STORY = " ".join(
    f"Sentence {i} of the story says that the council met on day {i} and voted on item {i * 7}."
    for i in range(40)
)
OTHER = " ".join(
    f"Another text {i} about the weather on the coast, with wind from the {i}th quarter." for i in range(40)
)


def test_a_copy_cut_in_half_is_contained_in_the_story() -> None:
    full, half = signature(STORY), signature(STORY[: len(STORY) // 2])
    assert full is not None and half is not None
    assert containment(full, half) > 0.8
    other = signature(OTHER)
    assert other is not None and containment(full, other) < 0.2


def test_the_signature_is_the_same_in_every_process() -> None:
    a, b = signature(STORY), signature(STORY)
    assert a == b and a is not None and len(a.bands) * 3 == len(a.values)


def test_a_text_too_short_has_no_signature() -> None:
    assert signature("Breaking news.") is None
    assert shingles("") == set()


def test_the_earliest_copy_is_the_origin() -> None:
    published = {"a": datetime(2026, 3, 2), "b": datetime(2026, 3, 1), "c": None, "x": None, "y": None}
    found = clusters([("a", "b"), ("b", "c"), ("x", "y")], {k: Copy(v) for k, v in published.items()})
    assert found["a"] == found["c"] == ("b", 3)
    assert found["x"] == found["y"] == ("x", 2)  # no date: the smallest id
    assert sorted(map(tuple, components([("1", "2"), ("3", "2")]))) == [("1", "2", "3")]


def test_copies_of_one_day_are_told_apart_by_what_syndication_does() -> None:
    day = datetime(2026, 3, 1)
    wire = tuple(range(20))
    tagline = (*range(18), 90, 91)  # the wire's text with a line added
    cut = (80, 81, 82, *range(3, 20))  # the wire's text with a paragraph cut
    copies = {"a": Copy(day, signature=tagline), "b": Copy(day, signature=cut), "c": Copy(day, signature=wire)}
    assert clusters([("a", "b"), ("b", "c")], copies)["a"] == ("c", 3)  # the closest to all others
    # a page crediting another outlet is not the origin, however close
    copies["c"] = Copy(day, credits_another=True, signature=wire)
    assert clusters([("a", "b"), ("b", "c")], copies)["c"][0] != "c"
    # an earlier copy stays the origin whatever it says
    copies["b"] = Copy(datetime(2026, 2, 28), credits_another=True, signature=cut)
    assert clusters([("a", "b"), ("b", "c")], copies)["a"] == ("b", 3)
    # nothing tells them apart: the smallest id, the same on every run
    assert clusters([("b", "a")], {"a": Copy(day), "b": Copy(day)})["b"] == ("a", 2)
