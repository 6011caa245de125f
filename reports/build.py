"""Assemble the sheets of one workbook from one part of a run."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from allocator.domain.problem import ProblemData
from reports.book import Book, Highlight, Link, Sheet
from reports.returns import from_allocations, returns_sheet
from reports.scope import Part, Tables
from reports.staff import STAFF_COLUMNS, STAFF_WIDTHS, is_pom
from reports.summary import status_text, summary_sheet
from reports.tables import (
    ALLOCATION_COLUMNS,
    SPO_COLUMNS,
    VIOLATION_COLUMNS,
    violation_location,
)
from reports.validation import PROBLEM_COLUMNS, PROBLEM_WIDTHS, problem_rows

ALLOCATION_WIDTHS = (10, 7, 5, 8, 9, 11, 11, 10, 10, 6, 10, 8, 10, 6, 10, 8, 6, 6, 11, 7, 11, 60)
SPO_WIDTHS = (10, 18, 10, 9, 10, 10, 9)
VIOLATION_WIDTHS = (22, 8, 9, 10, 10, 9, 8, 8, 70)
PRISON_COLUMNS = (
    "prison",
    "name",
    "cases_in_scope",
    "with_pom",
    "without_pom",
    "new_pom_allocations",
    "new_com_allocations",
    "hard_violations",
    "soft_violations",
    "poms",
    "mean_pom_utilisation_pct",
    "highest_pom_utilisation_pct",
    "solver_status",
)
PRISON_WIDTHS = (8, 18, 8, 8, 8, 11, 11, 9, 9, 6, 12, 12, 40)
_A = {name: index for index, name in enumerate(ALLOCATION_COLUMNS)}
_S = {name: index for index, name in enumerate(STAFF_COLUMNS)}


def build_book(
    tables: Tables,
    part: Part,
    *,
    allocations: bool = True,
    files: Mapping[str, str] | None = None,
) -> Book:
    """The report's sheets for ``part``: Summary, Allocations (unless told not to),
    Prisons (for more than one prison, linking to ``files`` when given), Staff, SPOs,
    Violations, HQ returns and Problems."""
    report = tables.report
    sheets = [summary_sheet(part, report.info, report.result)]
    if allocations:
        sheets.append(allocations_sheet(part))
    if len(part.prisons) > 1:
        sheets.append(prisons_sheet(tables, part, files))
    sheets += [
        staff_sheet(part),
        spos_sheet(part),
        violations_sheet(report.data, part, allocations),
        returns_sheet(from_allocations(part.allocations, report.data, report.derivations)),
        problems_sheet(part),
    ]
    return Book(sheets)


def allocations_sheet(part: Part) -> Sheet:
    """One row per case in scope; unallocated rows red, changed rows blue."""
    return Sheet(
        "Allocations",
        ALLOCATION_COLUMNS,
        part.allocations,
        ALLOCATION_WIDTHS,
        dates=frozenset({"handover_start_date", "handover_date", "arrival_date", "hdced"}),
        wrap=frozenset({"reason"}),
        highlights=(
            Highlight("pom", "equals", "", "red"),
            Highlight("pom_changed", "equals", "yes", "changed"),
            Highlight("com_changed", "equals", "yes", "changed"),
        ),
    )


def staff_sheet(part: Part) -> Sheet:
    """Caseload, mix and utilisation: amber from 90 %, red from 100 %."""
    return Sheet(
        "Staff",
        STAFF_COLUMNS,
        part.staff,
        STAFF_WIDTHS,
        highlights=(
            Highlight("utilisation_pct", "at_least", 100, "red", whole_row=False),
            Highlight("utilisation_pct", "at_least", 90, "amber", whole_row=False),
        ),
    )


def spos_sheet(part: Part) -> Sheet:
    """Spans against their limits; an SPO over the limit in red."""
    return Sheet(
        "SPOs",
        SPO_COLUMNS,
        part.spos,
        SPO_WIDTHS,
        highlights=(Highlight("over_limit", "equals", "yes", "red"),),
    )


def violations_sheet(data: ProblemData, part: Part, with_allocations: bool) -> Sheet:
    """One row per breach (hard red, soft amber), linking to the case, staff and SPO rows."""
    cases = _rows(part.allocations) if with_allocations else {}
    staff, spos = _rows(part.staff), _rows(part.spos)
    rows = [
        [
            v.rule,
            v.severity,
            violation_location(data, v),
            _link(v.case_id, "Allocations", cases),
            _link(v.staff_id, "Staff", staff),
            _link(v.spo_id, "SPOs", spos),
            v.amount,
            v.limit,
            v.message,
        ]
        for v in part.violations
    ]
    return Sheet(
        "Violations",
        VIOLATION_COLUMNS,
        rows,
        VIOLATION_WIDTHS,
        wrap=frozenset({"message"}),
        highlights=(
            Highlight("severity", "equals", "hard", "red"),
            Highlight("severity", "equals", "soft", "amber"),
        ),
        links=True,
    )


def _rows(rows: Sequence[Sequence[Any]]) -> dict[str, int]:
    """First column's id -> its Excel row number."""
    return {str(row[0]): index for index, row in enumerate(rows, start=2)}


def _link(key: str, sheet: str, rows: Mapping[str, int]) -> str | Link:
    """A link to the id's row, or the plain id when that row is not in this workbook."""
    return Link(key, sheet, rows[key]) if key in rows else key


def problems_sheet(part: Part) -> Sheet:
    """The input's warnings and notes (with errors nothing is written)."""
    return Sheet(
        "Problems",
        PROBLEM_COLUMNS,
        problem_rows(part.problems),
        PROBLEM_WIDTHS,
        wrap=frozenset({"problem"}),
        highlights=(Highlight("severity", "equals", "warning", "amber"),),
    )


def prisons_sheet(tables: Tables, part: Part, files: Mapping[str, str] | None) -> Sheet:
    """One row per prison: cases, changes, breaches, POM utilisation, solver status."""
    data = tables.report.data
    breaches: dict[str, list[str]] = defaultdict(list)
    for v in part.violations:
        breaches[violation_location(data, v)].append(v.severity)
    utils: dict[str, list[float]] = defaultdict(list)
    for member in part.staff:
        util = member[_S["utilisation_pct"]]
        if is_pom(member) and isinstance(util, (int, float)):
            utils[str(member[_S["location"]])].append(float(util))
    status = {s.name: status_text(s) for s in part.subresults if s.kind == "pom"}
    rows = []
    for prison in part.prisons:
        info = data.prisons.get(prison)
        row = [
            prison,
            info.name if info else "",
            *_case_figures(tables.allocations.get(prison, [])),
            breaches[prison].count("hard"),
            breaches[prison].count("soft"),
            *_utilisation_figures(utils[prison]),
            status.get(prison, ""),
        ]
        if files is not None:
            row.append(Link(files[prison], "", 0, file=files[prison]) if prison in files else "")
        rows.append(row)
    linked = files is not None
    return Sheet(
        "Prisons",
        PRISON_COLUMNS + (("report",) if linked else ()),
        rows,
        PRISON_WIDTHS + ((18,) if linked else ()),
        highlights=(
            Highlight("mean_pom_utilisation_pct", "at_least", 100, "red", whole_row=False),
            Highlight("mean_pom_utilisation_pct", "at_least", 90, "amber", whole_row=False),
            Highlight("hard_violations", "at_least", 1, "red", whole_row=False),
        ),
        links=linked,
    )


def _case_figures(cases: Sequence[Sequence[Any]]) -> list[int]:
    """Cases in scope, with and without a POM, new POM and new COM allocations."""
    with_pom = sum(1 for r in cases if r[_A["pom"]])
    return [
        len(cases),
        with_pom,
        len(cases) - with_pom,
        sum(1 for r in cases if r[_A["pom_changed"]] == "yes" and r[_A["pom"]]),
        sum(1 for r in cases if r[_A["com_changed"]] == "yes" and r[_A["com"]]),
    ]


def _utilisation_figures(utils: Sequence[float]) -> list[Any]:
    """POMs, and their mean and highest utilisation."""
    if not utils:
        return [0, None, None]
    return [len(utils), round(statistics.fmean(utils), 1), round(max(utils), 1)]
