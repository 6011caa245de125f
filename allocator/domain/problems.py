"""Input problems, each naming the sheet, the row as Excel shows it, the column and the value."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Characters that show as nothing (or as a plain space) in Excel: zero-width space,
# non-joiner and joiner, word joiner, byte-order mark, non-breaking and narrow spaces.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u202f"
_ESCAPES = str.maketrans({ch: f"\\u{ord(ch):04x}" for ch in INVISIBLE})


def visible(text: str) -> str:
    """The text with each invisible character written out, e.g. ``LMI-POM1\\u200b3``."""
    return text.translate(_ESCAPES)


class Severity(StrEnum):
    """An error stops the run; a warning and a note are reported and the run goes on."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with (or worth knowing about) the input workbook.

    Attributes
    ----------
    severity
        Error, warning or note.
    sheet
        The sheet's name as the workbook spells it ('' for the file as a whole).
    row
        The row number Excel shows, or None for a whole sheet or column.
    column
        The contract's column name (or the header text of an unknown column).
    value
        The cell's value as read ('' when the cell is empty).
    problem
        What is wrong and what was expected, in plain English.
    cell
        The cell reference Excel shows, e.g. ``E12`` ('' when not one cell).
    """

    severity: Severity
    sheet: str
    row: int | None
    column: str
    value: Any
    problem: str
    cell: str = ""

    def __post_init__(self) -> None:
        # An id with a zero-width space inside looks like a valid one: show the character.
        if any(ch in self.problem for ch in INVISIBLE):
            object.__setattr__(self, "problem", visible(self.problem))
        if isinstance(self.value, str) and any(ch in self.value for ch in INVISIBLE):
            object.__setattr__(self, "value", visible(self.value))

    def __str__(self) -> str:
        where = self.sheet or "workbook"
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        if self.cell:
            where += f" (cell {self.cell})"
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


def column_letter(index: int) -> str:
    """Excel's letters for a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
