"""Pronoun sources resolve to the nearest compatible antecedent, preferring earlier speakers and subjects."""

from __future__ import annotations

from saidwhat.core.model import SpeakerType


def test_it_after_the_ministry_is_the_ministry(resolve):
    text = "The Foreign Ministry said on Monday that talks would resume.\nIt added that no date had been set."
    _, (a, b) = resolve(
        text, [("The Foreign Ministry", "talks would resume"), ("It", "no date had been set")]
    )
    assert a is b
    assert a.name == "Foreign Ministry" and a.type is SpeakerType.GOVERNMENT


def test_she_and_he_follow_gender_of_first_names(resolve):
    text = (
        "Anna Berg met Jonas Weber in Lyon on Tuesday.\n"
        "Berg said the talks were useful. Weber said they were not.\n"
        "She added that the next round would be in May. He said that was too late."
    )
    _, sp = resolve(
        text,
        [
            ("Berg", "the talks were useful"),
            ("Weber", "they were not"),
            ("She", "the next round"),
            ("He", "that was too late"),
        ],
    )
    assert [s.name for s in sp] == ["Anna Berg", "Jonas Weber", "Anna Berg", "Jonas Weber"]


def test_honorifics_give_gender_when_first_names_are_absent(resolve):
    text = "Mr Kowalczyk and Mrs Nowakowska spoke after the vote.\nShe said the result was fair."
    _, (sp,) = resolve(text, [("She", "the result was fair")])
    assert sp.name == "Nowakowska" and sp.type is SpeakerType.PERSON


def test_pronoun_prefers_an_earlier_speaker_over_a_later_mention(resolve):
    text = (
        '"We will not give in," Claire Moreau said.\n'
        "The meeting with Jonas Weber lasted two hours.\n"
        "She said a deal was possible."
    )
    _, (a, b) = resolve(text, [("Claire Moreau", "We will not give in"), ("She", "a deal was possible")])
    assert a is b


def test_he_prefers_the_subject_of_the_sentence(resolve):
    text = "Jonas Weber criticised Marc Dubois on Friday. He said the plan was reckless."
    _, (sp,) = resolve(text, [("He", "the plan was reckless")])
    assert sp.name == "Jonas Weber"


def test_they_after_officials_is_the_same_group(resolve):
    text = "Prosecutors said the mayor had taken bribes. They said they would call 40 witnesses."
    _, (a, b) = resolve(text, [("Prosecutors", "the mayor had taken"), ("They", "would call 40 witnesses")])
    assert a is b and a.type is SpeakerType.GROUP


def test_they_after_a_coordination_is_a_group_of_both(resolve):
    text = "Anna Berg and Jonas Weber met on Monday. They said the talks had gone well."
    article, (sp,) = resolve(text, [("They", "the talks had gone well")])
    assert sp.type is SpeakerType.GROUP
    assert {article.speaker(m).name for m in sp.members} == {"Anna Berg", "Jonas Weber"}


def test_his_spokesman_is_described_by_its_owner(resolve):
    text = "President Luc Garnier left for Rome on Monday. His spokesman said the visit would last two days."
    _, (sp,) = resolve(text, [("His spokesman", "the visit would last")])
    assert sp.type is SpeakerType.PERSON and sp.name == "spokesman for Luc Garnier"


def test_his_spokesman_is_the_named_spokesman_when_the_article_names_one(resolve):
    text = (
        "President Luc Garnier's spokesman, Paul Henry, confirmed the trip.\n"
        "Garnier left for Rome on Monday. His spokesman said the visit would last two days."
    )
    _, (sp,) = resolve(text, [("His spokesman", "the visit would last")])
    assert sp.name == "Paul Henry"


def test_a_name_inside_the_quotation_is_not_the_he_that_says_it(resolve):
    text = (
        "Donald Trump said on Friday that a deal was close.\n"
        "Eswar Prasad, a trade professor at Cornell, said the talks had stalled. "
        "\u201cBy hyping up expectations, Trump makes a deal less likely,\u201d he said."
    )
    _, (_, a, b) = resolve(
        text,
        [
            ("Donald Trump", "a deal was close"),
            ("Eswar Prasad", "the talks had stalled"),
            ("he", "By hyping up expectations, Trump makes a deal less likely"),
        ],
    )
    assert a.name == b.name == "Eswar Prasad"


def test_an_unknown_name_that_says_he_is_a_man(resolve):
    text = (
        "\u201cThis was the fourth time,\u201d said Singh Jabarjung, 24.\n"
        "Lakshiwnder Singh, another deportee, said he had paid an agent. "
        "\u201cHe sent me to Mexico,\u201d he said."
    )
    _, sp = resolve(
        text,
        [
            ("Singh Jabarjung", "This was the fourth time"),
            ("Lakshiwnder Singh", "he had paid an agent"),
            ("he", "He sent me to Mexico"),
        ],
    )
    assert sp[1].type is SpeakerType.PERSON
    assert [s.name for s in sp[1:]] == ["Lakshiwnder Singh", "Lakshiwnder Singh"]


def test_a_he_opening_a_sentence_keeps_the_story_on_its_subject(resolve):
    # "Ilhan" leans male by first name; the "He" that opens the third sentence is Carlineo, and so
    # is the "he" of the statement after the sentence that names Omar last.
    text = (
        "Patrick Carlineo pleaded guilty to threatening Rep. Ilhan Omar, prosecutors said.\n"
        "Carlineo faces up to 10 years in prison. He was arrested in April for a call to the offices of Omar.\n"
        "During the call, he asked about the Muslim Brotherhood, the prosecutor's office said."
    )
    _, (_, sp) = resolve(
        text,
        [("prosecutors", "Patrick Carlineo pleaded guilty"), ("he", "asked about the Muslim Brotherhood")],
    )
    assert sp.name == "Patrick Carlineo"
