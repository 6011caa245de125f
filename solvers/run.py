"""Solve a whole run: build the sub-problems, solve them (in parallel), assemble the result.

Sub-problems are independent (POMs by prison, COMs by LDU), so they are solved in
separate processes with ``workers`` > 1; each solve uses one CP-SAT worker and the
run's seed, so the same input, settings and seed give the same allocation.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace

from allocator.omic import Derivation, derive_all
from allocator.problem import ProblemData
from allocator.result import Allocation, Result, SubResult
from solvers import greedy
from solvers.build import Plan, build_plan
from solvers.heuristic import improve
from solvers.prepare import POM, SubProblem
from solvers.reasons import explain
from solvers.score import Choice, evaluate

SOLVERS = ("cpsat", "greedy")
Progress = Callable[[SubResult, int], None]  # a finished sub-problem, and how many in all


def solve_one(task: tuple[SubProblem, str, float, int]) -> tuple[list[Choice], SubResult]:
    """Solve one sub-problem (runs in a worker process).

    The model starts from the better of the manager's greedy fill and the
    marginal-cost fill with local search, so it is never worse than greedy.
    """
    sp, solver, time_limit, seed = task
    baseline, greedy_result = greedy.solve(sp)
    if solver == "greedy" or not sp.decisions:
        return baseline, greedy_result
    from solvers import cpsat  # imported here so the greedy path never loads OR-Tools
    from solvers.diagnose import diagnose

    improved = improve(sp)
    start = improved if evaluate(sp, improved) <= greedy_result.objective else baseline
    choices, result = cpsat.solve(sp, time_limit, seed, 1, start)
    return choices, replace(result, diagnosis=diagnose(sp, choices))


def solve(
    data: ProblemData,
    solver: str = "cpsat",
    prisons: Sequence[str] | None = None,
    rebalance: bool = False,
    time_limit: float | None = None,
    workers: int = 1,
    progress: Progress | None = None,
    derivations: Sequence[Derivation] | None = None,
) -> Result:
    """Allocate POMs and COMs for the covered prisons."""
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")
    started = time.perf_counter()
    derivations = derivations or derive_all(data)
    plan = build_plan(data, derivations, prisons, rebalance)
    limit = time_limit if time_limit is not None else data.settings.time_limit_s
    tasks = [(sp, solver, limit, data.settings.random_seed) for sp in plan.subproblems]
    outcomes = _run_all(tasks, workers, progress)
    return _assemble(data, derivations, plan, outcomes, solver, time.perf_counter() - started)


def _run_all(
    tasks: list[tuple[SubProblem, str, float, int]], workers: int, progress: Progress | None
) -> list[tuple[list[Choice], SubResult]]:
    """Every task's outcome in task order; the largest sub-problems start first."""
    order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i][0].decisions))
    outcomes: dict[int, tuple[list[Choice], SubResult]] = {}
    if workers <= 1 or len(tasks) <= 1:
        for i in order:
            outcomes[i] = solve_one(tasks[i])
            if progress:
                progress(outcomes[i][1], len(tasks))
    else:
        context = multiprocessing.get_context("spawn")  # no fork of a process OR-Tools runs in
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(solve_one, tasks[i]): i for i in order}
            for future in as_completed(futures):
                i = futures[future]
                outcomes[i] = future.result()
                if progress:
                    progress(outcomes[i][1], len(tasks))
    return [outcomes[i] for i in range(len(tasks))]


def _assemble(
    data: ProblemData,
    derivations: Sequence[Derivation],
    plan: Plan,
    outcomes: list[tuple[list[Choice], SubResult]],
    solver: str,
    seconds: float,
) -> Result:
    """The allocation of every covered case, the reasons and the statuses."""
    pom, com = dict(plan.fixed_pom), dict(plan.fixed_com)
    for sp, (choices, _) in zip(plan.subproblems, outcomes, strict=True):
        target = pom if sp.kind == POM else com
        for d, m in zip(sp.decisions, choices, strict=True):
            target[d.case.case_id] = None if m is None else sp.members[m].staff.staff_id
    allocation = Allocation(pom=pom, com=com)
    subresults = tuple(result for _, result in outcomes)
    return Result(
        allocation=allocation,
        reasons=explain(data, derivations, plan, outcomes, allocation),
        subresults=subresults,
        solver=solver,
        seconds=seconds,
        objective=sum(r.objective for r in subresults) + plan.orphan_constant,
        prisons=plan.covered,
    )
