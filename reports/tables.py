"""Rows of the report sheets, computed from the problem data and the result only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from allocator.enums import HIGH_ROSH, Role
from allocator.omic import Derivation
from allocator.problem import ProblemData
from allocator.result import Allocation, Result, Violation
from allocator.workload import case_cap, points_capacity, span_limit, utilisation_pct

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
    "reason",
)
STAFF_COLUMNS = (
    "staff_id",
    "name",
    "role",
    "grade",
    "location",
    "fte",
    "status",
    "spo",
    "cases",
    "new_cases",
    "high_risk_cases",
    "points",
    "capacity_points",
    "utilisation_pct",
    "max_cases",
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
    "case_id",
    "staff_id",
    "spo_id",
    "amount",
    "limit",
    "message",
)


def final_workers(data: ProblemData, allocation: Allocation) -> tuple[dict[str, str | None], ...]:
    """POM and COM of every case after the run (uncovered cases keep their current ones)."""
    pom = {c.case_id: allocation.pom.get(c.case_id, c.current_pom) for c in data.cases}
    com = {c.case_id: allocation.com.get(c.case_id, c.current_com) for c in data.cases}
    return pom, com


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
                result.reasons.get(case.case_id, ""),
            ]
        )
    return rows


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


@dataclass
class _Held:
    cases: int = 0
    new: int = 0
    high_risk: int = 0
    points: int = 0
    ids: list[str] = field(default_factory=list)


def staff_rows(
    data: ProblemData, derivations: Sequence[Derivation], allocation: Allocation
) -> list[list[Any]]:
    """Caseload, new cases, high-risk cases and utilisation of every member of staff."""
    held: dict[str, _Held] = defaultdict(_Held)
    pom, com = final_workers(data, allocation)
    for case, d in zip(data.cases, derivations, strict=True):
        if not d.in_scope:
            continue
        for final, current, points in (
            (pom, case.current_pom, d.points),
            (com, case.current_com, d.com_points),
        ):
            holder = final[case.case_id]
            if holder:
                entry = held[holder]
                entry.cases += 1
                entry.new += holder != current
                entry.high_risk += case.rosh in HIGH_ROSH
                entry.points += points
    rows = []
    for s in data.staff:
        entry = held.get(s.staff_id, _Held())
        points = entry.points + s.other_points
        capacity = points_capacity(s, data.settings)
        util = utilisation_pct(points, capacity)
        rows.append(
            [
                s.staff_id,
                s.name,
                str(s.role),
                str(s.grade),
                s.location,
                s.fte,
                str(s.status),
                s.spo or "",
                entry.cases,
                entry.new,
                entry.high_risk,
                points,
                capacity,
                round(util, 1) if util != float("inf") else None,
                case_cap(s, data.settings),
            ]
        )
    return rows


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


def violation_rows(violations: Sequence[Violation]) -> list[list[Any]]:
    """One row per broken rule instance."""
    return [
        [v.rule, v.severity, v.case_id, v.staff_id, v.spo_id, v.amount, v.limit, v.message]
        for v in violations
    ]
