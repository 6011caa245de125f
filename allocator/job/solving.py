"""How a job's sub-problems are solved: the weekly allocation's choices, shared by what-ifs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from solvers import SolveOptions


@dataclass(frozen=True)
class RunOptions:
    """The command line's solving choices for a run (or for every scenario of a what-if)."""

    prisons: tuple[str, ...] = ()
    rebalance: bool = False
    time_limit: float | None = None  # the run's whole solving budget, in seconds
    solver: str = "cpsat"

    def solve_options(self, **more: Any) -> SolveOptions:
        """The solvers' options for these choices, with ``more`` (workers, start, executor...)."""
        return SolveOptions(
            solver=self.solver,
            prisons=self.prisons,
            rebalance=self.rebalance,
            time_budget=self.time_limit,
            **more,
        )


@dataclass(frozen=True)
class SolvingChoices:
    """The command line's choices that every job solving weekly allocations shares."""

    run_date: date | None = None
    prisons: tuple[str, ...] = ()
    rebalance: bool = False
    time_limit: float | None = None
    workers: int = 1
    solver: str = "cpsat"
    quiet: bool = False
    strict: bool = False  # any input error stops the run (no quarantine)

    def run(self) -> RunOptions:
        """How the sub-problems are solved."""
        return RunOptions(self.prisons, self.rebalance, self.time_limit, self.solver)
