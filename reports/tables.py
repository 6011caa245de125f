"""Rows of the Allocations, SPOs and Violations sheets, from the problem data and the result.

The Staff sheet's rows are in ``reports.staff``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from allocator.domain.enums import Role
from allocator.domain.omic import Derivation
from allocator.domain.problem import ProblemData
from allocator.domain.result import Result, Violation
from allocator.domain.workload import span_limit

ALLOCATION_COLUMNS = (
    "case_id",
    "prison",
    "tier",
    "rosh",
    "responsibility",
    "handover_start_date",
    "handover_date",
    "recommended_pom_type",
    "pom",
    "pom_grade",
    "previous_pom",
    "pom_changed",
    "com",
    "com_grade",
    "previous_com",
    "com_changed",
    "ldu",
    "points",
    "arrival_date",
    "waiting_days",
    "hdced",
    "reason",
)
SPO_COLUMNS = (
    "spo_id",
    "name",
    "location",
    "span_fte",
    "span_headcount",
    "span_limit_fte",
    "over_limit",
)
VIOLATION_COLUMNS = (
    "rule",
    "severity",
    "location",
    "case_id",
    "staff_id",
    "spo_id",
    "amount",
    "limit",
    "message",
)


def allocation_rows(
    data: ProblemData, derivations: Sequence[Derivation], result: Result
) -> list[list[Any]]:
    """One row per covered in-scope case, unallocated ones included."""
    covered = set(result.prisons)
    grade = {s.staff_id: str(s.grade) for s in data.staff}
    rows = []
    for case, d in zip(data.cases, derivations, strict=True):
        if not d.in_scope or case.prison not in covered:
            continue
        pom = result.allocation.pom.get(case.case_id)
        com = result.allocation.com.get(case.case_id)
        handover = d.handover
        rows.append(
            [
                case.case_id,
                case.prison,
                str(case.tier or ""),
                str(case.rosh or ""),
                str(d.responsibility),
                handover.start_date if handover else None,
                handover.handover_date if handover else None,
                str(d.recommended_pom_type or ""),
                pom or "",
                grade.get(pom or "", ""),
                case.current_pom or "",
                _yes(pom != case.current_pom),
                com or "",
                grade.get(com or "", ""),
                case.current_com or "",
                _yes(com != case.current_com),
                case.ldu or "",
                d.points,
                case.arrival_date,
                _waiting_days(case.arrival_date, data.run_date),
                case.hdced,
                result.reasons.get(case.case_id, ""),
            ]
        )
    return rows + quarantined_rows(data, covered)


def _waiting_days(arrival: date | None, run_date: date) -> int | None:
    """Days since arrival in the prison (None without an arrival date)."""
    return (run_date - arrival).days if arrival is not None and arrival <= run_date else None


def quarantined_rows(data: ProblemData, covered: set[str]) -> list[list[Any]]:
    """A row per quarantined case of the run: no new POM or COM, and why."""
    rows = []
    for case in data.quarantined:
        if not case.case_id or (case.prison and case.prison not in covered):
            continue
        reason = (
            f"Not allocated (quarantined): invalid data in Cases row {case.row}: {case.what}. "
            "Correct the row and run again; any current POM or COM is shown under previous_pom "
            "and previous_com."
        )
        rows.append(
            [case.case_id, case.prison, case.tier, "", "", None, None, "", "", "",
             case.current_pom, "no", "", "", case.current_com, "no", "", None, None, None,
             None, reason]
        )  # fmt: skip
    return rows


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def spo_rows(data: ProblemData) -> list[list[Any]]:
    """Each SPO's span in FTE and headcount against the limit."""
    prisons = set(data.prisons) | {c.prison for c in data.cases}
    teams: dict[str, list[Any]] = defaultdict(list)
    for s in data.staff:
        if s.spo:
            teams[s.spo].append(s)
    rows = []
    for spo in data.spos:
        team = teams.get(spo.spo_id, [])
        fte = round(sum(s.fte for s in team), 2)
        all_poms = bool(team) and all(s.role is Role.POM for s in team)
        limit = span_limit(spo.location, spo.span_limit_fte, all_poms, prisons, data.settings)
        rows.append(
            [spo.spo_id, spo.name, spo.location, fte, len(team), limit, _yes(fte > limit + 1e-9)]
        )
    return rows


def violation_location(data: ProblemData, violation: Violation) -> str:
    """Where a breach is: the case's prison, else the staff member's or the SPO's location."""
    if violation.case_id in data.case_by_id:
        return data.case_by_id[violation.case_id].prison
    held = next((q for q in data.quarantined if q.case_id == violation.case_id), None)
    if violation.case_id and held is not None:
        return held.prison
    if violation.staff_id in data.staff_by_id:
        return data.staff_by_id[violation.staff_id].location
    spo = data.spo_by_id.get(violation.spo_id)
    return spo.location if spo else ""
