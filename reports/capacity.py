"""The capacity report workbook.

Sheets: Summary (the run, national totals, settings, what each figure means),
Capacity (per prison and LDU: cases, staff today, FTE to add), Caps needed (the
caps today's staff would need), Over caps today (today's overload and the FTE to
clear it by re-spreading) and Problems. Written atomically from the capacity run only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from allocator.domain.capacity import CapacityRun
from allocator.domain.problems import Problem
from allocator.domain.result import RunInfo
from allocator.domain.settings import Settings
from reports import capacity_tables as tables
from reports.capacity_summary import summary_sections
from reports.validation import PROBLEM_COLUMNS, PROBLEM_WIDTHS, problem_rows
from reports.xlsx import Formats, finish_sheet, new_workbook, write_row, write_table

SHEETS = ("Summary", "Capacity", "Caps needed", "Over caps today", "Problems")


def write_capacity_report(
    path: str | Path,
    run: CapacityRun,
    settings: Settings,
    problems: Sequence[Problem],
    info: RunInfo,
) -> None:
    """Write the whole report atomically."""
    rows = tables.rows(run)
    with new_workbook(path) as book:
        formats = Formats(book)
        _summary(book, formats, run, settings, info)
        sheet = _table(book, formats, "Capacity", tables.CAPACITY_COLUMNS, rows["Capacity"])
        _flag(sheet, formats, tables.CAPACITY_COLUMNS, rows["Capacity"])
        sheet = _table(book, formats, "Caps needed", tables.CAPS_COLUMNS, rows["Caps needed"])
        _raise(sheet, formats, len(rows["Caps needed"]))
        _table(book, formats, "Over caps today", tables.OVERLOAD_COLUMNS, rows["Over caps today"])
        _table(book, formats, "Problems", PROBLEM_COLUMNS, problem_rows(problems))


_WIDTHS = {
    "Capacity": tables.CAPACITY_WIDTHS,
    "Caps needed": tables.CAPS_WIDTHS,
    "Over caps today": tables.OVERLOAD_WIDTHS,
    "Problems": PROBLEM_WIDTHS,
}


def _table(
    book: Workbook,
    formats: Formats,
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> Worksheet:
    """A sheet holding one table; the last column (the explanation) wraps."""
    sheet = book.add_worksheet(name)
    write_table(sheet, formats, headers, rows, _WIDTHS[name])
    last = len(headers) - 1
    sheet.set_column(last, last, _WIDTHS[name][last], formats.wrap)
    return sheet


def _summary(
    book: Workbook, formats: Formats, run: CapacityRun, settings: Settings, info: RunInfo
) -> None:
    """Figure / value rows in sections, each section title in bold."""
    sheet = book.add_worksheet("Summary")
    sheet.write_row(0, 0, ("figure", "value"), formats.header)
    index = 1
    for title, lines in summary_sections(run, settings, info):
        sheet.write_string(index, 0, title, formats.title)
        index += 1
        for line in lines:
            write_row(sheet, index, line, formats)
            index += 1
    finish_sheet(sheet, 2, index - 1, (44, 100))
    sheet.set_column(1, 1, 100, formats.wrap)


def _range(rows: int, column: int) -> str:
    """A1-style range of one column's data cells."""
    letter = xl_col_to_name(column)
    return f"{letter}2:{letter}{max(rows, 1) + 1}"


def _flag(sheet: Worksheet, formats: Formats, columns: Sequence[str], rows: Sequence[Any]) -> None:
    """Short in red, enough staff in green (conditional, so colours follow edits and sorts)."""
    cells = _range(len(rows), list(columns).index("status"))
    for value, fmt in ((tables.SHORT, formats.red), (tables.ENOUGH, formats.green)):
        sheet.conditional_format(
            cells, {"type": "cell", "criteria": "==", "value": f'"{value}"', "format": fmt}
        )


def _raise(sheet: Worksheet, formats: Formats, rows: int) -> None:
    """Caps that would have to rise above their settings in amber."""
    cells = _range(rows, tables.CAPS_COLUMNS.index("largest_change_pct"))
    sheet.conditional_format(
        cells, {"type": "cell", "criteria": ">", "value": 0, "format": formats.amber}
    )
