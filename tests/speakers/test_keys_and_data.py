"""Speaker keys across articles, and the alias and word data (validated on load, extendable by the user)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat import lang
from saidwhat.core.errors import DataError
from saidwhat.core.options import Options
from saidwhat.speakers import lexicon
from saidwhat.speakers.stage import ResolveSpeakers


@pytest.fixture
def key_of(make_article):
    def run(text: str, source: str, content: str) -> str:
        article = ResolveSpeakers(Options())(make_article(text, [(source, content)]))
        speaker = article.speaker(article.statements[0].speaker or "")
        assert speaker is not None
        return speaker.key

    return run


def test_every_form_of_a_known_name_has_one_key(key_of):
    keys = {
        key_of("Merkel said the euro was safe.", "Merkel", "the euro was safe"),
        key_of("Angela Merkel said the euro was safe.", "Angela Merkel", "the euro was safe"),
        key_of("Chancellor Merkel said the euro was safe.", "Chancellor Merkel", "the euro was safe"),
        key_of(
            "German Chancellor Angela Merkel said the euro was safe.",
            "German Chancellor Angela Merkel",
            "the euro was safe",
        ),
    }
    assert keys == {"person:angela merkel"}


def test_country_forms_share_one_key_across_articles(key_of):
    keys = {
        key_of("Paris said the plan was fair.", "Paris", "the plan was fair"),
        key_of("The Elysee said the plan was fair.", "The Elysee", "the plan was fair"),
        key_of("The French side said the plan was fair.", "The French side", "the plan was fair"),
    }
    assert keys == {"country:france"}


def test_organisation_acronyms_merge_through_the_alias_table(key_of):
    assert key_of("NATO said the drill would go ahead.", "NATO", "the drill would go ahead") == (
        "organisation:north atlantic treaty organization"
    )


def test_builtin_alias_data_loads_and_validates():
    data = json.loads((Path(lexicon.__file__).parent.parent / "data" / "aliases.json").read_text("utf-8"))
    parsed = lexicon.parse_aliases(data, "aliases.json")
    assert parsed.seats["kremlin"].country == "RU"
    assert parsed.seats["elysee"].country == "FR"
    assert parsed.persons["merkel"] == "Angela Merkel"
    assert len(parsed.seats) == len(data["seats"])


def test_builtin_word_data_loads_and_validates():
    words = lexicon.words()
    assert words.pronouns["she"].gender == "f"
    assert "statement" in words.document_heads and "sources" in words.always_anonymous


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": 2}, "version"),
        ({"version": 1, "seats": {"Kremlin": {"country": "XX"}}}, "ISO 3166"),
        ({"version": 1, "seats": {"Bunker": {"name": "Army"}}}, "needs 'country'"),
        ({"version": 1, "persons": {"Angela Merkel": "Merkel"}}, "list of names"),
    ],
)
def test_invalid_alias_data_raises_a_data_error(data, message):
    with pytest.raises(DataError, match=message):
        lexicon.parse_aliases(data, "user.json")


def test_invalid_word_data_raises_a_data_error():
    data = lexicon.merged_words(lang.languages())
    data["pronouns"]["she"]["gender"] = "x"
    with pytest.raises(DataError, match="gender"):
        lexicon.parse_words(data, "speaker_words.json")
    del data["document_heads"]
    data["pronouns"]["she"]["gender"] = "f"
    with pytest.raises(DataError, match="document_heads"):
        lexicon.parse_words(data, "speaker_words.json")


def test_a_user_alias_file_extends_the_builtin_one(tmp_path, make_article):
    user = tmp_path / "aliases.json"
    user.write_text(
        json.dumps(
            {
                "version": 1,
                "seats": {"Bellevue Palace": {"country": "DE"}},
                "persons": {"Jonas Weber": ["Weber"]},
            }
        ),
        encoding="utf-8",
    )
    options = Options(aliases=str(user))
    text = "Bellevue Palace said the visit was over. Weber said it had been useful."
    article = ResolveSpeakers(options)(
        make_article(text, [("Bellevue Palace", "the visit was over"), ("Weber", "it had been useful")])
    )
    names = [article.speaker(st.speaker or "").name for st in article.statements]  # type: ignore[union-attr]
    assert names == ["Germany", "Jonas Weber"]
    assert lexicon.aliases(str(user)).seats["kremlin"].country == "RU"  # the built-in entries stay


def test_a_broken_user_alias_file_is_a_data_error(tmp_path):
    user = tmp_path / "aliases.json"
    user.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="invalid JSON"):
        ResolveSpeakers(Options(aliases=str(user)))


def test_a_body_owned_by_a_country_has_one_key_however_the_country_is_written(key_of):
    keys = {
        key_of(
            "Russia's Foreign Ministry said the plan was void.",
            "Russia's Foreign Ministry",
            "the plan was void",
        ),
        key_of(
            "The Russian Foreign Ministry said the plan was void.",
            "The Russian Foreign Ministry",
            "the plan was void",
        ),
    }
    assert keys == {"government:russian foreign ministry"}


def test_anonymous_keys_describe_and_groups_key_their_members(key_of):
    assert key_of("A source said the plan was void.", "A source", "the plan was void") == "anonymous:source"
    assert key_of("Analysts said the plan was void.", "Analysts", "the plan was void") == "group:analysts"


def test_initials_of_a_body_are_one_word_however_they_are_spaced(key_of):
    keys = {
        key_of("The W. M. Keck Observatory said the images were new.", "The W. M. Keck Observatory", "the images"),
        key_of("The W.M. Keck Observatory said the images were new.", "The W.M. Keck Observatory", "the images"),
    }
    assert len(keys) == 1 and next(iter(keys)).endswith("wm keck observatory")


def test_a_body_read_as_a_group_in_one_article_merges_with_the_body():
    from saidwhat.speakers.keys import same_person

    assert same_person("group:united nations", "organisation:united nations")
    assert not same_person("group:officials", "person:officials")
    assert not same_person("group:united nations", "organisation:united states")
