"""The learned attribution tagger's API: loading, statements, kinds, ids, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from saidwhat.attribution.crf_data import bio_labels, decode
from saidwhat.attribution.stage import TAGGER
from saidwhat.attribution.tagger import DEFAULT_MODEL_DIR, AttributionTagger
from saidwhat.core.errors import ModelError
from saidwhat.core.model import Article, Block, BlockKind, InputInfo, Span, StatementKind
from saidwhat.core.options import Options
from saidwhat.core.resources import Resources
from saidwhat.nlp.tokens import line_spans, tokenize

TEXT = (
    "Trump rallies supporters in Ohio\n"
    "\n"
    "“We are going to win this state,” Trump told the crowd on Tuesday.\n"
    "\n"
    "The senator said that the bill would not pass before the election, according to two aides.\n"
)


def _article(text: str) -> Article:
    article = Article(InputInfo("-", "text"), text=text)
    article.blocks = [Block(BlockKind.PARAGRAPH, s) for s in line_spans(text)]
    return article


def test_a_pipelines_resources_load_the_tagger_once() -> None:
    resources = Resources(Options())
    tagger = resources.get(TAGGER)
    assert isinstance(tagger, AttributionTagger)
    assert resources.get(TAGGER) is tagger


def test_missing_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        AttributionTagger.load(tmp_path)


def test_predict_finds_a_direct_quotation_with_its_source_and_cue() -> None:
    article = _article(TEXT)
    statements = AttributionTagger.load().predict(article)
    assert [s.id for s in statements] == [f"m{i}" for i in range(1, len(statements) + 1)]
    assert all(s.method == "model" and 0.0 < s.confidence <= 1.0 for s in statements)
    told = next(s for s in statements if s.cue and article.slice(s.cue) == "told")
    assert told.source is not None and article.slice(told.source) == "Trump"
    assert "going to win this state" in " ".join(article.slice(c) for c in told.content)
    assert told.kind is StatementKind.DIRECT


def test_predict_finds_indirect_speech() -> None:
    article = _article(TEXT)
    said = [s for s in AttributionTagger.load().predict(article) if s.cue and article.slice(s.cue) == "said"]
    assert said, "the indirect statement was not found"
    st = said[0]
    assert st.kind is StatementKind.INDIRECT
    assert st.source is not None and "senator" in article.slice(st.source)
    assert any("bill would not pass" in article.slice(c) for c in st.content)


def test_statements_point_into_the_text_and_are_in_order() -> None:
    article = _article(TEXT)
    statements = AttributionTagger.load().predict(article)
    starts = []
    for st in statements:
        spans = [s for s in (st.source, st.cue, *st.content) if s is not None]
        assert all(0 <= s.start < s.end <= len(TEXT) for s in spans)
        starts.append(min([st.cue or st.content[0], *st.content]).start)
    assert starts == sorted(starts)


def test_empty_article_has_no_statements() -> None:
    assert AttributionTagger.load().predict(_article("")) == []


def test_bio_round_trip() -> None:
    text = "Smith said the plan failed."
    tokens = tokenize(text)
    gold = {"source": [Span(0, 5)], "cue": [Span(6, 10)], "content": [Span(11, 26)]}
    labels = bio_labels(tokens, gold)
    assert labels == ["B-source", "B-cue", "B-content", "I-content", "I-content", "O"]
    assert [(t.role, t.span) for t in decode(labels, tokens)] == [
        ("source", Span(0, 5)),
        ("cue", Span(6, 10)),
        ("content", Span(11, 26)),
    ]


def test_model_files_ship_with_the_package() -> None:
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir())
    assert size <= 50 * 1024 * 1024


def test_kind_of_contents() -> None:
    from saidwhat.attribution.tagger import _kind

    text = "“We will win,” he said. He said the plan was “a disaster” for all. He said it rained."
    assert _kind(text, [Span(1, 12)]) is StatementKind.DIRECT
    mixed = text.index("the plan")
    assert _kind(text, [Span(mixed, text.index(" for all"))]) is StatementKind.MIXED
    indirect = text.index("it rained")
    assert _kind(text, [Span(indirect, indirect + 9)]) is StatementKind.INDIRECT


def test_rule_statements_become_token_features() -> None:
    from saidwhat.attribution.crf_rules import rule_features
    from saidwhat.attribution.features import ParagraphView
    from saidwhat.core.model import Statement

    text = "Smith said the plan failed."
    tokens = tokenize(text)
    view = ParagraphView(text, tokens, [0] * len(tokens), ["NN"] * len(tokens), 0)
    st = Statement("r1", StatementKind.INDIRECT, [Span(11, 26)], source=Span(0, 5), cue=Span(6, 10))
    feats = rule_features([st], [view])[0]
    assert feats[0] == ["r=source", "rb=source"]
    assert feats[1] == ["r=cue", "rb=cue"]
    assert feats[2] == ["r=content", "rb=content"] and feats[3] == ["r=content"]
    assert feats[5] == ["r=none"]


def test_overlapping_rule_spans_keep_the_first_role_and_stay_in_the_text() -> None:
    from saidwhat.attribution.crf_rules import rule_features
    from saidwhat.attribution.features import ParagraphView
    from saidwhat.core.model import Statement

    text = "Smith said the plan failed."
    tokens = tokenize(text)
    view = ParagraphView(text, tokens, [0] * len(tokens), ["NN"] * len(tokens), 0)
    # the content runs over the source (a model of overlapping rule output) and past the text's end
    st = Statement("r1", StatementKind.INDIRECT, [Span(0, 400)], source=Span(0, 5), cue=Span(6, 10))
    feats = rule_features([st], [view])[0]
    assert feats[0] == ["r=content", "rb=content"]  # content is written first, as in training
    assert feats[1] == ["r=content", "rb=content"]  # the cue begins here, under the content's role
    assert feats[2] == ["r=content"]
    assert all(f[0] == "r=content" for f in feats)


class _CountingLabeller:
    """The shipped labeller, recording how many tokens each call is given."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.calls: list[int] = []

    def label(self, paragraphs):  # type: ignore[no-untyped-def]
        self.calls.append(sum(len(p) for p in paragraphs))
        return self.inner.label(paragraphs)  # type: ignore[attr-defined]


def test_the_labeller_gets_bounded_batches_and_the_same_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    import saidwhat.attribution.tagger as tagger_module

    shipped = AttributionTagger.load()
    paragraphs = [
        f"Official {k} told reporters that the plan for district {k} had failed, and "
        f"“we will try again next year,” the spokesman for district {k} said on Monday."
        for k in range(60)
    ]
    article = _article("\n\n".join(paragraphs))
    whole = _CountingLabeller(shipped._labeller)
    one_batch = AttributionTagger(whole, shipped._pos, shipped._cues, shipped._rules)
    expected = one_batch.predict(article)
    assert len(whole.calls) == 1 and whole.calls[0] > 1500

    monkeypatch.setattr(tagger_module, "TAG_BATCH_TOKENS", 200)
    counted = _CountingLabeller(shipped._labeller)
    batched = AttributionTagger(counted, shipped._pos, shipped._cues, shipped._rules).predict(article)
    assert len(counted.calls) > 5 and max(counted.calls) <= 200
    assert sum(counted.calls) == whole.calls[0]
    assert [(s.source, s.cue, s.content, s.kind) for s in batched] == [
        (s.source, s.cue, s.content, s.kind) for s in expected
    ]
    assert [s.confidence for s in batched] == pytest.approx([s.confidence for s in expected], abs=1e-3)
