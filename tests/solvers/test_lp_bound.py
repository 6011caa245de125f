"""The linear relaxation's bound: valid (never above the optimum), and it ends a search."""

from __future__ import annotations

from ortools.sat.python import cp_model

from allocator.domain.enums import Grade, Tier
from allocator.domain.omic import derive_all
from solvers import SolveOptions, solve
from solvers.allocation.build import build_plan
from solvers.allocation.cpsat import AllocationModel
from solvers.allocation.lp_bound import bound_of, lp_bound
from tests.builders import case, com, pom, problem


def test_the_bound_of_a_small_model_is_its_relaxation_rounded_up() -> None:
    # minimise 3x + 2 with 2x >= 3: the relaxation has x = 1.5 and 6.5, so no integer answer
    # is below 7 (the integer optimum is x = 2, 8).
    model = cp_model.CpModel()
    x = model.new_int_var(0, 10, "x")
    model.add(2 * x >= 3)
    model.minimize(3 * x + 2)
    assert lp_bound(model) == 7


def test_no_bound_from_a_model_with_other_than_linear_rows() -> None:
    model = cp_model.CpModel()
    a, b = model.new_bool_var("a"), model.new_bool_var("b")
    model.add_bool_or([a, b])
    model.minimize(a + b)
    assert lp_bound(model) is None


def test_the_bound_never_exceeds_the_proven_optimum() -> None:
    cases = [case(f"A{i}", [Tier.A, Tier.B, Tier.C, Tier.D][i % 4], ldu="N1") for i in range(24)]
    staff = [
        pom("P1", Grade.PO, max_cases=5),
        pom("P2", Grade.PRO),
        com("C1"),
        com("C2", Grade.PSO),
    ]
    data = problem(cases, staff, absolute_gap=0)
    proven = solve(data, SolveOptions())
    subproblems = build_plan(data, derive_all(data)).subproblems
    for sp, sub in zip(subproblems, proven.subresults, strict=True):
        if sp.decisions:
            assert sub.status == "OPTIMAL"
            bound = lp_bound(AllocationModel(sp).model)
            assert bound is not None and bound <= sub.objective


def test_a_start_within_one_move_of_the_relaxation_needs_no_search() -> None:
    # 12 interchangeable tier C cases and two equal POMs: the fill splits them 6 and 6,
    # which the relaxation proves optimal; no solver time is charged to the budget.
    data = problem([case(f"A{i}") for i in range(12)], [pom("P1", Grade.PO), pom("P2", Grade.PO)])
    (sub,) = [s for s in solve(data, SolveOptions()).subresults if s.kind == "pom"]
    assert sub.status in ("OPTIMAL", "FEASIBLE") and sub.gap < 300
    assert sub.work == 0.0


def test_the_model_records_the_same_program_as_its_cp_sat_rows() -> None:
    # The relaxation is built from rows recorded while the model is built (reading the
    # CP-SAT model back costs more than solving the LP); both give the same bound.
    cases = [case(f"A{i}", [Tier.A, Tier.B, Tier.C][i % 3], ldu="N1") for i in range(18)]
    staff = [
        pom("P1", Grade.PO, max_cases=4),
        pom("P2", Grade.PRO),
        com("C1"),
        com("C2", Grade.PSO),
    ]
    data = problem(cases, staff, spo_high_risk_cap=1)
    for sp in build_plan(data, derive_all(data)).subproblems:
        if sp.decisions:
            built = AllocationModel(sp)
            assert bound_of(built.program) == lp_bound(built.model)
