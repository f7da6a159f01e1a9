"""Negative paragraphs for the attribution tagger (saidwhat_dev.train.negatives and the training option)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from saidwhat_dev.eval.furniture import load_split as load_furniture
from saidwhat_dev.eval.pages import load_split as load_page_split
from saidwhat_dev.eval.pages_gold import PAGES_DIR
from saidwhat_dev.train.negatives import (
    NEGATIVE_LABELS,
    benchmark_lines,
    development_ids,
    furniture_lines,
    interleave,
    keep_line,
    negative_pool,
)

BODY = [
    "The city council approved the new budget on Tuesday after a long debate about road repairs.",
    "The plan sets aside money for three new schools and a bridge over the river near the old mill.",
]
FURNITURE = "Subscribe to our weekly newsletter for more local stories"
HTML = (
    "<html><body><div>Home News Sport Weather</div><article>"
    + "".join(f"<p>{p}</p>" for p in BODY)
    + f"</article><div>{FURNITURE}</div></body></html>"
)


def test_interleave_puts_one_negative_after_every_n_items_and_reuses_them() -> None:
    out = list(interleave(range(1, 8), ["a", "b"], 3))
    assert out == [1, 2, 3, "a", 4, 5, 6, "b", 7]
    assert list(interleave(range(1, 10), ["a"], 2)) == [1, 2, "a", 3, 4, "a", 5, 6, "a", 7, 8, "a", 9]


def test_interleave_with_zero_or_no_negatives_is_the_items_alone() -> None:
    assert list(interleave([1, 2, 3], ["a"], 0)) == [1, 2, 3]
    assert list(interleave([1, 2, 3], [], 1)) == [1, 2, 3]


def test_lines_with_an_attribution_a_quotation_or_few_words_are_not_negatives() -> None:
    assert keep_line("Sign up for our daily newsletter")
    assert keep_line("A man walks past a closed shop in Paris on Monday.")
    assert not keep_line("The senator said that the bill would not pass.")  # the rules find a statement
    assert not keep_line("According to the police, the road is closed.")
    assert not keep_line("“Read more” about the story here")  # a quotation mark
    assert not keep_line("Share this")  # two words


def test_furniture_lines_are_the_labelled_non_article_pieces() -> None:
    lines = set(furniture_lines())
    pieces = [p for page in load_furniture("train") for p in page.pieces]
    negative = {" ".join(p.text.split()) for p in pieces if p.label in NEGATIVE_LABELS}
    article = {" ".join(p.text.split()) for p in pieces if p.label in ("paragraph", "title")}
    assert lines == negative and lines
    assert not lines & (article - negative)  # no paragraph or title (unless the same words are furniture too)


def _benchmark(root: Path, pages: dict[str, str]) -> Path:
    """A benchmark folder whose ground truth lists ``pages`` (id -> body) and holds HTML for dev ids only."""
    (root / "html").mkdir(parents=True)
    truth = {}
    for page_id, body in pages.items():
        truth[page_id] = {"articleBody": body, "url": f"https://example.org/{page_id}"}
        if page_id[:1] in "01234567":
            (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(HTML.encode("utf-8")))
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return root


def _a_check_page() -> str:
    checks = sorted(k for k, v in load_page_split(PAGES_DIR).items() if v == "check")
    return next(k for k in checks if k[:1] in "01234567")


def test_development_ids_leave_out_the_held_out_half_and_the_check_pages(tmp_path: Path) -> None:
    check = _a_check_page()
    bench = _benchmark(tmp_path / "b", {"1" * 8: "x", "9" * 8: "x", "f" * 8: "x"})
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    truth[check] = {"articleBody": "x", "url": ""}
    (bench / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert development_ids(bench) == ["1" * 8]


def test_benchmark_lines_are_the_dump_segments_outside_the_article(tmp_path: Path) -> None:
    # held-out ids have no HTML here: reading one would raise
    bench = _benchmark(tmp_path / "b", {"2" * 8: "\n".join(BODY), "a" * 8: "x"})
    lines, pages = benchmark_lines(bench)
    assert pages == 1
    assert FURNITURE in lines
    assert not any(p in lines for p in BODY)


def test_the_pool_is_deterministic_per_seed(tmp_path: Path) -> None:
    bench = _benchmark(tmp_path / "b", {"2" * 8: "\n".join(BODY)})
    first, again, other = negative_pool(bench, 0), negative_pool(bench, 0), negative_pool(bench, 1)
    assert first == again
    assert sorted(first.lines) == sorted(other.lines) and first.lines != other.lines
    assert FURNITURE in first.lines and first.benchmark >= 1 and first.benchmark_pages == 1
    alone = negative_pool(None, 0)
    assert alone.benchmark == 0 and FURNITURE not in alone.lines
    assert len(alone.lines) == alone.furniture == len(first.lines) - first.benchmark
    assert all(keep_line(line) for line in alone.lines)


def test_negative_sequences_label_every_token_outside(tmp_path: Path) -> None:
    from saidwhat.attribution.features import CueLexicon
    from saidwhat.nlp.pos import PosTagger
    from saidwhat_dev.train.attribution import negative_sequences
    from saidwhat_dev.train.pos import train_pos

    pos_file = tmp_path / "pos.crfsuite"
    train_pos([(["The", "man", "walks", "."], ["DT", "NN", "VBZ", "."])], pos_file, 1)
    pos = PosTagger.load(pos_file)
    seqs = list(negative_sequences([FURNITURE, "   "], pos, CueLexicon.from_rates({"said": 0.5}), rules=True))
    assert len(seqs) == 1
    xseq, labels = seqs[0]
    assert labels == ["O"] * len(FURNITURE.split()) and len(xseq) == len(labels)


def test_eval_pages_and_train_verifier_take_a_model_directory() -> None:
    import argparse

    from saidwhat_dev.cli.train import add_arguments as train_arguments
    from saidwhat_dev.eval.pages import add_arguments as pages_arguments

    pages = argparse.ArgumentParser()
    pages_arguments(pages)
    assert pages.parse_args(["--model", "mine"]).model == "mine"
    assert pages.parse_args([]).model is None
    train = argparse.ArgumentParser()
    train_arguments(train)
    args = train.parse_args(["verifier", "--data", "p", "--model", "mine"])
    assert args.model == "mine"
    args = train.parse_args(["attribution", "--data", "p", "--negatives-every", "8"])
    assert args.negatives_every == 8
