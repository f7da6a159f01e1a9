"""The rough language guess that decides whether the English-trained tagger applies."""

from __future__ import annotations

import pytest

from saidwhat.nlp.language import guess_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The minister said on Tuesday that the bridge would stay closed until the end of the year.", "en"),
        ("Le ministre a déclaré mardi que le pont resterait fermé jusqu'à la fin de l'année.", "fr"),
        ("Der Minister sagte am Dienstag, die Brücke bleibe bis zum Ende des Jahres gesperrt.", "de"),
    ],
)
def test_guesses_the_language_of_a_sentence(text: str, language: str) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize(
    "text", ["", "Rhône talks", "2026 · 14:05 · 3 °C", "Xq zv wkp lrt mnb qqx vvz ptk jjw"]
)
def test_no_guess_for_short_or_unknown_text(text: str) -> None:
    assert guess_language(text) is None
