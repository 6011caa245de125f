"""The what-if comparison workbook: scenarios side by side, charts, changes, breaches.

Sheets: ``Comparison`` (one row per scenario, baseline first: each KPI and its
difference from the baseline, hard breaches by rule, the solver's status),
``Charts`` (the KPIs compared), ``Changes`` (what each change did), one sheet per
scenario with its breaches (marking those the baseline does not have) and
``Problems`` (the input's warnings and notes). Written from the summaries only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from allocator.domain import rules
from allocator.domain.problems import Problem
from allocator.domain.result import Violation
from reports.validation import PROBLEM_COLUMNS, PROBLEM_WIDTHS, problem_rows
from reports.whatif_charts import add_charts
from reports.whatif_kpis import KPIS, Summary
from reports.xlsx import Formats, new_workbook, write_table

COMPARISON = "Comparison"
CHANGES = "Changes"
PROBLEMS = "Problems"
CHANGE_COLUMNS = ("scenario", "row", "change", "what it did")
BREACH_COLUMNS = (
    "rule",
    "severity",
    "case_id",
    "staff_id",
    "spo_id",
    "amount",
    "limit",
    "in_baseline",
    "message",
)
_BREACH_WIDTHS = (26, 9, 11, 14, 12, 9, 9, 11, 100)
_DIFF = "vs baseline"
_RULE_ORDER = {rule.id: index for index, rule in enumerate(rules.RULES)}


def write_whatif_report(
    path: str | Path, summaries: Sequence[Summary], problems: Sequence[Problem] = ()
) -> None:
    """Write the comparison workbook atomically (baseline first in ``summaries``)."""
    with new_workbook(path) as book:
        formats = Formats(book)
        layout = _write_comparison(book, formats, summaries)
        add_charts(book, layout)
        _write_changes(book.add_worksheet(CHANGES), formats, summaries)
        baseline = {_key(v) for v in summaries[0].breaches}
        for summary in summaries:
            _write_breaches(book.add_worksheet(summary.name), formats, summary, baseline)
        if problems:
            sheet = book.add_worksheet(PROBLEMS)
            write_table(sheet, formats, PROBLEM_COLUMNS, problem_rows(problems), PROBLEM_WIDTHS)


def hard_rules(summaries: Sequence[Summary]) -> list[str]:
    """The rules with a hard breach in any scenario, in rule-table order."""
    found = {rule for s in summaries for rule in s.hard_by_rule}
    return sorted(found, key=lambda rule: _RULE_ORDER.get(rule, len(_RULE_ORDER)))


def comparison_columns(summaries: Sequence[Summary]) -> list[str]:
    """The Comparison sheet's headings."""
    columns = ["scenario", "inherits"]
    for kpi in KPIS:
        columns += [kpi.label, f"{kpi.label} {_DIFF}"]
    for rule in hard_rules(summaries):
        columns += [f"hard: {rule}", f"hard: {rule} {_DIFF}"]
    return [*columns, "solver status", "seconds"]


def comparison_rows(summaries: Sequence[Summary]) -> list[list[Any]]:
    """One row per scenario: each figure followed by its difference from the baseline."""
    base, rule_ids = summaries[0], hard_rules(summaries)
    rows = []
    for summary in summaries:
        row: list[Any] = [summary.name, "; ".join(summary.parents)]
        for kpi in KPIS:
            value = summary.figures[kpi.key]
            row += [value, round(value - base.figures[kpi.key], 2)]
        for rule in rule_ids:
            count = summary.hard_by_rule.get(rule, 0)
            row += [count, count - base.hard_by_rule.get(rule, 0)]
        rows.append([*row, summary.status, round(summary.seconds, 1)])
    return rows


def _write_comparison(
    book: Workbook, formats: Formats, summaries: Sequence[Summary]
) -> dict[str, Any]:
    """The Comparison sheet; returns where each figure is, for the charts."""
    sheet = book.add_worksheet(COMPARISON)
    columns = comparison_columns(summaries)
    widths = [20.0, 14.0] + [10.0] * (len(columns) - 4) + [60.0, 9.0]
    write_table(sheet, formats, columns, comparison_rows(summaries), widths)
    sheet.set_row(0, 62)  # the headings wrap over four lines
    sheet.freeze_panes(1, 1)
    sheet.fit_to_pages(2, 0)  # too wide for one page at a readable size
    _colour_differences(sheet, formats, len(summaries), columns)
    return {"sheet": COMPARISON, "rows": len(summaries), "columns": columns}


def _colour_differences(sheet: Worksheet, formats: Formats, rows: int, columns: list[str]) -> None:
    """Green where a scenario does better than the baseline, red where it does worse."""
    better = {f"{kpi.label} {_DIFF}": kpi.better for kpi in KPIS}
    for index, name in enumerate(columns):
        way = better.get(name, -1 if name.startswith("hard: ") and name.endswith(_DIFF) else 0)
        if not way or not name.endswith(_DIFF):
            continue
        good, bad = ("<", ">") if way < 0 else (">", "<")
        for criteria, fmt in ((good, formats.green), (bad, formats.red)):
            sheet.conditional_format(
                1,
                index,
                rows,
                index,
                {"type": "cell", "criteria": criteria, "value": 0, "format": fmt},
            )


def _write_changes(sheet: Worksheet, formats: Formats, summaries: Sequence[Summary]) -> None:
    """What each scenario's changes did (inherited changes name their own scenario)."""
    rows = [
        [
            s.name,
            e.change.row,
            e.change.text
            if e.change.scenario == s.name
            else f"{e.change.text} (from {e.change.scenario})",
            e.text,
        ]
        for s in summaries
        for e in s.effects
    ]
    write_table(sheet, formats, CHANGE_COLUMNS, rows, (24, 7, 40, 100))


def _key(violation: Violation) -> tuple[str, str, str, str]:
    """What makes two breaches the same breach."""
    return (violation.rule, violation.case_id, violation.staff_id, violation.spo_id)


def _write_breaches(
    sheet: Worksheet, formats: Formats, summary: Summary, baseline: set[tuple[str, str, str, str]]
) -> None:
    """A scenario's breaches; red for hard, amber for soft."""
    rows = [
        [
            v.rule,
            v.severity,
            v.case_id,
            v.staff_id,
            v.spo_id,
            v.amount,
            v.limit,
            _key(v) in baseline,
            v.message,
        ]
        for v in summary.breaches
    ]
    write_table(sheet, formats, BREACH_COLUMNS, rows, _BREACH_WIDTHS)
    if rows:
        column = BREACH_COLUMNS.index("severity")
        for value, fmt in (('"hard"', formats.red), ('"soft"', formats.amber)):
            sheet.conditional_format(
                1, column, len(rows), column,
                {"type": "cell", "criteria": "==", "value": value, "format": fmt},
            )  # fmt: skip
