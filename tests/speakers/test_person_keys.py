"""Person keys across articles: initials and suffixes left out, nicknames compatible, surnames apart."""

from __future__ import annotations

import pytest

from saidwhat.speakers.keys import compatible_first_names, person_key_name, same_person


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Patrick W. Carlineo Jr.", "patrick carlineo"),
        ("James P. Kennedy Jr.", "james kennedy"),
        ("Ursula von der Leyen", "ursula von der leyen"),
        ("Hélène Marchetti", "helene marchetti"),
        ("Joel Eriksson Ek", "joel eriksson ek"),
        ("Martin Luther King III", "martin luther king"),
    ],
)
def test_person_key_name(name: str, key: str) -> None:
    assert person_key_name(name) == key


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("tim", "timothy", True),
        ("pat", "patrick", True),
        ("bill", "william", True),
        ("j", "james", True),
        ("kyle", "kurt", False),
        ("hunter", "joe", False),
    ],
)
def test_compatible_first_names(a: str, b: str, same: bool) -> None:
    assert compatible_first_names(a, b) is same


def test_same_person_needs_one_last_name_and_compatible_first_names() -> None:
    assert same_person("person:tim morrison", "person:timothy morrison")
    assert not same_person("person:kyle busch", "person:kurt busch")
    assert not same_person("person:morrison", "person:tim morrison")  # a last name alone: not enough
    assert same_person("person:softbank", "organisation:softbank")  # one name read two ways
    assert not same_person("country:china", "government:china")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("nfl", "national football league", True),
        ("softbank", "softbank group corp", True),
        ("browns", "cleveland browns", True),
        ("senate", "nigerian senate", False),  # a kind of body, not one body
        ("apple", "appleinsider", False),
        ("federal reserve bank of new york", "fed", False),
    ],
)
def test_same_body(a: str, b: str, same: bool) -> None:
    assert same_person(f"organisation:{a}", f"organisation:{b}") is same
