"""The linear relaxation's bound: valid (never above the optimum), and it ends a search."""

from __future__ import annotations

from ortools.sat.python import cp_model

from allocator.check.allocation import check
from allocator.domain.enums import Grade, Rosh, Tier
from allocator.domain.omic import derive_all
from solvers import SolveOptions, solve
from solvers.allocation import cpsat
from solvers.allocation.build import build_plan
from solvers.allocation.cpsat import AllocationModel
from solvers.allocation.heuristic import improve
from solvers.allocation.lp_bound import bound_of, lp_bound, solve_program
from solvers.allocation.score import evaluate
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


def _peaked():  # type: ignore[no-untyped-def]
    """Three POs already over capacity and 12 new high-risk cases of every tier for them."""
    held = [case(f"H{i:02}", current_pom="PO1") for i in range(50)]
    held += [case(f"K{i:02}", current_pom="PO2") for i in range(80)]
    held += [case(f"L{i:02}", current_pom="PO3") for i in range(78)]
    tiers = [Tier.A, Tier.B, Tier.C, Tier.D]
    new = [case(f"N{i:02}", tiers[i % 4], Rosh.HIGH) for i in range(12)]
    staff = [pom("PO1", Grade.PO, fte=0.5), pom("PO2", Grade.PO), pom("PO3", Grade.PO)]
    return problem(held + new, staff, caseload_cap_rule="off")


def test_the_rounded_relaxation_is_a_whole_answer_within_each_group() -> None:
    data = _peaked()
    (sp, *_) = build_plan(data, derive_all(data)).subproblems
    built = AllocationModel(sp)
    relaxation = solve_program(built.program)
    assert relaxation.bound is not None
    choices = built.rounded(relaxation.values)
    assert len(choices) == len(sp.decisions)
    assert all(m is None or m in d.options for d, m in zip(sp.decisions, choices, strict=True))
    assert evaluate(sp, choices) >= relaxation.bound


def _plateau():  # type: ignore[no-untyped-def]
    """A small prison whose local search stops on a plateau of the peak term (found by a
    random search over small instances): three POs of 0.6 and 0.8 FTE at 200 points per FTE,
    a prison officer, nine held cases and 14 new ones."""
    staff = [pom("PO0", Grade.PO, fte=0.6), pom("PO1", Grade.PO, fte=0.6)]
    staff += [pom("PO2", Grade.PO, fte=0.8), pom("PR0")]
    held = {"PO0": "AD", "PO1": "CA", "PO2": "DCB", "PR0": "AA"}
    cases = [
        case(f"H{holder}{k}", Tier[tier], current_pom=holder)
        for holder, tiers in held.items()
        for k, tier in enumerate(tiers)
    ]
    new = ["BL", "AL", "BH", "DL", "CM", "CL", "CM", "CM", "BM", "CL", "DH", "BH", "AM", "CL"]
    rosh = {"L": Rosh.LOW, "M": Rosh.MEDIUM, "H": Rosh.HIGH}
    cases += [case(f"N{k:02}", Tier[t], rosh[r]) for k, (t, r) in enumerate(new)]
    return problem(cases, staff, caseload_cap_rule="off", pom_points_per_fte=200)


def test_the_rounded_relaxation_proves_what_the_local_search_left_on_a_plateau() -> None:
    data = _plateau()
    (sp, *_) = build_plan(data, derive_all(data)).subproblems
    start = improve(sp)
    bound = solve_program(AllocationModel(sp).program).bound
    assert bound is not None
    assert evaluate(sp, start) - bound > sp.settings.absolute_gap  # the start alone: unproven
    choices, result = cpsat.solve(sp, 10.0, 1, 1, start)
    assert result.objective == evaluate(sp, choices) < evaluate(sp, start)
    assert result.objective - result.bound <= sp.settings.absolute_gap
    assert result.work == 0.0  # proven by the relaxation: no search
    full = solve(data, SolveOptions())
    assert check(data, full.allocation).objective == full.objective
