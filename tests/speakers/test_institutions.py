"""Metonymy, anonymous sources and relays."""

from __future__ import annotations

from saidwhat.core.model import SpeakerType


def test_capital_country_seat_and_side_are_one_speaker(resolve):
    text = (
        "Paris said on Monday it would host the talks. France wants a deal by May, the Elysee said.\n"
        "The French side said the talks would resume. The French government said it was hopeful."
    )
    _, sp = resolve(
        text,
        [
            ("Paris", "it would host the talks"),
            ("the Elysee", "France wants a deal"),
            ("The French side", "the talks would resume"),
            ("The French government", "it was hopeful"),
        ],
    )
    assert len({id(s) for s in sp}) == 1
    assert sp[0].name == "France" and sp[0].type is SpeakerType.COUNTRY and sp[0].key == "country:france"
    assert len(sp[0].mentions) == 4


def test_seats_of_power_come_from_the_alias_data(resolve):
    text = "The Kremlin said the plan was a provocation. Downing Street said it was a good plan."
    _, (a, b) = resolve(
        text, [("The Kremlin", "the plan was a provocation"), ("Downing Street", "it was a good plan")]
    )
    assert (a.name, b.name) == ("Russia", "United Kingdom")


def test_anonymous_sources_are_typed_and_never_merged(resolve):
    text = (
        "A source close to the talks said tempers flared. Officials familiar with the matter said the plan was vague.\n"
        "Another source said the talks would fail. A senior official said nothing was agreed."
    )
    _, sp = resolve(
        text,
        [
            ("A source close to the talks", "tempers flared"),
            ("Officials familiar with the matter", "the plan was vague"),
            ("Another source", "the talks would fail"),
            ("A senior official", "nothing was agreed"),
        ],
    )
    assert all(s.type is SpeakerType.ANONYMOUS for s in sp)
    assert len({s.id for s in sp}) == 4


def test_the_diplomat_is_the_anonymous_diplomat_before(resolve):
    text = 'A Western diplomat said the refusal was expected. "Nobody thought they would say yes," the diplomat said.'
    _, (a, b) = resolve(
        text, [("A Western diplomat", "the refusal was expected"), ("the diplomat", "Nobody thought they")]
    )
    assert a is b and a.type is SpeakerType.ANONYMOUS


def test_relayed_statements_keep_their_parent_and_both_levels_resolve(resolve):
    text = (
        "Union leader Tomas Berg met Maria Lindqvist on Monday.\n"
        "Berg said Lindqvist had told him the plants would stay open."
    )
    article, (outer, inner) = resolve(
        text,
        [
            ("Berg", "Lindqvist had told him the plants would stay open"),
            ("Lindqvist", "the plants would stay open", "Lindqvist had told him the plants would stay open"),
        ],
    )
    assert outer.name == "Tomas Berg" and inner.name == "Maria Lindqvist"
    assert article.statements[1].parent == article.statements[0].id


def test_a_first_person_relay_is_the_speaker_of_its_parent(resolve):
    text = 'Ellis said: "I told them that the police charged without warning."'
    _, (outer, inner) = resolve(
        text,
        [
            ("Ellis", "I told them that the police charged without warning."),
            (
                "I",
                "the police charged without warning",
                "I told them that the police charged without warning.",
            ),
        ],
    )
    assert outer is inner


def test_first_person_inside_a_quotation_is_its_speaker_without_a_relay(resolve):
    text = '"When I met the minister, I told him the plan would fail," Jonas Weber said.'
    _, (outer, inner) = resolve(
        text,
        [
            ("Jonas Weber", "When I met the minister, I told him the plan would fail,"),
            ("I", "the plan would fail"),
        ],
    )
    assert outer is inner
