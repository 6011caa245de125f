"""Capacity planning of every sub-problem: new posts, caps needed, today's overload, re-spread.

Each prison (POMs) and LDU (COMs) is measured on its own, in worker processes when
asked; every model uses one CP-SAT worker and the run's seed, so the same input
gives the same report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from allocator.domain.capacity import Overload, SubCapacity
from allocator.domain.enums import Grade, RuleMode, Status
from allocator.domain.problem import Staff
from solvers import executors
from solvers.allocation.prepare import SubProblem
from solvers.capacity.caps import solve_caps
from solvers.capacity.posts import solve_posts
from solvers.capacity.prepare import CapacityProblem, capacity_problem

Progress = Callable[[SubCapacity, int], None]  # a finished sub-problem, and how many in all


@dataclass(frozen=True)
class CapacityTask:
    """One prison or LDU: its weekly sub-problem, and the same with every case re-spread."""

    sp: SubProblem
    spread: SubProblem | None
    time_limit: float


def measure(task: CapacityTask) -> SubCapacity:
    """Every capacity figure of one prison or LDU (runs in a worker process)."""
    sp = task.sp
    problem = capacity_problem(sp)
    respread = None
    if task.spread is not None:
        # Re-spreading every case is a packing of hundreds of cases whose proofs can take
        # minutes and which CP-SAT barely improves on the relaxation-rounded fill: a short
        # polish, with the relaxation's bound reported beside the figure.
        spread = capacity_problem(task.spread, strict=True)
        respread = solve_posts(spread, task.time_limit / 50)
    active = [m.staff for m in sp.members if m.staff.status is Status.ACTIVE]
    away = [m.staff for m in sp.members if m.staff.status is not Status.ACTIVE]
    return SubCapacity(
        name=sp.name,
        kind=sp.kind,
        cases=sp.cases,
        to_allocate=len(sp.decisions),
        high_risk=sum(d.high_risk for d in sp.decisions),
        points=sum(d.points for d in sp.decisions),
        fte=fte_by_grade(active),
        fte_away=round(sum(s.fte for s in away), 1),
        posts=solve_posts(problem, task.time_limit),
        caps=solve_caps(problem, task.time_limit),
        overload=overload(problem),
        respread=respread,
        high_risk_hard=problem.settings.high_risk_rule is RuleMode.HARD,
    )


def fte_by_grade(staff: Sequence[Staff]) -> dict[Grade, float]:
    """FTE of the given staff, by grade."""
    totals: dict[Grade, float] = defaultdict(float)
    for member in staff:
        totals[member.grade] += member.fte
    return {grade: round(value, 1) for grade, value in totals.items()}


def overload(problem: CapacityProblem) -> Overload:
    """Members over a hard cap before this run's new cases, and by how much."""
    staff = cases = points = 0
    for m, seat in enumerate(problem.seats):
        member = seat.member
        over_cases = over_points = 0
        if problem.cases_hard and member.case_cap is not None:
            over_cases = max(0, problem.before_cases(m) - member.case_cap)
        if problem.points_hard:
            over_points = max(0, problem.before_points(m) - member.capacity)
        staff += over_cases > 0 or over_points > 0
        cases += over_cases
        points += over_points
    return Overload(staff, cases, points)


def measure_all(
    tasks: Sequence[CapacityTask], workers: int = 1, progress: Progress | None = None
) -> list[SubCapacity]:
    """Every task's figures in task order; the largest start first."""

    def done(sub: SubCapacity) -> None:
        if progress:
            progress(sub, len(tasks))

    sizes = [len(task.sp.decisions) for task in tasks]
    return executors.run_all(measure, tasks, sizes, workers, done=done)
