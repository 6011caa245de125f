"""The least additional FTE, by grade, that lets every hard rule hold in one prison or LDU.

A small CP-SAT model beside the weekly one (which it leaves alone). Besides today's
members there is one "new post" per grade whose FTE is a whole number of tenths,
with a case cap and points capacity pro rata to it, as ``allocator.domain.workload``
gives a real person: a 0.3 FTE PO post under an 80-case cap holds floor(80 x 0.3)
= 24 cases. Every decided case must be placed; today's members keep within their
hard limits (``CapacityProblem.case_limit`` / ``points_limit``); high-risk cases
go to a PO while that rule is hard. Two stages, each with one worker and the
run's seed: the least total FTE (proven where time allows; the linear relaxation
supplies the bound and, rounded, the start), then, holding that total, the
cheapest mix of grades (a PO only where a cheaper grade would not do).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from allocator.domain.capacity import PostsAnswer
from allocator.domain.settings import Settings
from solvers.capacity.fill import Fill, fill
from solvers.capacity.lp import PlacementLP
from solvers.capacity.prepare import CapacityProblem

Terms = list[tuple[int, cp_model.IntVar]]  # (points, count variable)


def new_solver(settings: Settings, time_limit: float) -> cp_model.CpSolver:
    """One worker, the run's seed, a deterministic time limit (the house CP-SAT style)."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_deterministic_time = time_limit
    # The wall-clock limit is only a safety net: a deterministic second can take two or
    # three real ones, more on a busy machine, and a check stopped by the clock would
    # make the answer depend on the machine's load.
    params.max_time_in_seconds = max(30.0, 20 * time_limit)
    params.num_workers = 1
    params.random_seed = settings.random_seed
    params.linearization_level = 2
    return solver


class PostsModel:
    """Placements of every decided case on today's staff or on new posts, and the posts' FTE."""

    def __init__(self, problem: CapacityProblem) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.seat_y: dict[tuple[int, int], cp_model.IntVar] = {}
        self.post_y: dict[tuple[int, int], cp_model.IntVar] = {}
        self.tenths: list[cp_model.IntVar] = []
        self._add_tenths()
        self._add_placements()
        self._add_seat_limits()
        self._add_post_limits()

    def _able(self, p: int) -> list[int]:
        """Demands new post ``p`` may take."""
        post = self.problem.posts[p]
        return [i for i, d in enumerate(self.problem.demands) if post.can_take(d)]

    def _add_tenths(self) -> None:
        """Each post's FTE in tenths, at most what it needs to take everything it may."""
        demands = self.problem.demands
        for p, post in enumerate(self.problem.posts):
            able = self._able(p)
            cases = sum(demands[i].count for i in able)
            points = sum(demands[i].count * demands[i].points for i in able)
            upper = post.tenths_for(cases, points)
            self.tenths.append(self.model.new_int_var(0, upper, f"tenths_{post.grade}"))

    def _add_placements(self) -> None:
        """Every decided case is placed, on a member who may take it or on a new post."""
        for i, demand in enumerate(self.problem.demands):
            counts = []
            for m in demand.options:
                self.seat_y[i, m] = self.model.new_int_var(0, demand.count, f"y_{i}_{m}")
                counts.append(self.seat_y[i, m])
            for p, post in enumerate(self.problem.posts):
                if post.can_take(demand):
                    self.post_y[i, p] = self.model.new_int_var(0, demand.count, f"z_{i}_{p}")
                    counts.append(self.post_y[i, p])
            self.model.add(sum(counts) == demand.count)

    def _terms(self, variables: dict[tuple[int, int], cp_model.IntVar]) -> dict[int, Terms]:
        """Count variables grouped by member (or post), with each demand's points."""
        grouped: dict[int, Terms] = defaultdict(list)
        for (i, k), var in variables.items():
            grouped[k].append((self.problem.demands[i].points, var))
        return grouped

    def _add_seat_limits(self) -> None:
        """Today's members stay within their hard limits."""
        problem = self.problem
        for m, terms in self._terms(self.seat_y).items():
            member = problem.seats[m].member
            limit = problem.case_limit(m)
            if limit is not None:
                self.model.add(member.fixed_cases + sum(v for _, v in terms) <= limit)
            points = problem.points_limit(m)
            if points is not None:
                self.model.add(member.fixed_points + sum(c * v for c, v in terms) <= points)

    def _add_post_limits(self) -> None:
        """A post's caps grow with its FTE; a post of no FTE takes nothing."""
        for p, terms in self._terms(self.post_y).items():
            post, tenths = self.problem.posts[p], self.tenths[p]
            cases = sum(v for _, v in terms)
            if post.cases_per_fte is not None:
                self.model.add(10 * cases <= post.cases_per_fte * tenths)
            if post.points_per_fte is not None:
                self.model.add(10 * sum(c * v for c, v in terms) <= post.points_per_fte * tenths)
            able = sum(self.problem.demands[i].count for i in self._able(p))
            self.model.add(cases <= able * tenths)

    def variables(self) -> list[cp_model.IntVar]:
        """Every decision variable (for a complete hint)."""
        return [*self.seat_y.values(), *self.post_y.values(), *self.tenths]

    def hint_fill(self, start: Fill) -> None:
        """A complete hint from the quick fill."""
        for key, var in self.seat_y.items():
            self.model.add_hint(var, start.seats.get(key, 0))
        for key, var in self.post_y.items():
            self.model.add_hint(var, start.posts.get(key, 0))
        for var, value in zip(self.tenths, start.tenths, strict=True):
            self.model.add_hint(var, value)

    def hint_solution(self, solver: cp_model.CpSolver) -> None:
        """A complete hint from the previous stage's answer."""
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for var in self.variables():
            self.model.add_hint(var, solver.value(var))


_FOUND = (cp_model.OPTIMAL, cp_model.FEASIBLE)


def solve_posts(problem: CapacityProblem, time_limit: float) -> PostsAnswer:
    """The least FTE to add, by grade; the status says whether it is proven least.

    The linear relaxation gives a lower bound and, rounded, the start of the quick
    fill; CP-SAT runs only when the fill does not already meet the bound.
    """
    started = time.perf_counter()
    unplaceable = sum(d.count for d in problem.demands if not d.options)
    grades = [post.grade for post in problem.posts]
    if not problem.demands:
        return PostsAnswer("NOTHING_TO_DECIDE", dict.fromkeys(grades, 0))
    lp = PlacementLP(problem)
    least = lp.least_tenths(problem)
    start = fill(problem, lp.rounded())
    built = PostsModel(problem)
    built.hint_fill(start)
    values, bound = list(start.tenths), least
    solver = new_solver(problem.settings, time_limit)
    if sum(values) > least:
        values, bound = _least_total(built, solver, values, least)
    if sum(values) > 0 and len(values) > 1:
        values = _cheapest_mix(built, solver, sum(values)) or values
    status = "OPTIMAL" if sum(values) == bound else "FEASIBLE"
    seconds = time.perf_counter() - started
    return PostsAnswer(status, dict(zip(grades, values, strict=True)), bound, seconds, unplaceable)


def _least_total(
    built: PostsModel, solver: cp_model.CpSolver, values: list[int], least: int
) -> tuple[list[int], int]:
    """CP-SAT's least total FTE from the fill's hint: (tenths by post, proven bound)."""
    built.model.add(sum(built.tenths) >= least)
    built.model.minimize(sum(built.tenths))
    if solver.solve(built.model) not in _FOUND:
        return values, least
    bound = max(least, math.ceil(solver.best_objective_bound - 1e-6))
    built.hint_solution(solver)
    return [solver.value(t) for t in built.tenths], bound


def _cheapest_mix(built: PostsModel, solver: cp_model.CpSolver, best: int) -> list[int] | None:
    """Holding the total FTE found, the mix of grades of least weight (None if not found)."""
    built.model.add(sum(built.tenths) <= best)
    weights = [post.weight for post in built.problem.posts]
    built.model.minimize(sum(w * t for w, t in zip(weights, built.tenths, strict=True)))
    if solver.solve(built.model) not in _FOUND:
        return None
    return [solver.value(t) for t in built.tenths]


def prove_placeable(problem: CapacityProblem, time_limit: float) -> tuple[bool | None, float]:
    """CP-SAT: whether every case fits on today's staff with no new post (None: unknown),
    and the deterministic time it took (a budget that does not depend on the machine)."""
    built = PostsModel(problem)
    for var in built.tenths:
        built.model.add(var == 0)
    solver = new_solver(problem.settings, time_limit)
    outcome = solver.solve(built.model)
    spent = solver.response_proto.deterministic_time
    if outcome in _FOUND:
        return True, spent
    return (False if outcome == cp_model.INFEASIBLE else None), spent
