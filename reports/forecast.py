"""The forecast workbook, written atomically from the forecast only.

Sheets: Summary (the run, headline figures, plain-English notes), Weeks (person x week),
Over capacity, Handovers, Prisons, LDUs, Charts, HQ returns (on the run date) and Problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from allocator.domain.forecast import EVENT_NAMES, event_text
from allocator.domain.forecast_totals import Forecast
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem
from allocator.domain.result import RunInfo
from reports import forecast_tables as t
from reports.forecast_charts import write_charts
from reports.returns import RETURN_COLUMNS, RETURN_WIDTHS, SHEET, ReturnCase, return_rows
from reports.validation import PROBLEM_COLUMNS, PROBLEM_WIDTHS, problem_rows
from reports.xlsx import Formats, finish_sheet, new_workbook, write_row, write_table

SHEETS = (
    "Summary",
    "Weeks",
    "Over capacity",
    "Handovers",
    "Prisons",
    "LDUs",
    "Charts",
    SHEET,
    "Problems",
)
NOTES = 25  # plain-English notes on the Summary: the first to cross, in week order


@dataclass(frozen=True)
class ForecastReport:
    """Everything the workbook is written from."""

    forecast: Forecast
    data: ProblemData
    returns: Sequence[ReturnCase]
    problems: Sequence[Problem]
    info: RunInfo
    start: str  # where the allocation came from, in words


def write_forecast_report(path: str | Path, report: ForecastReport) -> None:
    """Write the whole workbook atomically."""
    fc, data = report.forecast, report.data
    found = t.crossings(fc)
    with new_workbook(path, constant_memory=True) as book:
        formats = Formats(book)
        _summary(book, formats, report, found)
        _table(book, formats, "Weeks", t.WEEK_COLUMNS, t.week_rows(fc, data), t.WEEK_WIDTHS)
        over = t.over_rows(fc, data, found)
        _table(book, formats, "Over capacity", t.OVER_COLUMNS, over, t.OVER_WIDTHS)
        handovers = t.handover_rows(fc, data)
        _table(book, formats, "Handovers", t.HANDOVER_COLUMNS, handovers, t.HANDOVER_WIDTHS)
        _table(book, formats, "Prisons", t.PRISON_COLUMNS, t.prison_rows(fc), t.PRISON_WIDTHS)
        _table(book, formats, "LDUs", t.LDU_COLUMNS, t.ldu_rows(fc), t.LDU_WIDTHS)
        write_charts(book, formats, fc)
        returns = return_rows(report.returns)
        _table(book, formats, SHEET, RETURN_COLUMNS, returns, RETURN_WIDTHS)
        problems = problem_rows(report.problems)
        _table(book, formats, "Problems", PROBLEM_COLUMNS, problems, PROBLEM_WIDTHS)


def _table(
    book: Workbook,
    formats: Formats,
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
) -> Worksheet:
    """A sheet holding one table; utilisation amber from 90 %, red from 100 %."""
    sheet = book.add_worksheet(name)
    write_table(sheet, formats, headers, rows, widths)
    for column, header in enumerate(headers):
        if header.startswith("utilisation") and rows:
            cells = (1, column, len(rows), column)
            for value, fmt in ((100, formats.red), (90, formats.amber)):
                rule = {"type": "cell", "criteria": ">=", "value": value, "format": fmt}
                sheet.conditional_format(*cells, rule)
    return sheet


def _summary(
    book: Workbook, formats: Formats, report: ForecastReport, found: Sequence[t.Crossing]
) -> None:
    """Figure / value rows in sections, each section title in bold."""
    sheet = book.add_worksheet("Summary")
    sheet.write_row(0, 0, ("figure", "value"), formats.header)
    index = 1
    for title, lines in summary_sections(report, found):
        sheet.write_string(index, 0, title, formats.title)
        index += 1
        for line in lines:
            write_row(sheet, index, line, formats)
            index += 1
    finish_sheet(sheet, 2, index - 1, (44, 100))
    sheet.set_column(1, 1, 100, formats.wrap)


def summary_sections(
    report: ForecastReport, found: Sequence[t.Crossing]
) -> list[tuple[str, list[list[Any]]]]:
    """The Summary's sections: the run, the weeks ahead, what happens, notes."""
    fc, info = report.forecast, report.info
    changed = "; ".join(f"{k} = {v}" for k, v in info.settings_changed.items()) or "none"
    run: list[list[Any]] = [
        ["run date (week 0)", info.run_date],
        ["weeks ahead", fc.weeks],
        ["last week ends", fc.days[-1]],
        ["input file", info.input_file],
        ["input file SHA-256", info.checksum],
        ["starting allocation", report.start],
        ["settings changed from the defaults", changed],
        ["expected arrivals", _arrivals_text(fc)],
        ["total time (s)", round(info.seconds, 1)],
    ]
    return [
        ("The run", run),
        ("The weeks ahead", _headline(fc, found)),
        ("Events in the window", _event_lines(fc)),
        ("Notes", [["note", t.note(c)] for c in found[:NOTES]]),
    ]


def _arrivals_text(fc: Forecast) -> str:
    """Where the expected arrivals come from, in words."""
    total = sum(fc.receptions.values())
    if fc.receptions_from == "setting":
        each = next(iter(fc.receptions.values()), 0.0)
        return f"{each:g} a week into each prison (the weekly_receptions setting)"
    if fc.receptions_from == "arrival_date":
        return (
            f"{total:.1f} a week in all, each prison's own average of the last 12 weeks "
            "(arrival_date)"
        )
    return "none (no weekly_receptions setting and no arrival_date in the workbook)"


def _headline(fc: Forecast, found: Sequence[t.Crossing]) -> list[list[Any]]:
    """Who crosses, what the prisons and LDUs face at the end of the window."""
    last = fc.weeks
    over = {c.staff_id for c in found if c.threshold == 100}
    amber = {c.staff_id for c in found if c.threshold == 90}
    already = sum(1 for weeks in fc.staff.values() if (weeks[0].utilisation_pct or 0) >= 100)
    return [
        ["staff reaching 100 % in the window (below it today)", len(over)],
        ["staff reaching 90 % in the window (below it today)", len(amber)],
        ["staff at or over 100 % today", already],
        [f"cases in custody in week {last}", sum(w[last].cases for w in fc.prisons.values())],
        [
            f"cases without a POM in week {last} (arrivals included)",
            sum(w[last].without_pom for w in fc.prisons.values()),
        ],
        [
            f"cases needing a COM without one in week {last}",
            sum(w[last].needs_com for w in fc.ldus.values()),
        ],
        [
            f"COMs overdue in week {last}",
            sum(w[last].overdue for w in fc.ldus.values()),
        ],
    ]


def _event_lines(fc: Forecast) -> list[list[Any]]:
    """How many of each kind of event the window holds."""
    seen: Counter[str] = Counter()
    for e in fc.events:
        seen[e.kind] += e.count
    return [[EVENT_NAMES[kind][1], seen[kind]] for kind in EVENT_NAMES if seen[kind]] or [
        ["events", event_text({}) or "none"]
    ]
