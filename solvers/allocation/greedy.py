"""The greedy baseline: what a manager does by hand, behind the same interface.

Keep every valid allocation; give each case to decide, most at risk first, to a
previous POM if one can take it, else to the least-utilised eligible member of the
recommended type with room under the caps, else to the least-utilised eligible
member at all. It is the hint for the model and the bar the model must beat.
"""

from __future__ import annotations

import time

from allocator.domain.enums import Grade, PomType
from allocator.domain.result import SubResult
from solvers.allocation.prepare import POM, Decision, SubProblem
from solvers.allocation.score import Choice, evaluate


class _Loads:
    """Running cases and points of every member."""

    def __init__(self, sp: SubProblem) -> None:
        self.sp = sp
        self.cases = [m.fixed_cases for m in sp.members]
        self.points = [m.fixed_points for m in sp.members]

    def utilisation(self, m: int) -> float:
        capacity = self.sp.members[m].capacity
        return self.points[m] / capacity if capacity > 0 else float("inf")

    def has_room(self, m: int, d: Decision) -> bool:
        member = self.sp.members[m]
        under_cap = member.case_cap is None or self.cases[m] < member.case_cap
        return under_cap and self.points[m] + d.points <= member.capacity

    def take(self, m: int, d: Decision) -> None:
        self.cases[m] += 1
        self.points[m] += d.points


def _matches(sp: SubProblem, d: Decision, m: int) -> bool:
    """The member is of the recommended kind (and qualified for a high-risk case)."""
    grade = sp.members[m].staff.grade
    if d.high_risk and grade is not Grade.PO:
        return False
    if sp.kind != POM or d.recommended is None:
        return True
    return (grade is Grade.PO) == (d.recommended is PomType.PROBATION)


def choose(sp: SubProblem, d: Decision, loads: _Loads) -> Choice:
    """One case, decided as a manager would."""
    if d.current is not None and d.current_valid:
        return d.current
    for pool in (
        [m for m in d.previous if loads.has_room(m, d)],
        [m for m in d.options if _matches(sp, d, m) and loads.has_room(m, d)],
        [m for m in d.options if loads.has_room(m, d) and _qualified_or_soft(sp, d, m)],
        list(d.options),
    ):
        if pool:
            return min(pool, key=lambda m: (loads.utilisation(m), m))
    return None


def _qualified_or_soft(sp: SubProblem, d: Decision, m: int) -> bool:
    """Prefer a qualified member for a high-risk case while one has room."""
    return not d.high_risk or sp.members[m].staff.grade is Grade.PO


def greedy_choices(sp: SubProblem) -> list[Choice]:
    """Choices for every decision, most at risk first, then in input order."""
    loads = _Loads(sp)
    order = sorted(range(len(sp.decisions)), key=lambda i: (-sp.decisions[i].risk, i))
    choices: list[Choice] = [None] * len(sp.decisions)
    for i in order:
        m = choose(sp, sp.decisions[i], loads)
        choices[i] = m
        if m is not None:
            loads.take(m, sp.decisions[i])
    return choices


def solve(sp: SubProblem) -> tuple[list[Choice], SubResult]:
    """The greedy answer for one sub-problem, with its objective (no bound)."""
    started = time.perf_counter()
    choices = greedy_choices(sp)
    value = evaluate(sp, choices)
    result = SubResult(
        name=sp.name,
        kind=sp.kind,
        status="GREEDY" if sp.decisions else "NOTHING_TO_DECIDE",
        objective=value,
        bound=value if not sp.decisions else 0,
        seconds=time.perf_counter() - started,
        cases=sp.cases,
        decided=len(sp.decisions),
        staff=len(sp.members),
    )
    return choices, result
