"""The CP-SAT model rule by rule: feasible, forced to break, just within.

Each test asserts the objective (worked out by hand from the weights in
allocator/rules.py) and rule outcomes, not one particular assignment where
several are equally good.
"""

from __future__ import annotations

from collections import Counter

import pytest

from allocator.domain import rules
from allocator.domain.enums import Complexity, Grade, Rosh, RuleMode, Tier
from solvers import SolveOptions, solve
from tests.builders import INACTIVE, SOON, UNAVAILABLE, case, com, com_case, pom, problem


def run(data, **kw):  # type: ignore[no-untyped-def]
    """Solve with one worker and the fixed seed, as every test does."""
    return solve(data, SolveOptions(workers=1, **kw))


def test_a_new_case_goes_to_the_recommended_kind_of_pom() -> None:
    # Tier A recommends a probation POM. Both POMs are empty; the PRO would cost
    # W_AGAINST_PROBATION = 100, so the PO takes it.
    data = problem([case("A1", Tier.A)], [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)])
    result = run(data)
    assert result.allocation.pom == {"A1": "PO1"}
    assert result.subresults[0].status == "OPTIMAL"
    # Objective: spread (max new cases of one POM) 1 x W_SPREAD_NEW; no balance term (75 of 2176).
    assert result.objective == rules.W_SPREAD_NEW


def test_high_risk_goes_to_a_po_even_over_the_cap() -> None:
    # RoSH high, tier C (prison POM recommended, but the hard high-risk rule wins).
    # PO1 is at its cap of 1 case already; PRO1 is empty. Hard rule: PO1 only, 1 case over.
    held = case("H1", current_pom="PO1")
    data = problem(
        [held, case("A1", rosh=Rosh.HIGH)],
        [pom("PO1", Grade.PO, max_cases=1), pom("PRO1", Grade.PRO)],
    )
    result = run(data)
    assert result.allocation.pom["A1"] == "PO1"
    assert result.objective == rules.W_CASES_OVER[RuleMode.HARD] * 1 + rules.W_SPREAD_NEW


def test_high_risk_without_any_po_stays_unallocated_with_the_reason() -> None:
    data = problem([case("A1", rosh=Rosh.VERY_HIGH)], [pom("PRO1", Grade.PRO)])
    result = run(data)
    assert result.allocation.pom["A1"] is None
    assert "no active probation-qualified (PO) POM" in result.reasons["A1"]
    assert result.objective == rules.W_UNALLOCATED * rules.RISK_WEIGHT[Rosh.VERY_HIGH]


def test_soft_high_risk_rule_prefers_a_breach_to_a_larger_cap_excess() -> None:
    # Soft: the PRO costs W_HIGH_RISK[soft] = 2,000 plus W_AGAINST_PROBATION = 100 (RoSH high
    # recommends a probation POM while the rule is on); the full PO would cost 5,000 + points.
    data = problem(
        [case("H1", current_pom="PO1"), case("A1", rosh=Rosh.HIGH)],
        [pom("PO1", Grade.PO, max_cases=1), pom("PRO1", Grade.PRO)],
        high_risk_rule=RuleMode.SOFT,
    )
    result = run(data)
    assert result.allocation.pom["A1"] == "PRO1"
    expected = rules.W_HIGH_RISK[RuleMode.SOFT] + rules.W_AGAINST_PROBATION + rules.W_SPREAD_NEW
    assert result.objective == expected


def test_caps_exceeded_only_when_forced_and_by_the_least() -> None:
    # Three new tier D cases, two POMs with room for one each: one case over a cap.
    cases = [case(f"A{i}", Tier.D) for i in range(3)]
    data = problem(cases, [pom("P1", Grade.PRO, max_cases=1), pom("P2", Grade.PRO, max_cases=1)])
    result = run(data)
    assert set(result.allocation.pom.values()) == {"P1", "P2"}
    # 1 case over (5,000) + the largest share of new cases is 2 (2 x 20).
    assert result.objective == rules.W_CASES_OVER[RuleMode.HARD] + 2 * rules.W_SPREAD_NEW


def test_just_within_the_cap_costs_nothing() -> None:
    cases = [case(f"A{i}", Tier.D) for i in range(2)]
    data = problem(cases, [pom("P1", Grade.PRO, max_cases=1), pom("P2", Grade.PRO, max_cases=1)])
    result = run(data)
    assert Counter(result.allocation.pom.values()) == {"P1": 1, "P2": 1}
    assert result.objective == rules.W_SPREAD_NEW


def test_cap_rule_off_lets_one_pom_take_everything_without_penalty() -> None:
    cases = [case(f"A{i}", Tier.D) for i in range(3)]
    data = problem(cases, [pom("P1", Grade.PRO, max_cases=1)], caseload_cap_rule=RuleMode.OFF)
    assert run(data).objective == 3 * rules.W_SPREAD_NEW


def test_valid_allocations_stay_by_default_and_move_only_with_rebalance() -> None:
    # P1 holds two cases with max_cases 1 (one over); P2 is empty.
    cases = [case("A1", Tier.D, current_pom="P1"), case("A2", Tier.D, current_pom="P1")]
    staff = [pom("P1", Grade.PRO, max_cases=1), pom("P2", Grade.PRO)]
    kept = run(problem(cases, staff))
    assert kept.allocation.pom == {"A1": "P1", "A2": "P1"}
    assert kept.objective == rules.W_CASES_OVER[RuleMode.HARD]
    moved = run(problem(cases, staff), rebalance=True)
    assert Counter(moved.allocation.pom.values()) == {"P1": 1, "P2": 1}
    # One voluntary move (release far away: W_MOVE[0]) and one new case for P2.
    assert moved.objective == rules.W_MOVE[0] + rules.W_SPREAD_NEW


def test_inactive_poms_cases_are_reallocated_unavailable_keep_theirs() -> None:
    cases = [case("A1", current_pom="GONE"), case("A2", current_pom="AWAY"), case("A3")]
    staff = [
        pom("GONE", Grade.PRO, status=INACTIVE),
        pom("AWAY", Grade.PRO, status=UNAVAILABLE),
        pom("P1", Grade.PRO),
    ]
    result = run(problem(cases, staff))
    assert result.allocation.pom == {"A1": "P1", "A2": "AWAY", "A3": "P1"}
    assert "POM GONE inactive" in result.reasons["A1"]


def test_excluded_staff_never_get_the_case() -> None:
    data = problem(
        [case("A1", excluded_staff=("P1",))], [pom("P1", Grade.PRO), pom("P2", Grade.PRO, fte=0.1)]
    )
    assert run(data).allocation.pom["A1"] == "P2"


def test_pinned_case_keeps_even_an_inactive_pom() -> None:
    data = problem(
        [case("A1", current_pom="GONE", pinned=True)],
        [pom("GONE", Grade.PO, status=INACTIVE), pom("P1", Grade.PO)],
    )
    result = run(data)
    assert result.allocation.pom["A1"] == "GONE"
    assert result.reasons["A1"].startswith("Pinned")


def test_a_previous_pom_is_preferred() -> None:
    data = problem(
        [case("A1", previous_poms=("P2",))], [pom("P1", Grade.PRO), pom("P2", Grade.PRO, fte=0.5)]
    )
    result = run(data)
    assert result.allocation.pom["A1"] == "P2"
    assert "held the case before" in result.reasons["A1"]


def test_new_cases_are_spread_across_equal_poms() -> None:
    cases = [case(f"A{i}", Tier.D) for i in range(4)]
    result = run(problem(cases, [pom("P1", Grade.PRO), pom("P2", Grade.PRO)]))
    assert sorted(Counter(result.allocation.pom.values()).values()) == [2, 2]


def test_high_complexity_is_spread_in_the_womens_estate() -> None:
    cases = [
        case("H1", complexity=Complexity.HIGH, current_pom="P1"),
        case("H2", complexity=Complexity.HIGH, current_pom="P1"),
        case("N1", complexity=Complexity.HIGH),
    ]
    result = run(problem(cases, [pom("P1", Grade.PRO), pom("P2", Grade.PRO)], female=("LEI",)))
    assert result.allocation.pom["N1"] == "P2"
    # Largest high-complexity share 2 (P1) and 1 new case for P2.
    assert result.objective == 2 * rules.W_SPREAD_COMPLEXITY + rules.W_SPREAD_NEW


def test_com_needed_goes_to_a_po_before_a_pso() -> None:
    data = problem(
        [case("A1", crd=SOON)], [pom("P1", Grade.PRO), com("C_PSO", Grade.PSO), com("C_PO")]
    )
    result = run(data)
    assert result.allocation.com["A1"] == "C_PO"


def test_high_risk_com_must_be_a_po() -> None:
    data = problem(
        [case("A1", rosh=Rosh.HIGH, crd=SOON)], [pom("P1", Grade.PO), com("C_PSO", Grade.PSO)]
    )
    result = run(data)
    assert result.allocation.com["A1"] is None
    assert (
        result.objective
        == rules.W_COM_UNALLOCATED * rules.RISK_WEIGHT[Rosh.HIGH] + rules.W_SPREAD_NEW
    )


def test_the_same_input_gives_the_same_allocation() -> None:
    cases = [
        case(f"A{i}", [Tier.A, Tier.B, Tier.C, Tier.D][i % 4], crd=SOON if i % 3 else None)
        for i in range(40)
    ]
    staff = [
        pom("P1", Grade.PO),
        pom("P2", Grade.PRO),
        pom("P3", Grade.PO, fte=0.5),
        com("C1"),
        com("C2", Grade.PSO),
    ]
    first, second = run(problem(cases, staff)), run(problem(cases, staff))
    assert first.allocation == second.allocation
    assert first.objective == second.objective


@pytest.mark.parametrize("solver", ["cpsat", "greedy"])
def test_both_solvers_cover_every_case(solver: str) -> None:
    cases = [case(f"A{i}", crd=SOON) for i in range(5)]
    result = run(problem(cases, [pom("P1", Grade.PO), com("C1")]), solver=solver)
    assert set(result.allocation.pom) == set(result.allocation.com) == {c.case_id for c in cases}


def test_a_run_hinted_from_its_own_result_reaches_the_same_objective() -> None:
    cases = [
        case(f"A{i}", [Tier.A, Tier.B, Tier.C, Tier.D][i % 4], crd=SOON if i % 3 else None)
        for i in range(30)
    ]
    data = problem(
        cases, [pom("P1", Grade.PO), pom("P2", Grade.PRO), com("C1"), com("C2", Grade.PSO)]
    )
    first = run(data)
    again = run(data, start=first.allocation)
    assert again.objective == first.objective


def test_leaving_out_reasons_and_diagnosis_changes_nothing_else() -> None:
    cases = [case(f"A{i}", [Tier.A, Tier.B, Tier.C][i % 3], crd=SOON) for i in range(40)]
    data = problem(cases, [pom("P1", Grade.PO, fte=0.2), pom("P2", Grade.PRO, fte=0.2), com("C1")])
    full, bare = run(data), run(data, explained=False)
    assert any(r.diagnosis for r in full.subresults)  # too few staff: a diagnosis to leave out
    assert set(full.reasons) == {c.case_id for c in cases} and bare.reasons == {}
    assert (bare.allocation, bare.objective) == (full.allocation, full.objective)
    assert not any(r.diagnosis for r in bare.subresults)


def test_the_reason_names_an_excess_of_points_only_when_the_case_adds_to_it() -> None:
    # C1 is over capacity (60 points) before the run. A1 (tier C, 30 COM points) and A2 (no
    # tier: it needs a COM all the same, and carries no points) both go to C1, the only COM.
    over = "over capacity after this run (100 points against a capacity of 60"
    data = problem(
        [com_case("A1"), com_case("A2", tier=None)],
        [pom("S1"), com("C1", other_points=70)],
        com_points_per_fte=60,
    )
    result = run(data)
    assert result.allocation.com == {"A1": "C1", "A2": "C1"}
    assert over in result.reasons["A1"]
    assert "over capacity" not in result.reasons["A2"]
