"""The run's time budget: shared by size, what easy sub-problems leave goes to hard ones."""

from __future__ import annotations

from typing import Any

import pytest

from allocator.domain.enums import Grade
from allocator.domain.result import SubResult
from allocator.domain.settings import Settings
from solvers import SolveOptions, solve
from solvers.allocation import budget, run
from tests.builders import case, pom, problem


def test_first_shares_follow_size_with_a_floor() -> None:
    # 10 s over sizes 30, 10, 0: 7.5 s and 2.5 s; the empty one still gets the floor.
    assert budget.first_shares([30, 10, 0], 10.0) == [7.5, 2.5, budget.MIN_SHARE]


def test_what_round_one_left_goes_to_those_stopped_short_by_size() -> None:
    # 10 s budget, 6 s used: 4 s left, shared 3:1 between the two stopped short.
    shares = budget.second_shares([30, 10, 5], [4.0, 1.0, 1.0], [True, True, False], 10.0)
    assert shares == pytest.approx({0: 3.0, 1: 1.0})
    assert budget.second_shares([30], [10.0], [True], 10.0) == {}  # nothing left
    assert budget.second_shares([30], [1.0], [False], 10.0) == {}  # nobody stopped short


def test_stopped_short_means_outside_the_gap_not_merely_feasible() -> None:
    settings = Settings()  # absolute_gap 299: less than one move
    within = SubResult("A", "pom", "FEASIBLE", objective=1_200, bound=1_000)
    beyond = SubResult("A", "pom", "FEASIBLE", objective=1_300, bound=1_000)
    assert not budget.stopped_short(within, settings)
    assert budget.stopped_short(beyond, settings)
    assert budget.stopped_short(SubResult("A", "pom", "UNKNOWN (start kept)"), settings)
    assert not budget.stopped_short(SubResult("A", "pom", "OPTIMAL"), settings)


def test_merging_two_rounds_keeps_the_better_answer_and_bound_and_adds_the_time() -> None:
    one = ([0], SubResult("A", "pom", "FEASIBLE", 5_000, 1_000, seconds=1.0, work=2.0))
    two = ([1], SubResult("A", "pom", "FEASIBLE", 4_000, 3_900, seconds=0.5, work=1.0))
    choices, merged = budget.merge(one, two)
    assert choices == [1]
    assert (merged.objective, merged.bound, merged.status) == (4_000, 3_900, "FEASIBLE")
    assert (merged.seconds, merged.work) == (1.5, 3.0)


def test_a_hard_prison_gets_the_time_the_easy_ones_leave(monkeypatch: Any) -> None:
    # One prison of 40 new cases that never proves (a stand-in for a hard model) and five
    # of 4 cases that prove at a tenth of their share. Budget 10 s, sizes 40 and 5 x 4:
    # round one gives the hard prison 10 x 40/60 = 6.67 s and each easy one 0.67 s; the
    # easy ones use 0.067 s each, the hard one all of its share: 10 - 6.67 - 0.33 = 3.0 s
    # is left, all of it for the hard prison in round two, resumed from its answer (less
    # 0.005 s: the home LDU's COMs, nothing to decide, use a tenth of the 0.05 s floor).
    cases = [case(f"H{i}", prison="HRD") for i in range(40)]
    staff = [pom("HRD-1", Grade.PO, location="HRD")]
    for p in range(5):
        cases += [case(f"E{p}{i}", prison=f"EZ{p}") for i in range(4)]
        staff.append(pom(f"EZ{p}-1", Grade.PO, location=f"EZ{p}"))
    seen: list[tuple[str, float, bool]] = []

    def fake(task: run.Task) -> run.Outcome:
        seen.append((task.sp.name, task.time_limit, task.resume))
        choices: list[int | None] = [0] * len(task.sp.decisions)
        if task.sp.name == "HRD":
            sub = SubResult("HRD", "pom", "FEASIBLE", 10_000, 0, work=task.time_limit)
        else:
            sub = SubResult(task.sp.name, "pom", "OPTIMAL", 0, 0, work=task.time_limit / 10)
        return choices, sub

    monkeypatch.setattr(run, "solve_one", fake)
    result = solve(problem(cases, staff), SolveOptions(time_budget=10.0))
    hard = [(limit, resume) for name, limit, resume in seen if name == "HRD"]
    easy = [limit for name, limit, _ in seen if name.startswith("EZ")]
    assert [resume for _, resume in hard] == [False, True]
    assert hard[0][0] == pytest.approx(10 * 40 / 60)
    assert hard[1][0] == pytest.approx(3.0 - budget.MIN_SHARE / 10)
    assert easy == pytest.approx([10 * 4 / 60] * 5)  # one round each, no more
    (merged,) = [s for s in result.subresults if s.name == "HRD"]
    assert merged.work == pytest.approx(10 * 40 / 60 + 3.0 - budget.MIN_SHARE / 10)
    assert merged.work > 10 * max(s.work for s in result.subresults if s.name != "HRD")


def test_the_same_budget_gives_the_same_answer() -> None:
    cases = [case(f"A{i}", prison="LEI") for i in range(12)]
    data = problem(cases, [pom("P1", Grade.PO), pom("P2", Grade.PO)])
    first = solve(data, SolveOptions(time_budget=1.0))
    again = solve(data, SolveOptions(time_budget=1.0))
    assert first.allocation == again.allocation
    assert first.objective == again.objective
