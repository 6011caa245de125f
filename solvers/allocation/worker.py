"""Solving one sub-problem: the code a worker process runs (or this one, with one worker).

It loads numpy (the greedy fill and the local search) and, when a model is solved,
OR-Tools; ``solvers.allocation.run`` imports it only where a task is solved here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from allocator.domain.result import SubResult
from solvers.allocation import greedy
from solvers.allocation.heuristic import improve, level
from solvers.allocation.prepare import SubProblem
from solvers.allocation.score import Choice, evaluate
from solvers.allocation.task import Outcome, Task


def solve_one(task: Task) -> Outcome:
    """Solve one sub-problem.

    The model starts from the better of the manager's greedy fill and the
    marginal-cost fill with local search (for a what-if, of the baseline's
    allocation with its open decisions filled), so it is never worse than greedy;
    ``cpsat.solve`` adds the linear relaxation's solution, rounded, as a third start.
    A resumed task (round two of the budget) starts from its own earlier answer.
    """
    # CP-SAT is imported only where a model is solved: the greedy path never loads OR-Tools.
    from solvers.allocation import cpsat
    from solvers.allocation.diagnose import diagnose  # imported with cpsat, for the same reason

    sp = task.sp
    if task.resume and task.start is not None:
        start = list(task.start)
    else:
        baseline, greedy_result = greedy.solve(sp)
        if task.solver == "greedy" or not sp.decisions:
            return baseline, greedy_result
        # A what-if's start (the baseline's answer, its open decisions filled) replaces the
        # cold fill: it is nearly always better, and the cold fill costs seconds in the
        # largest prisons.
        improved = improve(sp, task.start)
        start = min([baseline, improved], key=lambda choices: evaluate(sp, choices))
    choices, result = cpsat.solve(sp, task.time_limit, task.seed, 1, start)
    choices, result = _levelled(sp, choices, result)
    if not task.diagnosed:
        return choices, result
    return choices, replace(result, diagnosis=diagnose(sp, choices))


def _levelled(
    sp: SubProblem, choices: Sequence[Choice], result: SubResult
) -> tuple[list[Choice], SubResult]:
    """The answer with ties broken toward an even spread (``heuristic.level``), re-scored."""
    levelled = level(sp, choices)
    return levelled, replace(result, objective=evaluate(sp, levelled))
