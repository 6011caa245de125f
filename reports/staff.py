"""The Staff sheet: each member's caseload, its mix, what is due, and utilisation.

Loads count every in-scope case of the workbook (as the checker does), so a COM who
holds cases of several prisons shows the same figures in every prison's report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from allocator.domain.enums import HIGH_ROSH, Responsibility, Role
from allocator.domain.omic import Derivation
from allocator.domain.problem import Case, ProblemData
from allocator.domain.result import Allocation
from allocator.domain.tiers import band
from allocator.domain.workload import case_cap, points_capacity, utilisation_pct

HANDOVER_WEEKS = 8
Workers = tuple[dict[str, str | None], ...]  # POM and COM of every case after the run
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
    "tier_a",
    "tier_b",
    "tier_c",
    "tier_d",
    "high_risk_cases",
    "responsible",
    "supporting",
    "handovers_next_8_weeks",
    "points",
    "capacity_points",
    "utilisation_pct",
    "max_cases",
)
STAFF_WIDTHS = (10, 16, 6, 6, 9, 5, 9, 8, 6, 6, 5, 5, 5, 5, 7, 9, 9, 10, 7, 9, 9, 7)


@dataclass
class Held:
    """What one member of staff holds after the run."""

    cases: int = 0
    new: int = 0
    tiers: dict[str, int] = field(default_factory=lambda: dict.fromkeys("ABCD", 0))
    high_risk: int = 0
    responsible: int = 0
    supporting: int = 0
    handovers: int = 0
    points: int = 0

    def add(
        self, case: Case, points: int, leads: bool, is_new: bool, due: bool, letter: str | None
    ) -> None:
        """Count one case (``letter``: its tier's A-D band)."""
        self.cases += 1
        self.points += points
        self.new += is_new
        if letter is not None:
            self.tiers[letter] += 1
        self.high_risk += case.rosh in HIGH_ROSH
        self.responsible += leads
        self.supporting += not leads
        self.handovers += due


def final_workers(data: ProblemData, allocation: Allocation) -> Workers:
    """POM and COM of every case after the run (uncovered cases keep their current ones)."""
    pom = {c.case_id: allocation.pom.get(c.case_id, c.current_pom) for c in data.cases}
    com = {c.case_id: allocation.com.get(c.case_id, c.current_com) for c in data.cases}
    return pom, com


def holdings(
    data: ProblemData,
    derivations: Sequence[Derivation],
    allocation: Allocation,
    final: Workers | None = None,
) -> dict[str, Held]:
    """Staff id -> what they hold after the run (one pass over the cases); ``final`` is
    ``final_workers(data, allocation)`` when the caller has it."""
    held: dict[str, Held] = defaultdict(Held)
    pom, com = final or final_workers(data, allocation)
    soon = data.run_date + timedelta(weeks=HANDOVER_WEEKS)
    model = data.tier_model
    for case, d in zip(data.cases, derivations, strict=True):
        if not d.in_scope:
            continue
        letter = band(case.tier, model) if case.tier else None
        com_leads = d.responsibility is Responsibility.COM
        due = _handover_due(d, data.run_date, soon)
        holder = pom[case.case_id]
        if holder:
            new = holder != case.current_pom
            held[holder].add(case, d.points, not com_leads, new, due, letter)
        holder = com[case.case_id]
        if holder:
            new = holder != case.current_com
            held[holder].add(case, d.com_points, com_leads, new, due, letter)
    return held


def _handover_due(d: Derivation, today: date, soon: date) -> bool:
    """The COM takes over within the next weeks."""
    handover = d.handover.handover_date if d.handover else None
    return handover is not None and today <= handover <= soon


def staff_rows(
    data: ProblemData,
    derivations: Sequence[Derivation],
    allocation: Allocation,
    final: Workers | None = None,
) -> list[list[Any]]:
    """One row per member of staff, in the order of the input's Staff sheet."""
    held = holdings(data, derivations, allocation, final)
    rows = []
    for s in data.staff:
        entry = held.get(s.staff_id, Held())
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
                *(entry.tiers[t] for t in "ABCD"),
                entry.high_risk,
                entry.responsible,
                entry.supporting,
                entry.handovers,
                points,
                capacity,
                round(util, 1) if util != float("inf") else None,
                case_cap(s, data.settings),
            ]
        )
    return rows


def is_pom(row: Sequence[Any]) -> bool:
    """Whether a Staff row is a POM's."""
    return bool(row[STAFF_COLUMNS.index("role")] == str(Role.POM))
