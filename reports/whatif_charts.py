"""The what-if Charts sheet: column charts of the Comparison sheet's figures."""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

CHARTS = "Charts"
# Chart title, y-axis title, and the Comparison headings it shows (KPI labels).
_CHARTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Cases without a worker, and hard breaches",
        "cases / breaches",
        ("cases without a POM", "cases without a needed COM", "hard breaches"),
    ),
    (
        "Workload",
        "% of capacity",
        ("max POM utilisation %", "mean POM utilisation %"),
    ),
    (
        "Over the limits",
        "count",
        (
            "high-risk cases with unqualified staff",
            "POMs over their case cap",
            "staff over points capacity",
            "SPO spans over the limit",
        ),
    ),
    ("Continuity", "moves", ("POM moves", "COM moves")),
)
_SIZE = {"x_scale": 1.6, "y_scale": 1.3}
_ROWS_PER_CHART = 21  # a chart of that size spans about 20 rows


def add_charts(book: Workbook, layout: dict[str, Any]) -> None:
    """One clustered column chart per group of KPIs, scenarios along the x axis.

    Parameters
    ----------
    book
        The workbook.
    layout
        ``sheet`` (the Comparison sheet's name), ``rows`` (scenarios) and ``columns``
        (its headings).
    """
    sheet = book.add_worksheet(CHARTS)
    sheet.write_string(0, 0, "Each scenario against the baseline (figures on the Comparison sheet)")
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    name, rows, columns = layout["sheet"], layout["rows"], layout["columns"]
    for index, (title, axis, labels) in enumerate(_CHARTS):
        chart = book.add_chart({"type": "column"})
        for label in labels:
            column = columns.index(label)
            chart.add_series(
                {
                    "name": [name, 0, column],
                    "categories": [name, 1, 0, rows, 0],
                    "values": [name, 1, column, rows, column],
                }
            )
        chart.set_title({"name": title})
        chart.set_y_axis({"name": axis})
        chart.set_legend({"position": "bottom"})
        sheet.insert_chart(2 + index * _ROWS_PER_CHART, 0, chart, _SIZE)
