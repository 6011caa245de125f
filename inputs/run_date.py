"""Checks against the run date: a date of birth after it, and a run date far from today.

Both are accepted (a birth date may be a typing slip of one case; a run date may be
chosen on purpose to look back or ahead) but never silently: a run date of 1990
puts a tenth of a national caseload out of scope, and no one would know why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from allocator.domain.problems import Problem, warning

FAR_DAYS = 5 * 365  # a run date more than five years from today is worth a word


def births_after(cases: Sequence[dict[str, Any]], run_date: date) -> list[Problem]:
    """A warning for each case born after the run date."""
    return [
        warning(
            "Cases",
            case["row"],
            "date_of_birth",
            born,
            f"date_of_birth {born:%d/%m/%Y} is after the run date {run_date:%d/%m/%Y}; "
            "check the year",
        )
        for case in cases
        if (born := case.get("date_of_birth")) is not None and born > run_date
    ]


def far_run_date(run_date: date, today: date | None = None) -> list[Problem]:
    """A warning when the run date is far from today (the rules are evaluated on it)."""
    today = today or date.today()
    days = (run_date - today).days
    if abs(days) <= FAR_DAYS:
        return []
    years = abs(days) / 365.25
    side = "after" if days > 0 else "before"
    text = (
        f"the run date {run_date:%d/%m/%Y} is {years:.0f} years {side} today "
        f"({today:%d/%m/%Y}); every rule is evaluated on it: check the run_date setting "
        "(or --run-date)"
    )
    return [warning("Settings", None, "run_date", run_date, text)]
