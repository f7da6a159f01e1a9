"""The demo corpus against its hand-written expectations.

Hard assertions hold on every page, always: it extracts, every offset slices
the text to the stated text, and no body paragraph is lost. Quality is
measured over the whole corpus and pinned by ``saidwhat/demo/floors.json``;
a drop below a floor fails with a page-by-page list of what was missed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from saidwhat.cli import main
from saidwhat.core.model import Article, Block, BlockKind, Span, Statement, StatementKind
from saidwhat.demo import demo_pages
from saidwhat.demo.score import (
    METRICS,
    Expected,
    PageScore,
    floors,
    load_expected,
    missing_keep,
    score_page,
    total,
)
from saidwhat.io.writers.json import article_to_dict
from saidwhat.io.writers.table import speaker_name
from saidwhat.io.writers.terminal import safe
from saidwhat.pipeline import extract_bytes

PAGES = [p.name for p in demo_pages()]


@pytest.fixture(scope="module")
def extracted() -> dict[str, Article]:
    return {p.name: extract_bytes(p.read_bytes(), f"demo/{p.name}") for p in demo_pages()}


def _page_text(name: str) -> str:
    """What a reader sees on the page: the raw dump, or the visible text of the HTML body."""
    raw = next(p for p in demo_pages() if p.name == name).read_text("utf-8")
    if not name.endswith(".html"):
        return raw
    doc = lxml.html.fromstring(raw)
    for node in doc.xpath("//script|//style|//head"):
        node.drop_tree()
    return re.sub(r"[ \t]+", " ", doc.text_content())


def test_corpus_has_both_formats_and_an_expectation_for_every_page() -> None:
    assert len(PAGES) >= 10
    formats = {load_expected(name).format for name in PAGES}
    assert formats == {"text", "html"}
    for name in PAGES:
        assert (load_expected(name).format == "html") == name.endswith(".html")


def test_two_accounts_of_one_story_share_statements() -> None:
    stories: dict[str, list[Expected]] = {}
    for name in PAGES:
        exp = load_expected(name)
        if exp.story:
            stories.setdefault(exp.story, []).append(exp)
    accounts = next(pages for pages in stories.values() if len(pages) >= 2)
    shared = [{s.shared for s in exp.statements if s.shared} for exp in accounts]
    speakers = [{s.speaker for s in exp.statements} for exp in accounts]
    assert shared[0] & shared[1], "the two accounts report no statement in common"
    assert speakers[0] & speakers[1] and speakers[0] ^ speakers[1]


@pytest.mark.parametrize("name", PAGES)
def test_expectations_are_on_their_page(name: str) -> None:
    exp, text = load_expected(name), _page_text(name)
    problems = [] if exp.title in text else [f"title not on the page: {exp.title!r}"]
    for item in [*exp.must_keep, *exp.should_keep, *exp.must_remove, *exp.captions, *exp.credits]:
        if item not in text:
            problems.append(f"not on the page: {item!r}")
    real = [*exp.must_keep, *exp.should_keep, *exp.captions, exp.title]
    problems += [f"furniture inside article text: {f!r}" for f in exp.must_remove if any(f in r for r in real)]
    for st in exp.statements:
        for snippet in (st.content, *st.content_more):
            if text.count(snippet) != 1:
                problems.append(f"snippet must occur once, occurs {text.count(snippet)}: {snippet!r}")
        if st.source and st.source not in text:
            problems.append(f"source not on the page: {st.source!r}")
    assert not problems, "\n".join(problems)


def _span_errors(data: dict[str, Any]) -> list[str]:
    text: str = data["article"]["text"]
    errors: list[str] = []

    def check(what: str, start: int | None, end: int | None, stated: str | None) -> None:
        if start is None or end is None or not 0 <= start <= end <= len(text) or text[start:end] != stated:
            errors.append(f"{what} [{start}, {end}) does not slice to {stated!r}")

    for block in data["article"]["blocks"]:
        check(f"block {block['kind']}", block["start"], block["end"], block["text"])
    for st in data["statements"]:
        for part in ("source", "cue"):
            span = st[part]
            if span is not None and span["start"] is not None:
                check(f"{st['id']} {part}", span["start"], span["end"], span["text"])
        spans = st["content"]["spans"]
        for start, end in spans:
            check(f"{st['id']} content", start, end, text[start:end] if 0 <= start <= end <= len(text) else None)
        if " … ".join(text[s:e] for s, e in spans) != st["content"]["text"]:
            errors.append(f"{st['id']} content text differs from its spans")
    for sp in data["speakers"]:
        for m in sp["mentions"]:
            check(f"speaker {sp['id']} mention", m["start"], m["end"], m["text"])
    return errors


@pytest.mark.parametrize("name", PAGES)
def test_page_extracts_with_exact_offsets_and_keeps_every_paragraph(name: str, extracted: dict[str, Article]) -> None:
    article = extracted[name]
    assert article.text.strip()
    assert _span_errors(article_to_dict(article)) == []
    lost = missing_keep(article, load_expected(name))
    assert not lost, f"{name}: body paragraphs lost: {lost}"


def _report(scores: list[PageScore], metrics: list[str]) -> str:
    lines = []
    for page in scores:
        misses = [f"    [{m}] {miss}" for m in metrics for miss in page.tallies[m].misses]
        if misses:
            lines += [f"  {page.name}:", *misses]
    return "\n".join(lines)


def test_quality_over_the_corpus_is_at_least_the_floors(extracted: dict[str, Article]) -> None:
    scores = [score_page(extracted[name], load_expected(name)) for name in PAGES]
    totals, pinned = total(scores), floors()
    below = [m for m in METRICS if totals[m].rate < pinned[m] - 1e-9]
    summary = ", ".join(f"{m} {totals[m].rate:.3f} < floor {pinned[m]:.3f}" for m in below)
    assert not below, f"below the floor: {summary}\n{_report(scores, below)}"


def test_scores_count_what_they_should(extracted: dict[str, Article]) -> None:
    """The scorer itself, on hand-made articles: a perfect statement scores, an empty page does not."""
    name = next(n for n in PAGES if load_expected(n).format == "text")
    exp, info = load_expected(name), extracted[name].input
    body = exp.title + "\n\n" + "\n\n".join(exp.must_keep)
    bare = score_page(Article(input=info, text=body), exp)
    assert bare.tallies["statement_recall"].hits == 0
    assert bare.tallies["statement_recall"].total == len(exp.statements)
    assert bare.tallies["furniture_removed"].rate == 1.0
    assert bare.tallies["speaker"].total == 0 and bare.tallies["speaker"].rate == 0.0

    target = next(s for s in exp.statements if s.source and s.source in body and s.content in body)
    source = target.source or ""
    at, src = body.index(target.content), body.index(source)
    kind = StatementKind(target.kind[0])
    made = Statement("s1", kind, [Span(at, at + len(target.content))], source=Span(src, src + len(source)))
    article = Article(input=info, text=body, blocks=[Block(BlockKind.TITLE, Span(0, len(exp.title)))], statements=[made])
    score = score_page(article, exp)
    assert score.tallies["title"].hits == 1
    assert score.tallies["statement_recall"].hits == 1
    assert score.tallies["kind"].hits == 1
    assert score.tallies["speaker"].hits == (target.speaker.casefold() in source.casefold())


def test_demo_command_prints_titles_and_speaker_summary(
    extracted: dict[str, Article], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert db.exists() and f"stored {len(extracted)} articles in {db}" in out
    # the two outlets' accounts of the Rhône talks are set side by side
    assert "== two accounts of one event" in out and "REPORTED BY BOTH" in out
    for name, article in extracted.items():
        assert f"demo/{name}" in out
        assert ("== " + safe(article.title or "(untitled)"))[:60] in out
    summary = out[out.index("SPEAKER ", out.rindex("statements\n")) : out.index("== stored")]
    assert "STATEMENTS" in summary.splitlines()[0]
    names = {speaker_name(a, st) for a in extracted.values() for st in a.statements}
    for speaker in names:
        assert safe(speaker)[:30] in summary
