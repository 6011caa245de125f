"""Solve a whole run: build the sub-problems, solve them (in parallel), assemble the result.

Sub-problems are independent (POMs by prison, COMs by LDU), so they are solved in
separate processes with ``workers`` > 1; each solve uses one CP-SAT worker and the
run's seed, and the run's time budget is shared out deterministically
(``solvers.allocation.budget``), so the same input, settings and seed give the same
allocation whatever the number of workers. A run too small for processes of its own is
solved here, or in a worker process started ahead (``SolveOptions.warm``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from allocator.domain.enums import Switch
from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problem import Case, ProblemData
from allocator.domain.result import Allocation, Result, SubResult
from solvers import executors
from solvers.allocation import budget
from solvers.allocation.build import Plan, build_plan
from solvers.allocation.prepare import POM, SubProblem
from solvers.allocation.reasons import explain
from solvers.allocation.score import Choice
from solvers.allocation.task import Outcome, Task
from solvers.options import SolveOptions

_PARALLEL_FROM = 1000  # decided cases in a run before parallel processes pay


def solve_one(task: Task) -> Outcome:
    """Solve one sub-problem (``solvers.allocation.worker.solve_one``), here or in a worker."""
    # The solving code loads numpy and OR-Tools: a process whose tasks all go to worker
    # processes never loads them.
    from solvers.allocation import worker

    return worker.solve_one(task)


def solve(data: ProblemData, options: SolveOptions | None = None) -> Result:
    """Allocate POMs and COMs for the covered prisons (``solvers.solve``, the front door).

    Parameters
    ----------
    data
        The validated problem.
    options
        Solver, prisons, rebalance, time budget, workers, progress and the rest
        (``solvers.options.SolveOptions``); the defaults solve every prison with CP-SAT
        in this process, within the ``time_budget_s`` setting.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    derivations = options.derivations or derive_all(data)
    plan = build_plan(data, derivations, options.prisons or None, options.rebalance)
    total = options.time_budget if options.time_budget is not None else data.settings.time_budget_s
    sizes = [len(sp.decisions) for sp in plan.subproblems]
    tasks = [
        Task(
            sp,
            options.solver,
            share,
            data.settings.random_seed,
            _start(sp, options.start),
            options.explained,
            total,
        )
        for sp, share in zip(plan.subproblems, budget.first_shares(sizes, total), strict=True)
    ]
    outcomes = _two_rounds(tasks, sizes, options, total)
    seconds = time.perf_counter() - started
    return _assemble(data, derivations, plan, outcomes, options.solver, seconds, options.explained)


def _two_rounds(
    tasks: Sequence[Task], sizes: Sequence[int], options: SolveOptions, total: float
) -> list[Outcome]:
    """Round one on each sub-problem's share; round two for those it stopped short."""
    workers = options.workers if sum(sizes) >= _PARALLEL_FROM else 1
    if options.executor is None and workers > 1 and len(tasks) > 1:
        # One pool for both rounds: starting worker processes costs a second or two.
        with executors.processes(workers) as pool:
            return _two_rounds(tasks, sizes, replace(options, executor=pool), total)
    if options.executor is None and options.warm is not None:
        # Too small for processes of its own: solved in the one already started and loaded,
        # so that this process never loads the solver.
        return _two_rounds(tasks, sizes, replace(options, executor=options.warm), total)
    first = run_tasks(tasks, sizes, workers, options, len(tasks))
    settings = tasks[0].sp.settings if tasks else None
    short = [settings is not None and budget.stopped_short(r, settings) for _, r in first]
    used = [r.work for _, r in first]
    shares = budget.second_shares(sizes, used, short, total)
    if not shares:
        return first
    again = [
        replace(tasks[i], time_limit=share, start=tuple(first[i][0]), resume=True)
        for i, share in shares.items()
    ]
    more = run_tasks(again, [sizes[i] for i in shares], workers, options, len(tasks), quiet=True)
    outcomes = list(first)
    for i, outcome in zip(shares, more, strict=True):
        outcomes[i] = budget.merge(first[i], outcome)
    return outcomes


def run_tasks(
    tasks: Sequence[Task],
    sizes: Sequence[int],
    workers: int,
    options: SolveOptions,
    count: int,
    quiet: bool = False,
) -> list[Outcome]:
    """Every task's outcome in task order, on the run's executor or ``workers`` processes."""
    progress = None if quiet else options.progress

    def done(outcome: Outcome) -> None:
        if progress:
            progress(outcome[1], count)

    return executors.run_all(solve_one, tasks, sizes, workers, options.executor, done)


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
    from solvers.allocation import cms  # CP-SAT again: loaded only when co-working is on

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
