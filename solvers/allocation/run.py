"""Solve a whole run: build the sub-problems, solve them (in parallel), assemble the result.

Sub-problems are independent (POMs by prison, COMs by LDU), so they are solved in
separate processes with ``workers`` > 1; each solve uses one CP-SAT worker and the
run's seed, so the same input, settings and seed give the same allocation.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace

from allocator.domain.enums import Switch
from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problem import Case, ProblemData
from allocator.domain.result import Allocation, Result, SubResult
from solvers.allocation import greedy
from solvers.allocation.build import Plan, build_plan
from solvers.allocation.heuristic import improve
from solvers.allocation.prepare import POM, SubProblem
from solvers.allocation.reasons import explain
from solvers.allocation.score import Choice, evaluate

SOLVERS = ("cpsat", "greedy")
_PARALLEL_FROM = 1000  # decided cases in a run before parallel processes pay
Progress = Callable[[SubResult, int], None]  # a finished sub-problem, and how many in all


@dataclass(frozen=True)
class Task:
    """One sub-problem to solve, with everything a worker process needs."""

    sp: SubProblem
    solver: str
    time_limit: float
    seed: int
    start: tuple[Choice, ...] | None = None  # from a previous run's allocation (a what-if)
    diagnosed: bool = True  # with the capacity diagnosis (CP-SAT only; a what-if needs none)


def solve_one(task: Task) -> tuple[list[Choice], SubResult]:
    """Solve one sub-problem (runs in a worker process).

    The model starts from the better of the manager's greedy fill and the
    marginal-cost fill with local search (for a what-if, of the baseline's
    allocation with its open decisions filled), so it is never worse than greedy.
    """
    sp = task.sp
    baseline, greedy_result = greedy.solve(sp)
    if task.solver == "greedy" or not sp.decisions:
        return baseline, greedy_result
    from solvers.allocation import cpsat
    from solvers.allocation.diagnose import diagnose

    # A what-if's start (the baseline's answer, its open decisions filled) replaces the
    # cold fill: it is nearly always better, and the cold fill costs seconds in the
    # largest prisons.
    improved = improve(sp, task.start)
    candidates = [baseline, improved]
    start = min(candidates, key=lambda choices: evaluate(sp, choices))
    choices, result = cpsat.solve(sp, task.time_limit, task.seed, 1, start)
    if not task.diagnosed:
        return choices, result
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
    hint: Allocation | None = None,
    executor: Executor | None = None,
    explained: bool = True,
) -> Result:
    """Allocate POMs and COMs for the covered prisons.

    ``hint`` is an earlier allocation to start from (a what-if hinted from its
    baseline); ``executor`` runs the sub-problems elsewhere (e.g. a Dask cluster's
    ``client.get_executor()``), otherwise ``workers`` local processes do.
    ``explained=False`` leaves out the reason per case and the capacity diagnosis
    of each sub-problem (a what-if compares totals and never shows them).
    """
    if solver not in SOLVERS:
        raise ValueError(f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}")
    started = time.perf_counter()
    derivations = derivations or derive_all(data)
    plan = build_plan(data, derivations, prisons, rebalance)
    limit = time_limit if time_limit is not None else data.settings.time_limit_s
    seed = data.settings.random_seed
    tasks = [Task(sp, solver, limit, seed, _start(sp, hint), explained) for sp in plan.subproblems]
    outcomes = run_tasks(tasks, workers, progress, executor)
    seconds = time.perf_counter() - started
    return _assemble(data, derivations, plan, outcomes, solver, seconds, explained)


def _start(sp: SubProblem, hint: Allocation | None) -> tuple[Choice, ...] | None:
    """An earlier allocation as choices of this sub-problem (None where it does not fit)."""
    if hint is None:
        return None
    chosen = hint.pom if sp.kind == POM else hint.com
    index = {m.staff.staff_id: i for i, m in enumerate(sp.members)}
    start: list[Choice] = []
    for d in sp.decisions:
        m = index.get(chosen.get(d.case.case_id) or "")
        start.append(m if m in d.options else None)
    return tuple(start)


def run_tasks(
    tasks: Sequence[Task],
    workers: int = 1,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> list[tuple[list[Choice], SubResult]]:
    """Every task's outcome in task order; the largest sub-problems start first."""
    order = sorted(range(len(tasks)), key=lambda i: -len(tasks[i].sp.decisions))
    if executor is not None:
        return _collect(executor, tasks, order, progress)
    # Starting worker processes costs about a second: a small run is quicker in this one.
    small = sum(len(task.sp.decisions) for task in tasks) < _PARALLEL_FROM
    if workers <= 1 or len(tasks) <= 1 or small:
        outcomes: dict[int, tuple[list[Choice], SubResult]] = {}
        for i in order:
            outcomes[i] = solve_one(tasks[i])
            if progress:
                progress(outcomes[i][1], len(tasks))
        return [outcomes[i] for i in range(len(tasks))]
    context = multiprocessing.get_context("spawn")  # no fork of a process OR-Tools runs in
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return _collect(pool, tasks, order, progress)


def _collect(
    pool: Executor, tasks: Sequence[Task], order: Sequence[int], progress: Progress | None
) -> list[tuple[list[Choice], SubResult]]:
    """Submit every task to an executor and gather the outcomes in task order."""
    futures = {pool.submit(solve_one, tasks[i]): i for i in order}
    outcomes: dict[int, tuple[list[Choice], SubResult]] = {}
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
    explained: bool = True,
) -> Result:
    """The allocation of every covered case, the reasons and the statuses."""
    pom, com = dict(plan.fixed_pom), dict(plan.fixed_com)
    for sp, (choices, _) in zip(plan.subproblems, outcomes, strict=True):
        target = pom if sp.kind == POM else com
        for d, m in zip(sp.decisions, choices, strict=True):
            target[d.case.case_id] = None if m is None else sp.members[m].staff.staff_id
    coworker: dict[str, str] = dict(plan.coworkers)  # existing co-workers who stay
    subresults = [result for _, result in outcomes]
    if solver == "cpsat" and data.settings.case_management_support is Switch.ON:
        subresults = _co_working(data, derivations, plan, outcomes, pom, coworker)
    allocation = Allocation(pom=pom, com=com, coworker=coworker)
    reasons: dict[str, str] = {}
    if explained:
        reasons = explain(data, derivations, plan, outcomes, allocation)
        for case_id, who in coworker.items():
            if case_id in plan.coworkers:
                reasons[case_id] += f"; co-worked by POM {who}, kept"
            else:
                reasons[case_id] += f"; co-worked by prison POM {who} (case management support)"
    return Result(
        allocation=allocation,
        reasons=reasons,
        subresults=tuple(subresults),
        solver=solver,
        seconds=seconds,
        objective=sum(r.objective for r in subresults) + plan.orphan_constant,
        prisons=plan.covered,
    )


def _co_working(
    data: ProblemData,
    derivations: Sequence[Derivation],
    plan: Plan,
    outcomes: list[tuple[list[Choice], SubResult]],
    pom: dict[str, str | None],
    coworker: dict[str, str],
) -> list[SubResult]:
    """The second stage: co-working per prison; each prison's objective falls by its saving."""
    from solvers.allocation import cms

    by_prison: dict[str, list[tuple[Case, Derivation, str]]] = {}
    for case, d in zip(data.cases, derivations, strict=True):
        holder = pom.get(case.case_id)
        if d.in_scope and holder and case.case_id not in coworker:
            by_prison.setdefault(case.prison, []).append((case, d, holder))
    results = []
    for sp, (choices, result) in zip(plan.subproblems, outcomes, strict=True):
        if sp.kind != POM:
            results.append(result)
            continue
        cases, points = _final_loads(sp, choices)
        found = cms.candidates(sp, by_prison.get(sp.name, []))
        chosen, saving = cms.co_work(sp, found, cases, points)
        coworker.update(chosen)
        value = result.objective - saving
        results.append(replace(result, objective=value, bound=min(result.bound, value)))
    return results


def _final_loads(sp: SubProblem, choices: Sequence[Choice]) -> tuple[list[int], list[int]]:
    """Cases and points of every member after the allocation stage."""
    cases = [m.fixed_cases for m in sp.members]
    points = [m.fixed_points for m in sp.members]
    for d, m in zip(sp.decisions, choices, strict=True):
        if m is not None:
            cases[m] += 1
            points[m] += d.points
    return cases, points
