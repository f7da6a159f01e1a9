"""The chart geometry: bars proportional to their counts, stacked without gaps, axes that cover them."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from saidwhat.web.charts import hbars, nice_ticks, share_bar, stacked_bars


@given(st.integers(min_value=0, max_value=10**9))
def test_ticks_cover_the_top_in_round_steps(top: int) -> None:
    ticks = nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) <= 12
    step = ticks[1] - ticks[0]
    assert all(b - a == step for a, b in pairwise(ticks))
    assert str(step).strip("0") in ("1", "2", "5")


counts_strategy = st.dictionaries(
    st.tuples(st.sampled_from(["2026-01", "2026-02", "2026-03"]), st.sampled_from(["a", "b", "<c>"])),
    st.integers(min_value=0, max_value=5000),
    min_size=1,
)


@settings(max_examples=60)
@given(counts_strategy)
def test_stacked_bars_are_proportional_and_stacked(counts: dict[tuple[str, str], int]) -> None:
    groups, series = ["2026-01", "2026-02", "2026-03"], ["a", "b", "<c>"]
    chart = stacked_bars("t", groups, series, counts)
    total = sum(counts.values())
    if not total:
        assert chart.empty
        return
    assert len(chart.bars) == sum(1 for n in counts.values() if n)
    _, y0, _, height = chart.plot
    top = int(chart.y_ticks[-1].label)
    for bar in chart.bars:
        rest = bar.title.rsplit(": ", 1)[1]
        assert abs(bar.height - int(rest) * height / top) < 0.11  # rounded to a tenth
        assert y0 - 0.1 <= bar.y and bar.y + bar.height <= y0 + height + 0.2
    for group in groups:  # each column's pieces touch, stacked in the series' order: no gap, no overlap
        pieces = [b for name in series for b in chart.bars if b.title.startswith(f"{name}, {group}: ")]
        for lower, upper in pairwise(pieces):
            assert abs(upper.y + upper.height - lower.y) < 0.21
    assert sum(item.total for item in chart.legend) == total


def test_share_bar_fills_its_width_and_labels_percentages() -> None:
    chart = share_bar("kinds", [("direct", 30), ("indirect", 60), ("mixed", 10), ("headline", 0)])
    assert [b.title for b in chart.bars] == ["direct: 30 (30%)", "indirect: 60 (60%)", "mixed: 10 (10%)"]
    assert abs(sum(b.width for b in chart.bars) - chart.plot[2]) < 0.3
    assert share_bar("none", [("direct", 0)]).empty


def test_hbars_one_row_per_speaker() -> None:
    chart = hbars("by outlet", ["Ann", "Bo"], ["x.com", "y.org"], {("Ann", "x.com"): 3, ("Bo", "y.org"): 1})
    assert [t.label for t in chart.y_ticks] == ["Ann", "Bo"]
    ann = [b for b in chart.bars if b.title.startswith("Ann")]
    bo = [b for b in chart.bars if b.title.startswith("Bo")]
    assert len(ann) == len(bo) == 1 and abs(ann[0].width - 3 * bo[0].width) < 0.3
