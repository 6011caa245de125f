"""Scenarios sheets and small inputs for the what-if tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from allocator.domain.enums import Grade, Role, Status
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem
from allocator.domain.scenario_types import Change, NewStaff, Scenario
from allocator.whatif.apply import Applied, apply_scenario
from allocator.whatif.job import load_scenarios
from inputs import read
from reports.sample import write_sample
from tests.conftest import Rows, good_sheets

HEADER = ["scenario", "change", "target", "value"]
RUN_DATE = date(2026, 11, 23)
Make = Callable[..., Path]


def with_scenarios(*rows: list[Any], sheets: dict[str, Rows] | None = None) -> dict[str, Rows]:
    """The good input (two prisons, P1, P2 at LEI, C1 in L1) with a Scenarios sheet."""
    sheets = good_sheets() if sheets is None else sheets
    sheets["Scenarios"] = [HEADER, *[list(row) for row in rows]]
    return sheets


def load(path: Path, scenarios: Path | None = None) -> tuple[list[Applied], list[Problem]]:
    """Read the input and its scenarios as ``allocator whatif`` does."""
    return load_scenarios(path, read(path), scenarios)


def errors(problems: list[Problem]) -> list[tuple[int | None, str]]:
    """``(row, column)`` of each error."""
    return [(p.row, p.column) for p in problems if p.severity == "error"]


def texts(problems: list[Problem]) -> str:
    """Every problem's text, one per line (for ``in`` checks)."""
    return "\n".join(str(p) for p in problems)


def sample(folder: Path, prisons: int = 2) -> tuple[Path, ProblemData]:
    """A sample workbook (seed 1, the benchmark's run date) and its data."""
    path = folder / f"sample-{prisons}.xlsx"
    if not path.exists():
        write_sample(path, prisons=prisons, seed=1, run_date=RUN_DATE)
    data = read(path).data
    assert data is not None
    return path, data


def applied(base: ProblemData, name: str, *changes: tuple[str, tuple[str, ...], Any]) -> Applied:
    """A scenario of the given changes applied to ``base``."""
    rows = tuple(Change(name, k, t, v, row) for row, (k, t, v) in enumerate(changes, start=2))
    return apply_scenario(base, Scenario(name, (), rows, 2))


# One scenario per change type on the 2-prison sample (ASH and BRW).
ONE_OF_EACH = [
    ("setting", ("po_cases_per_fte",), 60),
    ("staff_status", ("ASH-P001", "ASH-P002"), Status.INACTIVE),
    ("staff_fte", ("ASH-P004",), 0.5),
    ("staff_grade", ("ASH-P003",), Grade.PO),
    ("add_staff", ("ASH",), NewStaff(2, Role.POM, Grade.PO, 1.0)),
    ("remove_staff", ("BRW-P002",), None),
    ("grow_prison", ("ASH",), 0.1),
    ("shrink_prison", ("all",), -0.1),
]
