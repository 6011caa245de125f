"""Values that are accepted but deserve a word: a birth after the run date, a run date
far from today, and the hours-to-FTE hint only when it gives a valid FTE."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from inputs import read
from inputs.run_date import far_run_date
from tests.conftest import found, good_sheets, message, set_cell

Make = Callable[..., Path]


def test_a_date_of_birth_after_the_run_date_is_a_warning(xlsx: Make) -> None:
    sheets = good_sheets()  # run date 01/06/2025
    set_cell(sheets, "Cases", 4, "date_of_birth", date(2025, 7, 1))
    result = read(xlsx(sheets))
    assert result.ok
    assert message(result, "Cases", 4, "date_of_birth") == (
        "date_of_birth 01/07/2025 is after the run date 01/06/2025; check the year"
    )


@pytest.mark.parametrize(("run_date", "words"), [("1990-01-01", "before"), ("2100-01-01", "after")])
def test_a_run_date_far_from_today_is_a_warning(xlsx: Make, run_date: str, words: str) -> None:
    result = read(xlsx(), {"run_date": run_date})
    assert result.ok
    text = message(result, "Settings", None, "run_date")
    assert f"years {words} today" in text
    assert text.endswith("check the run_date setting (or --run-date)")


def test_the_far_run_date_message() -> None:
    today = date(2026, 12, 6)
    assert far_run_date(today + timedelta(days=5 * 365), today) == []
    [problem] = far_run_date(date(1990, 1, 1), today)
    assert problem.problem == (
        "the run date 01/01/1990 is 37 years before today (06/12/2026); every rule is "
        "evaluated on it: check the run_date setting (or --run-date)"
    )


@pytest.mark.parametrize(
    ("fte", "hint"),
    [
        (1.2, ""),
        (30, "; if 30 is weekly hours, write 0.8"),
        (40, "; if 40 is weekly hours, write 1.0"),
    ],
)
def test_the_hours_hint_only_gives_a_valid_fte(xlsx: Make, fte: float, hint: str) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Staff", 2, "fte", fte)
    result = read(xlsx(sheets))
    assert ("Staff", 2, "fte") in found(result)
    assert message(result, "Staff", 2, "fte") == (
        f"FTE must be from 0.1 to 1.0 (1.0 = full time, 37.5 hours){hint}"
    )
