"""The warm start of a what-if and the exact stopping rule of the model."""

from __future__ import annotations

from allocator.domain.enums import Grade, Tier
from allocator.domain.omic import derive_all
from allocator.domain.problem import ProblemData
from solvers.allocation import cpsat
from solvers.allocation.build import build_plan
from solvers.allocation.cpsat_track import ExactTracker
from solvers.allocation.heuristic import improve
from solvers.allocation.prepare import POM, SubProblem
from solvers.allocation.score import evaluate
from tests.builders import case, pom, problem


def _pom_subproblem(data: ProblemData) -> SubProblem:
    """The POM sub-problem of LEI."""
    plan = build_plan(data, derive_all(data))
    return next(sp for sp in plan.subproblems if sp.kind == POM)


def _data(**settings: object) -> ProblemData:
    cases = [case(f"A{i}", [Tier.A, Tier.B, Tier.C, Tier.D][i % 4]) for i in range(12)]
    return problem(
        cases, [pom("P1", Grade.PO), pom("P2", Grade.PRO), pom("P3", Grade.PO, fte=0.5)], **settings
    )


def test_a_warm_start_from_nothing_is_the_cold_fill() -> None:
    sp = _pom_subproblem(_data())
    assert improve(sp, [None] * len(sp.decisions)) == improve(sp)


def test_a_warm_start_fills_every_open_decision_and_never_scores_worse() -> None:
    sp = _pom_subproblem(_data())
    start = [sp.decisions[0].options[0]] + [None] * (len(sp.decisions) - 1)
    warm = improve(sp, start)
    assert None not in warm  # three POMs with room: nobody is left without one
    assert evaluate(sp, warm) <= evaluate(sp, start)
    assert evaluate(sp, warm) <= evaluate(sp, improve(sp)) + 2 * len(sp.decisions)


def _tracker(absolute: int, relative_pct: float) -> ExactTracker:
    sp = _pom_subproblem(_data(absolute_gap=absolute, relative_gap_pct=relative_pct))
    return ExactTracker(sp, lambda value: [], None)  # type: ignore[arg-type]


def test_the_tracker_stops_just_within_the_absolute_gap_not_beyond() -> None:
    tracker = _tracker(20, 0.0)
    sp = tracker.sp
    choices = improve(sp)
    value = evaluate(sp, choices)
    assert not tracker.record(choices, value - 21)
    assert tracker.record(choices, value - 20)
    assert tracker.best == choices and tracker.best_value == value


def test_the_tracker_stops_within_the_relative_gap() -> None:
    tracker = _tracker(0, 1.0)
    sp = tracker.sp
    choices = improve(sp)
    value = evaluate(sp, choices)
    allowed = value // 100
    assert not tracker.record(choices, value - allowed - 1)
    assert tracker.record(choices, value - allowed)


def test_the_tracker_keeps_the_exactly_best_answer_whatever_the_order() -> None:
    tracker = _tracker(0, 0.0)
    sp = tracker.sp
    good = improve(sp)
    poor = [None] * len(sp.decisions)
    tracker.record(good, 0)
    tracker.record(poor, 0)  # a later answer is not a better one
    assert tracker.best == good
    assert tracker.best_value == evaluate(sp, good) < evaluate(sp, poor)


def test_the_tracker_never_stops_before_any_answer() -> None:
    tracker = _tracker(10**9, 100.0)
    tracker.on_bound(0.0)
    assert tracker.best is None and not tracker.close_enough()


def test_a_wide_gap_stops_at_an_answer_within_it_and_no_gap_proves_the_best() -> None:
    wide_sp = _pom_subproblem(_data(absolute_gap=10**6))
    choices, wide = cpsat.solve(wide_sp, 10.0, 1, 1, improve(wide_sp))
    assert wide.objective == evaluate(wide_sp, choices)
    assert 0 <= wide.objective - wide.bound <= 10**6
    exact_sp = _pom_subproblem(_data())
    best, exact = cpsat.solve(exact_sp, 10.0, 1, 1, improve(exact_sp))
    assert exact.status == "OPTIMAL" and exact.objective == exact.bound
    assert exact.objective == evaluate(exact_sp, best) <= wide.objective
