"""The deployment report workbook.

Sheets: Summary, Deployment (officer -> prison, preference got, reason), Unfilled
posts (for the next EOI round), LDU impact (FTE before / after / minimum, with a
chart), Shadow caseload, Violations and Problems. Written atomically from the
plan and the checker's findings only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from allocator.check.deploy import DeployCheck
from allocator.domain.deployment import DeployPlan
from allocator.domain.omic import Derivation
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem
from allocator.domain.result import RunInfo
from reports import deploy_tables as tables
from reports.validation import PROBLEM_COLUMNS, PROBLEM_WIDTHS, problem_rows
from reports.xlsx import Formats, new_workbook, write_table

_CHART_MAX_LDUS = 60  # beyond this the chart is unreadable; the table still has every LDU


def write_deployment_report(
    path: str | Path,
    data: ProblemData,
    derivations: Sequence[Derivation],
    plan: DeployPlan,
    check: DeployCheck,
    problems: Sequence[Problem],
    info: RunInfo,
) -> None:
    """Write the whole report atomically."""
    with new_workbook(path) as book:
        formats = Formats(book)
        _table(
            book,
            formats,
            "Summary",
            ("figure", "value"),
            _summary(data, plan, check, info),
            (44, 70),
        )
        officers = tables.deployment_rows(data, plan)
        sheet = _table(
            book,
            formats,
            "Deployment",
            tables.DEPLOYMENT_COLUMNS,
            officers,
            (10, 18, 7, 5, 9, 7, 20, 10, 10, 22, 9, 12, 9, 90),
        )
        deployed = tables.DEPLOYMENT_COLUMNS.index("deployed")
        _flag(sheet, formats, len(officers), deployed, '"yes"', formats.green)
        _table(
            book,
            formats,
            "Unfilled posts",
            tables.UNFILLED_COLUMNS,
            tables.unfilled_rows(data, plan),
            (8, 20, 13, 9, 9, 10, 10, 9, 12, 90),
        )
        ldus = tables.ldu_rows(data, plan)
        sheet = _table(
            book,
            formats,
            "LDU impact",
            tables.LDU_COLUMNS,
            ldus,
            (8, 10, 8, 10, 9, 8, 11, 11, 10, 12, 12, 40),
        )
        _ldu_colours(sheet, formats, len(ldus))
        _ldu_chart(book, sheet, len(ldus))
        _table(
            book,
            formats,
            "Shadow caseload",
            tables.SHADOW_COLUMNS,
            tables.shadow_rows(data, derivations, plan),
            (10, 7, 7, 12, 10, 5, 9, 14, 12, 11, 10, 40),
        )
        rows = tables.violation_rows(check.violations)
        sheet = _table(
            book,
            formats,
            "Violations",
            tables.VIOLATION_COLUMNS,
            rows,
            (20, 8, 7, 7, 10, 10, 10, 8, 8, 11, 100),
        )
        _flag(sheet, formats, len(rows), 1, '"hard"', formats.red)
        _flag(sheet, formats, len(rows), 1, '"soft"', formats.amber)
        _table(book, formats, "Problems", PROBLEM_COLUMNS, problem_rows(problems), PROBLEM_WIDTHS)


_LONG_TEXT = ("reason", "message", "why_this_case", "value")


def _table(
    book: Workbook,
    formats: Formats,
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
) -> Worksheet:
    """A sheet holding one table; long text wraps so that printing stays readable."""
    sheet = book.add_worksheet(name)
    write_table(sheet, formats, headers, rows, widths)
    long = [c for c, header in enumerate(headers) if header in _LONG_TEXT]
    for index, row in enumerate(rows, start=1):
        lines = 1
        for column in long:
            text = row[column]
            if isinstance(text, str) and text:
                sheet.write_string(index, column, text, formats.wrap)
                # Neither Excel nor LibreOffice grows the rows of a generated file.
                lines = max(lines, math.ceil(len(text) / (widths[column] * 1.1)))
        if lines > 1:
            sheet.set_row(index, 15 * lines)
    return sheet


def _summary(
    data: ProblemData, plan: DeployPlan, check: DeployCheck, info: RunInfo
) -> list[list[Any]]:
    """The run, then the plan's headline figures and stages."""
    changed = ", ".join(f"{k} = {v}" for k, v in info.settings_changed.items()) or "none"
    rows: list[list[Any]] = [
        ["run date", info.run_date],
        ["input file", info.input_file],
        ["input file SHA-256", info.checksum],
        ["settings changed from the defaults", changed],
    ]
    rows += tables.summary_rows(data, plan, check)
    rows.append(["total time (s)", round(info.seconds, 2)])
    return rows


def _range(rows: int, column: int) -> str:
    """A1-style range of one column's data cells."""
    letter = xl_col_to_name(column)
    return f"{letter}2:{letter}{max(rows, 1) + 1}"


def _flag(sheet: Worksheet, formats: Formats, rows: int, column: int, value: str, fmt: Any) -> None:
    """Colour a column's cells equal to a value."""
    sheet.conditional_format(
        _range(rows, column), {"type": "cell", "criteria": "==", "value": value, "format": fmt}
    )


def _ldu_colours(sheet: Worksheet, formats: Formats, rows: int) -> None:
    """A status other than 'kept' is red."""
    column = tables.LDU_COLUMNS.index("status")
    sheet.conditional_format(
        _range(rows, column),
        {"type": "cell", "criteria": "!=", "value": '"kept"', "format": formats.red},
    )


def _ldu_chart(book: Workbook, sheet: Worksheet, rows: int) -> None:
    """Columns of FTE before and after per LDU, with the minimum as a line."""
    if rows == 0:
        return
    shown = min(rows, _CHART_MAX_LDUS)
    name = sheet.get_name()
    categories = [name, 1, 0, shown, 0]
    chart = book.add_chart({"type": "column"})
    for column, colour in (("fte_before", "#9DC3E6"), ("fte_after", "#2E75B6")):
        index = tables.LDU_COLUMNS.index(column)
        chart.add_series(
            {
                "name": [name, 0, index],
                "categories": categories,
                "values": [name, 1, index, shown, index],
                "fill": {"color": colour},
            }
        )
    line = book.add_chart({"type": "line"})
    index = tables.LDU_COLUMNS.index("min_fte")
    line.add_series(
        {
            "name": [name, 0, index],
            "categories": categories,
            "values": [name, 1, index, shown, index],
            "line": {"none": True},
            "marker": {
                "type": "dash",
                "size": 12,
                "fill": {"color": "#C00000"},
                "border": {"color": "#C00000"},
            },
        }
    )
    chart.combine(line)
    chart.set_title({"name": "LDU staffing before and after deployment (FTE)"})
    chart.set_y_axis({"name": "FTE", "min": 0})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 90 + 28 * shown, "height": 360})
    sheet.insert_chart(rows + 3, 0, chart)
