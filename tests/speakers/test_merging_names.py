"""One speaker for one body or person across articles: the readings that give a wrong key, and
the forms of one name that must give one key (abbreviations, legal forms, inflection)."""

from __future__ import annotations

import pytest

from saidwhat.core.model import SpeakerType
from saidwhat.speakers.keys import same_person
from saidwhat.speakers.lexicon import norm


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("organisation:fort worth pd", "government:fort worth police department", True),
        ("organisation:us fda", "organisation:us food and drug administration", True),
        ("organisation:fw pd", "organisation:fort worth police department", False),  # no word kept whole
        ("organisation:fort worth pd", "organisation:fort worth public defender office", False),
        ("unknown:charles", "person:charles simpson", False),  # a first name is not the person
        ("unknown:hamilton", "person:lewis hamilton", True),  # a surname read without its kind
    ],
)
def test_bodies_and_names_that_merge(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same


def test_a_company_with_its_legal_form_is_no_person(resolve):
    text = "Walt Disney Co. executive Kevin Mayer said demand had been overwhelming."
    _, (sp,) = resolve(text, [("Walt Disney Co. executive Kevin Mayer", "demand had been overwhelming")])
    assert sp.key == "person:kevin mayer"


def test_a_surname_spelled_like_a_pronoun_is_the_name(resolve):
    text = "Trump met the delegation. Chinese vice-premier Liu He said a deal was close."
    _, (sp,) = resolve(text, [("He", "a deal was close")])
    assert sp.key == "person:liu he"


def test_a_demonym_alone_is_the_nation_not_a_body(resolve):
    text = "Emirates Airline ordered jets. The French said the order was fair."
    _, (sp,) = resolve(text, [("The French", "the order was fair")])
    assert sp.type is SpeakerType.COUNTRY and sp.key == "country:france"


def test_a_description_of_one_trade_is_no_body_of_another(resolve):
    text = (
        "Emirates Airline ordered 50 jets on Monday.\n"
        "The French plane-maker said the order was its largest."
    )
    _, (sp,) = resolve(text, [("The French plane-maker", "the order was its largest")])
    assert sp.name != "Emirates Airline"


def test_a_first_name_that_starts_a_company_name_is_the_company(resolve):
    text = (
        "David Kershaw, vice president, Nissan Sales & Regional Operations at Nissan North America Inc., "
        "spoke on Monday.\nNissan said the engine was more efficient."
    )
    _, (sp,) = resolve(text, [("Nissan", "the engine was more efficient")])
    assert sp.key != "person:nissan sales"


def test_a_family_name_written_first_still_finds_the_person(resolve):
    text = "Li Wei spoke to reporters on Monday.\nLi said the talks went well."
    _, (sp,) = resolve(text, [("Li", "the talks went well")])
    assert sp.key == "person:li wei"


def test_a_russian_name_gives_one_key_in_every_case(key_of_body):
    nominative = key_of_body("Олег Ильин сказал, что торт готов.", "Олег Ильин", "торт готов")
    genitive = key_of_body("По словам Олега Ильина, торт готов.", "Олега Ильина", "торт готов")
    assert nominative == genitive
    assert key_of_body("Оля Малышева сказала, что торт готов.", "Оля Малышева", "торт готов") == key_of_body(
        "По словам Оли Малышевой, торт готов.", "Оли Малышевой", "торт готов"
    )


def test_norm_keeps_the_cyrillic_short_i() -> None:
    assert norm("Малышевой") == "малышевой"
    assert norm("Zoë Café") == "zoe cafe"


@pytest.fixture
def key_of_body(resolve):
    def run(text: str, source: str, content: str) -> str:
        _, (sp,) = resolve(text, [(source, content)])
        return sp.key

    return run


def test_an_acronym_defined_in_brackets_is_its_name(resolve):
    text = (
        "The New York State Attorney General (NYAG) is investigating WeWork.\n"
        "The NYAG said the inquiry was at an early stage."
    )
    _, (sp,) = resolve(text, [("The NYAG", "the inquiry was at an early stage")])
    assert sp.key == "person:new york state attorney general"  # no "(nyag)" in the name either


def test_an_acronym_of_a_name_said_before_is_that_name(resolve):
    text = (
        "The company is being investigated by the New York State Attorney General.\n"
        "The NYAG said the inquiry was at an early stage."
    )
    _, (sp,) = resolve(text, [("The NYAG", "the inquiry was at an early stage")])
    assert sp.key == "person:new york state attorney general"


def test_an_acronym_with_other_initials_is_a_name_of_its_own(resolve):
    text = "The company is being investigated by the New York State Attorney General.\nThe FTC said it had questions."
    _, (sp,) = resolve(text, [("The FTC", "it had questions")])
    assert sp.key == "organisation:ftc"


def test_a_laboratory_owned_by_an_agency_is_a_body_and_its_initials_name_it(resolve):
    text = (
        "Rosaly Lopes of NASA's Jet Propulsion Laboratory in California spoke first.\n"
        "The JPL said the data were new."
    )
    _, (sp,) = resolve(text, [("The JPL", "the data were new")])
    assert sp.key == "organisation:jet propulsion laboratory"


def test_well_known_short_forms_of_companies_are_their_names(key_of_body):
    assert key_of_body("VW said sales rose.", "VW", "sales rose") == "organisation:volkswagen"
    assert same_person(key_of_body("Volkswagen said sales rose.", "Volkswagen", "sales rose"), "organisation:volkswagen")


def test_a_two_letter_legal_form_does_not_make_a_person_a_company() -> None:
    from saidwhat.speakers.mentions import scan

    kinds = {m.text: m.kind for m in scan("Jose Sa said it was fine. Acme Holdings LLC said so too.").mentions}
    assert kinds["Jose Sa"] == "person" and kinds["Acme Holdings LLC"] == "organisation"


def test_a_mark_written_for_a_letter_stays_inside_the_name(key_of_body) -> None:
    from saidwhat.speakers.mentions import scan

    text = "Ia menghina istri Nabi Siti ‘Aisyah ra. Called CNN ‘Fake News’ again. Boris Johnson 'Brexit means Brexit' then."
    names = [m.text for m in scan(text).mentions]
    assert "Nabi Siti ‘Aisyah" in names
    assert "Fake News" in names and "Boris Johnson" in names  # quotations are no part of a name
    marked = key_of_body("Siti ‘Aisyah said the war was wrong.", "Siti ‘Aisyah", "the war was wrong")
    plain = key_of_body("Siti Aisyah said the war was wrong.", "Siti Aisyah", "the war was wrong")
    assert marked.endswith(":siti aisyah") and same_person(marked, plain)


@pytest.mark.parametrize(
    ("text", "source", "key"),
    [
        ("Forest Hill police said the girl was safe.", "Forest Hill police", "group:forest hill police"),
        ("The Trump administration said the plan would work.", "The Trump administration", "government:trump administration"),
        (
            "Michael Sims, CEO and Founder of Ceres Robotics Inc. said the plan would work.",
            "Michael Sims, CEO and Founder of Ceres Robotics Inc.",
            "person:michael sims",
        ),
    ],
)
def test_a_name_that_only_modifies_the_head_is_not_the_speaker(resolve, text: str, source: str, key: str) -> None:
    content = text.split(" said ")[1].rstrip(".")
    _, (sp,) = resolve(text, [(source, content)])
    assert sp.key == key
