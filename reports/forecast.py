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

import xlsxwriter
from xlsxwriter.format import Format

from allocator.domain.forecast import EVENT_NAMES, event_text
from allocator.domain.forecast_arrivals import RECENT_WEEKS
from allocator.domain.forecast_totals import Forecast
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem
from allocator.domain.result import RunInfo
from reports import forecast_tables as t
from reports.book import Highlight, Sheet
from reports.bulk import Bulk, splice
from reports.files import atomic_path
from reports.forecast_charts import write_charts
from reports.render import Styles, finish, write_table
from reports.returns import SHEET, ReturnCase, returns_sheet
from reports.validation import PROBLEM_COLUMNS, PROBLEM_WIDTHS, problem_rows
from reports.xlsx import DATE_FORMAT, Formats

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
_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": DATE_FORMAT,
    "in_memory": True,
}
#: Utilisation amber from 90 %, red from 100 % (the first rule that holds wins).
_LOAD = ("red", 100), ("amber", 90)
_NOBODY = "nobody below 90 % on the run date reaches 90 % or 100 % in the window"


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
    """Write the whole workbook atomically.

    The tables' rows are spliced in after xlsxwriter has written the rest (as the
    allocation report does: the Weeks sheet alone has a row per person and week).
    """
    sheets = forecast_sheets(report)
    with atomic_path(path) as temp:
        book = xlsxwriter.Workbook(str(temp), _OPTIONS)
        bulks: dict[str, tuple[Sheet, list[Format]]] = {}
        try:
            styles = Styles(book)
            for sheet in sheets:
                if sheet.name == SHEET:  # the charts go before the returns
                    write_charts(book, Formats(book), report.forecast)
                worksheet = book.add_worksheet(sheet.name)
                bulk = bool(sheet.rows) and not sheet.bold_rows
                write_table(worksheet, sheet, styles, 0, 0, data=not bulk)
                finish(worksheet, sheet, styles)
                if bulk:
                    bulks[sheet.name] = (sheet, [styles.column(sheet, h) for h in sheet.headers])
        finally:
            book.close()
        splice(temp, {name: _bulk(sheet, formats) for name, (sheet, formats) in bulks.items()})


def _bulk(sheet: Sheet, formats: list[Format]) -> Bulk:
    """The rows and the style ids xlsxwriter gave the column formats (known after closing)."""
    dated = [header in sheet.dates for header in sheet.headers]
    return Bulk(sheet.rows, [f.xf_index or 0 for f in formats], dated, sheet.wrapped())


def forecast_sheets(report: ForecastReport) -> list[Sheet]:
    """Every sheet but Charts, in order."""
    fc, data = report.forecast, report.data
    found = t.crossings(fc)
    return [
        _summary(report, found),
        _table("Weeks", t.WEEK_COLUMNS, t.week_rows(fc, data), t.WEEK_WIDTHS, ("events",)),
        _table(
            "Over capacity",
            t.OVER_COLUMNS,
            t.over_rows(fc, data, found),
            t.OVER_WIDTHS,
            ("why", "note"),
        ),
        _table("Handovers", t.HANDOVER_COLUMNS, t.handover_rows(fc, data), t.HANDOVER_WIDTHS),
        _table("Prisons", t.PRISON_COLUMNS, t.prison_rows(fc), t.PRISON_WIDTHS),
        _table("LDUs", t.LDU_COLUMNS, t.ldu_rows(fc), t.LDU_WIDTHS),
        returns_sheet(report.returns),
        _table(
            "Problems",
            PROBLEM_COLUMNS,
            problem_rows(report.problems),
            PROBLEM_WIDTHS,
            ("problem",),
        ),
    ]


def _table(
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    wrap: Sequence[str] = (),
) -> Sheet:
    """One table; date columns shown as dates, utilisation amber from 90 %, red from 100 %."""
    loads = [h for h in headers if h.startswith("utilisation") or h == "peak_pct"]
    return Sheet(
        name,
        headers,
        rows,
        widths,
        dates=frozenset(h for h in headers if h == "date" or h.endswith("_date")),
        wrap=frozenset(wrap),
        highlights=tuple(
            Highlight(h, "at_least", value, colour, whole_row=False)
            for h in loads
            for colour, value in _LOAD
        ),
    )


def _summary(report: ForecastReport, found: Sequence[t.Crossing]) -> Sheet:
    """Figure / value rows in sections, each section title in bold."""
    rows: list[list[Any]] = []
    bold: set[int] = set()
    for title, lines in summary_sections(report, found):
        bold.add(len(rows))
        rows.append([title, ""])
        rows.extend(lines)
    return Sheet(
        "Summary",
        ("figure", "value"),
        rows,
        (44, 100),
        wrap=frozenset({"value"}),
        bold_rows=frozenset(bold),
    )


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
        ["arrivals expected from", _arrivals_text(fc)],
        ["total time (s)", round(info.seconds, 1)],
    ]
    return [
        ("The run", run),
        ("The weeks ahead", _headline(fc, found)),
        ("Events in the window", _event_lines(fc)),
        ("Notes", [["note", t.note(c)] for c in found[:NOTES]] or [["note", _NOBODY]]),
    ]


def _arrivals_text(fc: Forecast) -> str:
    """Where the expected arrivals come from, in words."""
    total = sum(fc.receptions.values())
    if fc.receptions_from == "setting":
        each = next(iter(fc.receptions.values()), 0.0)
        return f"{each:g} a week into each prison (the weekly_receptions setting)"
    if fc.receptions_from == "arrival_date":
        return (
            f"{total:.1f} a week in all, each prison's own average of the last "
            f"{RECENT_WEEKS} weeks (arrival_date)"
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
