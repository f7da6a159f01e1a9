"""Articles with hand-made statements, so that the speaker stage is tested apart from attribution."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from saidwhat.core.model import Article, Block, BlockKind, InputInfo, Span, Speaker, Statement, StatementKind
from saidwhat.core.options import Options
from saidwhat.nlp.tokens import line_spans
from saidwhat.speakers.stage import ResolveSpeakers

Item = tuple[str, str] | tuple[str, str, str]


def build(text: str, items: list[Item]) -> Article:
    """``items``: (source mention, content snippet[, parent content snippet]); the source occurrence
    nearest to its content is used."""
    article = Article(input=InputInfo(path="-"), text=text)
    article.blocks = [Block(BlockKind.PARAGRAPH, s) for s in line_spans(text)]
    ids: dict[str, str] = {}
    for n, item in enumerate(items, 1):
        source, content = item[0], item[1]
        c = text.index(content)
        spots = [
            m.start()
            for m in re.finditer(rf"(?<!\w){re.escape(source)}(?!\w)", text)
            if not c <= m.start() < c + len(content)
        ]
        s = min(spots, key=lambda p: abs(p - c))
        ids[content] = f"s{n}"
        parent = ids.get(item[2]) if len(item) > 2 else None  # type: ignore[misc]
        article.statements.append(
            Statement(
                f"s{n}",
                StatementKind.INDIRECT,
                [Span(c, c + len(content))],
                source=Span(s, s + len(source)),
                parent=parent,
            )
        )
    return article


Resolve = Callable[[str, list[Item]], tuple[Article, list[Speaker]]]


@pytest.fixture
def resolve() -> Resolve:
    """Run the speaker stage; return the article and the speaker of each statement, in order."""

    def run(text: str, items: list[Item]) -> tuple[Article, list[Speaker]]:
        article = ResolveSpeakers(Options())(build(text, items))
        speakers = []
        for st in article.statements:
            assert st.speaker is not None, f"no speaker for {article.slice(st.source)!r}"  # type: ignore[arg-type]
            sp = article.speaker(st.speaker)
            assert sp is not None
            speakers.append(sp)
        return article, speakers

    return run


@pytest.fixture
def make_article() -> Callable[[str, list[Item]], Article]:
    return build
