"""The options of one weekly allocation run: what ``solvers.solve`` takes besides the data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

from allocator.domain.omic import Derivation
from allocator.domain.result import Allocation, SubResult

SOLVERS = ("cpsat", "greedy")
Progress = Callable[[SubResult, int], None]  # a finished sub-problem, and how many in all


@dataclass(frozen=True)
class SolveOptions:
    """How to solve a run.

    Attributes
    ----------
    solver
        ``cpsat`` (the optimiser) or ``greedy`` (the manager's fill, as a baseline).
    prisons
        Allocate only these prisons (empty: all).
    rebalance
        Let existing valid allocations move too.
    time_budget
        Solver seconds for the whole run, shared by its sub-problems (None: the
        ``time_budget_s`` setting).
    workers
        Local worker processes (1: solve in this process).
    progress
        Called with each finished sub-problem and how many there are.
    derivations
        The OMiC derivations of ``data.cases``, when already computed.
    start
        An earlier allocation to start from (a what-if starts from its baseline's).
    executor
        Where sub-problems run instead of ``workers`` local processes (a Dask
        cluster's executor, a what-if's recorder).
    explained
        With a reason per case and the capacity diagnosis of each sub-problem
        (a what-if compares totals and never shows them).
    warm
        A worker process started ahead that has loaded the solver
        (``solvers.executors.warm``): a run too small for ``workers`` processes of its
        own is solved there instead of in this process. The answer is the same.
    """

    solver: str = "cpsat"
    prisons: tuple[str, ...] = ()
    rebalance: bool = False
    time_budget: float | None = None
    workers: int = 1
    progress: Progress | None = None
    derivations: Sequence[Derivation] | None = None
    start: Allocation | None = None
    executor: Executor | None = None
    explained: bool = True
    warm: Executor | None = None

    def __post_init__(self) -> None:
        if self.solver not in SOLVERS:
            raise ValueError(f"unknown solver {self.solver!r}; choose one of {', '.join(SOLVERS)}")
