"""A quick necessary condition for placing every case on today's staff.

For each set of members O that some cases are restricted to (everyone active,
the active POs, ...), the cases that may go only to members of O must fit in
O's free room. A member's free case slots are also limited by their free points
(they cannot take more of the lightest such case than their points allow), and
their free points by their free slots (nor more than that many of the heaviest).
Failing this proves the cases cannot all be placed, without a solver; passing
it proves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from solvers.capacity_prepare import CapacityProblem, Demand

_UNLIMITED = 10**12


def _free(problem: CapacityProblem, m: int) -> tuple[int, int]:
    """(free case slots, free points) of a member before any decided case."""
    member = problem.seats[m].member
    cases = problem.case_limit(m)
    points = problem.points_limit(m)
    return (
        _UNLIMITED if cases is None else max(0, cases - member.fixed_cases),
        _UNLIMITED if points is None else max(0, points - member.fixed_points),
    )


def _fits_in(problem: CapacityProblem, members: frozenset[int], cases: Sequence[Demand]) -> bool:
    """Whether ``cases`` (all restricted to ``members``) can fit in their free room."""
    need_cases = sum(d.count for d in cases)
    need_points = sum(d.count * d.points for d in cases)
    lightest = min(d.points for d in cases)
    heaviest = max(d.points for d in cases)
    slots = points = 0
    for m in members:
        free_cases, free_points = _free(problem, m)
        slots += min(free_cases, free_points // lightest) if lightest > 0 else free_cases
        points += min(free_points, free_cases * heaviest)
    return need_cases <= slots and need_points <= points


def may_fit(problem: CapacityProblem) -> bool:
    """False when the cases provably cannot all be placed on today's staff."""
    sets = {frozenset(d.options) for d in problem.demands}
    for members in sets:
        restricted = [d for d in problem.demands if set(d.options) <= members]
        if not _fits_in(problem, members, restricted):
            return False
    return True
