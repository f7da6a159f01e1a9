"""The language registry: discovery from folders, validation on load, merging by the stages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat import lang
from saidwhat.attribution.lexicon import build_lexicon
from saidwhat.core.errors import DataError
from saidwhat.pages.furniture_data import build_furniture_data
from saidwhat.speakers.lexicon import merged_words

_FTS = {"postgresql": "spanish", "sqlite_tokenizer": "unicode61 remove_diacritics 2"}


def _write(folder: Path, name: str, data: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def _spanish(root: Path) -> Path:
    folder = root / "es"
    _write(folder, "language.json", {"name": "Spanish", "rank": 5, "full_text_search": _FTS})
    _write(
        folder,
        "cues.json",
        {
            "verbs": {"decir": {"forms": ["decir", "dice", "dijo", "dicho", "diciendo"]}},
            "according": ["según"],
            "pronouns": ["él", "ella"],
        },
    )
    _write(folder, "function_words.json", {"relatives": ["quien"], "coordinators": ["y"]})
    _write(
        folder, "furniture.json", {"phrases": {"share": ["compartir en facebook"]}, "stopwords": ["el", "la"]}
    )
    _write(
        folder,
        "speaker_words.json",
        {"pronouns": {"él": {"gender": "m", "plural": False, "types": ["person"]}}},
    )
    _write(folder, "tokenizer.json", {"abbreviations": ["Sra"], "clitics": [], "negation": ""})
    return folder


def test_the_installed_languages_are_found_in_rank_order() -> None:
    assert lang.available() == ("en", "fr", "de", "es")
    english = lang.get("en")
    assert english is lang.default() and english.name == "English"
    assert english.full_text_search.postgresql == "english"
    assert "mr" in english.tokenizer.abbreviations and "s" in english.tokenizer.clitics
    assert {"il", "elle"} <= lang.get("fr").pronouns and "sen" in english.titles
    assert "qui" in lang.get("fr").function_words["relatives"]
    assert lang.get("es").cues == {} and lang.get("es").furniture["stopwords"]  # furniture only


def test_an_unknown_language_is_a_data_error() -> None:
    with pytest.raises(DataError, match="no language 'xx'.*en, fr, de, es"):
        lang.get("xx")


def test_a_language_is_built_from_a_folder_and_merged_by_the_stages(tmp_path: Path) -> None:
    _spanish(tmp_path)
    (tmp_path / "common").mkdir()  # not a language code: skipped
    found = lang.discover(tmp_path)
    assert list(found) == ["es"]
    spanish = found["es"]
    assert (
        spanish.name == "Spanish" and spanish.rank == 5 and spanish.full_text_search.postgresql == "spanish"
    )
    assert spanish.tokenizer.abbreviations == {"sra"} and spanish.pronouns == {"él", "ella"}
    assert spanish.where["cues.json"] == f"{tmp_path}/es/cues.json"

    langs = (lang.get("en"), spanish)
    lex = build_lexicon(langs)
    words = ["el", "ministro", "dijo", "que"]
    assert lex.match_cue(words, 2) is not None and lex.match_cue(words, 2)[1].lemma == "decir"
    assert lex.match_cue(["según", "él"], 0) is not None
    assert "quien" in lex.relatives and "who" in lex.relatives and "y" in lex.coordinators
    assert "," in lex.clause_openers  # punctuation belongs to no language
    assert lex.match_cue(["sagte"], 0) is None  # German was not asked for

    furniture = build_furniture_data(langs)
    assert furniture.phrases["compartir en facebook"] == "share"
    assert set(furniture.stopwords) == {"en", "es"} and "january" in furniture.months
    assert "él" in merged_words(langs)["pronouns"] and "he" in merged_words(langs)["pronouns"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("cues.json", "{not json", "cues.json: cannot read: "),
        ("cues.json", json.dumps({"verbs": [], "pronouns": []}), "cues.json: 'verbs' must be an object"),
        ("cues.json", json.dumps({"pronuons": ["él"]}), "cues.json: unknown keys ['pronuons']"),
        (
            "function_words.json",
            json.dumps({"relatives": "quien"}),
            "function_words.json: 'relatives' must be",
        ),
        (
            "furniture.json",
            json.dumps({"phrases": {"share": [""]}}),
            "furniture.json: 'phrases.share' must be",
        ),
        ("tokenizer.json", json.dumps({"negation": 1}), "tokenizer.json: 'negation' must be a string"),
        ("language.json", json.dumps({"name": "Spanish"}), "language.json: 'full_text_search' needs"),
        (
            "language.json",
            json.dumps({"name": "S", "full_text_search": {**_FTS, "postgresql": "x'); DROP"}}),
            "names",
        ),
        ("language.json", json.dumps({"name": "S", "rank": "1", "full_text_search": _FTS}), "'rank' must be"),
        ("speaker_words.json", "[]", "speaker_words.json: the top level must be an object"),
        (
            "store_words.json",
            json.dumps({"suffixes": [["s"]]}),
            "store_words.json: 'suffixes' must be a list of",
        ),
    ],
)
def test_a_malformed_file_is_a_one_line_data_error_naming_it(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    folder = _spanish(tmp_path)
    (folder / name).write_text(content, "utf-8")
    with pytest.raises(DataError) as caught:
        lang.discover(tmp_path)
    text = str(caught.value)
    assert "\n" not in text and message in text and text.startswith(f"{tmp_path}/es/{name}: ")


def test_a_folder_without_language_json_is_a_data_error(tmp_path: Path) -> None:
    _write(tmp_path / "pt", "cues.json", {"according": ["segundo"]})
    with pytest.raises(DataError, match=r"pt/language.json: missing file"):
        lang.discover(tmp_path)


def test_quotation_marks_are_shared_and_their_sets_named() -> None:
    marks = lang.quote_marks()
    assert "”" in marks.closers_of["“"] and "“" in marks.closers_of["„"]
    assert marks.chars("closers") == "\"'”’»" and set(marks.chars("speech")) >= set("“”«»„")
    with pytest.raises(DataError, match="no mark set 'nope'"):
        marks.chars("nope")
    with pytest.raises(DataError, match="set 'bad'"):
        lang.parse_quote_marks({"pairs": [{"open": '"', "close": '"'}], "sets": {"bad": {"marks": "ab"}}})


def test_the_attribution_stage_reads_a_new_language_given_its_lexicon(tmp_path: Path) -> None:
    from saidwhat.attribution.quotes import FindQuotations
    from saidwhat.attribution.stage import FindAttributions
    from saidwhat.core.model import Article, Block, BlockKind, InputInfo
    from saidwhat.core.options import Options
    from saidwhat.nlp.tokens import line_spans

    _write(tmp_path / "es", "language.json", {"name": "Spanish", "full_text_search": _FTS})
    _write(
        tmp_path / "es",
        "cues.json",
        {
            "verbs": {"decir": {"forms": ["decir", "dice", "dijo", "dicho", "diciendo"]}},
            "determiners": ["el"],
            "source_nouns": ["ministro"],
        },
    )
    spanish = lang.discover(tmp_path)["es"]
    text = "El ministro dijo que el puente estaba cerrado."
    found = []
    for lex in (None, build_lexicon((lang.get("en"), spanish))):  # None: the installed languages
        article = Article(
            input=InputInfo("t"), text=text, blocks=[Block(BlockKind.PARAGRAPH, s) for s in line_spans(text)]
        )
        article = FindAttributions(Options(attribution="rules"), lex=lex)(FindQuotations(Options())(article))
        found.append(
            [
                (article.slice(s.source), article.slice(s.cue))
                for s in article.statements
                if s.source and s.cue
            ]
        )
    assert found == [[], [("El ministro", "dijo")]]
