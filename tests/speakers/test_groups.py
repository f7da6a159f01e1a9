"""Groups as sources: "the two leaders", "both sides", "officials", with their members when named."""

from __future__ import annotations

from saidwhat.core.model import SpeakerType


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


def test_the_officials_are_the_officials_who_spoke_before(resolve):
    text = "Israeli officials said the meeting was on. The officials said it would last an hour."
    _, (a, b) = resolve(
        text, [("Israeli officials", "the meeting was on"), ("The officials", "it would last")]
    )
    assert a is b and a.type is SpeakerType.GROUP


def test_party_members_in_the_plural_are_a_group(resolve):
    text = "Democrats said the bill would fail."
    _, (sp,) = resolve(text, [("Democrats", "the bill would fail")])
    assert sp.type is SpeakerType.GROUP


def test_experts_are_not_the_members_of_the_last_coordination(resolve):
    text = "Hillary Clinton and Bernie Sanders debated on Sunday. Policy experts said both plans were costly."
    _, (sp,) = resolve(text, [("Policy experts", "both plans were costly")])
    assert sp.type is SpeakerType.GROUP and sp.members == []
