"""Solving the baseline and every scenario, each like a weekly allocation.

The baseline is solved exactly as ``allocator allocate`` solves the input. Each
scenario is then solved from the baseline's allocation (``hint``), with the
baseline's outcome reused for every sub-problem the scenario leaves unchanged.
Scenarios run side by side (one thread each, which mostly waits) so that all
their sub-problems (prisons x scenarios) queue on one executor together: local
processes or a Dask cluster. Every result is re-verified by the checker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass

from allocator.check.allocation import CheckReport, check
from allocator.domain.omic import Derivation, derive, derive_all
from allocator.domain.problem import ProblemData
from allocator.domain.result import Result
from allocator.domain.scenarios import BASELINE
from allocator.job.solving import RunOptions
from allocator.whatif.apply import Applied
from solvers import solve
from solvers.allocation.reuse import Known, Recorder, Reuser
from solvers.executors import InlineExecutor


@dataclass(frozen=True)
class Outcome:
    """One scenario solved and checked.

    Attributes
    ----------
    name
        The scenario (``baseline`` for the input as it is).
    data, derivations
        What was solved.
    result, report
        The solver's result and the checker's report of it.
    solved, reused
        Sub-problems solved, and those given the baseline's outcome unchanged.
    seconds
        Wall-clock time of the scenario's solve and check.
    """

    name: str
    data: ProblemData
    derivations: tuple[Derivation, ...]
    result: Result
    report: CheckReport
    solved: int
    reused: int
    seconds: float


Done = Callable[[Outcome], None]
# Scenarios solved at once: enough to keep the workers busy, with bounded memory (about 40 MB
# a national scenario). More is slower: each scenario's preparing and checking runs in this
# process and competes with the workers; the what-if benchmark (2 cores) took 284 s with 8,
# 301 s with 16 and 351 s with 32.
MAX_IN_FLIGHT = 8


def run_whatif(
    base: ProblemData,
    scenarios: Sequence[Applied],
    options: RunOptions,
    executor: Executor,
    done: Done | None = None,
) -> list[Outcome]:
    """The baseline's outcome, then each scenario's, in the order given.

    Parameters
    ----------
    base
        The input as it is.
    scenarios
        Each scenario's data (``allocator.whatif.apply.apply_scenario``).
    options
        Prisons, rebalance, time limit and solver, as for ``allocator allocate``.
    executor
        Where sub-problems are solved; an ``InlineExecutor`` solves scenarios one by one.
    done
        Called as each scenario finishes (from its thread).
    """
    baseline, known = _baseline(base, options, executor)
    if done:
        done(baseline)
    reuse = _Reuse(base, baseline)

    def one(applied: Applied) -> Outcome:
        outcome = _scenario(applied, options, executor, known, reuse)
        if done:
            done(outcome)
        return outcome

    if isinstance(executor, InlineExecutor) or len(scenarios) <= 1:
        return [baseline, *map(one, scenarios)]
    threads = min(len(scenarios), MAX_IN_FLIGHT)
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="scenario") as pool:
        return [baseline, *pool.map(one, scenarios)]


def _baseline(base: ProblemData, options: RunOptions, executor: Executor) -> tuple[Outcome, Known]:
    """The input solved as ``allocator allocate`` solves it, with its sub-problems kept."""
    started = time.perf_counter()
    derivations = derive_all(base)
    recorder = Recorder(executor)
    how = options.solve_options(derivations=derivations, executor=recorder)
    result = solve(base, how)
    known = recorder.known()
    outcome = _checked(BASELINE, base, derivations, result, len(known), 0, started)
    return outcome, known


def _scenario(
    applied: Applied, options: RunOptions, executor: Executor, known: Known, reuse: _Reuse
) -> Outcome:
    """One scenario solved from the baseline's allocation."""
    started = time.perf_counter()
    data = applied.data
    derivations = reuse.derivations(data)
    reuser = Reuser(executor, known)
    how = options.solve_options(
        derivations=derivations,
        start=reuse.baseline.result.allocation,
        executor=reuser,
        explained=False,
    )
    result = solve(data, how)
    name = applied.scenario.name
    return _checked(name, data, derivations, result, reuser.solved, reuser.reused, started)


def _checked(
    name: str,
    data: ProblemData,
    derivations: tuple[Derivation, ...],
    result: Result,
    solved: int,
    reused: int,
    started: float,
) -> Outcome:
    """The outcome with the checker's report."""
    report = check(data, result.allocation, result.prisons, derivations=derivations)
    seconds = time.perf_counter() - started
    return Outcome(name, data, derivations, result, report, solved, reused, seconds)


class _Reuse:
    """The baseline's derivations, reused for every case a scenario did not change."""

    def __init__(self, base: ProblemData, baseline: Outcome) -> None:
        self.base = base
        self.baseline = baseline
        self._by_case = {id(c): d for c, d in zip(base.cases, baseline.derivations, strict=True)}

    def derivations(self, data: ProblemData) -> tuple[Derivation, ...]:
        """The scenario's derivations: the baseline's for the same case under the same rules."""
        if data.settings != self.base.settings or data.prisons is not self.base.prisons:
            return derive_all(data)
        by_case = self._by_case
        return tuple(by_case.get(id(case)) or derive(case, data) for case in data.cases)
