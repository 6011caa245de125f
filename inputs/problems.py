"""Input problems, each naming the sheet, the row as Excel shows it, the column and the value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """An error stops the run; a warning and a note are reported and the run goes on."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with (or worth knowing about) the input workbook."""

    severity: Severity
    sheet: str
    row: int | None
    column: str
    value: Any
    problem: str

    def __str__(self) -> str:
        where = self.sheet or "workbook"
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{self.severity}: {where}: {self.problem}"


def error(sheet: str, row: int | None, column: str, value: Any, problem: str) -> Problem:
    """An error: the input is invalid and nothing is written."""
    return Problem(Severity.ERROR, sheet, row, column, value, problem)


def warning(sheet: str, row: int | None, column: str, value: Any, problem: str) -> Problem:
    """A warning: the run goes on, but the user should look."""
    return Problem(Severity.WARNING, sheet, row, column, value, problem)


def note(sheet: str, row: int | None, column: str, value: Any, problem: str) -> Problem:
    """A note: something ignored or defaulted."""
    return Problem(Severity.NOTE, sheet, row, column, value, problem)


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem is an error."""
    return any(p.severity is Severity.ERROR for p in problems)
