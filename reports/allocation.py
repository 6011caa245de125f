"""The allocation report workbook: Summary, Allocations, Staff, SPOs, Violations, HQ returns,
Problems.

Written from the result only (the allocation, the reasons, the sub-problems' status and
the checker's violations): nothing here looks at the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from allocator.domain.omic import Derivation
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem
from allocator.domain.result import Result, RunInfo, Violation
from reports.build import build_book
from reports.render import render
from reports.scope import ReportData, Tables

__all__ = ["ReportData", "RunInfo", "write", "write_report"]


def write_report(
    path: str | Path,
    data: ProblemData,
    derivations: Sequence[Derivation],
    result: Result,
    violations: Sequence[Violation],
    problems: Sequence[Problem],
    info: RunInfo,
) -> None:
    """Write the whole run's report atomically to ``path``."""
    write(path, ReportData(data, derivations, result, violations, problems, info))


def write(path: str | Path, report: ReportData) -> None:
    """Write the whole run's report atomically to ``path``."""
    tables = Tables(report)
    render(build_book(tables, tables.part()), path)
