"""The allocation report workbook: Summary, Allocations, Staff, SPOs, Violations, Problems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from allocator.omic import Derivation
from allocator.problem import ProblemData
from allocator.result import Result, Violation
from inputs.problems import Problem
from reports import tables
from reports.validation import PROBLEM_COLUMNS, PROBLEM_WIDTHS, problem_rows
from reports.xlsx import Formats, new_workbook, write_table


@dataclass(frozen=True)
class RunInfo:
    """What the Summary says about the run itself."""

    input_file: str
    checksum: str
    run_date: date
    settings_changed: dict[str, Any]
    seconds: float


def write_report(
    path: str | Path,
    data: ProblemData,
    derivations: Sequence[Derivation],
    result: Result,
    violations: Sequence[Violation],
    problems: Sequence[Problem],
    info: RunInfo,
) -> None:
    """Write the whole report atomically."""
    allocations = tables.allocation_rows(data, derivations, result)
    with new_workbook(path, constant_memory=True) as book:
        formats = Formats(book)
        summary_rows = _summary(result, allocations, violations, info)
        _sheet(book, formats, "Summary", ("figure", "value"), summary_rows, (44, 70))
        sheet = _sheet(
            book,
            formats,
            "Allocations",
            tables.ALLOCATION_COLUMNS,
            allocations,
            (11, 7, 5, 10, 14, 12, 12, 12, 10, 6, 10, 8, 10, 6, 10, 8, 8, 7, 90),
        )
        _highlight_changed(sheet, formats, len(allocations))
        staff = tables.staff_rows(data, derivations, result.allocation)
        sheet = _sheet(
            book,
            formats,
            "Staff",
            tables.STAFF_COLUMNS,
            staff,
            (10, 18, 6, 6, 9, 5, 11, 8, 7, 9, 9, 8, 9, 10, 9),
        )
        _utilisation_colours(sheet, formats, len(staff))
        spos = tables.spo_rows(data)
        sheet = _sheet(book, formats, "SPOs", tables.SPO_COLUMNS, spos, (10, 18, 10, 9, 9, 9, 9))
        _flag(sheet, formats, len(spos), 6, '"yes"', formats.red)
        rows = tables.violation_rows(violations)
        sheet = _sheet(
            book,
            formats,
            "Violations",
            tables.VIOLATION_COLUMNS,
            rows,
            (22, 8, 11, 10, 10, 9, 9, 100),
        )
        _flag(sheet, formats, len(rows), 1, '"hard"', formats.red)
        _flag(sheet, formats, len(rows), 1, '"soft"', formats.amber)
        _sheet(book, formats, "Problems", PROBLEM_COLUMNS, problem_rows(problems), PROBLEM_WIDTHS)


def _sheet(
    book: Any,
    formats: Formats,
    name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
) -> Worksheet:
    """A sheet holding one table."""
    sheet = book.add_worksheet(name)
    write_table(sheet, formats, headers, rows, widths)
    return sheet


def _summary(
    result: Result,
    allocations: Sequence[Sequence[Any]],
    violations: Sequence[Violation],
    info: RunInfo,
) -> list[list[Any]]:
    """Headline figures, then the status of every sub-problem."""
    pom_col = tables.ALLOCATION_COLUMNS.index("pom")
    allocated = sum(1 for row in allocations if row[pom_col])
    hard = sum(1 for v in violations if v.severity == "hard")
    changed = ", ".join(f"{k} = {v}" for k, v in info.settings_changed.items()) or "none"
    rows: list[list[Any]] = [
        ["run date", info.run_date],
        ["input file", info.input_file],
        ["input file SHA-256", info.checksum],
        ["settings changed from the defaults", changed],
        ["solver", result.solver],
        ["cases in scope", len(allocations)],
        ["cases with a POM", allocated],
        ["cases without a POM", len(allocations) - allocated],
        ["hard violations", hard],
        ["soft violations", len(violations) - hard],
        ["objective", result.objective],
        ["solve time (s)", round(result.seconds, 2)],
        ["total time (s)", round(info.seconds, 2)],
    ]
    for sub in result.subresults:
        status = sub.status if sub.status != "FEASIBLE" else f"FEASIBLE, gap {sub.gap_pct:.2f} %"
        label = f"{'POMs of prison' if sub.kind == 'pom' else 'COMs of LDU'} {sub.name}"
        rows.append([label, f"{status}; {sub.decided} decided of {sub.cases}; {sub.seconds:.2f} s"])
    rows.extend(["capacity", line] for sub in result.subresults for line in sub.diagnosis)
    return rows


def _range(rows: int, column: int) -> str:
    """A1-style range of one column's data cells."""
    letter = xl_col_to_name(column)
    return f"{letter}2:{letter}{max(rows, 1) + 1}"


def _highlight_changed(sheet: Worksheet, formats: Formats, rows: int) -> None:
    """Rows whose POM or COM changed this run are highlighted."""
    pom = xl_col_to_name(tables.ALLOCATION_COLUMNS.index("pom_changed"))
    com = xl_col_to_name(tables.ALLOCATION_COLUMNS.index("com_changed"))
    last = xl_col_to_name(len(tables.ALLOCATION_COLUMNS) - 1)
    sheet.conditional_format(
        f"A2:{last}{max(rows, 1) + 1}",
        {
            "type": "formula",
            "criteria": f'=OR(${pom}2="yes",${com}2="yes")',
            "format": formats.green,
        },
    )


def _utilisation_colours(sheet: Worksheet, formats: Formats, rows: int) -> None:
    """Amber from 90 %, red from 100 %."""
    cells = _range(rows, tables.STAFF_COLUMNS.index("utilisation_pct"))
    sheet.conditional_format(
        cells, {"type": "cell", "criteria": ">=", "value": 100, "format": formats.red}
    )
    sheet.conditional_format(
        cells, {"type": "cell", "criteria": ">=", "value": 90, "format": formats.amber}
    )


def _flag(sheet: Worksheet, formats: Formats, rows: int, column: int, value: str, fmt: Any) -> None:
    """Colour a column's cells equal to a value."""
    sheet.conditional_format(
        _range(rows, column), {"type": "cell", "criteria": "==", "value": value, "format": fmt}
    )
