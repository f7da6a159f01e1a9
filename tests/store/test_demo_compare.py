"""The compare view on the demo corpus's two-sided event: the Rhône talks told from Bern and from Paris."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.demo import demo_pages
from saidwhat.pipeline import extract_bytes
from saidwhat.store import Store


@pytest.fixture
def rhone(tmp_path: Path) -> Store:
    pages = [p for p in demo_pages() if "rhone-talks" in p.name]
    if len(pages) != 2:
        pytest.skip("the demo corpus has no two accounts of the Rhône talks")
    store = Store.open(tmp_path / "demo.db")
    for page in pages:
        store.add(extract_bytes(page.read_bytes(), f"demo/{page.name}"))
    return store


def test_event_query_pairs_the_two_accounts(rhone: Store) -> None:
    with rhone:
        a, b = rhone.event_pair("Rhône talks Geneva")
        assert {"swiss" in a.path, "swiss" in b.path} == {True, False}
        cmp = rhone.compare(a.id, b.id)
        swiss_first = "swiss" in a.path
        figures_swiss = cmp.figures_only_a if swiss_first else cmp.figures_only_b
        # Only the Swiss account reports France's demand of 250 cubic metres per second.
        assert "250" in figures_swiss
        # Both report Brunner agreeing to "look at the question together".
        assert any(
            "question together" in p.a.content and "question together" in p.b.content for p in cmp.pairs
        )
        # Each side quotes people the other leaves out.
        assert any(v.in_a and not v.in_b for v in cmp.voices) and any(
            v.in_b and not v.in_a for v in cmp.voices
        )
