"""Charts as server-drawn SVG: the geometry here, the markup in ``templates/_charts.html``.

Three shapes cover what a newsroom looks at: bars over time stacked by series
(who is quoted most per week or month; one speaker's statements per outlet),
horizontal bars stacked by series (each speaker's statements by outlet), and
one bar of shares (speaker types, direct against reported speech).

Nothing here writes markup: a chart is a list of rectangles, ticks and labels
with numbers computed from counts, and the template writes them as SVG
elements whose every text is escaped. The SVG uses presentation attributes
(``fill``, ``x``, ``width``), never ``style``, and no script, so the page's
strict Content-Security-Policy holds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["PALETTE", "Bar", "Chart", "Legend", "Tick", "hbars", "nice_ticks", "share_bar", "stacked_bars"]

# Colour-blind-safe (Okabe-Ito, then Tableau), "other" grey last.
PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#4e79a7", "#b07aa1", "#9c755f",
)  # fmt: skip
OTHER = "#9aa0a6"
WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 46
MAX_LABELS = 12  # x labels shown under time bars; the others are in the bars' tooltips


@dataclass(slots=True, frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str  # the tooltip: series, group and count


@dataclass(slots=True, frozen=True)
class Tick:
    position: float
    label: str


@dataclass(slots=True, frozen=True)
class Legend:
    label: str
    fill: str
    total: int


@dataclass(slots=True)
class Chart:
    """One chart: its size, bars, axis ticks and legend, and a text summary for screen readers."""

    kind: str  # "columns", "rows" or "share"
    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[Legend] = field(default_factory=list)
    summary: str = ""
    note: str = ""  # what the chart leaves out (statements of undated articles)
    plot: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x, y, width, height of the plot area

    @property
    def empty(self) -> bool:
        return not self.bars


def nice_ticks(top: int, count: int = 4) -> list[int]:
    """Round values from 0 to at least ``top`` for an axis (steps of 1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return list(range(0, int(step * math.ceil(top / step)) + 1, int(step)))


def _colours(series: Sequence[str]) -> dict[str, str]:
    return {name: (PALETTE[i] if i < len(PALETTE) else OTHER) for i, name in enumerate(series)}


def _legend(series: Sequence[str], totals: dict[str, int], colours: dict[str, str]) -> list[Legend]:
    return [Legend(name, colours[name], totals.get(name, 0)) for name in series]


def stacked_bars(
    title: str, groups: Sequence[str], series: Sequence[str], counts: dict[tuple[str, str], int]
) -> Chart:
    """Vertical bars, one per group (a period, in order), stacked by series (in order, largest first).

    ``counts`` maps (group, series) to a count; missing pairs are zero."""
    chart = Chart("columns", title, WIDTH, HEIGHT)
    totals = {g: sum(counts.get((g, s), 0) for s in series) for g in groups}
    if not groups or not any(totals.values()):
        return chart
    ticks = nice_ticks(max(totals.values()))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    chart.plot = (LEFT, TOP, plot_w, plot_h)
    scale = plot_h / ticks[-1]
    slot = plot_w / len(groups)
    bar_w = max(1.0, min(slot * 0.8, 56.0))  # a few periods still look like bars, not walls
    colours = _colours(series)
    for i, group in enumerate(groups):
        x, y = LEFT + i * slot + (slot - bar_w) / 2, float(TOP + plot_h)
        for name in series:
            n = counts.get((group, name), 0)
            if n:
                h = n * scale
                y -= h
                chart.bars.append(Bar(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1), colours[name],
                                      f"{name}, {group}: {n}"))  # fmt: skip
    every = max(1, math.ceil(len(groups) / MAX_LABELS))
    chart.x_ticks = [
        Tick(round(LEFT + (i + 0.5) * slot, 1), g) for i, g in enumerate(groups) if i % every == 0
    ]
    chart.y_ticks = [Tick(round(TOP + plot_h - t * scale, 1), str(t)) for t in ticks]
    series_totals = {s: sum(counts.get((g, s), 0) for g in groups) for s in series}
    chart.legend = _legend(series, series_totals, colours)
    chart.summary = (
        f"{sum(totals.values())} statements over {len(groups)} periods, from {groups[0]} to {groups[-1]}"
    )
    return chart


ROW_HEIGHT = 22
LABEL_WIDTH = 190


def hbars(
    title: str, rows: Sequence[str], series: Sequence[str], counts: dict[tuple[str, str], int]
) -> Chart:
    """Horizontal bars, one per row (a speaker), stacked by series (outlets)."""
    totals = {r: sum(counts.get((r, s), 0) for s in series) for r in rows}
    height = TOP + BOTTOM // 2 + ROW_HEIGHT * max(1, len(rows))
    chart = Chart("rows", title, WIDTH, height)
    if not rows or not any(totals.values()):
        return chart
    plot_w = WIDTH - LABEL_WIDTH - RIGHT
    chart.plot = (LABEL_WIDTH, TOP, plot_w, ROW_HEIGHT * len(rows))
    ticks = nice_ticks(max(totals.values()))
    scale = plot_w / ticks[-1]
    colours = _colours(series)
    for i, row in enumerate(rows):
        x, y = float(LABEL_WIDTH), TOP + i * ROW_HEIGHT + 3
        for name in series:
            n = counts.get((row, name), 0)
            if n:
                w = n * scale
                chart.bars.append(
                    Bar(round(x, 1), y, round(w, 1), ROW_HEIGHT - 6, colours[name], f"{row}, {name}: {n}")
                )
                x += w
    chart.y_ticks = [Tick(TOP + (i + 0.5) * ROW_HEIGHT, r) for i, r in enumerate(rows)]
    chart.x_ticks = [Tick(round(LABEL_WIDTH + t * scale, 1), str(t)) for t in ticks]
    chart.legend = _legend(series, {s: sum(counts.get((r, s), 0) for r in rows) for s in series}, colours)
    chart.summary = f"{sum(totals.values())} statements of {len(rows)} speakers by outlet"
    return chart


def share_bar(title: str, parts: Sequence[tuple[str, int]]) -> Chart:
    """One bar split into the shares of ``parts`` (label, count), with percentages in the legend."""
    chart = Chart("share", title, WIDTH, 64)
    total = sum(n for _, n in parts if n > 0)
    if not total:
        return chart
    plot_w = WIDTH - 2 * RIGHT
    chart.plot = (RIGHT, 8, plot_w, 36)
    colours = _colours([label for label, _ in parts])
    x = float(RIGHT)
    for label, n in parts:
        if n <= 0:
            continue
        w = plot_w * n / total
        chart.bars.append(
            Bar(round(x, 1), 8, round(w, 1), 36, colours[label], f"{label}: {n} ({100 * n / total:.0f}%)")
        )
        x += w
    chart.legend = [Legend(label, colours[label], n) for label, n in parts if n > 0]
    chart.summary = ", ".join(f"{label} {100 * n / total:.0f}%" for label, n in parts if n > 0)
    return chart


def percent(part: int, total: int) -> str:
    return f"{100 * part / total:.0f}%" if total else "0%"
