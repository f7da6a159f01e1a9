"""Tables for a terminal: the writer of ``--format table``, and the tables of articles.

Every text goes through :func:`~saidwhat.io.writers.terminal.safe` (no control
characters, no terminal escape sequences, undecodable bytes escaped). The
tables of the store's records are in :mod:`saidwhat.io.writers.store_tables`.
"""

from __future__ import annotations

import shutil
import textwrap
from collections import Counter
from typing import IO, Any, TypeVar

from ...core.errors import UsageError
from ...core.model import Article, Statement
from .base import Layout, StreamWriter
from .terminal import safe

__all__ = ["TableWriter", "article_table", "speaker_summary", "statements_table"]

R = TypeVar("R")


class TableWriter(StreamWriter[R]):
    """Each record's table as it comes (the layout's ``table_each``), or one table of all the
    records, its columns fitted to them all, at close (``table``)."""

    def __init__(
        self, out: IO[Any], layout: Layout[R], errors: IO[str] | None = None, flush: bool = False
    ) -> None:
        if layout.table is None and layout.table_each is None:
            raise UsageError(f"{layout.name} have no table form")
        super().__init__(out, layout, errors, flush)
        self._records: list[R] = []

    def _write(self, record: R) -> None:
        if self.layout.table_each is not None:
            self.out.write(self.layout.table_each(record) + "\n")
        else:
            self._records.append(record)

    def close(self) -> None:
        if self.layout.table_each is None and self.layout.table is not None:
            self.out.write(self.layout.table(self._records) + "\n")


def _clip(text: str, width: int) -> str:
    text = safe(text)
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def speaker_name(article: Article, st: Statement) -> str:
    if st.speaker:
        sp = article.speaker(st.speaker)
        if sp is not None:
            return sp.name
    if st.source is not None:
        return article.slice(st.source)
    return "(no speaker)"


def statements_table(article: Article, width: int | None = None) -> str:
    width = width or min(shutil.get_terminal_size((120, 20)).columns, 160)
    speaker_w, cue_w, kind_w, sure_w = 24, 14, 8, 4
    said_w = max(20, width - speaker_w - cue_w - kind_w - sure_w - 7)
    lines = [f"{'SPEAKER':<{speaker_w}} {'CUE':<{cue_w}} {'KIND':<{kind_w}} {'SURE':<{sure_w}} WHAT WAS SAID"]
    lines.append("-" * min(width, speaker_w + cue_w + kind_w + sure_w + said_w + 4))
    for st in article.statements:
        said = " … ".join(article.slice(s) for s in st.content)
        wrapped = textwrap.wrap(safe(said), said_w) or [""]
        if len(wrapped) > 3:
            wrapped = wrapped[:3]
            wrapped[-1] = _clip(wrapped[-1] + " …", said_w)
        who = ("↳ " if st.parent else "") + speaker_name(article, st)
        cue = article.slice(st.cue) if st.cue else ""
        sure = _sure(st.confidence)  # ".95": the confidence
        lines.append(
            f"{_clip(who, speaker_w):<{speaker_w}} {_clip(cue, cue_w):<{cue_w}} {st.kind.value:<{kind_w}} "
            f"{sure:<{sure_w}} {wrapped[0]}"
        )
        pad = " " * (speaker_w + cue_w + kind_w + sure_w + 4)
        lines.extend(pad + w for w in wrapped[1:])
    if not article.statements:
        lines.append("(no statements found)")
    return "\n".join(lines)


def speaker_summary(articles: list[Article]) -> str:
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = {}
    for article in articles:
        for st in article.statements:
            name = speaker_name(article, st)
            counts[name] += 1
            kinds.setdefault(name, Counter())[st.kind.value] += 1
    lines = [f"{'SPEAKER':<36} {'STATEMENTS':>10}  KINDS"]
    for name, n in counts.most_common():
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds[name].items()))
        lines.append(f"{_clip(name, 36):<36} {n:>10}  {detail}")
    return "\n".join(lines)


def article_table(article: Article) -> str:
    title = article.title or "(untitled)"
    head = f"== {_clip(title, 150)}"
    meta = article.metadata
    facts = [x for x in (meta.site, meta.published, ", ".join(meta.authors)) if x]
    sub = f"   {safe(' · '.join(facts))}\n" if facts else ""
    return f"{head}\n{sub}   {safe(article.input.path)}\n\n{statements_table(article)}\n"


def _sure(confidence: float) -> str:
    """The confidence in the table's four characters: ".95", and ".99" for anything that would
    round to 1 but is not 1 (0.996 is not shown as ".00" nor claimed certain)."""
    if confidence >= 1:
        return "1.0"
    return f"{min(confidence, 0.99):.2f}"[1:]
