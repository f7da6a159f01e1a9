"""FindAttributions: the merge of rule and model statements, and the fall-back when no model exists."""

from __future__ import annotations

import logging
import sys
import types
from collections.abc import Iterator

import pytest

from saidwhat.attribution import stage as stage_module
from saidwhat.attribution.stage import FindAttributions, merge, renumber
from saidwhat.core.errors import ModelError
from saidwhat.core.model import Article, InputInfo, Span, Statement, StatementKind
from saidwhat.core.options import Options

D, I = StatementKind.DIRECT, StatementKind.INDIRECT


def st(
    id: str,
    content: tuple[int, int],
    cue: tuple[int, int] | None = None,
    source: tuple[int, int] | None = None,
    kind: StatementKind = I,
    parent: str | None = None,
    confidence: float = 0.6,
    method: str = "rule:prefix",
) -> Statement:
    return Statement(
        id=id,
        kind=kind,
        content=[Span(*content)],
        source=Span(*source) if source else None,
        cue=Span(*cue) if cue else None,
        parent=parent,
        confidence=confidence,
        method=method,
    )


def model(id: str, content: tuple[int, int], **kw: object) -> Statement:
    return st(id, content, method="model", **kw)  # type: ignore[arg-type]


def test_rules_alone_are_renumbered_in_text_order() -> None:
    rules = [st("r1", (50, 60), (45, 49)), st("r2", (10, 20), (5, 9))]
    out = merge(rules, [])
    assert [(s.id, s.content[0].start) for s in out] == [("s1", 10), ("s2", 50)]


def test_model_fills_what_rules_miss() -> None:
    rules = [st("r1", (10, 20), (5, 9), (0, 4))]
    models = [model("m1", (100, 140), cue=(95, 99), source=(90, 94))]
    out = merge(rules, models)
    assert [s.method for s in out] == ["rule:prefix", "model"]
    assert [s.id for s in out] == ["s1", "s2"]


def test_duplicate_takes_model_spans_and_raises_confidence() -> None:
    rules = [st("r1", (10, 40), cue=(5, 9), source=(0, 4), confidence=0.7)]
    models = [model("m1", (12, 45), cue=(5, 9), source=(0, 3), confidence=0.6)]
    (out,) = merge(rules, models)
    assert out.content == [Span(12, 45)] and out.source == Span(0, 3) and out.cue == Span(5, 9)
    assert out.confidence > 0.7 and out.confidence <= 1.0
    assert out.method == "rule:prefix+model"


def test_an_according_statement_keeps_none_of_the_model_content_after_its_source() -> None:
    # "CONTENT, according to SOURCE, adding to WRITER'S CLAUSE": the model ran on past the source
    rules = [st("r1", (0, 40), cue=(42, 54), source=(55, 70), method="rule:according")]
    wide = model("m1", (0, 40), cue=(42, 54), source=(55, 70))
    wide.content.append(Span(90, 120))
    (out,) = merge(rules, [wide])
    assert out.content == [Span(0, 40)]
    prefix = [st("r1", (20, 40), cue=(10, 14), source=(0, 9))]  # content after the cue: the model's stays
    (out,) = merge(prefix, [model("m1", (20, 60), cue=(10, 14), source=(0, 9))])
    assert out.content == [Span(20, 60)]


@pytest.mark.parametrize("method", ["rule:headline", "rule:parenthetical", "rule:quoted"])
def test_duplicate_keeps_rule_spans_for_forms_the_rules_assemble(method: str) -> None:
    rules = [st("r1", (10, 40), cue=(5, 9), source=(0, 4), confidence=0.7, method=method)]
    models = [model("m1", (12, 45), cue=(5, 9), source=(0, 3), confidence=0.6)]
    (out,) = merge(rules, models)
    assert out.content == [Span(10, 40)] and out.source == Span(0, 4)
    assert out.method == f"{method}+model"


def test_duplicate_keeps_rule_spans_of_a_relaying_statement() -> None:
    rules = [
        st("r1", (17, 80), cue=(12, 16), source=(0, 11)),
        st("r2", (50, 80), cue=(35, 42), source=(22, 34), parent="r1"),
    ]
    models = [model("m1", (17, 70), cue=(12, 16), source=(0, 11))]
    out = merge(rules, models)
    assert out[0].content == [Span(17, 80)] and out[1].parent == out[0].id


def test_duplicate_by_nearly_same_content_with_another_cue() -> None:
    rules = [st("r1", (10, 40), cue=(50, 54))]
    models = [model("m1", (10, 38), cue=(60, 64))]
    assert len(merge(rules, models)) == 1


def test_duplicate_by_content_when_one_has_no_cue() -> None:
    rules = [st("r1", (10, 40), kind=D, method="rule:unattributed")]
    models = [model("m1", (12, 30), cue=(60, 64))]
    assert len(merge(rules, models)) == 1


def test_relayed_statement_inside_a_rule_content_is_kept() -> None:
    # "The ministry said that the minister replied that ...": the model finds only the inner one
    rules = [st("r1", (17, 80), cue=(12, 16), source=(0, 11))]
    models = [model("m1", (50, 80), cue=(35, 42), source=(22, 34))]
    out = merge(rules, models)
    assert [s.method for s in out] == ["rule:prefix", "model"]
    assert out[1].parent == out[0].id  # relayed by the rule statement whose content holds its cue


def test_model_statement_outside_rule_contents_has_no_parent() -> None:
    rules = [st("r1", (17, 40), cue=(12, 16))]
    models = [model("m1", (60, 80), cue=(50, 55))]
    assert [s.parent for s in merge(rules, models)] == [None, None]


def test_small_overlap_is_not_a_duplicate() -> None:
    rules = [st("r1", (10, 40), cue=(5, 9))]
    models = [model("m1", (35, 80), cue=(81, 85))]
    assert len(merge(rules, models)) == 2


def test_model_source_fills_an_unattributed_quote() -> None:
    rules = [st("r1", (11, 30), kind=D, confidence=0.3, method="rule:unattributed")]
    models = [model("m1", (10, 31), cue=(33, 37), source=(38, 40), confidence=0.8)]
    (out,) = merge(rules, models)
    assert out.source == Span(38, 40) and out.cue == Span(33, 37)
    assert out.content == [Span(11, 30)] and out.kind is D


def test_parents_are_remapped_on_both_sides() -> None:
    rules = [
        st("r1", (10, 80), cue=(5, 9), source=(0, 4)),
        st("r2", (40, 80), cue=(30, 38), source=(20, 29), parent="r1"),
    ]
    models = [
        model("r1", (200, 240), cue=(190, 194)),  # ids may collide with the rules'
        model("m2", (260, 280), cue=(250, 254), parent="r1"),
        model("m3", (41, 79), cue=(30, 38), parent="m9"),  # duplicate of rule r2; unknown parent
    ]
    out = merge(rules, models)
    by_start = {s.content[0].start: s for s in out}
    assert [s.id for s in out] == ["s1", "s2", "s3", "s4"]
    assert by_start[40].parent == by_start[10].id
    assert by_start[260].parent == by_start[200].id
    assert by_start[10].parent is None and by_start[200].parent is None
    assert len({s.id for s in out}) == len(out)


def test_renumber_maps_parents_by_id() -> None:
    out = renumber([st("x", (50, 60), parent="y"), st("y", (10, 20))])
    assert [(s.id, s.parent) for s in out] == [("s1", None), ("s2", "s1")]


def test_merge_does_not_modify_its_inputs() -> None:
    rules = [st("r1", (10, 40), cue=(5, 9), confidence=0.7)]
    models = [model("m1", (10, 40), cue=(5, 9))]
    merge(rules, models)
    assert rules[0].id == "r1" and rules[0].confidence == 0.7 and models[0].id == "m1"


def test_the_tagger_reading_the_rules_source_as_content_leaves_the_rules_spans() -> None:
    text = "Job cuts will be announced later this week, said the newly appointed chair Marcelo Claure."
    said, chair = (text.index("said"), text.index("said") + 4), (text.index("the newly"), len(text) - 1)
    rule = st("r1", (0, text.index(",")), cue=said, source=chair, method="rule:inverted")
    tagger = model("m1", chair, cue=said, source=(0, 8))  # "Job cuts said [the chair]"
    (out,) = merge([rule], [tagger], text)
    assert (out.source, out.content, out.cue) == (Span(*chair), [Span(0, text.index(","))], Span(*said))


def test_the_tagger_may_correct_a_rule_that_took_the_content_for_the_source() -> None:
    text = "James Kennedy, the U.S. Attorney, said the case highlights that rights carry duties."
    said = (text.index("said"), text.index("said") + 4)
    after, name = (said[1] + 1, len(text) - 1), (0, text.index(", said"))
    rule = st("r1", name, cue=said, source=(after[0], after[0] + 30), method="rule:inverted")
    tagger = model("m1", after, cue=said, source=name)
    (out,) = merge([rule], [tagger], text)
    assert (out.source, out.content) == (Span(*name), [Span(*after)])


def test_a_tagger_cue_inside_the_rules_content_is_not_the_cue() -> None:
    text = "Job cuts will be announced later this week, said Claure."
    said = (text.index("said"), text.index("said") + 4)
    rule = st("r1", (0, 42), cue=said, source=(said[1] + 1, len(text) - 1), method="rule:inverted")
    tagger = model("m1", (0, 42), cue=(9, 26), source=(said[1] + 1, len(text) - 1))
    (out,) = merge([rule], [tagger], text)
    assert out.cue == Span(*said) and out.method == "rule:inverted+model"


def test_the_tagger_content_never_holds_the_source_it_brings() -> None:
    text = "The report is wrong, the chair said to reporters in a call."
    said = (text.index("said"), text.index("said") + 4)
    chair = (text.index("the chair"), text.index(" said"))
    rule = st("r1", (0, 19), cue=said, source=(text.index("chair"), chair[1]), method="rule:inverted")
    tagger = model("m1", (0, 19), cue=said, source=chair)
    tagger.content.append(Span(*chair))
    (out,) = merge([rule], [tagger], text)
    assert out.source == Span(*chair) and out.content == [Span(0, 19)]


# -- the stage ------------------------------------------------------------------------------
TEXT = '"We will win," Smith said. Officials said the vote would be close. Turnout will rise sharply.'


def new_article() -> Article:
    from saidwhat.attribution.quotes import find_quotes

    art = Article(input=InputInfo("t"), text=TEXT)
    art.quotes = find_quotes(TEXT)
    return art


@pytest.fixture
def fake_tagger(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Statement]]:
    """Install a tagger module whose model predicts the statements put in the yielded list."""
    predictions: list[Statement] = []

    class AttributionTagger:
        @classmethod
        def load(cls, path: object = None) -> AttributionTagger:
            return cls()

        def predict(self, article: Article, rules: object = None) -> list[Statement]:
            return list(predictions)

    module = types.ModuleType("saidwhat.attribution.tagger")
    module.AttributionTagger = AttributionTagger  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "saidwhat.attribution.tagger", module)
    yield predictions


@pytest.fixture
def no_tagger(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "saidwhat.attribution.tagger", None)  # import raises ImportError
    stage_module._warn_rules_only.cache_clear()
    yield


def test_rules_mode_never_loads_a_model(no_tagger: None) -> None:
    art = FindAttributions(Options(attribution="rules"))(new_article())
    assert [s.method for s in art.statements] == ["rule:inverted", "rule:prefix"]
    assert [s.id for s in art.statements] == ["s1", "s2"]


def test_auto_without_model_falls_back_and_warns_once(
    no_tagger: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="saidwhat.attribution.stage"):
        stage = FindAttributions(Options(attribution="auto"))
        stage(new_article())
        art = stage(new_article())
    assert len(art.statements) == 2
    assert sum("rules only" in r.getMessage() for r in caplog.records) == 1


def test_model_mode_without_model_raises(no_tagger: None) -> None:
    with pytest.raises(ModelError):
        FindAttributions(Options(attribution="model"))


def test_model_error_on_load_falls_back_in_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    class AttributionTagger:
        @classmethod
        def load(cls, path: object = None) -> AttributionTagger:
            raise ModelError("no trained model")

    module = types.ModuleType("saidwhat.attribution.tagger")
    module.AttributionTagger = AttributionTagger  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "saidwhat.attribution.tagger", module)
    art = FindAttributions(Options(attribution="auto"))(new_article())
    assert len(art.statements) == 2
    with pytest.raises(ModelError, match="no trained model"):
        FindAttributions(Options(attribution="model"))


def test_auto_merges_model_statements(fake_tagger: list[Statement]) -> None:
    said = TEXT.index("said the vote")
    close = TEXT.index("close") + len("close")
    fake_tagger.append(model("m1", (said + 5, close), cue=(said, said + 4), confidence=0.8))
    fake_tagger.append(model("m2", (0, 14), cue=(21, 25), confidence=0.9))
    art = FindAttributions(Options(attribution="auto"))(new_article())
    assert [s.method for s in art.statements] == ["rule:inverted+model", "rule:prefix+model"]
    assert art.statements[1].content[0].slice(TEXT) == "the vote would be close"
    assert art.statements[0].confidence > 0.9


def test_model_mode_adds_what_rules_miss(fake_tagger: list[Statement]) -> None:
    start = TEXT.index("Turnout")
    fake_tagger.append(model("m1", (start, len(TEXT) - 1), confidence=0.55))
    art = FindAttributions(Options(attribution="model"))(new_article())
    assert [s.method for s in art.statements] == ["rule:inverted", "rule:prefix", "model"]
    assert art.statements[2].content[0].slice(TEXT) == "Turnout will rise sharply"
    assert [s.id for s in art.statements] == ["s1", "s2", "s3"]


def test_model_statement_without_content_is_not_reported() -> None:
    rules = [st("r1", (10, 40), cue=(5, 9), source=(0, 4))]
    models = [model("m1", (60, 60), cue=(55, 59), source=(50, 54))]
    assert [s.cue for s in merge(rules, models)] == [Span(5, 9)]


def test_model_without_content_confirms_a_rule_but_keeps_its_content() -> None:
    rules = [st("r1", (10, 40), cue=(5, 9), source=(0, 4), confidence=0.5)]
    models = [model("m1", (9, 9), cue=(5, 9), source=(0, 4), confidence=0.5)]
    (out,) = merge(rules, models)
    assert out.content == [Span(10, 40)] and out.confidence > 0.5


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the pairwise tests merge makes: _same for twins, Span.contains for relays."""
    calls = {"same": 0, "contains": 0}
    same, contains = stage_module._same, Span.contains

    def counted_same(rule: Statement, other: Statement) -> bool:
        calls["same"] += 1
        return same(rule, other)

    def counted_contains(span: Span, other: Span) -> bool:
        calls["contains"] += 1
        return contains(span, other)

    monkeypatch.setattr(stage_module, "_same", counted_same)
    monkeypatch.setattr(Span, "contains", counted_contains)
    return calls


N_QUOTES = 2500  # the text: 2,500 short quotation lines


def test_merge_looks_only_at_rule_statements_near_each_model_statement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One line per statement: every model statement has its twin, then every one is new.
    rules = [st(f"r{i}", (i * 80 + 10, i * 80 + 70), (i * 80, i * 80 + 5)) for i in range(N_QUOTES)]
    twins = [model(f"m{i}", (i * 80 + 10, i * 80 + 70), cue=(i * 80, i * 80 + 5)) for i in range(N_QUOTES)]
    calls = _counting(monkeypatch)
    out = merge(rules, twins)
    assert len(out) == N_QUOTES and all(s.method == "rule:prefix+model" for s in out)
    assert calls["same"] <= 10 * N_QUOTES  # the quadratic scan made about N²/2 = 3.1 million
    new = [
        model(f"m{i}", (i * 80 + 75, i * 80 + 79), cue=(i * 80 + 72, i * 80 + 74)) for i in range(N_QUOTES)
    ]
    calls.update(same=0, contains=0)
    out = merge(rules, new)
    assert len(out) == 2 * N_QUOTES and all(s.parent is None for s in out)
    assert calls["same"] <= 20 * N_QUOTES and calls["contains"] <= 20 * N_QUOTES


def test_the_first_twin_in_rule_order_is_the_one_merged() -> None:
    # Two rule statements share the model's cue: the earlier one takes it, as before the index.
    rules = [st("r1", (2000, 2100), (1990, 1995)), st("r2", (10, 2500), (1990, 1995))]
    (first, second) = merge(rules, [model("m1", (2000, 2090), cue=(1990, 1995))])
    assert {first.method, second.method} == {"rule:prefix", "rule:prefix+model"}
    assert next(s for s in (first, second) if s.method.endswith("+model")).content == [Span(2000, 2090)]


@pytest.mark.slow
def test_a_text_of_short_quotation_lines_is_extracted_within_the_default_limit() -> None:
    from saidwhat import extract_bytes

    lines = "".join(
        f'"Line {i} of the quotations that the speaker read out to all of us here today."\n'
        for i in range(N_QUOTES)
    )
    assert len(lines) > 190_000
    article = extract_bytes(lines.encode(), "quotes.txt")  # raised LimitExceeded (30 s)
    assert len(article.statements) >= N_QUOTES * 9 // 10


def test_a_model_source_that_names_no_one_does_not_replace_the_rules() -> None:
    text = "Despite Mr. Trump's Oct. 11 announcement that a deal was reached, nothing was signed."
    src, num = Span(8, 17), Span(25, 27)
    assert text[src.start : src.end] == "Mr. Trump" and text[num.start : num.end] == "11"
    cue, content = Span(28, 40), Span(41, 64)
    rule = Statement("s1", StatementKind.INDIRECT, [content], source=src, cue=cue, method="rule:nominal", confidence=0.4)
    model = Statement("m1", StatementKind.INDIRECT, [content], source=num, cue=cue, method="model", confidence=0.8)
    (out,) = merge([rule], [model], text)
    assert out.source == src and out.method == "rule:nominal+model"


def test_the_model_source_alone_in_a_name_spelled_like_a_pronoun_keeps_the_rule_name() -> None:
    text = "Vice Premier Liu He said the talks were constructive."
    rules = [st("r1", (25, 52), cue=(20, 24), source=(0, 19))]
    models = [model("m1", (25, 52), cue=(20, 24), source=(17, 19))]
    (out,) = merge(rules, models, text)
    assert text[out.source.start : out.source.end] == "Vice Premier Liu He"  # type: ignore[union-attr]
