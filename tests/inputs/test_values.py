"""Cell values: every accepted spelling, and a plain message for everything else."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocator.domain.enums import Rosh, SentenceType
from inputs import values as v
from inputs.workbook import CellError


@pytest.mark.parametrize("cell", ["yes", "YES", " y ", "Y", "true", "TRUE", "t", "1", 1.0, 1, True])
def test_yes_values(cell: Any) -> None:
    assert v.parse_yes_no(cell) is True


@pytest.mark.parametrize("cell", ["no", "No", "n", "false", "FALSE", "f", "0", 0.0, 0, False])
def test_no_values(cell: Any) -> None:
    assert v.parse_yes_no(cell) is False


@pytest.mark.parametrize("cell", ["maybe", "2", 2.0, "yess", date(2025, 1, 1)])
def test_other_yes_no_values_say_what_is_accepted(cell: Any) -> None:
    with pytest.raises(v.BadValue, match=r"is not yes or no .*y/n, true/false and 1/0"):
        v.parse_yes_no(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2025, 3, 31), date(2025, 3, 31)),
        (datetime(2025, 3, 31, 14, 30), date(2025, 3, 31)),
        (45747.0, date(2025, 3, 31)),  # an Excel serial number
        (45747, date(2025, 3, 31)),
        ("2025-03-31", date(2025, 3, 31)),
        ("2025-3-1", date(2025, 3, 1)),
        ("2025-03-31T00:00:00", date(2025, 3, 31)),
        ("2025-03-31 00:00", date(2025, 3, 31)),
        ("31/03/2025", date(2025, 3, 31)),
        ("1/3/2025", date(2025, 3, 1)),
        ("31.03.2025", date(2025, 3, 31)),
        (" 31/03/2025 ", date(2025, 3, 31)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates(cell: Any, expected: date) -> None:
    assert v.parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2026", "'31/02/2026' is not a real date: February 2026 has 28 days"),
        ("29/02/2025", "February 2025 has 28 days"),
        ("2026-04-31", "April 2026 has 30 days"),
        ("0/01/2026", "January 2026 has 31 days"),
        ("03/31/2025", "no month 31 (it looks like month/day order: write the day first, 31/03"),
        ("2025-13-01", "there is no month 13"),
        ("31/03/25", "two-digit year; write the year in full"),
        ("01/01/0202", "the year 202 is not plausible"),
        ("tomorrow", "'tomorrow' is not a date; write it as 31/03/2025 or 2025-03-31"),
        ("31-03-2025", "is not a date; write it as 31/03/2025 or 2025-03-31"),
        (0, "'0' is not a date"),
        (10_000_000.0, "is not a date"),
        (math.nan, "is not a date"),
        (math.inf, "is not a date"),
        (True, "is not a date"),
        (time(9, 30), "is a time, not a date"),
        (timedelta(hours=3), "is a time, not a date"),
    ],
)
def test_bad_dates_say_why(cell: Any, message: str) -> None:
    with pytest.raises(v.BadValue) as caught:
        v.parse_date(cell)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("cell", "expected"), [(0.5, 0.5), ("0.5", 0.5), (" 1 ", 1.0), (2, 2.0), ("-3", -3.0)]
)
def test_numbers(cell: Any, expected: float) -> None:
    assert v.parse_number(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", "'abc' is not a number"),
        ("0,5", "write it with a decimal point: 0.5"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
        (math.inf, "is not a number"),
        (True, "'TRUE' is not a number"),
        (date(2025, 1, 1), "'01/01/2025' is not a number"),
    ],
)
def test_bad_numbers(cell: Any, message: str) -> None:
    with pytest.raises(v.BadValue, match=message):
        v.parse_number(cell)


def test_whole_numbers() -> None:
    assert v.parse_whole(3.0) == 3
    assert v.parse_whole("12") == 12
    with pytest.raises(v.BadValue, match=r"'2\.5' is not a whole number"):
        v.parse_whole(2.5)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("high", Rosh.HIGH),
        ("HIGH", Rosh.HIGH),
        (" High ", Rosh.HIGH),
        ("very high", Rosh.VERY_HIGH),
        ("Very_High", Rosh.VERY_HIGH),
        ("very-high", Rosh.VERY_HIGH),
        ("very   high", Rosh.VERY_HIGH),
        ("VH", Rosh.VERY_HIGH),
        ("med", Rosh.MEDIUM),
    ],
)
def test_enum_spellings(cell: str, expected: Rosh) -> None:
    parse = v.enum_parser(Rosh, "a RoSH level", {"vh": "very high", "med": "medium"})
    assert parse(cell) is expected


def test_near_miss_enum_value_gets_a_suggestion() -> None:
    parse = v.enum_parser(Rosh, "a RoSH level")
    with pytest.raises(v.BadValue) as caught:
        parse("Hgh")
    assert str(caught.value) == "'Hgh' is not a RoSH level; did you mean 'high'?"


@pytest.mark.parametrize("cell", ["zzz", 7.0, True, date(2025, 1, 1)])
def test_far_enum_value_lists_the_choices(cell: Any) -> None:
    parse = v.enum_parser(SentenceType, "a sentence type")
    with pytest.raises(v.BadValue) as caught:
        parse(cell)
    assert str(caught.value).endswith(
        "is not a sentence type; expected one of: "
        "determinate, indeterminate, immigration, remand or civil"
    )


def test_very_long_text_is_shortened_in_messages() -> None:
    parse = v.enum_parser(Rosh, "a RoSH level")
    with pytest.raises(v.BadValue) as caught:
        parse("x" * 40_000)
    assert "(40000 characters)" in str(caught.value)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("A1234BC", "A1234BC"), ("  P1 ", "P1"), (1234.0, "1234"), (12, "12"), (12.5, "12.5")],
)
def test_ids(cell: Any, expected: str) -> None:
    assert v.parse_id(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (True, "TRUE/FALSE, not an id"),
        (date(2025, 1, 1), "is a date or time, not an id"),
        (datetime(2025, 1, 1), "set it to Text and retype the id"),
        (time(1, 2), "not an id"),
    ],
)
def test_bad_ids(cell: Any, message: str) -> None:
    with pytest.raises(v.BadValue, match=message):
        v.parse_id(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("P1", ("P1",)),
        ("P1;P2", ("P1", "P2")),
        ("P1, P2 ;P3", ("P1", "P2", "P3")),
        ("P1;P1;P2", ("P1", "P2")),
        (" ; P1 ;; ", ("P1",)),
        (";", ()),
        (42.0, ("42",)),
    ],
)
def test_id_lists(cell: Any, expected: tuple[str, ...]) -> None:
    assert v.parse_id_list(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(2, 2), (0.0, 0), ("3", 3), ("Level 2", 2), ("cat 1", 1), ("MAPPA", None)],
)
def test_mappa_levels(cell: Any, expected: int | None) -> None:
    if expected is None:
        with pytest.raises(v.BadValue, match="expected 0, 1, 2 or 3"):
            v.parse_mappa(cell)
    else:
        assert v.parse_mappa(cell) == expected


@pytest.mark.parametrize("cell", [4, "4", True, 2.5])
def test_bad_mappa_levels(cell: Any) -> None:
    with pytest.raises(v.BadValue, match="is not a MAPPA level"):
        v.parse_mappa(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (12.0, "12"),
        (0.5, "0.5"),
        (True, "TRUE"),
        (date(2025, 3, 31), "31/03/2025"),
        (datetime(2025, 3, 31, 9, 5), "31/03/2025 09:05"),
        (CellError("#N/A"), "#N/A"),
    ],
)
def test_shown_values_look_like_excel(cell: Any, expected: str) -> None:
    assert v.shown(cell) == expected


def test_suggest() -> None:
    assert v.suggest("hgh", ["low", "medium", "high"]) == "did you mean 'high'?"
    assert v.suggest("purple", ["low", "medium", "high"]) == ""


def test_blank() -> None:
    assert v.is_blank(None)
    assert v.is_blank("   ")
    assert not v.is_blank(0)
    assert not v.is_blank(False)


CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.sampled_from(["#N/A", "31/02/2026", "2025-02-30", "1,5", "level 9", "0/0/0000"]),
)
PARSERS = [
    v.parse_text,
    v.parse_id,
    v.parse_id_list,
    v.parse_yes_no,
    v.parse_date,
    v.parse_number,
    v.parse_whole,
    v.parse_mappa,
    v.enum_parser(Rosh, "a RoSH level"),
    v.shown,
]


@given(CELLS)
def test_no_cell_value_raises_anything_but_bad_value(cell: Any) -> None:
    for parse in PARSERS:
        try:
            parse(cell)
        except v.BadValue as bad:
            assert str(bad)
