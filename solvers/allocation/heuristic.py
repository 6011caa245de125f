"""A marginal-cost fill and local search: a near-optimal start for the CP-SAT model.

The greedy baseline does what a manager does; this does what the objective says.
Cases go, hardest first, to the option whose exact objective increase is
smallest; then single moves are tried until none improves. CP-SAT starts from
the result and proves (or improves) it, which is far quicker than searching from
the manager's fill.

The cost of every option of a case is computed at once with NumPy over the
members' loads (the cap, capacity and balance-band steps are the same piecewise
linear terms as ``solvers.allocation.score.load_cost``): in the largest LDUs a case
has 150 options, and this search was the costliest step of a national run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from allocator.domain import rules
from allocator.domain.enums import RuleMode
from solvers.allocation.prepare import POM, Decision, SubProblem
from solvers.allocation.score import (
    Choice,
    load_cost,
    over_steps,
    pair_cost,
    unallocated_cost,
)

_PASSES = 4
_NEVER = np.iinfo(np.int64).max // 4  # a cap that is never reached (no cap, or the rule off)
Ints = npt.NDArray[np.int64]


class _State:
    """Loads of every member and the pieces of the objective that depend on them."""

    def __init__(self, sp: SubProblem) -> None:
        self.sp = sp
        members = sp.members
        self.cases: Ints = np.array([m.fixed_cases for m in members], dtype=np.int64)
        self.points: Ints = np.array([m.fixed_points for m in members], dtype=np.int64)
        self.new: Ints = np.zeros(len(members), dtype=np.int64)
        self.complexity: Ints = np.array([m.fixed_complexity for m in members], dtype=np.int64)
        self._limits(sp)
        self.over: Ints = self._over(self.points, np.arange(len(members)))
        self._pair: dict[int, tuple[Ints, Ints]] = {}  # id(decision) -> (options, pair costs)

    def _limits(self, sp: SubProblem) -> None:
        """Each member's case cap, capacity and band thresholds, with their weights."""
        settings = sp.settings
        cap_on = settings.caseload_cap_rule is not RuleMode.OFF
        points_on = settings.points_cap_rule is not RuleMode.OFF
        self.w_cases = rules.W_CASES_OVER[settings.caseload_cap_rule] if cap_on else 0
        caps = [m.case_cap if m.case_cap is not None and cap_on else _NEVER for m in sp.members]
        self.case_cap: Ints = np.array(caps, dtype=np.int64)
        # Points terms: (threshold per member, weight); a member without capacity has no bands.
        steps: list[tuple[Ints, int]] = []
        if points_on:
            weight = rules.W_POINTS_OVER[settings.points_cap_rule]
            steps.append((np.array([m.capacity for m in sp.members], dtype=np.int64), weight))
        for pct, weight in rules.BALANCE_BANDS:
            limits = [pct * m.capacity // 100 if m.capacity > 0 else _NEVER for m in sp.members]
            steps.append((np.array(limits, dtype=np.int64), weight))
        self.steps = steps
        self.capacity: Ints = np.array([m.capacity for m in sp.members], dtype=np.int64)

    def _over(self, points: Ints, at: Ints) -> Ints:
        """``score.over_steps`` of members ``at`` holding ``points``, all at once."""
        capacity = self.capacity[at]
        steps = rules.PEAK_STEPS
        over = -((-steps * points) // np.maximum(capacity, 1)) - steps
        return np.where(capacity > 0, np.maximum(over, 0), 0)

    def _peak_change(self, d: Decision, opts: Ints) -> Ints:
        """Change of the peak term (``score.peak_cost``) of giving ``d`` to each option."""
        now = int(self.over.max()) if len(self.over) else 0
        after = self._over(self.points[opts] + d.points, opts)
        return rules.W_PEAK * (np.maximum(after, now) - now)

    def member_cost(self, m: int, cases: int, points: int) -> int:
        return load_cost(self.sp, self.sp.members[m], cases, points)

    def options(self, d: Decision) -> tuple[Ints, Ints]:
        """The decision's options and what each costs on its own, computed once."""
        key = id(d)
        if key not in self._pair:
            opts = np.array(d.options, dtype=np.int64)
            costs = np.array([pair_cost(self.sp, d, m) for m in d.options], dtype=np.int64)
            self._pair[key] = (opts, costs)
        return self._pair[key]

    def add_costs(self, d: Decision) -> Ints:
        """Exact objective increase of giving ``d`` to each of its options, spread included."""
        opts, costs = self.options(d)
        total = costs.copy()
        if self.w_cases:
            total += self.w_cases * (self.cases[opts] >= self.case_cap[opts])
        points = self.points[opts]
        for limit, weight in self.steps:
            over = limit[opts]
            total += weight * (
                np.maximum(0, points + d.points - over) - np.maximum(0, points - over)
            )
        total += self._peak_change(d, opts)
        if self.sp.kind == POM:
            total += self._spread(d, opts)
        return total

    def _spread(self, d: Decision, opts: Ints) -> Ints:
        """Change of the spread terms (largest share of new / high-complexity cases)."""
        delta = np.zeros(len(opts), dtype=np.int64)
        if len(self.new):
            grows = self.new[opts] + 1 > self.new.max()
            if d.current is not None:
                grows &= opts != d.current
            delta += rules.W_SPREAD_NEW * grows
        if self.sp.female and d.high_complexity and len(self.complexity):
            delta += rules.W_SPREAD_COMPLEXITY * (self.complexity[opts] + 1 > self.complexity.max())
        return delta

    def add_cost(self, d: Decision, m: Choice) -> int:
        """Exact objective increase of giving ``d`` to ``m`` (None: nobody), one member only."""
        if m is None:
            return unallocated_cost(self.sp, d)
        cost = pair_cost(self.sp, d, m)
        if self.w_cases and self.cases[m] >= self.case_cap[m]:
            cost += self.w_cases
        points = int(self.points[m])
        for limit, weight in self.steps:
            over = int(limit[m])
            cost += weight * (max(0, points + d.points - over) - max(0, points - over))
        now = int(self.over.max())
        after = over_steps(points + d.points, self.sp.members[m].capacity)
        cost += rules.W_PEAK * (max(after, now) - now)
        if self.sp.kind == POM:
            if m != d.current and self.new[m] + 1 > self.new.max():
                cost += rules.W_SPREAD_NEW
            if (
                self.sp.female
                and d.high_complexity
                and (self.complexity[m] + 1 > self.complexity.max())
            ):
                cost += rules.W_SPREAD_COMPLEXITY
        return cost

    def apply(self, d: Decision, m: Choice, sign: int) -> None:
        """Add (sign +1) or remove (-1) decision ``d`` at member ``m``."""
        if m is None:
            return
        self.cases[m] += sign
        self.points[m] += sign * d.points
        self.over[m] = over_steps(int(self.points[m]), self.sp.members[m].capacity)
        if m != d.current:
            self.new[m] += sign
        if d.high_complexity:
            self.complexity[m] += sign

    def remove_gain(self, d: Decision, m: Choice) -> int:
        """Objective decrease of taking ``d`` away from ``m``."""
        if m is None:
            return unallocated_cost(self.sp, d)
        self.apply(d, m, -1)
        cost = self.add_cost(d, m)
        self.apply(d, m, +1)
        return cost


def improve(sp: SubProblem, start: Sequence[Choice] | None = None) -> list[Choice]:
    """A marginal-cost fill of every open decision, then single moves while any improves.

    With ``start`` (an earlier allocation), its choices stay as they are and only its
    open decisions (``None``: a new case, or a holder gone) are filled: a warm start.
    Leaving them to the local search instead fills them in input order, a poorer start
    that costs CP-SAT many times longer where a scenario adds many cases.
    """
    state = _State(sp)
    choices: list[Choice] = list(start) if start is not None else [None] * len(sp.decisions)
    for d, m in zip(sp.decisions, choices, strict=True):
        state.apply(d, m, +1)
    # The hardest first: fewest options, then the heaviest.
    order = sorted(
        (i for i, m in enumerate(choices) if m is None),
        key=lambda i: (len(sp.decisions[i].options), -sp.decisions[i].points, i),
    )
    for i in order:
        choices[i] = _best(state, sp.decisions[i])[0]
        state.apply(sp.decisions[i], choices[i], +1)
    for _ in range(_PASSES):
        if not _one_pass(sp, state, choices):
            break
    return choices


def _best(state: _State, d: Decision) -> tuple[Choice, int]:
    """The cheapest option for ``d`` now (nobody if that is cheaper), and its cost.

    Ties go to nobody, then to the first option in order, as a loop keeping the first
    strictly cheaper option would choose.
    """
    nobody = state.add_cost(d, None)
    if not d.options:
        return None, nobody
    costs = state.add_costs(d)
    at = int(np.argmin(costs))
    if int(costs[at]) < nobody:
        return d.options[at], int(costs[at])
    return None, nobody


def _one_pass(sp: SubProblem, state: _State, choices: list[Choice]) -> bool:
    """Move each decision to its cheapest option when that lowers the objective."""
    improved = False
    for i, d in enumerate(sp.decisions):
        current = choices[i]
        gain = state.remove_gain(d, current)
        state.apply(d, current, -1)
        target, cost = _best(state, d)
        if target != current and cost < gain:
            choices[i] = target
            improved = True
        state.apply(d, choices[i], +1)
    return improved


_LEVEL_MOVES = 2_000  # enough for the largest sub-problem's most loaded members


def level(sp: SubProblem, choices: Sequence[Choice]) -> list[Choice]:
    """Equal-cost moves away from the most utilised member: ties broken toward an even spread.

    The objective charges a point over capacity the same wherever it lands, so many answers
    cost the same and one of them may pile new cases on a worker already far over. Each move
    here takes a case from the most utilised member to the option that ends least utilised,
    and only when the objective does not rise: the answer is as good, and no one carries more
    than they must.
    """
    chosen = list(choices)
    if not sp.members:
        return chosen
    state = _State(sp)
    held: dict[int, list[int]] = {}  # member -> the decisions it is given
    for i, (d, m) in enumerate(zip(sp.decisions, chosen, strict=True)):
        state.apply(d, m, +1)
        if m is not None and len(d.options) > 1:
            held.setdefault(m, []).append(i)
    capacity = np.array([max(1, m.capacity) for m in sp.members], dtype=np.float64)
    measured = np.array([m.capacity > 0 for m in sp.members])
    for _ in range(_LEVEL_MOVES):
        util = np.where(measured, state.points / capacity, -1.0)
        top = int(np.argmax(util))
        if util[top] <= 1.0 or not _level_one(state, chosen, held, top, util, capacity):
            break
    return chosen


def _level_one(
    state: _State,
    chosen: list[Choice],
    held: dict[int, list[int]],
    top: int,
    util: npt.NDArray[np.float64],
    capacity: npt.NDArray[np.float64],
) -> bool:
    """Move one of ``top``'s cases to a less utilised option at no extra cost; False if none."""
    for i in held.get(top, []):
        d = state.sp.decisions[i]
        gain = state.remove_gain(d, top)
        state.apply(d, top, -1)
        opts, _ = state.options(d)
        after = (state.points[opts] + d.points) / capacity[opts]
        fits = (state.add_costs(d) <= gain) & (after < util[top]) & (opts != top)
        if fits.any():
            at = int(np.flatnonzero(fits)[np.argmin(after[fits])])
            target = d.options[at]
            chosen[i] = target
            state.apply(d, target, +1)
            held[top].remove(i)
            held.setdefault(target, []).append(i)
            return True
        state.apply(d, top, +1)
    return False
