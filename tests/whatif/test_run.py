"""Solving scenarios: the baseline is ``allocate`` exactly; scenarios start from it."""

from __future__ import annotations

from typing import Any

import pytest

from allocator.check.allocation import check
from allocator.domain.omic import derive_all
from allocator.domain.problem import ProblemData
from allocator.job.solving import RunOptions
from allocator.whatif.run import run_whatif
from solvers import SolveOptions, solve
from solvers.allocation.reuse import Reuser, same_task
from solvers.allocation.task import Task
from solvers.executors import InlineExecutor
from tests.whatif.builders import ONE_OF_EACH, applied, sample

# A generous deterministic limit: every sub-problem here stops on its gap long before, and the
# wall-clock safety net (three times the limit) is never reached, even on a busy machine.
OPTIONS = RunOptions(time_limit=10.0)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> ProblemData:
    """The 2-prison sample."""
    return sample(tmp_path_factory.mktemp("sample"))[1]


def test_the_baseline_is_the_weekly_allocation_exactly(base: ProblemData) -> None:
    # allocator allocate's call, with the what-if's budget.
    alone = solve(base, SolveOptions(time_budget=10.0, derivations=derive_all(base)))
    outcome = run_whatif(base, [], OPTIONS, InlineExecutor())[0]
    assert outcome.name == "baseline"
    assert outcome.result.allocation == alone.allocation
    assert outcome.result.objective == alone.objective
    assert outcome.result.reasons == alone.reasons
    assert outcome.report.objective == alone.objective  # the checker agrees


@pytest.fixture(scope="module")
def solved(base: ProblemData) -> list[Any]:
    """The baseline and one scenario per change type, solved in this process."""
    scenarios = [applied(base, change[0], change) for change in ONE_OF_EACH]
    return run_whatif(base, scenarios, OPTIONS, InlineExecutor())


@pytest.mark.parametrize("index", range(1, len(ONE_OF_EACH) + 1), ids=[c[0] for c in ONE_OF_EACH])
def test_each_change_is_solved_and_checked(solved: list[Any], index: int) -> None:
    outcome = solved[index]
    assert outcome.name == ONE_OF_EACH[index - 1][0]
    # The checker re-verifies the scenario's allocation and finds the solver's objective.
    assert outcome.report.objective == outcome.result.objective
    again = check(outcome.data, outcome.result.allocation, outcome.result.prisons)
    assert again.objective == outcome.result.objective
    assert outcome.solved + outcome.reused == len(outcome.result.subresults)


def test_what_each_change_does_to_the_figures(solved: list[Any]) -> None:
    base, cap, leave, part, grade, hire, gone, grow, shrink = (o.report.kpis for o in solved)
    assert cap["pom_over_case_cap"] > base["pom_over_case_cap"]  # cap 80 -> 60
    assert leave["pom_moves"] > base["pom_moves"]  # the inactive POMs' cases move
    held = [c.case_id for c in solved[3].data.cases if c.current_pom == "ASH-P004"]
    assert held and {solved[3].result.allocation.pom[c] for c in held} == {"ASH-P004"}
    assert part["pom_moves"] == base["pom_moves"]  # a part-time POM keeps their cases
    assert hire["mean_utilisation_pct"] < base["mean_utilisation_pct"]  # two more POMs
    assert gone["new_pom_allocations"] > base["new_pom_allocations"]  # their cases need a POM
    # 120 arrivals, about a fifth on remand (out of scope)
    assert grow["new_pom_allocations"] > base["new_pom_allocations"] + 80
    assert len(solved[8].data.cases) < len(solved[0].data.cases)
    del grade, shrink


def test_only_the_changed_sub_problems_are_solved_again(solved: list[Any]) -> None:
    by_name = {o.name: o for o in solved}
    total = len(by_name["baseline"].result.subresults)
    assert by_name["setting"].solved == total  # a setting changes every sub-problem
    assert by_name["staff_fte"].solved == 1  # ASH's POMs only
    assert by_name["staff_fte"].reused == total - 1
    assert by_name["grow_prison"].reused >= 1  # BRW's POMs at least


def test_an_unchanged_sub_problem_keeps_the_baselines_outcome(solved: list[Any]) -> None:
    base, fte = solved[0], solved[3]
    kept = [
        (b, s)
        for b, s in zip(base.result.subresults, fte.result.subresults, strict=True)
        if (b.kind, b.name) != ("pom", "ASH")
    ]
    assert kept and all(b == s for b, s in kept)
    brw = {c for c in fte.data.cases if c.prison == "BRW"}
    assert all(
        fte.result.allocation.pom[c.case_id] == base.result.allocation.pom[c.case_id]
        for c in brw
        if c.case_id in base.result.allocation.pom
    )


def test_scenario_derivations_reuse_the_baselines_and_match_a_fresh_derivation(
    solved: list[Any],
) -> None:
    for outcome in solved:
        assert outcome.derivations == derive_all(outcome.data)


def test_a_scenario_starts_from_the_baselines_allocation(base: ProblemData) -> None:
    seen: list[Task] = []

    class Spy(InlineExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(args[0])
            return super().submit(fn, *args, **kwargs)

    scenario = applied(base, "fte", ("staff_fte", ("ASH-P004",), 0.5))
    run_whatif(base, [scenario], OPTIONS, Spy())
    baseline_tasks, scenario_tasks = seen[: len(seen) - 1], seen[-1:]
    assert all(task.start is None for task in baseline_tasks)
    (ash,) = scenario_tasks
    assert (ash.sp.kind, ash.sp.name) == ("pom", "ASH")
    assert ash.start is not None and any(choice is not None for choice in ash.start)


def test_same_task_ignores_only_the_start_and_the_share(base: ProblemData) -> None:
    sp = next(iter(solve_tasks(base)))
    first = Task(sp, "cpsat", 1.0, 1, budget=60.0)
    assert same_task(first, Task(sp, "cpsat", 1.0, 1, (None,), budget=60.0))
    # A scenario with more cases elsewhere gives this prison a smaller share of the same budget.
    assert same_task(first, Task(sp, "cpsat", 0.8, 1, budget=60.0))
    assert not same_task(first, Task(sp, "cpsat", 1.0, 1, budget=30.0))
    assert not same_task(first, Task(sp, "greedy", 1.0, 1, budget=60.0))


def solve_tasks(data: ProblemData) -> list[Any]:
    """The sub-problems of a run."""
    from solvers.allocation.build import build_plan

    return list(build_plan(data, derive_all(data)).subproblems)


def test_the_reuser_counts_what_it_reuses(base: ProblemData) -> None:
    sp = solve_tasks(base)[0]
    task = Task(sp, "greedy", 1.0, 1)
    outcome: Any = ([], None)
    reuser = Reuser(InlineExecutor(), {(sp.kind, sp.name): (task, outcome)})
    assert reuser.submit(lambda t: "solved", task).result() is outcome
    other = Task(sp, "greedy", 1.0, 1, budget=2.0)
    assert reuser.submit(lambda t: "solved", other).result() == "solved"
    assert (reuser.reused, reuser.solved) == (1, 1)
