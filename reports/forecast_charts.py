"""The forecast's Charts sheet: utilisation over the weeks, as lines.

Three small tables, each with its line chart below: the busiest staff (highest peak
utilisation), the busiest prisons (POM utilisation if every unallocated case and arrival
were placed) and the busiest LDUs. The tables stay on the sheet: they are the charts' data.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

from allocator.domain.forecast_totals import Forecast
from reports.xlsx import Formats, write_row

SHOWN = 10  # lines per chart: more cannot be told apart
CHART_ROWS = 20
Series = list[tuple[str, list[float | None]]]


def busiest(series: Series) -> Series:
    """The lines with the highest peak, highest first."""

    def peak(item: tuple[str, list[float | None]]) -> float:
        return max((v for v in item[1] if v is not None), default=-1.0)

    return sorted(series, key=lambda item: (-peak(item), item[0]))[:SHOWN]


def chart_series(fc: Forecast) -> list[tuple[str, Series]]:
    """(title, lines) of each chart."""
    staff = [(s, [w.utilisation_pct for w in weeks]) for s, weeks in fc.staff.items()]
    prisons = [(p, [w.utilisation_if_placed_pct for w in ws]) for p, ws in fc.prisons.items()]
    ldus = [(lo, [w.utilisation_pct for w in weeks]) for lo, weeks in fc.ldus.items()]
    return [
        ("Utilisation of the busiest staff (%)", busiest(staff)),
        ("POM utilisation of the busiest prisons, unallocated cases placed (%)", busiest(prisons)),
        ("COM utilisation of the busiest LDUs (%)", busiest(ldus)),
    ]


def write_charts(book: Workbook, formats: Formats, fc: Forecast) -> None:
    """The Charts sheet."""
    sheet = book.add_worksheet("Charts")
    headers = ["name", *(f"week {k}" for k in range(fc.weeks + 1))]
    top = 0
    for title, lines in chart_series(fc):
        sheet.write_string(top, 0, title, formats.title)
        sheet.write_row(top + 1, 0, headers, formats.header)
        for index, (name, values) in enumerate(lines):
            write_row(sheet, top + 2 + index, [name, *values], formats)
        if lines:
            _line_chart(book, sheet, title, top, len(lines), fc.weeks)
        top += 2 + max(len(lines), 1) + CHART_ROWS + 2
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, fc.weeks + 1, 8)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)


def _line_chart(book: Workbook, sheet: Any, title: str, top: int, lines: int, weeks: int) -> None:
    """One line per table row, weeks along the bottom, and the 100 % mark."""
    chart = book.add_chart({"type": "line"})
    for index in range(lines):
        row = top + 2 + index
        chart.add_series(
            {
                "name": ["Charts", row, 0],
                "categories": ["Charts", top + 1, 1, top + 1, weeks + 1],
                "values": ["Charts", row, 1, row, weeks + 1],
                "marker": {"type": "none"},
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 12, "bold": True}})
    chart.set_y_axis({"name": "utilisation %", "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "right"})
    chart.set_size({"width": 900, "height": CHART_ROWS * 20})
    sheet.insert_chart(top + 3 + lines, 0, chart, {"x_offset": 4, "y_offset": 4})
