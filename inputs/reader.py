"""Reading the input workbook into a frozen ``ProblemData`` and a list of problems.

Two stages: each sheet is parsed into typed records (``inputs.sheets``), then the
records are checked across rows and sheets (``inputs.validate``). All problems are
collected in one pass; ``ReadResult.data`` is None when any of them is an error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from allocator.domain.enums import Role
from allocator.domain.problem import Case, Interest, Ldu, Post, Prison, ProblemData, Spo, Staff
from allocator.domain.problems import (
    Problem,
    Severity,
    column_letter,
    error,
    has_errors,
    note,
    warning,
)
from allocator.domain.settings import Settings
from inputs import validate as check
from inputs.case_checks import check_staff_columns, check_tiers, hours_to_fte
from inputs.deploy_validate import check_deployment
from inputs.formulas import uncalculated_cells
from inputs.merged import merged_cells
from inputs.quarantine import quarantine
from inputs.run_date import births_after, far_run_date
from inputs.same_name import one_of
from inputs.schema import (
    CASES,
    INTERESTS,
    LDUS,
    POSTS,
    PRISONS,
    SETTINGS,
    SHEETS,
    SPOS,
    STAFF,
)
from inputs.settings_sheet import parse_settings
from inputs.sheets import ParsedSheet, parse_sheet
from inputs.workbook import NotAWorkbook, RawSheet, open_sheets, sheet_key

_KNOWN = {sheet_key(spec.name) for spec in SHEETS}
_ID_COLUMNS = (
    (CASES, "case_id"),
    (STAFF, "staff_id"),
    (SPOS, "spo_id"),
    (PRISONS, "prison"),
    (POSTS, "prison"),
    (LDUS, "ldu"),
)


@dataclass
class ReadResult:
    """The problem data (None if the input has errors) and every problem found."""

    data: ProblemData | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No errors (warnings and notes allowed)."""
        return self.data is not None

    def count(self, severity: Severity) -> int:
        """How many problems of one severity."""
        return sum(1 for p in self.problems if p.severity is severity)


def read(
    path: str | Path, overrides: Mapping[str, Any] | None = None, strict: bool = False
) -> ReadResult:
    """Read and validate an input workbook.

    Parameters
    ----------
    path
        The .xlsx file.
    overrides
        Settings that replace the workbook's (e.g. ``{"run_date": date(2025, 6, 1)}``).
    strict
        Every error stops the run (no quarantine of single Cases rows; leavers are errors).

    Returns
    -------
    ReadResult
        The data (None when there is any error) and every problem, errors first.
        A file that is not a workbook gives one error and never raises.
    """
    path = Path(path)
    with _collector_paused():
        try:
            sheets = open_sheets(path, _KNOWN)
        except NotAWorkbook as bad:
            return ReadResult(None, [error("", None, "", path.name, str(bad))])
        return build(sheets, overrides, source=str(path), strict=strict)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workbook is read.

    Reading makes millions of small objects and no reference cycles; left running,
    the collector re-scans them over and over (about a third of the reading time
    of a national workbook). Memory is still freed by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(
    sheets: Sequence[RawSheet] | Mapping[str, RawSheet],
    overrides: Mapping[str, Any] | None = None,
    source: str = "",
    strict: bool = False,
) -> ReadResult:
    """Parse, check and assemble the sheets of an opened workbook.

    Parameters
    ----------
    sheets
        The workbook's sheets in order (a mapping's values are used).
    overrides
        Settings that replace the workbook's.
    source
        The file name recorded in the data.
    strict
        Every error stops the run (see ``inputs.quarantine``).
    """
    raw = list(sheets.values()) if isinstance(sheets, Mapping) else list(sheets)
    by_key, problems = _index(raw)
    others = [sheet.name for sheet in raw if sheet.key not in _KNOWN]
    parsed = {
        spec.name: parse_sheet(spec, by_key.get(sheet_key(spec.name)), others) for spec in SHEETS
    }
    for sheet in parsed.values():
        problems.extend(sheet.problems)
        raw_sheet = by_key.get(sheet_key(sheet.sheet.name))
        problems += merged_cells(raw_sheet, sheet) + uncalculated_cells(raw_sheet, sheet)
    settings, setting_problems = parse_settings(parsed[SETTINGS.name].records, overrides)
    setting_problems += hours_to_fte(parsed[STAFF.name].rows, settings.hours_per_fte)
    problems += setting_problems + _sheet_checks(parsed) + _cross_checks(parsed, settings)
    problems = [_with_cell(problem, parsed) for problem in problems]
    cases = parsed[CASES.name]
    held = quarantine(problems, cases.rows, cases.header_row, settings.max_invalid_pct, strict)
    problems = held.problems
    data = None
    if not has_errors(problems):
        data = _assemble(parsed, settings, source, held.rows).replace(quarantined=held.quarantined)
    problems.sort(key=_order)
    return ReadResult(data, problems)


def _index(raw: list[RawSheet]) -> tuple[dict[str, RawSheet], list[Problem]]:
    """Sheets by matching name; unknown sheets are notes; of two sheets of one name the
    visible one is read (a warning), and when neither or both are visible it is an error."""
    by_key: dict[str, RawSheet] = {}
    problems: list[Problem] = []
    for sheet in raw:
        if sheet.key not in _KNOWN:
            problems.append(note(sheet.name, None, "", "", "unknown sheet, ignored"))
        elif sheet.key in by_key:
            by_key[sheet.key], problem = one_of(by_key[sheet.key], sheet)
            problems.append(problem)
        else:
            by_key[sheet.key] = sheet
    return by_key, problems


def _sheet_checks(parsed: dict[str, ParsedSheet]) -> list[Problem]:
    """Whole-sheet checks: an empty Cases or Staff sheet, a Settings sheet without values."""
    found = []
    cases, staff, settings = parsed[CASES.name], parsed[STAFF.name], parsed[SETTINGS.name]
    if cases.readable and not cases.rows:
        found.append(error(CASES.name, None, "", "", "the Cases sheet has no cases"))
    if staff.readable and not staff.rows and cases.rows:
        text = "the Staff sheet has no staff: no case can be allocated"
        found.append(warning(STAFF.name, None, "", "", text))
    if settings.readable and settings.rows and not settings.has("value"):
        found.append(
            error(
                SETTINGS.name, settings.header_row, "value", "", "required column value is missing"
            )
        )
    return found


def _assemble(
    parsed: dict[str, ParsedSheet], settings: Settings, source: str, left_out: frozenset[int]
) -> ProblemData:
    """The problem data from the sheets' rows (all good, as there is no error, except the
    quarantined Cases rows ``left_out``)."""
    return ProblemData(
        cases=tuple(Case(**row) for row in parsed[CASES.name].rows if row["row"] not in left_out),
        staff=tuple(Staff(**row) for row in parsed[STAFF.name].rows),
        spos=tuple(Spo(**row) for row in parsed[SPOS.name].rows),
        prisons={row["prison"]: Prison(**row) for row in parsed[PRISONS.name].rows},
        settings=settings,
        source=source,
        posts=tuple(Post(**row) for row in parsed[POSTS.name].rows),
        interests=tuple(Interest(**row) for row in parsed[INTERESTS.name].rows),
        ldus=tuple(Ldu(**row) for row in parsed[LDUS.name].rows),
    )


def _cross_checks(parsed: dict[str, ParsedSheet], settings: Settings) -> list[Problem]:
    """Checks that span rows and sheets, over every row (also rows with other errors)."""
    known = _known(parsed)
    cases, staff = parsed[CASES.name].rows, parsed[STAFF.name].rows
    problems: list[Problem] = []
    for spec, column in _ID_COLUMNS:
        problems += check.duplicates(spec.name, column, _ids(parsed[spec.name], column))
    problems += check.check_staff(staff, known, settings.hours_per_fte)
    problems += check.check_spo_links(staff, known, parsed[SPOS.name].present)
    problems += check.check_spos(parsed[SPOS.name].rows)
    problems += check.check_cases(cases, known)
    problems += check_tiers(cases, settings)
    if known.staff is not None:
        problems += check_staff_columns(cases, known.staff)
    problems += check.check_prisons(cases, known.listed_prisons)
    problems += check_deployment(parsed, known)
    run_date = settings.run_date or date.today()
    problems += births_after(cases, run_date) + far_run_date(run_date)
    return problems


def _ids(sheet: ParsedSheet, column: str) -> list[tuple[str, int]]:
    """``(id, row)`` of every row that has the id."""
    return [(row[column], row["row"]) for row in sheet.rows if column in row]


def _known(parsed: dict[str, ParsedSheet]) -> check.Known:
    """The ids that rows may refer to, from every row (also rows with errors)."""
    cases, staff = parsed[CASES.name], parsed[STAFF.name]
    spos, prisons = parsed[SPOS.name], parsed[PRISONS.name]
    listed = {code for code, _ in _ids(prisons, "prison")} if prisons.has("prison") else None
    in_cases = {code for code, _ in _ids(cases, "prison")}
    readable = listed is not None or cases.has("prison")
    roles: dict[str, Role | None] = {
        row["staff_id"]: row.get("role") for row in staff.rows if "staff_id" in row
    }
    ldus = {row["ldu"] for row in cases.rows if "ldu" in row}
    ldus |= {
        row["location"] for row in staff.rows if row.get("role") is Role.COM and "location" in row
    }
    return check.Known(
        staff=roles if staff.has("staff_id") else None,
        spos={code for code, _ in _ids(spos, "spo_id")} if spos.has("spo_id") else None,
        prisons=(listed or set()) | in_cases if readable else None,
        listed_prisons=listed,
        ldus=ldus,
    )


def _with_cell(problem: Problem, parsed: dict[str, ParsedSheet]) -> Problem:
    """The problem with its cell reference (E12) when it names one cell."""
    sheet = parsed.get(problem.sheet)
    if problem.cell or problem.row is None or sheet is None:
        return problem
    position = sheet.positions.get(problem.column)
    if position is None or problem.row == sheet.header_row:
        return problem
    return dataclasses.replace(problem, cell=f"{column_letter(position)}{problem.row}")


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
_SHEET_ORDER = {spec.name: i for i, spec in enumerate(SHEETS)}


def _order(problem: Problem) -> tuple[int, int, int]:
    """Errors first, then by sheet in contract order, then by row."""
    return (
        _SEVERITY_ORDER[problem.severity],
        _SHEET_ORDER.get(problem.sheet, -1),
        problem.row or 0,
    )
