"""Tables of the store's records for a terminal: statements, articles, speakers, failures, a comparison.

Stored text came from scraped pages, so every cell goes through
:func:`saidwhat.io.writers.terminal.safe`. The same records are written as JSON
Lines and CSV by the other writers (their layouts are in
:mod:`saidwhat.io.writers.layouts`).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

from ...store.compare import AlignedPair, Comparison
from ...store.records import ArticleInfo, FailureRecord, SpeakerCount, StatementHit
from .terminal import safe

__all__ = [
    "articles_table",
    "clip",
    "comparison_table",
    "failures_table",
    "hits_table",
    "speakers_table",
]


def _width() -> int:
    return min(shutil.get_terminal_size((120, 20)).columns, 180)


def clip(text: str | None, width: int) -> str:
    text = safe(text or "")
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _wrap(text: str, width: int, lines: int = 3) -> list[str]:
    wrapped = textwrap.wrap(safe(text), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = clip(wrapped[-1] + " …", width)
    return wrapped


def hits_table(hits: Sequence[StatementHit], width: int | None = None, timeline: bool = False) -> str:
    """Statements as a table; a ``timeline`` (one speaker) names the article instead of the speaker."""
    width = width or _width()
    date_w, site_w, who_w, kind_w = 10, 16, 22 if not timeline else 30, 8
    said_w = max(20, width - date_w - site_w - who_w - kind_w - 4)
    third = "ARTICLE" if timeline else "SPEAKER"
    head = f"{'DATE':<{date_w}} {'SITE':<{site_w}} {third:<{who_w}} {'KIND':<{kind_w}} WHAT WAS SAID"
    lines = [head, "-" * min(width, len(head) + said_w)]
    pad = " " * (date_w + site_w + who_w + kind_w + 4)
    for h in hits:
        said = _wrap(h.content, said_w)
        lines.append(
            f"{clip((h.published or '')[:10], date_w):<{date_w}} {clip(h.site, site_w):<{site_w}} "
            f"{clip(h.title or h.path if timeline else h.who, who_w):<{who_w}} {h.kind:<{kind_w}} {said[0]}"
        )
        lines.extend(pad + s for s in said[1:])
    if not hits:
        lines.append("(no statements)")
    return "\n".join(lines)


def articles_table(articles: Sequence[ArticleInfo], width: int | None = None) -> str:
    width = width or _width()
    head = f"{'ID':>6} {'DATE':<10} {'SITE':<22} {'STATEMENTS':>10}  TITLE"
    lines = [head, "-" * min(width, len(head) + 40)]
    for a in articles:
        row = f"{a.id:>6} {(a.published or '')[:10]:<10} {clip(a.site, 22):<22} {a.n_statements:>10}  "
        lines.append(row + clip(a.title or a.url or a.path, max(20, width - len(row))))
    if not articles:
        lines.append("(no articles)")
    return "\n".join(lines)


def speakers_table(counts: Sequence[SpeakerCount], width: int | None = None) -> str:
    width = width or _width()
    grouped = any(c.group is not None for c in counts)
    name_w = 28
    head = f"{'SPEAKER':<{name_w}} {'TYPE':<12} " + (f"{'GROUP':<16} " if grouped else "")
    head += f"{'STATEMENTS':>10} {'ARTICLES':>8}  {'FIRST':<10} {'LAST':<10}  SITES"
    lines = [head, "-" * min(width, len(head) + 20)]
    for c in counts:
        sites = ", ".join(f"{safe(s)} {n}" for s, n in list(c.sites.items())[:4])
        if len(c.sites) > 4:
            sites += f", +{len(c.sites) - 4} more"
        row = f"{clip(c.name, name_w):<{name_w}} {c.type:<12} " + (
            f"{clip(c.group, 16):<16} " if grouped else ""
        )
        row += f"{c.statements:>10} {c.articles:>8}  {(c.first or '')[:10]:<10} {(c.last or '')[:10]:<10}  {sites}"
        lines.append(clip(row, width))
    if not counts:
        lines.append("(no speakers)")
    return "\n".join(lines)


def failures_table(failures: Sequence[FailureRecord], width: int | None = None) -> str:
    """One line per failure: when, the kind of error, and ``PATH: reason`` as ingest said it."""
    width = width or _width()
    head = f"{'FAILED AT':<19} {'ERROR':<16} PATH: REASON"
    lines = [head, "-" * min(width, len(head) + 60)]
    for f in failures:
        row = f"{clip(f.failed_at[:19], 19):<19} {clip(f.error, 16):<16} "
        lines.append(row + safe(f"{f.path}: {f.reason}"))  # whole: the path is what the reader needs
    if not failures:
        lines.append("(no failures)")
    return "\n".join(lines)


# -- compare ----------------------------------------------------------------------------------


def _describe(label: str, info: Any) -> list[str]:
    facts = " · ".join(x for x in (info.site, (info.published or "")[:10], f"id {info.id}") if x)
    return [
        f"{label}: {clip(info.title or '(untitled)', 100)}",
        f"   {safe(facts)}",
        f"   {safe(info.url or info.path)}",
    ]


def _side_by_side(left: list[str], right: list[str], col: int) -> list[str]:
    rows = max(len(left), len(right))
    left += [""] * (rows - len(left))
    right += [""] * (rows - len(right))
    return [f"  {l:<{col}} │ {r}" for l, r in zip(left, right)]


def _pair_lines(pair: AlignedPair, col: int) -> list[str]:
    if pair.same_speaker:
        head = f"● {clip(pair.a.who, 60)}"
    else:
        head = f"● {pair.relation.upper()}: A {clip(pair.a.who, 30)}, B {clip(pair.b.who, 30)}"
    kinds = pair.a.kind if pair.a.kind == pair.b.kind else f"A {pair.a.kind}, B {pair.b.kind}"
    head += f"  ({kinds}; similarity {pair.similarity:.2f})"
    body = _side_by_side(_wrap(pair.a.content, col, 6), _wrap(pair.b.content, col, 6), col)
    if pair.a_adds or pair.b_adds:
        adds_a = clip("+ " + ", ".join(pair.a_adds), col) if pair.a_adds else ""
        adds_b = clip("+ " + ", ".join(pair.b_adds), col) if pair.b_adds else ""
        body += _side_by_side([adds_a], [adds_b], col)
    return [head, *body]


def _only_lines(hits: Sequence[StatementHit], width: int) -> list[str]:
    if not hits:
        return ["  (nothing)"]
    lines: list[str] = []
    for h in hits:
        who = f"{'↳ ' if h.parent_id else ''}{clip(h.who, 28)} ({h.kind}): "
        wrapped = _wrap(h.content, max(20, width - len(who) - 4), 4)
        lines.append(f"  - {who}{wrapped[0]}")
        lines.extend(" " * (4 + len(who)) + w for w in wrapped[1:])
    return lines


def _voice_lines(cmp: Comparison) -> list[str]:
    n_a, n_b = len(cmp.pairs) + len(cmp.only_a), len(cmp.pairs) + len(cmp.only_b)
    summary = (
        f"A has {n_a} statements from {sum(1 for v in cmp.voices if v.in_a)} voices, "
        f"B has {n_b} from {sum(1 for v in cmp.voices if v.in_b)}; {len(cmp.pairs)} points reported by both."
    )
    lines = [summary, "", "VOICES  (statements in A | in B)"]
    for v in cmp.voices:
        mark = "both" if v.in_a and v.in_b else ("only A" if v.in_a else "only B")
        lines.append(f"  {clip(v.name, 40):<40} {v.in_a:>3} | {v.in_b:<3} {mark}")
    if cmp.unresolved_a or cmp.unresolved_b:
        lines.append(f"  {'(speaker not resolved)':<40} {cmp.unresolved_a:>3} | {cmp.unresolved_b:<3}")
    if not cmp.voices and not (cmp.unresolved_a or cmp.unresolved_b):
        lines.append("  (no statements on either side)")
    if cmp.set_aside_a or cmp.set_aside_b:
        lines.append(
            f"  set aside, confidence under {cmp.min_confidence:g}: {cmp.set_aside_a} in A, "
            f"{cmp.set_aside_b} in B (not compared)"
        )
    return lines


def _term_lines(cmp: Comparison, width: int) -> list[str]:
    lines = [
        "WORDS ONE ACCOUNT USES AND THE OTHER DOES NOT",
        clip(f"  A only: {', '.join(cmp.terms_only_a) or '-'}", width),
        clip(f"  B only: {', '.join(cmp.terms_only_b) or '-'}", width),
    ]
    if cmp.figures_only_a or cmp.figures_only_b:
        lines.append(clip(f"  figures in A only: {', '.join(cmp.figures_only_a) or '-'}", width))
        lines.append(clip(f"  figures in B only: {', '.join(cmp.figures_only_b) or '-'}", width))
    return lines


def comparison_table(cmp: Comparison, width: int | None = None) -> str:
    """The comparison for a terminal: voices, aligned pairs side by side, what one side alone reports."""
    width = width or _width()
    col = (width - 5) // 2
    lines = [*_describe("A", cmp.a), *_describe("B", cmp.b), "", *_voice_lines(cmp)]
    lines += ["", f"REPORTED BY BOTH ({len(cmp.pairs)} aligned statements)"]
    for pair in cmp.pairs:
        lines += _pair_lines(pair, col)
    if not cmp.pairs:
        lines.append("  (no statement of one account matches one of the other)")
    lines += ["", f"ONLY IN A ({len(cmp.only_a)})", *_only_lines(cmp.only_a, width)]
    lines += ["", f"ONLY IN B ({len(cmp.only_b)})", *_only_lines(cmp.only_b, width)]
    if any(h.parent_id for h in (*cmp.only_a, *cmp.only_b)):
        lines.append("  (↳ relayed: reported through another speaker's statement)")
    lines += ["", *_term_lines(cmp, width)]
    return "\n".join(lines)
