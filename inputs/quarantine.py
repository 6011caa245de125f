"""Quarantine: a problem in one Cases row takes that case out of the run, not the whole run.

An error that names one row of the ``Cases`` sheet (a bad value, dates out of order, a staff
id of the wrong role, an empty required cell) quarantines the case: the error becomes a
warning, and the case is listed apart (``ProblemData.quarantined``) instead of allocated. A
leaver (a current POM or COM not on the Staff sheet) is a warning already. Errors about the
workbook as a whole stay errors: a missing sheet or column, duplicate ids, a mixed tier
column, any other sheet's error, or more than ``max_invalid_pct`` % of the rows quarantined.
``strict`` keeps every error an error and makes leavers errors again.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from allocator.domain.problem import BadCell, QuarantinedCase
from allocator.domain.problems import Problem, Severity
from inputs.values import shown

SHEET = "Cases"
LEAVER = "not on the Staff sheet: treated as a leaver"
_QUARANTINED = "; the case is left out of this run (quarantined)"
_IGNORED = "; the row is ignored"


def is_leaver(problem: Problem) -> bool:
    """A current POM or COM who is not on the Staff sheet."""
    return problem.sheet == SHEET and LEAVER in problem.problem


def is_whole(problem: Problem) -> bool:
    """An error that concerns the workbook as a whole, not one case."""
    return problem.sheet != SHEET or problem.row is None or problem.problem.startswith("duplicate ")


@dataclasses.dataclass(frozen=True)
class Outcome:
    """The problems after quarantine, and the rows taken out of the run."""

    problems: list[Problem]
    quarantined: tuple[QuarantinedCase, ...]
    rows: frozenset[int]


def quarantine(
    problems: Sequence[Problem],
    records: Sequence[dict[str, Any]],
    header_row: int | None,
    max_invalid_pct: float,
    strict: bool,
) -> Outcome:
    """Split the Cases rows with errors from the run (see the module's docstring).

    Parameters
    ----------
    problems
        Every problem found, with cell references.
    records
        Every parsed Cases row (the cells that parsed, plus ``row``).
    header_row
        The Excel row of the Cases header (its problems concern the whole sheet).
    max_invalid_pct
        The ``max_invalid_pct`` setting.
    strict
        Every error stops the run; leavers are errors.
    """
    if strict:
        return Outcome([_leaver_error(p) for p in problems], (), frozenset())
    by_row: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        if _of_one_row(problem, header_row):
            by_row[problem.row or 0].append(problem)
    if not by_row or _whole_stops(problems, header_row):
        return Outcome(list(problems), (), frozenset())
    total = max(1, len(records))
    share = 100 * len(by_row) / total
    if share > max_invalid_pct:
        return Outcome([*problems, _too_many(len(by_row), total, max_invalid_pct)], (), frozenset())
    found = {record["row"]: record for record in records}
    cases = tuple(_case(row, found.get(row, {}), errors) for row, errors in sorted(by_row.items()))
    return Outcome(
        [_demoted(p) if _of_one_row(p, header_row) else p for p in problems],
        tuple(case for case in cases if case is not None),
        frozenset(by_row),
    )


def _of_one_row(problem: Problem, header_row: int | None) -> bool:
    """An error of one Cases data row."""
    return (
        problem.severity is Severity.ERROR and not is_whole(problem) and problem.row != header_row
    )


def _whole_stops(problems: Sequence[Problem], header_row: int | None) -> bool:
    """Whether an error of the workbook as a whole stops the run anyway."""
    return any(p.severity is Severity.ERROR and not _of_one_row(p, header_row) for p in problems)


def _too_many(bad: int, total: int, limit: float) -> Problem:
    """The error when too many rows would be quarantined for the run to be trusted."""
    text = (
        f"{bad:,} of {total:,} case rows ({100 * bad / total:.1f} %) have problems, more than "
        f"max_invalid_pct ({limit:g} %): the workbook is not reliable enough to allocate; "
        "correct the rows (or raise the setting)"
    )
    return Problem(Severity.ERROR, SHEET, None, "", "", text)


def _demoted(problem: Problem) -> Problem:
    """A row's error as a warning: its case is quarantined (a repeated header is ignored)."""
    suffix = _IGNORED if not problem.column else _QUARANTINED
    return dataclasses.replace(problem, severity=Severity.WARNING, problem=problem.problem + suffix)


def _leaver_error(problem: Problem) -> Problem:
    """Under --strict, a leaver stops the run as it did before quarantine."""
    if problem.severity is Severity.WARNING and is_leaver(problem):
        text = f"unknown staff id '{problem.value}': not on the Staff sheet; add them to Staff "
        text += "(status inactive if they have left)"
        return dataclasses.replace(problem, severity=Severity.ERROR, problem=text)
    return problem


def _case(row: int, record: dict[str, Any], errors: list[Problem]) -> QuarantinedCase | None:
    """The quarantined case of a row (None for a repeated header row, which is no case)."""
    cells = tuple(
        BadCell(p.column, p.cell, shown(p.value) if p.value != "" else "", p.problem)
        for p in errors
        if p.column
    )
    if not cells:
        return None
    return QuarantinedCase(
        case_id=str(record.get("case_id", "")),
        prison=str(record.get("prison", "")),
        row=row,
        cells=cells,
        tier=str(record.get("tier", "")),
        current_pom=str(record.get("current_pom") or ""),
        current_com=str(record.get("current_com") or ""),
    )
