"""Shared helpers for writing workbooks: atomic files, safe text, house formats.

Every workbook the tool writes goes through ``atomic_path`` (``reports.files``) so that
a failure never leaves a half-written file, and through ``safe`` so that user text
starting with ``=``, ``+``, ``-`` or ``@`` is written as text, never as a formula.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reports.files import atomic_path

DATE_FORMAT = "dd/mm/yyyy"
_FORMULA_START = ("=", "+", "-", "@")


@contextlib.contextmanager
def new_workbook(target: str | Path, *, constant_memory: bool = False) -> Iterator[Workbook]:
    """An xlsxwriter workbook written atomically to ``target`` when the block succeeds."""
    with atomic_path(target) as temp:
        book = xlsxwriter.Workbook(
            str(temp),
            {
                "constant_memory": constant_memory,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "default_date_format": DATE_FORMAT,
            },
        )
        try:
            yield book
        finally:
            book.close()


def is_formula_like(text: str) -> bool:
    """Whether user text would be taken for a formula if typed into Excel."""
    return text.startswith(_FORMULA_START)


class Formats:
    """The house formats of one workbook."""

    def __init__(self, book: Workbook) -> None:
        self.header = book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.text = book.add_format({"num_format": "@"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.red = book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"})
        self.amber = book.add_format({"bg_color": "#FFE699", "font_color": "#7F6000"})
        self.green = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.title = book.add_format({"bold": True, "font_size": 14})


def write_table(
    sheet: Worksheet,
    formats: Formats,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float] | None = None,
) -> None:
    """A header row (bold, frozen, filtered), data rows, widths and landscape printing."""
    sheet.write_row(0, 0, headers, formats.header)
    for index, row in enumerate(rows, start=1):
        write_row(sheet, index, row, formats)
    finish_sheet(sheet, len(headers), len(rows), widths or [max(12, len(h) + 2) for h in headers])


def write_row(sheet: Worksheet, index: int, row: Sequence[Any], formats: Formats) -> None:
    """One data row: dates get the date format, text is always written as text."""
    for column, value in enumerate(row):
        if value is None or value == "":
            continue
        if isinstance(value, date):
            sheet.write_datetime(index, column, value, formats.date)
        elif isinstance(value, str):
            sheet.write_string(index, column, value)
        elif isinstance(value, bool):
            sheet.write_string(index, column, "yes" if value else "no")
        else:
            sheet.write_number(index, column, value)


def finish_sheet(sheet: Worksheet, columns: int, rows: int, widths: Sequence[float]) -> None:
    """Frozen header, filters, widths, and landscape fit-to-width printing."""
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(rows, 1), columns - 1)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
