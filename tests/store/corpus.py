"""A small hand-made corpus for the store tests: two sites, three months, a relay, a version."""

from __future__ import annotations

from saidwhat.core.model import Article, SpeakerType
from saidwhat.store import Store

from .conftest import Said, make_article

HARBOUR_A = (
    "Harbour plan approved after stormy council meeting\n"
    "Mayor Ana Ruiz said the new harbour wall would protect 3,000 homes from flooding. "
    '"This is the most important vote of my term," Ruiz told reporters. '
    "Protesters from Save Our Bay said the plan would destroy the fishing industry. "
    "Police said two people were arrested outside the town hall."
)
HARBOUR_B = (
    "Council forces through harbour plan despite fishermen's anger\n"
    "Fishermen's leader Tom Okafor said the harbour plan would destroy the fishing industry and cost 400 jobs. "
    "Mayor Ana Ruiz said the wall would protect homes from flooding. "
    '"We were never consulted," Okafor said. '
    "Police said 12 people were arrested after scuffles with officers."
)
BUDGET = (
    "Budget talks stall again\n"
    "Senator Mary Lee said the budget would cut taxes for working families. "
    "The Treasury said revenue was rising. "
    '"We will not raise taxes," Lee said, according to an aide.'
)


def harbour_a() -> Article:
    return make_article(
        HARBOUR_A,
        [
            Said(
                "Mayor Ana Ruiz",
                "the new harbour wall would protect 3,000 homes from flooding",
                "indirect",
                name="Ana Ruiz",
            ),
            Said("Ruiz", "This is the most important vote of my term", "direct", name="Ana Ruiz"),
            Said(
                "Protesters from Save Our Bay",
                "the plan would destroy the fishing industry",
                "indirect",
                name="Save Our Bay",
                type=SpeakerType.GROUP,
            ),
            Said(
                "Police",
                "two people were arrested outside the town hall",
                "indirect",
                type=SpeakerType.ORGANISATION,
            ),
        ],
        path="a/harbour.html",
        url="https://coastnews.example/harbour-plan",
        site="Coast News",
        published="2024-03-05T10:00:00Z",
    )


def harbour_b() -> Article:
    return make_article(
        HARBOUR_B,
        [
            Said(
                "Fishermen's leader Tom Okafor",
                "the harbour plan would destroy the fishing industry and cost 400 jobs",
                "indirect",
                name="Tom Okafor",
            ),
            Said("Mayor Ana Ruiz", "the wall would protect homes from flooding", "indirect", name="Ana Ruiz"),
            Said("Okafor", "We were never consulted", "direct", name="Tom Okafor"),
            Said(
                "Police",
                "12 people were arrested after scuffles with officers",
                "indirect",
                type=SpeakerType.ORGANISATION,
            ),
        ],
        path="b/harbour.html",
        url="https://baytimes.example/council-harbour",
        site="Bay Times",
        published="2024-03-06",
    )


def budget() -> Article:
    return make_article(
        BUDGET,
        [
            Said(
                "Senator Mary Lee",
                "the budget would cut taxes for working families",
                "indirect",
                name="Mary Lee",
            ),
            Said("The Treasury", "revenue was rising", "indirect", type=SpeakerType.GOVERNMENT),
            Said("an aide", "We will not raise taxes", "direct", type=SpeakerType.ANONYMOUS),
            Said("Lee", "We will not raise taxes", "direct", name="Mary Lee", parent=2),
        ],
        path="c/budget.txt",
        url="https://coastnews.example/budget",
        site="Coast News",
        published="2024-05-20",
    )


def fill(store: Store) -> dict[str, int]:
    """Add the corpus; returns the article ids by name."""
    return {
        "a": store.add(harbour_a()).article_id,
        "b": store.add(harbour_b()).article_id,
        "budget": store.add(budget()).article_id,
    }
