"""A marginal-cost fill and local search: a near-optimal start for the CP-SAT model.

The greedy baseline does what a manager does; this does what the objective says.
Cases go, largest first, to the option whose exact objective increase is
smallest; then single moves are tried until none improves. CP-SAT starts from
the result and proves (or improves) it, which is far quicker than searching from
the manager's fill.
"""

from __future__ import annotations

from collections.abc import Sequence

from allocator.domain import rules
from solvers.allocation.prepare import POM, Decision, SubProblem
from solvers.allocation.score import Choice, load_cost, pair_cost, unallocated_cost

_PASSES = 4


class _State:
    """Loads of every member and the pieces of the objective that depend on them."""

    def __init__(self, sp: SubProblem) -> None:
        self.sp = sp
        self.cases = [m.fixed_cases for m in sp.members]
        self.points = [m.fixed_points for m in sp.members]
        self.new = [0] * len(sp.members)
        self.complexity = [m.fixed_complexity for m in sp.members]

    def member_cost(self, m: int, cases: int, points: int) -> int:
        return load_cost(self.sp, self.sp.members[m], cases, points)

    def add_cost(self, d: Decision, m: Choice) -> int:
        """Exact objective increase of giving ``d`` to ``m`` (None: nobody), spread included."""
        if m is None:
            return unallocated_cost(self.sp, d)
        before = self.member_cost(m, self.cases[m], self.points[m])
        after = self.member_cost(m, self.cases[m] + 1, self.points[m] + d.points)
        return pair_cost(self.sp, d, m) + after - before + self._spread_delta(d, m, +1)

    def _spread_delta(self, d: Decision, m: int, sign: int) -> int:
        """Change of the spread terms (largest share of new / high-complexity cases)."""
        if self.sp.kind != POM:
            return 0
        delta = 0
        if m != d.current:
            delta += rules.W_SPREAD_NEW * _max_change(self.new, m, sign)
        if self.sp.female and d.high_complexity:
            delta += rules.W_SPREAD_COMPLEXITY * _max_change(self.complexity, m, sign)
        return delta

    def apply(self, d: Decision, m: Choice, sign: int) -> None:
        """Add (sign +1) or remove (-1) decision ``d`` at member ``m``."""
        if m is None:
            return
        self.cases[m] += sign
        self.points[m] += sign * d.points
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


def _max_change(values: list[int], index: int, sign: int) -> int:
    """How the maximum of ``values`` changes when ``values[index]`` moves by ``sign``."""
    top = max(values)
    if sign > 0:
        return 1 if values[index] + 1 > top else 0
    if values[index] == top and values.count(top) == 1:
        return -1 if top > 0 else 0
    return 0


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
        choices[i] = _best(state, sp.decisions[i])
        state.apply(sp.decisions[i], choices[i], +1)
    for _ in range(_PASSES):
        if not _one_pass(sp, state, choices):
            break
    return choices


def _best(state: _State, d: Decision) -> Choice:
    """The cheapest option for ``d`` now (nobody if that is cheaper)."""
    best: Choice = None
    best_cost = state.add_cost(d, None)
    for m in d.options:
        cost = state.add_cost(d, m)
        if cost < best_cost:
            best, best_cost = m, cost
    return best


def _one_pass(sp: SubProblem, state: _State, choices: list[Choice]) -> bool:
    """Move each decision to its cheapest option when that lowers the objective."""
    improved = False
    for i, d in enumerate(sp.decisions):
        current = choices[i]
        gain = state.remove_gain(d, current)
        state.apply(d, current, -1)
        target = _best(state, d)
        if target != current and state.add_cost(d, target) < gain:
            choices[i] = target
            improved = True
        state.apply(d, choices[i], +1)
    return improved
