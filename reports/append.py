"""Render a ``Book`` as new sheets of a workbook opened with openpyxl (the write-back).

The same look as ``reports.render``: a bold frozen header, filters, widths, dates as
dd/mm/yyyy, colours, landscape fit-to-width printing, and the utilisation chart.
openpyxl turns any text that starts with ``=`` into a formula, so every text cell is
marked as text after it is set (``set_text``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from reports.book import (
    BAR,
    COLOURS,
    HEADER_FILL,
    HEADER_FONT,
    HEADER_FONT_SIZE,
    LINE,
    Book,
    Link,
    Sheet,
    row_height,
)
from reports.bulk import MAX_TEXT
from reports.render import CHART_ROWS, SIDE_TOP, chart_width
from reports.xlsx import DATE_FORMAT

_TOP = Alignment(vertical="top")
_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)
_HEADER = {
    "font": Font(bold=True, color=HEADER_FONT[1:], size=HEADER_FONT_SIZE),
    "fill": PatternFill("solid", start_color=HEADER_FILL[1:], end_color=HEADER_FILL[1:]),
    "border": Border(*(Side(style="thin"),) * 4),
    "alignment": Alignment(vertical="top", wrap_text=True),
}
_PIXELS_PER_CM = 37.8


def set_text(cell: Cell, text: str) -> None:
    """Put text in a cell as text, never as a formula (and without characters XML forbids)."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text[:MAX_TEXT])
    cell.data_type = "s"


def append_book(workbook: Workbook, book: Book, names: Mapping[str, str]) -> None:
    """Add each sheet of ``book`` at the end of ``workbook`` under ``names[sheet.name]``."""
    for sheet in book.sheets:
        worksheet = workbook.create_sheet(names[sheet.name])
        _table(worksheet, sheet, 1, 1, names)
        _finish(worksheet, sheet)
        if sheet.side is not None:
            top = SIDE_TOP + 1 if sheet.chart else 1
            left = len(sheet.headers) + 2
            _table(worksheet, sheet.side, top, left, names)
            if sheet.chart is not None:
                _chart(worksheet, sheet, top, left)


def _table(ws: Worksheet, sheet: Sheet, top: int, left: int, names: Mapping[str, str]) -> None:
    """Header at (top, left) (1-based), widths, and the rows."""
    for offset, (header, width) in enumerate(
        zip(sheet.headers, sheet.column_widths(), strict=True)
    ):
        cell = ws.cell(top, left + offset)
        set_text(cell, header)
        for name, style in _HEADER.items():
            setattr(cell, name, style)
        ws.column_dimensions[get_column_letter(left + offset)].width = width
    wrapped = sheet.wrapped()
    wrap = {sheet.column(h) for h in sheet.wrap}
    for index, row in enumerate(sheet.rows):
        r = top + index + 1
        height = row_height(row, wrapped) if wrapped else None
        if height:
            ws.row_dimensions[r].height = height
        bold = index in sheet.bold_rows
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            cell = ws.cell(r, left + c)
            _value(cell, value, names)
            cell.alignment = _WRAP if c in wrap else _TOP
            if bold:
                cell.font = Font(bold=True)


def _value(cell: Cell, value: Any, names: Mapping[str, str]) -> None:
    """One value by its type."""
    if isinstance(value, Link):
        set_text(cell, value.text)
        location = None if value.file else f"'{names.get(value.sheet, value.sheet)}'!A{value.row}"
        cell.hyperlink = Hyperlink(
            ref=cell.coordinate, target=value.file or None, location=location
        )
        cell.font = Font(color="0563C1", underline="single")
    elif isinstance(value, bool):
        set_text(cell, "yes" if value else "no")
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (int, float)):
        cell.value = value
    else:
        set_text(cell, str(value))


def _finish(ws: Worksheet, sheet: Sheet) -> None:
    """Frozen header, filters, colours, and landscape fit-to-width printing."""
    last = get_column_letter(len(sheet.headers))
    rows = max(len(sheet.rows), 1) + 1
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{rows}"
    for rule in sheet.highlights if sheet.rows else ():
        letter = get_column_letter(sheet.column(rule.column) + 1)
        cells = f"A2:{last}{rows}" if rule.whole_row else f"{letter}2:{letter}{rows}"
        fill, font = COLOURS[rule.colour]
        ws.conditional_formatting.add(
            cells,
            FormulaRule(
                formula=[rule.formula(letter)],
                fill=PatternFill("solid", start_color=fill[1:], end_color=fill[1:]),
                font=Font(color=font[1:]),
            ),
        )
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _chart(ws: Worksheet, sheet: Sheet, top: int, left: int) -> None:
    """The column chart of the side table against its constant line."""
    side, spec = sheet.side, sheet.chart
    assert side is not None and spec is not None
    first, last = top + 1, top + len(side.rows)

    def ref(column: str, header: bool = False) -> Reference:
        at = left + side.column(column)
        return Reference(ws, min_col=at, min_row=first - header, max_row=last)

    bars = BarChart()
    bars.type = "col"
    bars.title = spec.title
    bars.add_data(ref(spec.values, header=True), titles_from_data=True)
    bars.set_categories(ref(spec.categories))
    bars.series[0].graphicalProperties.solidFill = BAR[1:]
    bars.y_axis.title = spec.axis_title
    bars.y_axis.scaling.min = 0
    line = LineChart()
    line.add_data(ref(spec.line, header=True), titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = LINE[1:]
    line.series[0].marker.symbol = "none"
    bars += line
    bars.legend.position = "b"
    bars.width = chart_width(len(side.rows)) / _PIXELS_PER_CM
    bars.height = CHART_ROWS * 20 / _PIXELS_PER_CM
    ws.add_chart(bars, f"{get_column_letter(left)}2")
