"""Stop CP-SAT on the exact objective of its answers, not on its own objective value.

The model's auxiliary variables (cap excess, balance bands, spread maxima) only
bound their expressions from below, so an answer found mid-search may carry them
above their true values: CP-SAT then sees a gap that the answer does not have, and
searches on for seconds (tens of seconds in large LDUs) to close it. The tracker
scores every answer exactly (``solvers.allocation.score.evaluate``), keeps the best, and stops
the search as soon as that best is within the run's gap of the proven bound. With
one worker the search is deterministic, so where it stops is too.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ortools.sat.python import cp_model

from solvers.allocation.gap import within_gap
from solvers.allocation.prepare import SubProblem
from solvers.allocation.score import Choice, evaluate

Expand = Callable[[Callable[[cp_model.IntVar], int]], list[Choice]]


class ExactTracker(cp_model.CpSolverSolutionCallback):
    """Keeps the exactly-best answer and stops once it is within the gap limits.

    Parameters
    ----------
    sp
        The sub-problem (its settings give the gap limits).
    expand
        Turns variable values into one choice per decision (``AllocationModel.choices``).
    solver
        The solver running the search (stopped from the bound callback).
    """

    def __init__(self, sp: SubProblem, expand: Expand, solver: cp_model.CpSolver) -> None:
        super().__init__()
        self.sp = sp
        self.expand = expand
        self.solver = solver
        self.best: list[Choice] | None = None
        self.best_value = math.inf
        self.bound = -math.inf

    def on_solution_callback(self) -> None:
        """Score the answer exactly; stop when the best is close enough to the bound."""
        if self.record(self.expand(self.value), self.best_objective_bound):
            self.stop_search()

    def record(self, choices: list[Choice], bound: float) -> bool:
        """Keep ``choices`` if exactly better than the best so far; True when done."""
        value = evaluate(self.sp, choices)
        if value < self.best_value:
            self.best, self.best_value = choices, value
        self.bound = max(self.bound, bound)
        return self.close_enough()

    def on_bound(self, bound: float) -> None:
        """A better proven bound (``CpSolver.best_bound_callback``)."""
        self.bound = max(self.bound, bound)
        if self.close_enough():
            self.solver.stop_search()

    def close_enough(self) -> bool:
        """The best answer is within ``absolute_gap`` or ``relative_gap_pct`` of the bound."""
        if self.best is None:
            return False
        return within_gap(self.sp.settings, self.best_value, math.ceil(self.bound - 1e-6))
