"""Calendar arithmetic used by the OMiC rules.

Months are subtracted before days and clamp to the end of a shorter month, so
31 August minus 6 months is 28 (or 29) February, never an error.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    """Days in a month (a table, not calendar.monthrange: this runs for every case)."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month - 1]


def add_months(day: date, months: int) -> date:
    """Return ``day`` moved by ``months`` calendar months, clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, min(day.day, _month_length(year, month0 + 1)))


def minus(day: date, months: int = 0, days: int = 0) -> date:
    """Subtract calendar months first (clamping), then days."""
    return add_months(day, -months) - timedelta(days=days)


def age_on(birth: date, on: date) -> int:
    """Whole years of age on a date (a 29 February birthday counts on 1 March)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years
