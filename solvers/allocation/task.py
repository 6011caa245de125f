"""One sub-problem as a worker process receives it, and the outcome it hands back.

Kept apart from the solving code (``solvers.allocation.worker``), so that a process
that only hands tasks to worker processes never loads numpy or OR-Tools.
"""

from __future__ import annotations

from dataclasses import dataclass

from allocator.domain.result import SubResult
from solvers.allocation.prepare import SubProblem
from solvers.allocation.score import Choice

Outcome = tuple[list[Choice], SubResult]


@dataclass(frozen=True)
class Task:
    """One sub-problem to solve, with everything a worker process needs."""

    sp: SubProblem
    solver: str
    time_limit: float  # this sub-problem's share of the run's budget, solver seconds
    seed: int
    start: tuple[Choice, ...] | None = None  # from a previous run's allocation (a what-if)
    diagnosed: bool = True  # with the capacity diagnosis (CP-SAT only; a what-if needs none)
    budget: float = 0.0  # the whole run's budget, of which ``time_limit`` is a share
    resume: bool = False  # round two: ``start`` is round one's answer, searched on from
