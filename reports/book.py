"""What a report workbook holds, independent of the library that writes it.

A report is built once as a ``Book`` of ``Sheet`` tables (rows of plain values:
text, numbers, dates, ``Link``) and then rendered: by xlsxwriter into a new file
(``reports.render``), or by openpyxl when the sheets are appended to a user's own
workbook (``reports.append``). Both renderers give every sheet a bold frozen header,
filters, the widths asked for, dates as dd/mm/yyyy and landscape fit-to-width
printing, and both write text as text, never as a formula.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

#: Fill and font colours of highlighted cells, by name.
COLOURS: dict[str, tuple[str, str]] = {
    "red": ("#F8CBAD", "#9C0006"),
    "amber": ("#FFE699", "#7F6000"),
    "changed": ("#DDEBF7", "#1F3864"),
}
HEADER_FILL = "#1F4E78"
HEADER_FONT = "#FFFFFF"
BAR = "#5B9BD5"
LINE = "#C00000"
LINE_HEIGHT = 15  # points per line of 11-point text
CHARS_PER_WIDTH = 1.2  # characters of text per unit of column width (the width of a "0")
HEADER_FONT_SIZE = 9


@dataclass(frozen=True, slots=True)
class Link:
    """A cell showing ``text`` that jumps to a cell of another sheet of the same workbook,
    or, when ``file`` is given, opens that workbook (a path relative to this one).

    ``row`` is the Excel row number (the header is row 1); ``column`` is 0-based.
    """

    text: str
    sheet: str
    row: int
    column: int = 0
    file: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Highlight:
    """Colour cells (or whole rows) where one column meets a test.

    Rendered as a conditional format, so that the colour follows the value when a
    manager edits the cell or sorts the sheet.
    """

    column: str
    test: Literal["equals", "at_least"]
    value: str | float
    colour: str
    whole_row: bool = True

    def formula(self, letter: str) -> str:
        """The test as an Excel formula on row 2, e.g. ``$L2="yes"`` (no leading =)."""
        cell = f"${letter}2"
        if self.test == "equals":
            return f'{cell}="{self.value}"'
        return f"AND(ISNUMBER({cell}),{cell}>={self.value})"


@dataclass(frozen=True, slots=True)
class Chart:
    """A column chart of a side table: one bar per row against a constant line.

    ``colour_by`` bars at or above 100 red and at or above 90 amber.
    """

    title: str
    categories: str
    values: str
    line: str
    axis_title: str
    colour_by: bool = True


@dataclass
class Sheet:
    """One table: a header row, data rows, and how to show them.

    Attributes
    ----------
    name
        The sheet's name (at most 31 characters).
    headers
        The column names of the header row.
    rows
        Data rows of plain values: ``str``, ``int``, ``float``, ``date``, ``Link`` or None.
    widths
        Column widths in characters, one per header.
    dates
        Columns holding dates (shown dd/mm/yyyy; a date elsewhere is shown as text).
    wrap
        Columns whose text wraps (long reasons and messages).
    highlights
        Conditional colours, applied in order (the first has priority).
    bold_rows
        0-based data rows shown bold (section titles of the Summary).
    side
        A second table two columns to the right of this one (the chart's data).
    chart
        A chart of the side table, placed below it.
    links
        Whether any cell is a ``Link`` (such a sheet is always written cell by cell).
    pages_wide
        Printed pages across (the first column repeats on each); 1 fits the sheet to the width.
    """

    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float]
    dates: frozenset[str] = frozenset()
    wrap: frozenset[str] = frozenset()
    highlights: tuple[Highlight, ...] = ()
    bold_rows: frozenset[int] = frozenset()
    side: Sheet | None = None
    chart: Chart | None = None
    links: bool = False
    pages_wide: int = 1

    def column(self, name: str) -> int:
        """The 0-based position of a column."""
        return list(self.headers).index(name)

    def column_widths(self) -> list[float]:
        """The widths asked for, widened where the header would not fit (names have no spaces
        to wrap at)."""
        return [max(w, header_width(h)) for h, w in zip(self.headers, self.widths, strict=True)]

    def wrapped(self) -> list[tuple[int, float]]:
        """(position, width) of each wrapped column."""
        widths = self.column_widths()
        return [(i, widths[i]) for i, h in enumerate(self.headers) if h in self.wrap]


def header_width(header: str) -> float:
    """Characters of body text that a header in the smaller header font needs."""
    return round(len(header) * HEADER_FONT_SIZE / 11 + 1.5, 1)


def row_height(row: Sequence[Any], wrapped: Sequence[tuple[int, float]]) -> float | None:
    """Points of height for a row whose wrapped text needs more than one line (else None).

    Neither Excel nor LibreOffice grows a row to fit wrapped text when opening a file, so
    the height is set here from the text's length and the column's width.
    """
    lines = 1
    for position, width in wrapped:
        value = row[position] if position < len(row) else None
        per_line = max(width * CHARS_PER_WIDTH, 1.0)
        if isinstance(value, str) and (len(value) > per_line or "\n" in value):
            parts = value.split("\n")
            lines = max(lines, sum(math.ceil(max(len(p), 1) / per_line) for p in parts))
    return LINE_HEIGHT * lines if lines > 1 else None


@dataclass
class Book:
    """The sheets of one workbook, in order."""

    sheets: list[Sheet] = field(default_factory=list)

    def sheet(self, name: str) -> Sheet:
        """The sheet with that name."""
        return next(s for s in self.sheets if s.name == name)
