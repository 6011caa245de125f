"""The linear relaxation of a capacity problem: cases may be split, FTE may be any fraction.

Its optimum is a lower bound on the FTE to add (rounded up to a whole tenth), and
with no new posts an infeasible relaxation proves the cases cannot all be placed.
Rounded down, its placements are a good start for the quick fill. Only the
members' limits change from one caps check to the next, so the LP (GLOP) is built
once per prison or LDU and re-solved in milliseconds.
"""

from __future__ import annotations

import math
from typing import Any

from ortools.linear_solver import pywraplp

from solvers.capacity.prepare import CapacityProblem

_EPS = 1e-6  # GLOP's 3.0 may be 2.9999999


class PlacementLP:
    """Placements as fractions: every case placed, every member and new post within limits."""

    def __init__(self, problem: CapacityProblem) -> None:
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        infinity = self.solver.infinity()
        self.solved = False
        self.y: dict[tuple[int, int], Any] = {}  # (demand, member) -> cases placed
        self.cases = [self.solver.Constraint(0, infinity) for _ in problem.seats]
        self.points = [self.solver.Constraint(0, infinity) for _ in problem.seats]
        self.tenths = [self.solver.NumVar(0, infinity, "") for _ in problem.posts]
        post_rows = self._post_rows(problem)
        for i, demand in enumerate(problem.demands):
            placed = self.solver.Constraint(demand.count, demand.count)
            for m in demand.options:
                self.y[i, m] = self._share(placed, self.cases[m], self.points[m], demand.points)
            for p, post in enumerate(problem.posts):
                if post.can_take(demand):
                    cases, points, present = post_rows[p]
                    self._share(placed, cases, points, demand.points, present)
        objective = self.solver.Objective()
        for var in self.tenths:
            objective.SetCoefficient(var, 1)
        objective.SetMinimization()

    def _share(self, placed: Any, cases: Any, points: Any, weight: int, *more: Any) -> Any:
        """A variable: cases of one demand placed on one member or post."""
        var = self.solver.NumVar(0, self.solver.infinity(), "")
        for row, coefficient in ((placed, 1), (cases, 1), (points, weight)):
            row.SetCoefficient(var, coefficient)
        for row in more:
            row.SetCoefficient(var, 1)
        return var

    def _post_rows(self, problem: CapacityProblem) -> list[tuple[Any, Any, Any]]:
        """Per post: 10 x cases <= cases per FTE x tenths, the same for points, and
        nothing placed on a post of no FTE (cases <= all it could take x tenths)."""
        rows = []
        for p, post in enumerate(problem.posts):
            able = sum(d.count for d in problem.demands if post.can_take(d))
            cases = self.solver.Constraint(-self.solver.infinity(), 0)
            points = self.solver.Constraint(-self.solver.infinity(), 0)
            present = self.solver.Constraint(-self.solver.infinity(), 0)
            present.SetCoefficient(self.tenths[p], -max(1, able))
            # load - per FTE x tenths / 10 <= 0; a rule that is not hard leaves its row free.
            for row, per_fte in ((cases, post.cases_per_fte), (points, post.points_per_fte)):
                if per_fte is None:
                    row.SetUb(self.solver.infinity())
                else:
                    row.SetCoefficient(self.tenths[p], -per_fte / 10)
            rows.append((cases, points, present))
        return rows

    def _set_limits(self, problem: CapacityProblem) -> None:
        """Each member's free case slots and points under ``problem``'s limits."""
        infinity = self.solver.infinity()
        for m, seat in enumerate(problem.seats):
            cases, points = problem.case_limit(m), problem.points_limit(m)
            member = seat.member
            self.cases[m].SetUb(infinity if cases is None else cases - member.fixed_cases)
            self.points[m].SetUb(infinity if points is None else points - member.fixed_points)

    def feasible(self, problem: CapacityProblem) -> bool:
        """False when even split cases cannot be placed within ``problem``'s limits."""
        self._set_limits(problem)
        self.solved = self.solver.Solve() != pywraplp.Solver.INFEASIBLE
        return self.solved

    def least_tenths(self, problem: CapacityProblem) -> int:
        """No fewer tenths of FTE than this can work (0 when the relaxation finds none)."""
        if not self.feasible(problem) or not self.tenths:
            return 0
        return max(0, math.ceil(float(self.solver.Objective().Value()) - _EPS))

    def rounded(self) -> dict[tuple[int, int], int]:
        """The last feasible relaxation's placements on members, rounded down."""
        if not self.solved:
            return {}
        counts = {key: int(var.solution_value() + _EPS) for key, var in self.y.items()}
        return {key: count for key, count in counts.items() if count > 0}
