"""French and German attribution: cue words, inverted cues with time words, and the tagger's scope."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from saidwhat.core.model import Article, Statement
from saidwhat.core.options import Options
from saidwhat.core.resources import Resources
from saidwhat.pipeline import analyse_text

CASES = [
    # (text, source, cue, content)
    ("« Nous irons jusqu'au bout », a déclaré jeudi soir la ministre.", "la ministre", "a déclaré", "Nous irons"),
    ("La grève continuera, a annoncé mardi la Métropole de Lyon, qui veut rassurer.", "la Métropole de Lyon",
     "a annoncé", "La grève continuera"),
    ("Le syndicat a indiqué que la grève serait reconduite.", "Le syndicat", "a indiqué", "que la grève"),
    ("« C'est un coup dur », regrette Paul Girard.", "Paul Girard", "regrette", "C'est un coup dur"),
    ("„Das ist ein schwerer Schlag“, sagte gestern der Vorsitzende des Verbands.",
     "der Vorsitzende des Verbands", "sagte", "Das ist ein schwerer Schlag"),
    ("Die Stadt warnte, die Sperrung könne Monate dauern.", "Die Stadt", "warnte", "die Sperrung"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "source", "cue", "content"), CASES)
def test_french_and_german_statements(text: str, source: str, cue: str, content: str) -> None:
    article = analyse_text(text, Options(attribution="rules"))
    found = [
        st
        for st in article.statements
        if st.cue is not None and article.slice(st.cue) == cue and st.source is not None
    ]
    assert found, f"no statement with cue {cue!r} in {text!r}"
    st = found[0]
    assert st.source is not None and article.slice(st.source) == source
    assert any(content in article.slice(c) for c in st.content)


def test_time_words_before_an_inverted_source_do_not_apply_in_english() -> None:
    text = '"We will not resign," said in a statement the party.'
    article = analyse_text(text, Options(attribution="rules"))
    assert not any(
        st.source is not None and article.slice(st.source) == "the party" for st in article.statements
    )


FRENCH_PAGE = (
    "Le pont restera fermé\n\n"
    "Le pont Lafayette restera fermé aux voitures pendant tout l'été, a annoncé mardi la Métropole.\n\n"
    "« Nous avons besoin de ce temps pour les travaux », a déclaré le vice-président, Marc Dubois.\n\n"
    "Les commerçants du quartier estiment que la fermeture est une mauvaise nouvelle pour eux.\n"
)


class _Spy:
    def __init__(self) -> None:
        self.calls = 0

    def predict(self, article: Article, rules: Sequence[Statement] | None = None) -> list[Statement]:
        self.calls += 1
        return []


def test_the_english_tagger_runs_on_english_pages_only() -> None:
    from saidwhat.attribution.stage import TAGGER

    spy = _Spy()

    def analyse(text: str, options: Options) -> Article:
        resources = Resources(options)
        resources.put(TAGGER, spy)  # the pipeline's tagger, whatever model is installed
        return analyse_text(text, options, resources=resources)

    article = analyse(FRENCH_PAGE, Options(attribution="auto"))
    assert spy.calls == 0 and article.statements
    assert all(st.method.startswith("rule:") for st in article.statements)
    analyse(FRENCH_PAGE, Options(attribution="auto", language="en"))  # the user's word wins
    assert spy.calls == 1
    analyse("The minister said on Tuesday that the bridge would stay closed.", Options(attribution="auto"))
    assert spy.calls == 2


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Le maire Paul Girard est inquiet.\n\nIl a déclaré que la fermeture était une erreur.\n", "Paul Girard"),
        ("Die Ministerin Anna Berg war in Kassel.\n\nSie sagte, die Brücke bleibe gesperrt.\n", "Anna Berg"),
        ("Der Sprecher Jonas Bittner äußerte sich.\n\nEr sagte, die Mängel seien bekannt.\n", "Jonas Bittner"),
    ],
)
def test_french_and_german_pronouns_name_their_speaker(text: str, speaker: str) -> None:
    article = analyse_text(text, Options(attribution="auto"))
    names = {sp.id: sp.name for sp in article.speakers}
    said = [st for st in article.statements if st.cue is not None]
    assert said and names.get(said[-1].speaker or "") == speaker
