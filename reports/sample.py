"""The synthetic sample written as an input workbook; its rows come from ``inputs.sample``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from inputs import schema
from inputs.sample.generate import DEFAULT_SHAPE, SampleSummary, Shape, generate, summarise
from reports.xlsx import Formats, new_workbook, write_table

_COLUMNS: dict[str, tuple[str, ...]] = {
    sheet.name: tuple(column.name for column in sheet.columns) for sheet in schema.SHEETS
}
_COLUMNS[schema.SETTINGS.name] = ("setting", "value")  # default and description are not read


def write_sample(
    path: str | Path,
    prisons: int = 1,
    seed: int = 1,
    run_date: date | None = None,
    eoi: bool = False,
    officers: int | None = None,
    shape: Shape = DEFAULT_SHAPE,
) -> SampleSummary:
    """Write a sample input workbook atomically (``run_date`` blank = today)."""
    sheets = generate(prisons, seed, run_date or date.today(), eoi, officers, shape)
    with new_workbook(path, constant_memory=True) as book:
        formats = Formats(book)
        for name, rows in sheets.items():
            columns = _COLUMNS[name]
            cells = [[row.get(column) for column in columns] for row in rows]
            write_table(book.add_worksheet(name), formats, columns, cells)
    return summarise(sheets)
