"""The one strict parser of the web's parameters, fuzzed: any query string is either parsed into values
within their declared bounds or refused with a BadParameter naming the problem, never anything else."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saidwhat.web.params import MAX_PARAM, PARAMS, BadParameter, parse_query, strict_date, strict_int

NAMES = tuple(PARAMS)
_HOSTILE = ["²", "٣", "１", "-1", "1e3", "0x1f", " 7 ", "9" * 30, "2019-13", "9999-99-99", "2024-02-30",
            "<script>", "\x00", "\ud800", "%", "%ZZ", "&", "=", "1.5", ".5", "0.9999", "NaN", "inf"]  # fmt: skip


def _check(values: object) -> None:
    parsed = values.parsed  # type: ignore[attr-defined]
    for name, value in parsed.items():
        param = PARAMS[name]
        items = value if param.many else [value]
        for item in items:
            if item is None:
                continue
            if param.kind == "int":
                assert isinstance(item, int) and param.low <= item <= param.high
            elif param.kind == "choice":
                assert item in param.choices
            elif param.kind == "confidence":
                assert 0.0 <= item <= 1.0
            elif param.kind == "text":
                assert isinstance(item, str) and len(item) <= MAX_PARAM


@settings(max_examples=400)
@given(
    st.lists(
        st.tuples(st.sampled_from(NAMES), st.one_of(st.text(max_size=40), st.sampled_from(_HOSTILE))),
        max_size=12,
    )
)
def test_any_query_is_parsed_within_bounds_or_refused(pairs: list[tuple[str, str]]) -> None:
    query = "&".join(f"{quote(k)}={quote(v, safe='', errors='surrogatepass')}" for k, v in pairs)
    try:
        values = parse_query(query, NAMES)
    except BadParameter as err:
        assert err.message and "\n" not in err.message
        return
    _check(values)


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_raw_query_strings_never_crash(query: str) -> None:
    try:
        _check(parse_query(query, NAMES))
    except BadParameter:
        pass


@pytest.mark.parametrize("value", ["²", "٣", "１", "1²", "-1", "+1", "1e3", "0x10", " ", "", "1 2", "9" * 20])
def test_only_ascii_digits_are_numbers(value: str) -> None:
    with pytest.raises(BadParameter, match="digits 0-9"):
        strict_int(value, "page")


@pytest.mark.parametrize("value", ["2019-13", "9999-99-99", "2024-02-30", "2024-1", "20240101", "yesterday"])
def test_dates_must_exist(value: str) -> None:
    with pytest.raises(BadParameter):
        strict_date(value, "since")


def test_good_values_are_parsed() -> None:
    values = parse_query(
        "page=3&per_page=20&kind=direct&kind=mixed&since=2024-02-29&min_confidence=.75&q=x", NAMES
    )
    assert (values["page"], values["per_page"], values["kind"], values["since"]) == (
        3,
        20,
        ["direct", "mixed"],
        "2024-02-29",
    )
    assert values["min_confidence"] == 0.75 and values["q"] == "x" and values["sort"] == "relevance"
