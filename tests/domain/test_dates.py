"""Calendar arithmetic: months with end-of-month clamping, months before days, ages."""

from __future__ import annotations

from datetime import date

import pytest

from allocator.domain.dates import add_months, age_on, minus


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(date(2025, 6, 15), 0, date(2025, 6, 15), id="zero-months"),
        pytest.param(date(2025, 12, 15), 1, date(2026, 1, 15), id="forward-over-year-end"),
        pytest.param(date(2025, 1, 15), -1, date(2024, 12, 15), id="back-over-year-start"),
        # 31 Jan + 1 month = "31 Feb" -> clamped to the last day of Feb.
        pytest.param(date(2025, 1, 31), 1, date(2025, 2, 28), id="clamp-feb-common-year"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="clamp-feb-leap-year"),
        # 31 Mar - 1 month = "31 Feb" -> 28 Feb 2025.
        pytest.param(date(2025, 3, 31), -1, date(2025, 2, 28), id="clamp-back-to-feb"),
        # 31 Aug - 6 months = "31 Feb" -> 28 Feb (2025) / 29 Feb (2024).
        pytest.param(date(2025, 8, 31), -6, date(2025, 2, 28), id="31-aug-minus-6-common"),
        pytest.param(date(2024, 8, 31), -6, date(2024, 2, 29), id="31-aug-minus-6-leap"),
        # 31 May 2025 - 15 months = 31 Feb 2024 -> 29 Feb 2024.
        pytest.param(date(2025, 5, 31), -15, date(2024, 2, 29), id="minus-15-into-leap-feb"),
        # 29 Feb 2024 + 12 months = 29 Feb 2025 (no such day) -> 28 Feb 2025.
        pytest.param(date(2024, 2, 29), 12, date(2025, 2, 28), id="leap-day-plus-year"),
        # 29 Feb 2024 + 48 months = 29 Feb 2028 (a leap year again).
        pytest.param(date(2024, 2, 29), 48, date(2028, 2, 29), id="leap-day-plus-4-years"),
        # 31 Oct 2025 + 10 months = 31 Aug 2026 (exists).
        pytest.param(date(2025, 10, 31), 10, date(2026, 8, 31), id="no-clamp-needed"),
        # 30 Apr 2024 + 10 months = 30 Feb 2025 -> 28 Feb 2025.
        pytest.param(date(2024, 4, 30), 10, date(2025, 2, 28), id="30-apr-plus-10"),
        pytest.param(date(2025, 10, 31), -120, date(2015, 10, 31), id="ten-years-back"),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "days", "expected"),
    [
        pytest.param(date(2025, 6, 15), 0, 0, date(2025, 6, 15), id="nothing"),
        # 31 Oct 2025 - 8 months = 31 Feb 2025 -> 28 Feb 2025; - 14 days = 14 Feb 2025.
        pytest.param(date(2025, 10, 31), 8, 14, date(2025, 2, 14), id="31-oct-8m-14d-common"),
        # 31 Oct 2024 - 8 months = 29 Feb 2024 (leap); - 14 days = 15 Feb 2024.
        pytest.param(date(2024, 10, 31), 8, 14, date(2024, 2, 15), id="31-oct-8m-14d-leap"),
        # Months first: 31 Mar - 1 month = 28 Feb; - 1 day = 27 Feb.
        # (Days first would give 30 Mar - 1 month = 28 Feb: a different answer.)
        pytest.param(date(2025, 3, 31), 1, 1, date(2025, 2, 27), id="months-before-days"),
        pytest.param(date(2025, 8, 31), 6, 0, date(2025, 2, 28), id="31-aug-6m-common"),
        pytest.param(date(2024, 8, 31), 6, 0, date(2024, 2, 29), id="31-aug-6m-leap"),
        # 1 Mar - 1 day = last day of Feb.
        pytest.param(date(2025, 3, 1), 0, 1, date(2025, 2, 28), id="day-back-common"),
        pytest.param(date(2024, 3, 1), 0, 1, date(2024, 2, 29), id="day-back-leap"),
        # 1 Jan 2025 - 0 months - 14 days = 18 Dec 2024.
        pytest.param(date(2025, 1, 1), 0, 14, date(2024, 12, 18), id="days-over-year-start"),
    ],
)
def test_minus(day: date, months: int, days: int, expected: date) -> None:
    assert minus(day, months, days) == expected


def test_minus_defaults_to_no_change() -> None:
    assert minus(date(2025, 6, 15)) == date(2025, 6, 15)


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        pytest.param(date(2007, 6, 15), date(2025, 6, 15), 18, id="18th-birthday-itself"),
        pytest.param(date(2007, 6, 15), date(2025, 6, 14), 17, id="day-before-18th"),
        pytest.param(date(2007, 6, 16), date(2025, 6, 15), 17, id="born-a-day-later"),
        # Born 29 Feb 2008: in the common year 2026 the birthday counts on 1 March.
        pytest.param(date(2008, 2, 29), date(2026, 2, 28), 17, id="leapling-28-feb"),
        pytest.param(date(2008, 2, 29), date(2026, 3, 1), 18, id="leapling-1-mar"),
        # In a leap year (2028) the birthday is 29 Feb itself.
        pytest.param(date(2008, 2, 29), date(2028, 2, 28), 19, id="leapling-leap-year-eve"),
        pytest.param(date(2008, 2, 29), date(2028, 2, 29), 20, id="leapling-leap-year-day"),
        pytest.param(date(1990, 12, 31), date(2025, 1, 1), 34, id="year-end-birthday"),
        pytest.param(date(2025, 6, 15), date(2025, 6, 15), 0, id="born-today"),
    ],
)
def test_age_on(birth: date, on: date, expected: int) -> None:
    assert age_on(birth, on) == expected
