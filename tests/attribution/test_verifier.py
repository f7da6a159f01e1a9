"""The statement verifier: features, the calibrated score, the confidence filter and bad weights."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from saidwhat.attribution.verifier import (
    DEFAULT_VERIFIER,
    ArticleIndex,
    Verifier,
    VerifyStatements,
    drop_below,
    features,
)
from saidwhat.core.errors import ModelError
from saidwhat.core.model import Article, Block, BlockKind, InputInfo, Quote, Span, Speaker, SpeakerType
from saidwhat.core.options import Options
from saidwhat.pipeline import analyse_text

TEXT = (
    "Budget vote\n"
    'The finance minister said on Monday that the budget "will pass", adding that no taxes would rise.\n'
    '"This is a plan for everyone," she told reporters.'
)


def test_features_describe_how_a_statement_was_found() -> None:
    art = analyse_text(TEXT, Options(min_confidence=0.0))
    feats = [features(art, st) for st in art.statements]
    assert feats and all(f["bias"] == 1.0 for f in feats)
    assert all(sum(k.startswith("method=") for k in f) == 1 for f in feats)
    said = next(f for f in feats if f.get("cue_lemma=say"))
    assert said["cue_lexicon"] == 1.0 and said["cue_say"] == 1.0


def test_the_shipped_weights_load_and_rank_a_real_quotation_above_a_bare_phrase() -> None:
    verifier = Verifier.load(DEFAULT_VERIFIER)
    art = analyse_text(TEXT, Options(min_confidence=0.0))
    quoted = next(st for st in art.statements if "plan for everyone" in art.slice(st.content[0]))
    good = verifier.probability(art, quoted)
    bare = dict(features(art, quoted))
    bare.update({"source=none": 1.0, "cue=none": 1.0, "method=unattributed": 1.0, "content_short": 1.0})
    for key in [k for k in bare if k.startswith(("cue_", "source_", "speaker", "method=inverted"))]:
        bare.pop(key)
    assert 0.0 <= verifier.score(bare) < good <= 1.0


def test_a_damaged_weights_file_is_a_model_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "verifier.json"
    bad.write_text('{"weights": [1, 2]}', encoding="utf-8")
    with pytest.raises(ModelError) as err:
        Verifier.load(bad)
    assert err.value.where == str(bad)
    with pytest.raises(ModelError):
        VerifyStatements(Options(), path=tmp_path / "missing.json")


def test_min_confidence_drops_statements_their_relays_keep_no_dangling_parent(tmp_path: Path) -> None:
    weights = tmp_path / "w.json"
    weights.write_text(json.dumps({"weights": {"bias": 3.0, "method=model": -9.0}}), encoding="utf-8")
    art = analyse_text(TEXT, Options(min_confidence=0.0))
    for st in art.statements:
        st.method = "model"
    art.statements[-1].method = "rule:inverted"
    out = VerifyStatements(Options(min_confidence=0.5), path=weights)(art)
    assert [st.method for st in out.statements] == ["rule:inverted"]
    assert all(st.parent is None or out.statement(st.parent) for st in out.statements)
    assert out.statements[0].confidence == pytest.approx(0.953, abs=1e-3)


def test_drop_below_keeps_group_members_and_removes_unused_speakers() -> None:
    art = analyse_text(TEXT, Options(min_confidence=0.0))
    art.speakers.append(Speaker("p9", "Nobody", SpeakerType.PERSON))
    for st in art.statements:
        st.confidence = 0.9
    drop_below(art, 0.5)
    assert all(sp.id != "p9" for sp in art.speakers)
    assert len(art.statements) >= 2


@settings(max_examples=200, deadline=None)
@given(
    quotes=hs.lists(hs.tuples(hs.integers(0, 60), hs.integers(0, 30)), max_size=8),
    spans=hs.lists(hs.tuples(hs.integers(0, 70), hs.integers(0, 30)), min_size=1, max_size=3),
    blocks=hs.lists(hs.integers(1, 20), max_size=6),
    probe=hs.integers(0, 90),
)
def test_the_article_index_answers_as_a_scan_of_the_article(
    quotes: list[tuple[int, int]], spans: list[tuple[int, int]], blocks: list[int], probe: int
) -> None:
    """Quotations may nest and overlap; blocks follow each other. The index's answers are those of
    scanning every quotation and block, exactly."""
    article = Article(InputInfo(path="x"), text="x" * 100)
    article.quotes = [Quote(Span(a, a + n), [Span(a, a + n)], '"', '"') for a, n in quotes]
    start = 0
    for n in blocks:
        article.blocks.append(Block(BlockKind.PARAGRAPH, Span(start, start + n)))
        start += n + 1
    index = ArticleIndex(article)
    content = [Span(a, a + n) for a, n in spans]
    total = sum(len(s) for s in content)
    inside = sum(
        max(0, min(s.end, q.span.end) - max(s.start, q.span.start)) for s in content for q in article.quotes
    )
    assert index.in_quotes(content) == (min(1.0, inside / total) if total else 0.0)
    scanned = next((b.kind for b in article.blocks if b.span.start <= probe < b.span.end), None)
    assert index.block_kind(Span(probe, probe + 1)) == scanned
