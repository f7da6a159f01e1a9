"""The real-page metric: locating gold strings, judging statements, names, and the gold loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from saidwhat.core.errors import DataError
from saidwhat.core.model import Article, InputInfo, Span, Speaker, SpeakerType, Statement, StatementKind
from saidwhat_dev.eval.pages import Locator, evaluate_page, names_match, summarise
from saidwhat_dev.eval.pages_gold import GoldPage, GoldStatement, load_page

BODY = (
    "Mayor Ana Ruiz said on Monday that the harbour would reopen in May.\n\n"
    "\u201cWe are ready,\u201d Ruiz told reporters. Residents chanted \u201cOpen it now\u201d outside."
)


def gold(*statements: GoldStatement) -> GoldPage:
    return GoldPage(id="0" * 64, url="u", title="Harbour", body=BODY, statements=list(statements))


def article_with(*statements: tuple[str, str | None, str]) -> Article:
    """An article over BODY (straight quotation marks) with statements (content, speaker, method);
    each speaker's source mention is the word "Ruiz"."""
    text = "Harbour\n\n" + BODY.replace("\u201c", '"').replace("\u201d", '"')
    art = Article(input=InputInfo(path="t"), text=text)
    ruiz = text.index("Ruiz")
    for n, (content, speaker, method) in enumerate(statements, 1):
        start = text.index(content)
        st = Statement(f"s{n}", StatementKind.INDIRECT, [Span(start, start + len(content))], method=method)
        if speaker is not None:
            art.speakers.append(Speaker(f"p{n}", speaker, SpeakerType.PERSON))
            st.speaker, st.source = f"p{n}", Span(ruiz, ruiz + 4)
        art.statements.append(st)
    return art


SAID = GoldStatement(
    1, ["the harbour would reopen in May"], "indirect", "Ana Ruiz", "person", "Mayor Ana Ruiz", "said"
)
READY = GoldStatement(2, ["We are ready"], "direct", "Ana Ruiz", "person", "Ruiz", "told")
CHANT = GoldStatement(3, ["Open it now"], "direct", None, "group", "Residents", "chanted", optional=True)


def test_locator_folds_marks_and_spaces() -> None:
    text = 'He said: "We are  ready" \u2014 then left.'
    spans = Locator(text).find_all("\u201cWe are ready\u201d \u2013 then")
    assert [s.slice(text) for s in spans] == ['"We are  ready" \u2014 then']


def test_verdicts_right_wrong_speaker_not_a_statement_and_optional() -> None:
    art = article_with(
        ("that the harbour would reopen in May", "Ana Ruiz", "rule:prefix"),
        ("We are ready", "Harbour Master", "rule:inverted"),
        ("Residents chanted", "Ana Ruiz", "model"),
        ("Open it now", None, "rule:unattributed"),
    )
    result = evaluate_page(gold(SAID, READY, CHANT), art)
    assert [o.verdict for o in result.outcomes] == ["right", "wrong-speaker", "not-a-statement", "optional"]
    assert (result.gold_counted, result.gold_found) == (2, 1)
    summary = summarise([result])
    assert summary["precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert summary["recall"] == 0.5 and summary["speaker_accuracy"] == 0.5
    assert summary["by_method"]["model"]["precision"] == 0.0


def test_a_description_of_an_anonymous_gold_source_is_its_speaker() -> None:
    art = article_with(("We are ready", None, "rule:inverted"))
    art.statements[0].source = Span(art.text.index("Residents"), art.text.index("Residents") + 9)
    anon = GoldStatement(1, ["We are ready"], "direct", None, "group", "Residents", "said")
    assert evaluate_page(gold(anon), art).outcomes[0].verdict == "right"


def test_a_pronouns_speaker_may_be_named_as_the_page_names_that_speaker_elsewhere() -> None:
    art = article_with(("We are ready", "authors", "rule:inverted"), ("the harbour would reopen", "authors", "rule:prefix"))
    long_name = "authors of the study published in JAMA Psychiatry"
    described = GoldStatement(1, ["the harbour would reopen in May"], "indirect", long_name, "group", "the authors", "said")
    pronoun = GoldStatement(2, ["We are ready"], "direct", long_name, "group", "they", "wrote")
    verdicts = [o.verdict for o in evaluate_page(gold(described, pronoun), art).outcomes]
    assert verdicts == ["right", "right"]
    alone = [o.verdict for o in evaluate_page(gold(pronoun), art).outcomes]
    assert alone[0] == "wrong-speaker"  # no other source on the page names that speaker "the authors"


@pytest.mark.parametrize(
    ("predicted", "gold_name", "person", "same"),
    [
        ("Donald Trump", "Trump", True, True),
        ("Tim Morrison", "Timothy Morrison", True, True),
        ("James P. Kennedy Jr.", "James Kennedy", True, True),
        ("Kurt Busch", "Kyle Busch", True, False),
        ("Patrick W", "Patrick W. Carlineo Jr.", True, False),
        (
            "U.S. Attorney's Office",
            "U.S. Attorney's Office for the Western District of New York",
            False,
            True,
        ),
        ("Office", "U.S. Attorney's Office", False, False),
    ],
)
def test_names_match(predicted: str, gold_name: str, person: bool, same: bool) -> None:
    assert names_match(predicted, gold_name, person) is same


def _bench(tmp_path: Path, page_id: str) -> Path:
    (tmp_path / "ground-truth.json").write_text(json.dumps({page_id: {"url": "u", "articleBody": BODY}}))
    return tmp_path


def test_gold_loader_checks_every_string_and_refuses_the_held_out_half(tmp_path: Path) -> None:
    page_id = "1" + "0" * 63
    bench = _bench(tmp_path, page_id)
    good = {"id": page_id, "title": "Harbour", "statements": [{"n": 1, "content": ["We are ready"],
            "kind": "direct", "speaker": "Ana Ruiz", "source": "Ruiz", "cue": "told"}]}  # fmt: skip
    path = tmp_path / "g.json"
    path.write_text(json.dumps(good))
    assert load_page(path, bench).statements[0].speaker == "Ana Ruiz"
    good["statements"][0]["content"] = ["We are not ready"]  # type: ignore[index]
    path.write_text(json.dumps(good))
    with pytest.raises(DataError, match="is not in the page"):
        load_page(path, bench)
    path.write_text(json.dumps({**good, "id": "a" + page_id[1:]}))
    with pytest.raises(DataError, match="held-out"):
        load_page(path, bench)


@pytest.mark.parametrize(
    ("predicted", "gold_name", "same"),
    [
        ("United Kingdom", "UK", True),
        ("United States Department of Defense", "Pentagon", True),
        ("Jordan", "Jordanian government", True),
        ("France", "Germany", False),
        ("Wall Street", "WeWork", False),
        ("Russia", "Russian Defense Ministry", False),
    ],
)
def test_one_body_under_two_names_by_the_alias_tables(predicted: str, gold_name: str, same: bool) -> None:
    assert names_match(predicted, gold_name, person=False) is same
