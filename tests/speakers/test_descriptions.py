"""Titles, descriptions and surnames resolve through appositions and earlier mentions."""

from __future__ import annotations

from saidwhat.core.model import SpeakerType


def test_apposition_before_the_name_teaches_the_role(resolve):
    text = (
        "The spokesman for the president, Anna Berg, said the talks were useful.\n"
        "The spokesman said later that a deal was close. Berg said the details would follow."
    )
    article, sp = resolve(
        text,
        [
            ("The spokesman for the president, Anna Berg", "the talks were useful"),
            ("The spokesman", "a deal was close"),
            ("Berg", "the details would follow"),
        ],
    )
    assert sp[0] is sp[1] is sp[2]
    assert sp[0].name == "Anna Berg" and sp[0].type is SpeakerType.PERSON
    texts = {article.slice(m) for m in sp[0].mentions}  # every source mention, the name, the apposition
    assert {"The spokesman", "Berg", "Anna Berg", "The spokesman for the president"} <= texts


def test_apposition_after_the_name_teaches_the_role(resolve):
    text = (
        "Jean Dupont, France's foreign minister, arrived in Berlin on Monday.\n"
        "The foreign minister said the visit was long overdue."
    )
    _, (sp,) = resolve(text, [("The foreign minister", "the visit was long overdue")])
    assert sp.name == "Jean Dupont"


def test_the_foreign_minister_is_the_named_foreign_minister(resolve):
    text = (
        "Foreign Minister Katrin Vogel and Finance Minister Lars Olsen met the envoy.\n"
        "The Foreign Minister said the meeting had been difficult.\n"
        "The finance minister said sanctions would stay."
    )
    _, (a, b) = resolve(
        text,
        [
            ("The Foreign Minister", "the meeting had been difficult"),
            ("The finance minister", "sanctions would stay"),
        ],
    )
    assert a.name == "Katrin Vogel" and b.name == "Lars Olsen"


def test_surname_links_to_the_full_name_mentioned_earlier(resolve):
    text = 'Senator Rachel Owens voted against the bill.\n"It does nothing for my state," Owens said.'
    _, (sp,) = resolve(text, [("Owens", "It does nothing")])
    assert sp.name == "Rachel Owens"
    assert sp.key == "person:rachel owens"


def test_an_unnamed_role_is_a_described_person_reused_later(resolve):
    text = (
        "A spokesman for the prime minister said the delay was needed.\n"
        "The spokesman said the project would still be completed."
    )
    _, (a, b) = resolve(
        text,
        [
            ("A spokesman for the prime minister", "the delay was needed"),
            ("The spokesman", "the project would still"),
        ],
    )
    assert a is b
    assert a.name == "spokesman for the prime minister" and a.type is SpeakerType.PERSON


def test_the_ministry_is_the_named_ministry(resolve):
    text = (
        "Russia's Foreign Ministry summoned the envoy on Monday.\n"
        "The ministry said the envoy had been warned."
    )
    _, (sp,) = resolve(text, [("The ministry", "the envoy had been warned")])
    assert sp.name == "Russia's Foreign Ministry" and sp.type is SpeakerType.GOVERNMENT


def test_a_body_named_after_its_kind(resolve):
    text = (
        "The construction firm, Adria Build, said it was cooperating.\n"
        "The company said no staff had been arrested."
    )
    _, (a, b) = resolve(
        text,
        [
            ("The construction firm, Adria Build", "it was cooperating"),
            ("The company", "no staff had been arrested"),
        ],
    )
    assert a is b and a.name == "Adria Build" and a.type is SpeakerType.ORGANISATION


def test_a_surname_shared_by_two_persons_is_the_one_named_last(resolve):
    text = (
        "Anna Berg opened the meeting. Berg said the agenda was long.\n"
        "Later Tomas Berg, her brother, spoke. Berg said the agenda was too short."
    )
    _, (a, b) = resolve(text, [("Berg", "the agenda was long"), ("Berg", "the agenda was too short")])
    assert (a.name, b.name) == ("Anna Berg", "Tomas Berg")


def test_an_unknown_first_name_is_a_person_when_the_surname_is_used_alone(resolve):
    text = "Mitt Romney attacked the plan on Monday. Romney said it would fail. He added that it was costly."
    _, (a, b) = resolve(text, [("Romney", "it would fail"), ("He", "it was costly")])
    assert a is b and a.name == "Mitt Romney" and a.type is SpeakerType.PERSON


def test_the_kind_said_before_a_name_is_remembered(resolve):
    text = (
        "Aid group warns of famine\n"
        "The aid group Relief Without Borders warned on Thursday of famine.\n"
        "The group's report said food prices had tripled."
    )
    _, (_headline, b, c) = resolve(
        text,
        [
            ("Aid group", "warns of famine"),
            ("The aid group Relief Without Borders", "warned on Thursday"),
            ("The group's report", "food prices had tripled"),
        ],
    )
    assert b is c and b.name == "Relief Without Borders"


def test_the_person_a_story_opens_on_is_named_in_the_next_sentence(resolve):
    text = (
        "A New York man pleaded guilty Monday to threatening a congresswoman, prosecutors said.\n"
        "Patrick W. Carlineo Jr., 55, of Addison, pleaded guilty to threatening a United States official.\n"
        "The New York man told reporters that he regretted the call."
    )
    _, (sp,) = resolve(text, [("The New York man", "he regretted the call")])
    assert sp.key == "person:patrick carlineo"


def test_an_opening_description_without_a_name_after_it_stays_anonymous(resolve):
    text = "A man said the storm had passed.\nThe mayor, Ann Lee, 45, said the town was safe."
    _, (a, b) = resolve(text, [("A man", "the storm had passed"), ("The mayor, Ann Lee", "the town was safe")])
    assert a.type.value == "anonymous" and b.name == "Ann Lee"
