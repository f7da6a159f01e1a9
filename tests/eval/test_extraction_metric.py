"""The article-extraction metric: tokens, shingles, per-page counts and the mean-based P/R/F1."""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

import pytest

from saidwhat.core.model import Article, Block, BlockKind, InputInfo, Span
from saidwhat_dev.eval import extraction
from saidwhat_dev.eval.extraction import PageCounts, article_body, page_counts, score, shingles, tokens


def test_tokens_are_unicode_words_with_case_kept() -> None:
    assert tokens("Zoë's café — 20€, naïve!") == ["Zoë", "s", "café", "20", "naïve"]
    assert tokens("") == []


def test_shingles_are_four_token_windows_and_a_short_text_is_one() -> None:
    assert shingles("a b c d e") == {"a b c d": 1, "b c d e": 1}
    assert shingles("a b") == {"a b": 1}
    assert shingles("") == {}
    assert shingles("x y z w x y z w")["x y z w"] == 2


def test_page_counts_are_normalised_multiset_counts() -> None:
    assert page_counts("a b c d e", "a b c d e") == PageCounts(1.0, 0.0, 0.0)
    assert page_counts("a b c d", "e f g h") == PageCounts(0.0, 0.5, 0.5)
    # truth has 3 shingles, prediction 2 of them plus 1 other: TP 2, FP 1, FN 1 over 4
    assert page_counts("a b c d e f", "a b c d e x") == PageCounts(0.5, 0.25, 0.25)
    assert page_counts("", "") == PageCounts(0.0, 0.0, 0.0)


def test_score_takes_means_over_pages() -> None:
    pages = [
        PageCounts(0.5, 0.25, 0.25),  # P 2/3, R 2/3
        PageCounts(1.0, 0.0, 0.0),  # P 1, R 1
        PageCounts(0.0, 0.0, 1.0),  # nothing predicted: no precision, R 0
        PageCounts(0.0, 0.0, 0.0),  # both empty: scores 1 on both
    ]
    result = score(pages)
    assert result.pages == 4
    assert result.precision == pytest.approx((2 / 3 + 1 + 1) / 3)
    assert result.recall == pytest.approx((2 / 3 + 1 + 0 + 1) / 4)
    p, r = result.precision, result.recall
    assert result.f1 == pytest.approx(2 * p * r / (p + r))


def test_the_article_body_leaves_out_title_byline_captions_and_credits() -> None:
    text = "Title\n\nBy A. Writer\n\nFirst paragraph.\n\nA caption\n\nPhoto: X\n\nSub\n\nQuoted."
    article = Article(input=InputInfo(path="-"), text=text)
    kinds = [
        BlockKind.TITLE,
        BlockKind.BYLINE,
        BlockKind.PARAGRAPH,
        BlockKind.CAPTION,
        BlockKind.CREDIT,
        BlockKind.HEADING,
        BlockKind.BLOCKQUOTE,
    ]
    start = 0
    for kind, part in zip(kinds, text.split("\n\n")):
        article.blocks.append(Block(kind, Span(start, start + len(part))))
        start += len(part) + 2
    assert article_body(article) == "First paragraph.\n\nSub\n\nQuoted."


def test_the_eval_command_runs_on_a_small_benchmark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "html").mkdir()
    body = (
        "The council said on Monday that the bridge over the river would reopen in May, "
        "after repairs to its deck took longer than planned because of the winter floods."
    )
    html = (
        f"<html><head><title>Bridge</title></head><body><article><h1>Bridge</h1><p>{body}</p>"
        f"<p>{body.replace('Monday', 'Tuesday')}</p></article></body></html>"
    )
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(html.encode()))
    truth = {
        "p1": {"articleBody": body + "\n\n" + body.replace("Monday", "Tuesday"), "url": "https://x.example/1"}
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    args = argparse.Namespace(data=tmp_path, extractors="saidwhat,trafilatura", limit=0, json=True)
    assert extraction.run(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"saidwhat", "trafilatura"}
    assert result["saidwhat"]["f1"] == pytest.approx(1.0)
    assert result["saidwhat"]["pages"] == 1
