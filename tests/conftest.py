"""Shared fixtures: tiny input workbooks written with xlsxwriter into ``tmp_path``.

``good_sheets()`` is a small, valid input (two prisons, three staff, three cases);
tests copy it, break one thing with ``set_cell``, write it with the ``xlsx``
fixture and read it back, so every malformed workbook is built by the test itself.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

Rows = list[list[Any]]


@dataclass(frozen=True)
class Formula:
    """A formula cell and the value Excel last computed for it (e.g. ``#N/A``)."""

    formula: str
    value: Any = ""


@dataclass(frozen=True)
class Layout:
    """How to place the sheets: where each starts, merged ranges, hidden sheets."""

    origin: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    merged: Mapping[str, Sequence[tuple[str, Any]]] = field(default_factory=dict)
    hidden: Sequence[str] = ()
    very_hidden: Sequence[str] = ()


CASES_HEADER = [
    "case_id",
    "prison",
    "sentence_type",
    "tier",
    "rosh",
    "mappa_level",
    "recall",
    "date_of_birth",
    "sentence_start",
    "crd",
    "ped",
    "ldu",
    "current_pom",
    "previous_poms",
    "current_com",
    "excluded_staff",
]
GOOD_CASES: list[dict[str, Any]] = [
    {
        "case_id": "A1111AA",
        "prison": "LEI",
        "sentence_type": "determinate",
        "tier": "B",
        "rosh": "high",
        "mappa_level": 2,
        "recall": "no",
        "date_of_birth": date(1980, 5, 1),
        "sentence_start": date(2024, 1, 10),
        "crd": date(2027, 6, 1),
        "ldu": "L1",
        "current_pom": "P1",
        "previous_poms": "P2",
        "current_com": "C1",
    },
    {
        "case_id": "A2222BB",
        "prison": "LEI",
        "sentence_type": "indeterminate",
        "tier": "A",
        "rosh": "medium",
        "recall": "yes",
        "date_of_birth": date(1975, 1, 2),
        "sentence_start": date(2010, 3, 4),
        "ped": date(2026, 2, 1),
        "ldu": "L1",
        "current_pom": "P2",
        "excluded_staff": "P1",
    },
    {"case_id": "A3333CC", "prison": "WNI", "sentence_type": "remand"},
]
STAFF_HEADER = ["staff_id", "name", "role", "grade", "location", "fte", "status", "spo"]


def good_sheets() -> dict[str, Rows]:
    """A small valid input workbook as rows of cells, header first (a fresh copy each call)."""
    sheets: dict[str, Rows] = {
        "Cases": [CASES_HEADER, *([case.get(c) for c in CASES_HEADER] for case in GOOD_CASES)],
        "Staff": [
            STAFF_HEADER,
            ["P1", "Pat One", "POM", "PO", "LEI", 1.0, "active", "S1"],
            ["P2", "Pam Two", "POM", "PRO", "LEI", 0.5, None, "S1"],
            ["C1", "Cal One", "COM", "PSO", "L1", 0.8, "active", None],
        ],
        "SPOs": [["spo_id", "name", "location", "fte"], ["S1", "Sam Spo", "LEI", 1.0]],
        "Prisons": [
            ["prison", "name", "estate", "contracted_out", "country"],
            ["LEI", "Leeds", "male_closed", "no", "england"],
            ["WNI", "Wandsworth", "male_closed", "no", "england"],
        ],
        "Settings": [["setting", "value"], ["run_date", "2025-06-01"]],
    }
    return copy.deepcopy(sheets)


def add_column(sheets: dict[str, Rows], sheet: str, header: Any) -> int:
    """Add a column (its header cell) at the right of a sheet; its 0-based position."""
    sheets[sheet][0].append(header)
    return len(sheets[sheet][0]) - 1


def set_cell(sheets: dict[str, Rows], sheet: str, row: int, column: str, value: Any) -> None:
    """Set one data cell by Excel row number (header = row 1) and header text.

    A column the header does not have is added at the right.
    """
    rows = sheets[sheet]
    header = rows[0]
    position = header.index(column) if column in header else add_column(sheets, sheet, column)
    while len(rows) < row:
        rows.append([])
    cells = rows[row - 1]
    cells.extend([None] * (position + 1 - len(cells)))
    cells[position] = value


def write_xlsx(path: Path, sheets: Mapping[str, Rows], layout: Layout | None = None) -> Path:
    """Write ``sheets`` (name -> rows of cells) as an .xlsx file and return its path.

    Cells: None is left empty; ``date``/``datetime`` are real Excel dates; ``bool``
    is TRUE/FALSE; numbers are numbers; ``Formula`` is a formula with its cached
    value (so ``Formula("=NA()", "#N/A")`` is an error cell); text is always text.
    """
    layout = layout or Layout()
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        top, left = layout.origin.get(name, (0, 0))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _write(sheet, top + r, left + c, value, dates)
        for reference, value in layout.merged.get(name, ()):
            sheet.merge_range(reference, value)
        if name in layout.hidden:
            sheet.hide()
        if name in layout.very_hidden:
            sheet.very_hidden()
    book.close()
    return path


def _write(sheet: Any, row: int, column: int, value: Any, dates: Any) -> None:
    """One cell, by the type of ``value``."""
    if value is None:
        return
    if isinstance(value, Formula):
        sheet.write_formula(row, column, value.formula, None, value.value)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (date, datetime)):
        sheet.write_datetime(row, column, value, dates)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, str(value))


@pytest.fixture
def xlsx(tmp_path: Path) -> Callable[..., Path]:
    """A factory: ``xlsx(sheets, layout=None, name="input.xlsx")`` writes a workbook."""

    def make(
        sheets: Mapping[str, Rows] | None = None,
        layout: Layout | None = None,
        name: str = "input.xlsx",
    ) -> Path:
        return write_xlsx(tmp_path / name, good_sheets() if sheets is None else sheets, layout)

    return make


def found(result: Any, severity: str = "error") -> list[tuple[str, int | None, str]]:
    """``(sheet, row, column)`` of each problem of one severity in a ``ReadResult``."""
    return [(p.sheet, p.row, p.column) for p in result.problems if p.severity == severity]


def message(result: Any, sheet: str, row: int | None, column: str) -> str:
    """The text of the one problem at that place (fails when there is not exactly one)."""
    texts: list[str] = [
        p.problem for p in result.problems if (p.sheet, p.row, p.column) == (sheet, row, column)
    ]
    assert len(texts) == 1, f"expected one problem at {sheet} {row} {column}: {result.problems}"
    return texts[0]
