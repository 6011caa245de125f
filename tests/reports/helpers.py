"""Shared helpers of the report tests (this module holds no tests)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import python_calamine

from allocator.check.allocation import check
from allocator.domain.omic import derive_all
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem
from allocator.domain.result import RunInfo
from inputs import read
from reports.scope import ReportData
from solvers import SolveOptions, solve


def report_data(
    data: ProblemData,
    problems: Sequence[Problem] = (),
    solver: str = "greedy",
    prisons: Sequence[str] | None = None,
) -> ReportData:
    """Solve, check and bundle a problem for the report writers."""
    derivations = derive_all(data)
    result = solve(data, SolveOptions(solver, tuple(prisons or ()), derivations=derivations))
    violations = check(data, result.allocation, result.prisons, derivations=derivations).violations
    info = RunInfo("input.xlsx", "ab" * 32, data.run_date, {"run_date": data.run_date}, 1.25)
    return ReportData(data, derivations, result, violations, problems, info)


def report_from(workbook: Path, solver: str = "greedy") -> ReportData:
    """Read a workbook and bundle its run for the report writers."""
    read_result = read(workbook)
    assert read_result.data is not None, [str(p) for p in read_result.problems]
    return report_data(read_result.data, read_result.problems, solver)


def values(path: Path, sheet: str) -> list[list[Any]]:
    """A sheet's cell values as the project's reader (calamine) sees them: blank cells are
    None and whole numbers int (Excel's escapes of control characters are undone)."""
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
    return [[_plain(v) for v in row] for row in rows.to_python(skip_empty_area=False)]


def _plain(value: Any) -> Any:
    """'' as None, 7.0 as 7."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def records(path: Path, sheet: str) -> list[dict[str, Any]]:
    """A table sheet as one dict per data row, keyed by the header."""
    rows = values(path, sheet)
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def formulas(path: Path) -> list[str]:
    """Every worksheet part of the file that has a formula cell (``<f>``) in it."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name)
                if b"<f>" in xml or b"<f " in xml:
                    found.append(name)
    return found


def leftovers(folder: Path) -> list[str]:
    """Temporary files an interrupted write would leave behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or ".splice" in p.name)


DAY = date(2025, 6, 15)
