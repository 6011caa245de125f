"""Formulas saved without a calculated value (as openpyxl, pandas or Excel in manual
calculation mode save them): read as blank, and said so, naming the cells.

The workbooks are generated with openpyxl, which writes formulas without values.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from inputs import read
from tests.conftest import Rows, good_sheets, message, set_cell


def _saved_by_a_script(path: Path, sheets: dict[str, Rows]) -> Path:
    """The sheets written with openpyxl: a text starting with '=' is a formula."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell: Any = sheet.cell(r, c, value)
                    if isinstance(value, date):
                        cell.number_format = "dd/mm/yyyy"
    book.save(path)
    return path


def test_uncalculated_formulas_are_named_with_the_cause(tmp_path: Path) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "crd", "=DATE(2027,6,1)")  # optional date column J
    set_cell(sheets, "Cases", 3, "prison", '="LEI"')  # required column B
    # strict: the blank prison stays an error of its row (not a quarantined case)
    result = read(_saved_by_a_script(tmp_path / "script.xlsx", sheets), strict=True)
    assert message(result, "Cases", None, "") == (
        "2 cells (J2, B3) hold a formula saved without its calculated value (by a program, or "
        "by Excel in manual calculation mode), so they are read as blank; open the workbook "
        "in Excel, press F9 (Formulas > Calculate Now) and save it"
    )
    assert message(result, "Cases", 3, "prison") == (
        "prison is required (the cell holds a formula saved without its calculated value: "
        "open the workbook in Excel, press F9 and save it)"
    )


def test_formulas_with_values_and_formulas_outside_the_data_are_not_reported(
    tmp_path: Path,
) -> None:
    sheets = good_sheets()
    sheets["Cases"][0].append("=1+1")  # an unknown, computed header: not a column we read
    set_cell(sheets, "Cases", 2, "notes", "=TODAY()")  # an unknown column
    result = read(_saved_by_a_script(tmp_path / "script.xlsx", sheets))
    assert result.ok, result.problems
    assert not any("calculated value" in p.problem for p in result.problems)
