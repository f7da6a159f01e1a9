"""Keys merged outside a store follow the store's own rule."""

from __future__ import annotations

from saidwhat.store.keymap import merged_keys


def test_a_later_compatible_name_joins_the_earlier_person() -> None:
    found = merged_keys(
        [
            ("person:patrick carlineo", "Patrick Carlineo", "person"),
            ("person:pat carlineo", "Pat Carlineo", "person"),
            ("organisation:softbank", "SoftBank", "organisation"),
            ("person:softbank", "SoftBank", "person"),
            ("person:jane doe", "Jane Doe", "person"),
            ("person:john doe", "John Doe", "person"),
        ]
    )
    assert found["person:pat carlineo"] == "person:patrick carlineo"
    assert found["person:softbank"] == "organisation:softbank"
    assert found["person:john doe"] == "person:john doe"  # another first name: another person


def test_two_candidates_merge_nothing() -> None:
    found = merged_keys(
        [
            ("person:tim morrison", "Tim Morrison", "person"),
            ("person:timothy morrison", "Timothy Morrison", "person"),
        ]
    )
    assert found["person:timothy morrison"] == "person:tim morrison"


def test_a_body_and_its_other_names_merge_in_either_order() -> None:
    pairs = [
        ("organisation:nfl", "organisation:national football league"),
        ("organisation:jpl", "organisation:jet propulsion laboratory"),
        ("organisation:fort worth pd", "government:fort worth police department"),
    ]
    for short, long in pairs:
        for first, second in ((short, long), (long, short)):
            found = merged_keys([(first, first, first.split(":")[0]), (second, second, second.split(":")[0])])
            assert found[second] == first, (first, second)


def test_a_kind_of_body_does_not_merge_with_one_body_of_that_kind() -> None:
    found = merged_keys(
        [("government:nigerian senate", "Nigerian Senate", "government"), ("government:senate", "Senate", "government")]
    )
    assert found["government:senate"] == "government:senate"
