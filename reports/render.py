"""Render a ``Book`` into a new .xlsx file with xlsxwriter, atomically.

Plain tables get their data rows spliced in after xlsxwriter has written everything
else (``reports.bulk``: xlsxwriter is too slow for a national report); sheets with
links or bold rows (Violations, Summary) are written cell by cell. Either way text is
written as text (``strings_to_formulas`` is off and no cell is ever a formula).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reports.book import (
    BAR,
    COLOURS,
    HEADER_FILL,
    HEADER_FONT,
    HEADER_FONT_SIZE,
    LINE,
    Book,
    Chart,
    Link,
    Sheet,
    row_height,
)
from reports.bulk import Bulk, splice
from reports.files import atomic_path
from reports.xlsx import DATE_FORMAT

MAX_LINKS = 65_000  # Excel allows 65,530 links per sheet; the rest are plain text
CHART_ROWS = 18  # rows the chart covers above the side table
SIDE_TOP = CHART_ROWS + 2  # 0-based row of the side table's header (a blank row below the chart)
_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": DATE_FORMAT,
    "in_memory": True,  # no temporary file per part: much faster for many small workbooks
}


class Styles:
    """The cell and conditional formats of one workbook."""

    def __init__(self, book: Workbook) -> None:
        top = {"valign": "top"}
        self.header = book.add_format(
            {
                "bold": True,
                "font_size": HEADER_FONT_SIZE,
                "font_color": HEADER_FONT,
                "bg_color": HEADER_FILL,
                "border": 1,
                "text_wrap": True,
                "valign": "top",
            }
        )
        self.cell = book.add_format(top)
        self.date = book.add_format({**top, "num_format": DATE_FORMAT, "align": "left"})
        self.wrap = book.add_format({**top, "text_wrap": True, "align": "left"})
        self.bold = book.add_format({**top, "bold": True, "bottom": 1})
        self.link = book.add_format({**top, "font_color": "#0563C1", "underline": 1})
        self.colours = {
            name: book.add_format({"bg_color": fill, "font_color": font})
            for name, (fill, font) in COLOURS.items()
        }

    def column(self, sheet: Sheet, name: str) -> Format:
        """The default format of a column's cells."""
        if name in sheet.dates:
            return self.date
        return self.wrap if name in sheet.wrap else self.cell


def render(book: Book, path: str | Path) -> None:
    """Write ``book`` to ``path``; nothing is left behind when anything fails."""
    with atomic_path(path) as temp:
        workbook = xlsxwriter.Workbook(str(temp), _OPTIONS)
        bulks: dict[str, tuple[Sheet, list[Format]]] = {}
        try:
            styles = Styles(workbook)
            for sheet in book.sheets:
                if _render_sheet(workbook, sheet, styles):
                    bulks[sheet.name] = (sheet, [styles.column(sheet, h) for h in sheet.headers])
        finally:
            workbook.close()
        if bulks:
            splice(temp, {name: _bulk(sheet, formats) for name, (sheet, formats) in bulks.items()})


def _bulk(sheet: Sheet, formats: list[Format]) -> Bulk:
    """The rows and the style ids xlsxwriter gave the column formats (known after closing)."""
    dated = [header in sheet.dates for header in sheet.headers]
    return Bulk(sheet.rows, [f.xf_index or 0 for f in formats], dated, sheet.wrapped())


def _render_sheet(workbook: Workbook, sheet: Sheet, styles: Styles) -> bool:
    """One sheet; True when its data rows are left to the bulk writer."""
    worksheet = workbook.add_worksheet(sheet.name)
    bulk = bool(sheet.rows) and not sheet.links and not sheet.bold_rows
    write_table(worksheet, sheet, styles, 0, 0, data=not bulk)
    finish(worksheet, sheet, styles)
    if sheet.side is not None:
        top = SIDE_TOP if sheet.chart else 0
        write_table(worksheet, sheet.side, styles, top, len(sheet.headers) + 1)
        if sheet.chart is not None:
            _chart(workbook, worksheet, sheet, sheet.chart, top)
    return bulk


def write_table(
    ws: Worksheet, sheet: Sheet, styles: Styles, top: int, left: int, data: bool = True
) -> None:
    """The header row at (top, left), the widths, and (unless ``data`` is False) the rows."""
    formats = [styles.column(sheet, h) for h in sheet.headers]
    widths = sheet.column_widths()
    for index, header in enumerate(sheet.headers):
        ws.write_string(top, left + index, header, styles.header)
        ws.set_column(left + index, left + index, widths[index], formats[index])
    if not data:
        return
    links = 0
    wrapped = sheet.wrapped()
    for r, row in enumerate(sheet.rows):
        height = row_height(row, wrapped) if wrapped else None
        if height:
            ws.set_row(top + r + 1, height)
        bold = r in sheet.bold_rows
        for c, value in enumerate(row):
            fmt = styles.bold if bold else formats[c]
            links += _write(ws, top + r + 1, left + c, value, fmt, styles, links < MAX_LINKS)


def _write(
    ws: Worksheet, row: int, col: int, value: Any, fmt: Format, styles: Styles, link_ok: bool
) -> int:
    """One cell by the type of its value; 1 when a link was written."""
    kind = type(value)
    if kind is str:
        if value:
            ws.write_string(row, col, value, fmt)
    elif kind is int or kind is float:
        if math.isfinite(value):
            ws.write_number(row, col, value, fmt)
    elif value is None:
        pass
    elif kind is bool:
        ws.write_string(row, col, "yes" if value else "no", fmt)
    elif isinstance(value, date):
        ws.write_datetime(row, col, value, styles.date)
    elif isinstance(value, Link):
        return _link(ws, row, col, value, styles, link_ok)
    else:
        ws.write_string(row, col, str(value), fmt)
    return 0


def _link(ws: Worksheet, row: int, col: int, link: Link, styles: Styles, ok: bool) -> int:
    """A link to another sheet's cell (plain text past Excel's limit of links per sheet)."""
    if not link.text:
        return 0
    if not ok:
        ws.write_string(row, col, link.text, styles.cell)
        return 0
    if link.file:
        target = f"external:{link.file}"
    else:
        target = f"internal:'{link.sheet}'!{xl_rowcol_to_cell(link.row - 1, link.column)}"
    ws.write_url(row, col, target, styles.link, string=link.text)
    return 1


def finish(ws: Worksheet, sheet: Sheet, styles: Styles) -> None:
    """Frozen header, filters, colours, and landscape fit-to-width printing."""
    columns = len(sheet.headers)
    rows = max(len(sheet.rows), 1)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, rows, columns - 1)
    last = xl_col_to_name(columns - 1)
    for rule in sheet.highlights if sheet.rows else ():
        letter = xl_col_to_name(sheet.column(rule.column))
        cells = f"A2:{last}{rows + 1}" if rule.whole_row else f"{letter}2:{letter}{rows + 1}"
        criteria = "=" + rule.formula(letter)
        fmt = styles.colours[rule.colour]
        ws.conditional_format(cells, {"type": "formula", "criteria": criteria, "format": fmt})
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(sheet.pages_wide, 0)
    ws.repeat_rows(0)
    if sheet.pages_wide > 1:  # a wide table: the row's name on every page
        ws.repeat_columns(0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_footer("&L&A&RPage &P of &N")


def _chart(workbook: Workbook, ws: Worksheet, sheet: Sheet, spec: Chart, top: int) -> None:
    """A column chart of the side table against a constant line, above the side table."""
    side = sheet.side
    assert side is not None
    left = len(sheet.headers) + 1
    first, last = top + 1, top + len(side.rows)

    def ref(column: str) -> list[Any]:
        at = left + side.column(column)
        return [sheet.name, first, at, last, at]

    bars = workbook.add_chart({"type": "column"})
    values = [row[side.column(spec.values)] for row in side.rows]
    bars.add_series(
        {
            "name": spec.values.replace("_", " "),
            "categories": ref(spec.categories),
            "values": ref(spec.values),
            "fill": {"color": BAR},
            "points": _points(values) if spec.colour_by else None,
            "gap": 50,
        }
    )
    line = workbook.add_chart({"type": "line"})
    line.add_series(
        {
            "name": spec.line.replace("_", " "),
            "categories": ref(spec.categories),
            "values": ref(spec.line),
            "line": {"color": LINE, "width": 2.25},
            "marker": {"type": "none"},
        }
    )
    bars.combine(line)
    bars.set_title({"name": spec.title, "name_font": {"size": 12, "bold": True}})
    bars.set_y_axis({"name": spec.axis_title, "min": 0, "major_gridlines": {"visible": True}})
    bars.set_x_axis({"num_font": {"rotation": -45, "size": 8}})
    bars.set_legend({"position": "bottom"})
    bars.set_size({"width": chart_width(len(side.rows)), "height": CHART_ROWS * 20})
    ws.insert_chart(1, left, bars, {"x_offset": 4, "y_offset": 4})


def chart_width(bars: int) -> int:
    """Pixels: room for the bars' labels, within a page's width."""
    return max(480, min(900, 120 + 24 * bars))


def _points(values: Sequence[Any]) -> list[dict[str, Any] | None]:
    """Red bars at or over 100 %, amber from 90 %."""
    points: list[dict[str, Any] | None] = []
    for value in values:
        if isinstance(value, (int, float)) and value >= 100:
            points.append({"fill": {"color": COLOURS["red"][1]}})
        elif isinstance(value, (int, float)) and value >= 90:
            points.append({"fill": {"color": "#FFC000"}})
        else:
            points.append(None)
    return points
