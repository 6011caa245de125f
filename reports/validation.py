"""The ``validate -o`` workbook: the input's problems and what the OMiC rules derive per case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from allocator.domain.omic import Derivation
from allocator.domain.problems import Problem
from reports.xlsx import Formats, new_workbook, write_table

PROBLEM_COLUMNS = ("severity", "sheet", "row", "column", "value", "problem")
PROBLEM_WIDTHS = (10, 12, 7, 20, 24, 90)
DERIVED_COLUMNS = (
    "case_id",
    "prison",
    "in_scope",
    "allocatable",
    "responsibility",
    "erd",
    "handover_start_date",
    "handover_date",
    "needs_com",
    "com_overdue",
    "recommended_pom_type",
    "early_allocation",
    "points",
    "com_points",
    "missing",
    "why",
)
DERIVED_WIDTHS = (11, 8, 9, 11, 14, 12, 12, 12, 10, 11, 14, 16, 8, 10, 14, 110)


def problem_rows(problems: Sequence[Problem]) -> list[list[Any]]:
    """One row per problem, in the contract's column order."""
    return [
        [str(p.severity), p.sheet, p.row, p.column, _cell(p.value), p.problem] for p in problems
    ]


def derived_row(d: Derivation) -> list[Any]:
    """One row of the Derived sheet."""
    handover = d.handover
    return [
        d.case_id,
        d.prison,
        d.in_scope,
        d.allocatable,
        str(d.responsibility) if d.responsibility else "",
        handover.erd if handover else None,
        handover.start_date if handover else None,
        handover.handover_date if handover else None,
        d.needs_com,
        d.com_overdue,
        str(d.recommended_pom_type) if d.recommended_pom_type else "",
        d.early_allocation,
        d.points if d.in_scope else None,
        d.com_points if d.in_scope else None,
        ", ".join(d.missing),
        d.why,
    ]


def _cell(value: Any) -> Any:
    """A problem's value as Excel should show it."""
    if value is None or (isinstance(value, (int, float, date)) and not isinstance(value, bool)):
        return value
    return str(value)


def write_validation_report(
    path: str | Path, problems: Sequence[Problem], derivations: Sequence[Derivation]
) -> None:
    """Write ``Problems`` and ``Derived`` sheets atomically to ``path``."""
    with new_workbook(path, constant_memory=True) as book:
        formats = Formats(book)
        sheet = book.add_worksheet("Problems")
        write_table(sheet, formats, PROBLEM_COLUMNS, problem_rows(problems), PROBLEM_WIDTHS)
        sheet = book.add_worksheet("Derived")
        rows = [derived_row(d) for d in derivations]
        write_table(sheet, formats, DERIVED_COLUMNS, rows, DERIVED_WIDTHS)
