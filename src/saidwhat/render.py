"""Human-readable views of articles: the terminal table of ``--format table``.

Scraped text is hostile: control characters and terminal escape sequences are
replaced before anything reaches the terminal (:func:`safe`), and file names
that are not valid UTF-8 are shown with their bytes escaped.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections import Counter

from .core.model import Article, Statement
from .core.paths import shown

__all__ = ["article_table", "safe", "speaker_summary", "statements_table"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text made safe for a terminal: no control characters, no bidi overrides, undecodable bytes escaped."""
    return _CONTROL.sub("\ufffd", shown(text).replace("\n", " ").replace("\t", " "))


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
        sure = f"{st.confidence:.2f}"[1:] if st.confidence < 1 else "1.0"  # ".95": the confidence
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
