"""Metonymy, documents, groups, anonymous sources and relays."""

from __future__ import annotations

from saidwhat.model import SpeakerType


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


def test_a_statement_is_attributed_to_the_body_that_issued_it(resolve):
    text = (
        "The Foreign Ministry summoned the ambassador.\n"
        "The ministry's statement said the arrests were unacceptable.\n"
        "A statement from the Kremlin said the arrests were lawful."
    )
    _, (a, b) = resolve(
        text,
        [
            ("The ministry's statement", "the arrests were unacceptable"),
            ("A statement from the Kremlin", "the arrests were lawful"),
        ],
    )
    assert a.name == "Foreign Ministry" and a.type is SpeakerType.GOVERNMENT
    assert b.name == "Russia" and b.type is SpeakerType.COUNTRY


def test_a_document_named_earlier_is_attributed_to_its_issuer(resolve):
    text = (
        "The Hungarian government issued a statement on Monday.\n"
        "The statement said the law protected national sovereignty."
    )
    _, (sp,) = resolve(text, [("The statement", "the law protected")])
    assert sp.name == "Hungary"


def test_a_document_whose_issuer_is_unknown_is_a_document(resolve):
    text = "The communique said the two sides would meet again. The communique also called for calm."
    _, (a, b) = resolve(
        text, [("The communique", "would meet again"), ("The communique", "also called for calm")]
    )
    assert a is b and a.type is SpeakerType.DOCUMENT


def test_the_two_leaders_list_both_leaders_as_members(resolve):
    text = (
        "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris.\n"
        "Merkel said Europe must act. The two leaders said they had agreed on a plan."
    )
    article, (a, group) = resolve(
        text, [("Merkel", "Europe must act"), ("The two leaders", "they had agreed")]
    )
    assert group.type is SpeakerType.GROUP
    assert {article.speaker(m).name for m in group.members} == {"Angela Merkel", "Emmanuel Macron"}
    assert a.id in group.members
    assert group.key == "group:person:angela merkel+person:emmanuel macron"


def test_both_sides_are_the_two_parties_that_spoke(resolve):
    text = (
        "Beijing said the talks were candid. US Trade Representative Karen Doyle said Washington wanted change.\n"
        "The White House said it was hopeful. Both sides said a further round would be held."
    )
    article, sp = resolve(
        text,
        [
            ("Beijing", "the talks were candid"),
            ("The White House", "it was hopeful"),
            ("Both sides", "a further round"),
        ],
    )
    assert {article.speaker(m).name for m in sp[2].members} == {"China", "United States"}


def test_officials_are_a_group_without_known_members(resolve):
    text = "Officials said the bridge would reopen on Friday."
    _, (sp,) = resolve(text, [("Officials", "the bridge would reopen")])
    assert sp.type is SpeakerType.GROUP and sp.members == []


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


def test_the_two_leaders_named_only_after_they_speak(resolve):
    text = (
        "The prime ministers of Norway and Finland agreed on Wednesday to study a railway.\n"
        "The two leaders said in a joint statement that the line could open the Arctic.\n"
        '"This is not a railway to nowhere," Norwegian prime minister Eirik Haugland said.\n'
        "His Finnish counterpart, Mikael Routasalo, said Finland would pay half."
    )
    article, (group,) = resolve(text, [("The two leaders", "the line could open")])
    assert group.name == "Eirik Haugland and Mikael Routasalo"
    assert [article.speaker(m).name for m in group.members] == ["Eirik Haugland", "Mikael Routasalo"]


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


def test_the_officials_are_the_officials_who_spoke_before(resolve):
    text = "Israeli officials said the meeting was on. The officials said it would last an hour."
    _, (a, b) = resolve(
        text, [("Israeli officials", "the meeting was on"), ("The officials", "it would last")]
    )
    assert a is b and a.type is SpeakerType.GROUP
