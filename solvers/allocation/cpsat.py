"""The CP-SAT model of one sub-problem (the POMs of a prison, or the COMs of an LDU).

Formulated for proofs: interchangeable cases are aggregated into integer counts
per eligible member (exact, since every cost is linear in the counts), variables
exist only for eligible pairs, hard rules are elastic (an "unallocated" count and
cap slacks at penalties far above every soft goal), and a full hint comes from
the better of the greedy fill, the local search and the linear relaxation's solution
rounded and improved; where the relaxation's bound proves that start within the gap,
no search runs. The objective is exactly ``solvers.allocation.score.evaluate``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from allocator.domain import rules
from allocator.domain.enums import RuleMode
from allocator.domain.result import SubResult
from solvers.allocation.cpsat_track import ExactTracker
from solvers.allocation.gap import within_gap
from solvers.allocation.heuristic import improve
from solvers.allocation.lp_bound import Program, solve_program
from solvers.allocation.prepare import POM, Decision, SubProblem
from solvers.allocation.score import Choice, band_threshold, evaluate, pair_cost, unallocated_cost

LinearTerms = list[tuple[int, cp_model.IntVar]]
# An auxiliary variable's row: var >= ceil((sum(terms) + offset) / divisor), divisor > 0.
AuxRow = tuple[LinearTerms, int, int]

# CP-SAT's deterministic time is not seconds: on these models (LP-heavy, one worker) one
# unit took 3 to 8 wall-clock seconds, about 4 in the large prisons and LDUs (measured on
# the national sample, 2026-11). The ``time_limit_s`` setting is in seconds, so it is
# converted at that rate: a 10 s limit stops a sub-problem after about 10 s, not 40.
DETERMINISTIC_PER_SECOND = 0.25


@dataclass
class Group:
    """Decisions that the model cannot tell apart, decided as counts."""

    first: Decision
    members: list[int] = field(default_factory=list)  # decision indices
    y: dict[int, cp_model.IntVar] = field(default_factory=dict)  # member -> count


def _weighted(terms: LinearTerms) -> cp_model.LinearExprT:
    """sum(c x v) built in one call (a Python ``sum`` of products is many times slower)."""
    return cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms])


def _ceil_div(value: int, divisor: int) -> int:
    """ceil(value / divisor) in integers (divisor > 0)."""
    return -(-value // divisor)


def group_decisions(decisions: Sequence[Decision]) -> list[Group]:
    """Groups of equal signature, in first-seen order."""
    groups: dict[tuple[object, ...], Group] = {}
    for index, d in enumerate(decisions):
        groups.setdefault(d.signature(), Group(d)).members.append(index)
    return list(groups.values())


class AllocationModel:
    """Builds and solves the model of one sub-problem."""

    def __init__(self, sp: SubProblem) -> None:
        self.sp = sp
        self.model = cp_model.CpModel()
        self.groups = group_decisions(sp.decisions)
        self.objective: LinearTerms = []
        self.constant = sp.constant
        self._aux: list[tuple[cp_model.IntVar, list[AuxRow]]] = []
        self._upper: dict[int, int] = {}  # count variable index -> upper bound
        self._lower: dict[int, int] = {}  # auxiliary variable index -> lower bound
        self.program = Program()  # the same model as a linear program (its relaxation)
        # Each member's (group, count) pairs, filled with the counts: every per-member rule
        # reads them instead of scanning every group for every member.
        self._by_member: list[list[tuple[Group, cp_model.IntVar]]] = [[] for _ in sp.members]
        self._build()

    # -- variables and rules -------------------------------------------------------------
    def _build(self) -> None:
        """Every rule in the order of docs/allocation-rules.md."""
        self._add_counts()
        self._add_member_loads()
        self._add_spread_new()
        self._add_spread_complexity()
        self._add_peak()
        self._add_spo_high_risk_cap()
        self.model.minimize(_weighted(self.objective) + self.constant)
        self.program.objective = [(c, v.index) for c, v in self.objective]
        self.program.constant = float(self.constant)

    def _add_counts(self) -> None:
        """y[g, m] cases of group g go to member m; the rest of the group stays unallocated."""
        for gi, group in enumerate(self.groups):
            size = len(group.members)
            for m in group.first.options:
                group.y[m] = self.model.new_int_var(0, size, f"y_{gi}_{m}")
                self._upper[group.y[m].index] = size
                self._column(group.y[m], 0, size)
                self._by_member[m].append((group, group.y[m]))
                self.objective.append((pair_cost(self.sp, group.first, m), group.y[m]))
            given = cp_model.LinearExpr.sum(list(group.y.values()))
            self.model.add(given <= size)
            self.program.rows.append(([(1, y.index) for y in group.y.values()], -math.inf, size))
            # Unallocated = size - given: constant part plus a negative coefficient per count.
            cost = unallocated_cost(self.sp, group.first)
            self.constant += cost * size
            self.objective.extend((-cost, var) for var in group.y.values())

    def _member_terms(self, m: int) -> tuple[LinearTerms, LinearTerms]:
        """(count terms, points terms) of member m over all groups."""
        counts = [(1, y) for _, y in self._by_member[m]]
        points = [(g.first.points, y) for g, y in self._by_member[m]]
        return counts, points

    def _add_member_loads(self) -> None:
        """Cap excess and balance bands of every member."""
        settings = self.sp.settings
        for m, member in enumerate(self.sp.members):
            counts, points = self._member_terms(m)
            if member.case_cap is not None and settings.caseload_cap_rule is not RuleMode.OFF:
                weight = rules.W_CASES_OVER[settings.caseload_cap_rule]
                self._excess(counts, member.fixed_cases - member.case_cap, weight, f"ce_{m}")
            if settings.points_cap_rule is not RuleMode.OFF:
                weight = rules.W_POINTS_OVER[settings.points_cap_rule]
                self._excess(points, member.fixed_points - member.capacity, weight, f"pe_{m}")
            if member.capacity > 0:
                for pct, weight in rules.BALANCE_BANDS:
                    threshold = band_threshold(pct, member.capacity)
                    self._excess(points, member.fixed_points - threshold, weight, f"b{pct}_{m}")

    def _excess(self, terms: LinearTerms, offset: int, weight: int, name: str) -> None:
        """weight x max(0, sum(terms) + offset), as a constant or an excess variable."""
        upper = offset + self._max_of(terms)
        if upper <= 0:
            return  # can never exceed
        if not terms:
            self.constant += weight * offset
            return
        excess = self.model.new_int_var(max(0, offset), upper, name)
        self._lower[excess.index] = max(0, offset)
        self._column(excess, max(0, offset), upper)
        self.model.add(excess >= _weighted(terms) + offset)
        self._at_least(excess, terms, offset)
        self.objective.append((weight, excess))
        self._aux.append((excess, [(terms, offset, 1)]))

    def _column(self, var: cp_model.IntVar, low: int, high: int) -> None:
        """The variable as a column of the linear program (columns follow creation order)."""
        assert var.index == len(self.program.bounds)  # every variable is made here, in order
        self.program.bounds.append((float(low), float(high)))

    def _at_least(self, var: cp_model.IntVar, terms: LinearTerms, offset: int) -> None:
        """var >= sum(terms) + offset as a row of the linear program."""
        row = [(1, var.index)] + [(-c, v.index) for c, v in terms]
        self.program.rows.append((row, float(offset), math.inf))

    def _max_of(self, terms: LinearTerms) -> int:
        """The largest value of a sum of non-negative count terms."""
        return sum(c * self._upper[v.index] for c, v in terms if c > 0)

    def _maximum(self, rows: list[tuple[LinearTerms, int]], weight: int, name: str) -> None:
        """weight x the largest of several linear expressions (each with a constant)."""
        if not rows:
            return
        if all(not terms for terms, _ in rows):
            self.constant += weight * max(offset for _, offset in rows)
            return
        upper = max(offset + self._max_of(terms) for terms, offset in rows)
        top = self.model.new_int_var(0, max(0, upper), name)
        self._lower[top.index] = 0
        self._column(top, 0, max(0, upper))
        for terms, offset in rows:
            self.model.add(top >= _weighted(terms) + offset)
            self._at_least(top, terms, offset)
        self.objective.append((weight, top))
        self._aux.append((top, [(terms, offset, 1) for terms, offset in rows]))

    def _add_spread_new(self) -> None:
        """The most new cases any one POM takes this run."""
        if self.sp.kind != POM or not self.sp.members:
            return
        rows = []
        for m in range(len(self.sp.members)):
            rows.append(([(1, y) for g, y in self._by_member[m] if m != g.first.current], 0))
        self._maximum(rows, rules.W_SPREAD_NEW, "max_new")

    def _add_spread_complexity(self) -> None:
        """The most high-complexity cases any one POM holds (women's estate)."""
        if self.sp.kind != POM or not self.sp.female or not self.sp.members:
            return
        rows = []
        for m, member in enumerate(self.sp.members):
            terms = [(1, y) for g, y in self._by_member[m] if g.first.high_complexity]
            rows.append((terms, member.fixed_complexity))
        self._maximum(rows, rules.W_SPREAD_COMPLEXITY, "max_complexity")

    def _add_peak(self) -> None:
        """The highest utilisation above 100 % of any member, in tenths of a percentage point.

        With capacity c, points p and S = ``PEAK_STEPS``, the member's excess is
        ceil(S p / c) - S, so the row is c x peak >= S p - S c; members who can never pass
        100 % need no row.
        """
        steps = rules.PEAK_STEPS
        rows: list[AuxRow] = []
        for m, member in enumerate(self.sp.members):
            if member.capacity <= 0:
                continue
            terms = [(steps * c, v) for c, v in self._member_terms(m)[1]]
            offset = steps * (member.fixed_points - member.capacity)
            if offset + self._max_of(terms) > 0:
                rows.append((terms, offset, member.capacity))
        if not rows:
            return
        if all(not terms for terms, _, _ in rows):
            self.constant += rules.W_PEAK * max(_ceil_div(o, c) for _, o, c in rows)
            return
        upper = max(_ceil_div(o + self._max_of(t), c) for t, o, c in rows)
        peak = self.model.new_int_var(0, upper, "peak")
        self._lower[peak.index] = 0
        self._column(peak, 0, upper)
        for terms, offset, capacity in rows:
            self.model.add(capacity * peak >= _weighted(terms) + offset)
            row = [(capacity, peak.index)] + [(-c, v.index) for c, v in terms]
            self.program.rows.append((row, float(offset), math.inf))
        self.objective.append((rules.W_PEAK, peak))
        self._aux.append((peak, rows))

    def _add_spo_high_risk_cap(self) -> None:
        """High-risk cases per SPO team over the cap (when a cap is set)."""
        cap = self.sp.settings.spo_high_risk_cap
        if cap <= 0 or self.sp.kind != POM:
            return
        for spo, fixed in self.sp.spos.items():
            team = {m for m, member in enumerate(self.sp.members) if member.staff.spo == spo}
            terms = [
                (1, g.y[m]) for g in self.groups if g.first.high_risk for m in g.y if m in team
            ]
            self._excess(terms, fixed - cap, rules.W_SPO_HIGH_RISK, f"spo_{spo}")

    # -- hint and solution ---------------------------------------------------------------
    def add_hint(self, choices: Sequence[Choice]) -> None:
        """A complete hint: counts from the choices, every auxiliary variable from them."""
        values: dict[int, int] = {}
        for group in self.groups:
            for m, var in group.y.items():
                values[var.index] = sum(1 for i in group.members if choices[i] == m)
                self.model.add_hint(var, values[var.index])
        for var, rows in self._aux:
            best = max(_ceil_div(o + sum(c * values[v.index] for c, v in t), k) for t, o, k in rows)
            self.model.add_hint(var, max(self._lower[var.index], best))

    def rounded(self, values: Sequence[float]) -> list[Choice]:
        """The relaxation's counts made whole: each group's total rounded, then its members'
        counts by largest remainder (the local search repairs what rounding breaks)."""
        whole: dict[int, int] = {}
        for group in self.groups:
            shares = {m: values[var.index] for m, var in group.y.items()}
            floors = {m: math.floor(x + 1e-9) for m, x in shares.items()}
            extra = round(sum(shares.values())) - sum(floors.values())
            by_remainder = sorted(shares, key=lambda m: floors[m] - shares[m])
            for m in by_remainder[: max(0, extra)]:
                floors[m] += 1
            whole.update({group.y[m].index: n for m, n in floors.items()})
        return self.choices(lambda var: whole[var.index])

    def choices(self, value: Callable[[cp_model.IntVar], int]) -> list[Choice]:
        """Expand the counts back to one member (or None) per decision, in input order."""
        result: list[Choice] = [None] * len(self.sp.decisions)
        for group in self.groups:
            queue = list(group.members)
            for m in sorted(group.y):
                for _ in range(value(group.y[m])):
                    result[queue.pop(0)] = m
        return result


def solve(
    sp: SubProblem,
    time_limit: float,
    seed: int,
    workers: int = 1,
    hint: Sequence[Choice] | None = None,
) -> tuple[list[Choice], SubResult]:
    """Solve one sub-problem; the status (never an exception) says how good the answer is.

    OPTIMAL means proven: the objective equals the bound. A run stopped by the time
    limit or by the ``absolute_gap`` setting is FEASIBLE, with its bound and gap.
    """
    started = time.perf_counter()
    if not sp.decisions:
        value = evaluate(sp, [])
        return [], _result(sp, "NOTHING_TO_DECIDE", value, value, started)
    built = AllocationModel(sp)
    if hint is not None:
        hint, proven = _start(sp, built, hint, started)
        if proven is not None:
            return proven
        built.add_hint(hint)
    solver, status, tracker = _search(built, time_limit, seed, workers)
    used = work(solver)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and tracker.best is not None:
        # The exactly-best answer, which need not be the one CP-SAT ranks best (its
        # auxiliary variables may sit loose when not optimal).
        choices, value = tracker.best, int(tracker.best_value)
        bound = min(value, math.ceil(solver.best_objective_bound - 1e-6))
        status_text = "OPTIMAL" if bound == value else "FEASIBLE"
        return choices, _result(sp, status_text, value, bound, started, used)
    fallback: list[Choice] = list(hint) if hint is not None else [None] * len(sp.decisions)
    value = evaluate(sp, fallback)
    status_text = f"{solver.status_name(status)} (start kept)"
    return fallback, _result(sp, status_text, value, 0, started, used)


def _search(
    built: AllocationModel, time_limit: float, seed: int, workers: int
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus, ExactTracker]:
    """CP-SAT on the built model (hinted or not), stopped at the gap limits or the time limit."""
    settings = built.sp.settings
    solver = cp_model.CpSolver()
    params = solver.parameters
    # Deterministic time keeps the same input, settings and seed giving the same answer even
    # when the limit is reached; the wall-clock limit is only a safety net on a busy machine.
    params.max_deterministic_time = time_limit * DETERMINISTIC_PER_SECOND
    params.max_time_in_seconds = max(30.0, 10 * time_limit)
    params.num_workers = workers
    params.random_seed = seed
    params.absolute_gap_limit = float(settings.absolute_gap)
    params.relative_gap_limit = settings.relative_gap_pct / 100
    # Level 2 puts the one-case groups' at-most-one rows into the LP; without them the
    # bound of a prison with many singular cases is useless.
    params.linearization_level = 2
    tracker = ExactTracker(built.sp, built.choices, solver)
    solver.best_bound_callback = tracker.on_bound
    status = solver.solve(built.model, tracker)
    return solver, status, tracker


def _start(
    sp: SubProblem, built: AllocationModel, hint: Sequence[Choice], started: float
) -> tuple[list[Choice], tuple[list[Choice], SubResult] | None]:
    """The search's start, and the answer itself when the relaxation proves it (no search).

    The relaxation is solved once: its bound is the proof, and its solution, rounded and
    improved by the local search, is a second start beside the given one. The peak term (a
    maximum over the members) leaves the local search on plateaus that CP-SAT escapes only
    slowly (in one sample prison: 20 s to reach the optimum, 5,000 units above it after 5 s),
    while the relaxation's solution is nearly whole and, rounded, within a few units of it.
    """
    relaxation = solve_program(built.program)
    best, value = list(hint), evaluate(sp, hint)  # each start scored once: large LDUs pay
    if relaxation.bound is None:
        return best, None
    bound = relaxation.bound
    if not within_gap(sp.settings, value, min(bound, value)):
        rounded = improve(sp, built.rounded(relaxation.values))
        rounded_value = evaluate(sp, rounded)
        if rounded_value < value:
            best, value = rounded, rounded_value
    bound = min(bound, value)
    if not within_gap(sp.settings, value, bound):
        return best, None
    status = "OPTIMAL" if bound == value else "FEASIBLE"
    return best, (best, _result(sp, status, value, bound, started))


def work(solver: cp_model.CpSolver) -> float:
    """The solver time a search used, in the budget's seconds (its deterministic time)."""
    return float(solver.deterministic_time) / DETERMINISTIC_PER_SECOND


def _result(
    sp: SubProblem, status: str, objective: int, bound: int, started: float, used: float = 0.0
) -> SubResult:
    """The sub-problem's record."""
    return SubResult(
        name=sp.name,
        kind=sp.kind,
        status=status,
        objective=objective,
        bound=bound,
        seconds=time.perf_counter() - started,
        cases=sp.cases,
        decided=len(sp.decisions),
        staff=len(sp.members),
        work=used,
    )
