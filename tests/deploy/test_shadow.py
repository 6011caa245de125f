"""Shadow caseloads rule by rule, with the objective worked out by hand.

Objective (allocator/rules.py): W_SHADOW_NONE = 1,000 for an officer with no case,
W_SHADOW_SHORT = 100 per case below the target, W_SHADOW_MOVE = 30 per case taken
from a COM who could keep it; in soft mode 50 per case and 1 per point over a cap.
Cases are tier C (30 COM points) with the COM responsible unless told otherwise.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from allocator.check.deploy import DeployCheck
from allocator.deploy.job import plan_deployment
from allocator.domain import rules
from allocator.domain.deployment import DeployPlan
from allocator.domain.enums import Grade, Role, Rosh, RuleMode
from allocator.domain.problem import ProblemData, Staff
from tests.builders import FAR, com_case, deploy_problem, officer, post, team, want


def shadow(data: ProblemData) -> tuple[DeployPlan, DeployCheck]:
    """Plan and check; the shadow objective of the model and the checker agree."""
    plan, check = plan_deployment(data)
    assert plan.shadow.status in ("OPTIMAL", "NOTHING_TO_DECIDE")
    assert check.values["shadow"] == plan.shadow.objective
    assert [v for v in check.hard if not v.before_plan] == []
    return plan, check


def cases_of(plan: DeployPlan, sid: str = "A") -> list[str]:
    """The case ids an officer shadows."""
    return sorted(c.case_id for c in plan.shadow.of(sid))


def rules_of(check: DeployCheck) -> Counter[str]:
    """How often each rule is broken."""
    return Counter(v.rule for v in check.violations)


def one_officer(cases: list, **settings: object) -> ProblemData:  # type: ignore[type-arg]
    """Officer A of N1 deployed to LEI, which goes live after the run date."""
    return deploy_problem(
        [officer("A"), *team("N1", 9), Staff("X", Role.COM, Grade.PO, "N1", 1.0)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        cases=cases,
        **settings,
    )


def test_three_cases_without_a_com_are_shadowed() -> None:
    plan, check = shadow(one_officer([com_case(f"K{i}") for i in range(4)]))
    assert len(plan.shadow.of("A")) == 3
    assert plan.shadow.objective == 0
    assert rules_of(check) == {}


def test_cases_without_a_com_come_before_moving_one() -> None:
    # Two free cases and two held by X: the third case must be a move (30).
    cases = [
        com_case("F1"),
        com_case("F2"),
        com_case("M1", current_com="X"),
        com_case("M2", current_com="X"),
    ]
    plan, check = shadow(one_officer(cases))
    chosen = cases_of(plan)
    assert chosen[:2] == ["F1", "F2"] and len(chosen) == 3
    assert plan.shadow.objective == rules.W_SHADOW_MOVE
    assert rules_of(check) == {rules.SHADOW_CONTINUITY: 1}


def test_the_officers_own_cases_there_count_first() -> None:
    cases = [com_case("H1", current_com="A"), com_case("F1"), com_case("F2"), com_case("F3")]
    plan, _ = shadow(one_officer(cases))
    chosen = cases_of(plan)
    assert "H1" in chosen and len(chosen) == 3


def test_too_few_cases_is_a_shortfall_and_is_reported() -> None:
    # One eligible case for a target of 3: 2 short (200).
    plan, check = shadow(one_officer([com_case("F1")]))
    assert cases_of(plan) == ["F1"]
    assert plan.shadow.objective == 2 * rules.W_SHADOW_SHORT
    assert rules_of(check) == {rules.SHADOW_SHORTFALL: 1, rules.SHADOW_TOO_FEW_CASES: 1}
    few = next(v for v in check.violations if v.rule == rules.SHADOW_TOO_FEW_CASES)
    assert (few.prison, few.ldu, few.amount, few.limit) == ("LEI", "N1", 1, 3)


def test_no_case_at_all_costs_the_most() -> None:
    plan, _ = shadow(one_officer([]))
    assert plan.shadow.cases == ()
    assert plan.shadow.objective == rules.W_SHADOW_NONE + 3 * rules.W_SHADOW_SHORT


def test_only_cases_of_the_officers_ldu_in_the_target_prison_that_involve_a_com() -> None:
    cases = [
        com_case("OK"),
        com_case("OTHER_LDU", home="N2"),
        com_case("OTHER_PRISON", prison="WNI"),
        com_case("NO_COM_YET", crd=FAR),  # POM responsible: not the LDU's caseload yet
        com_case("REMAND", sentence_type="remand"),
        com_case("PINNED", current_com="X", pinned=True),
        com_case("EXCLUDED", excluded_staff=("A",)),
    ]
    plan, _ = shadow(one_officer(cases))
    assert cases_of(plan) == ["OK"]
    assert plan.shadow.candidates["A"] == 1


def test_a_high_security_prison_needs_one_case() -> None:
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("HSP", 1)],
        [want("A", "HSP")],
        cases=[com_case(f"K{i}", prison="HSP") for i in range(3)],
        high_security=["HSP"],
    )
    plan, check = shadow(data)
    assert plan.shadow.targets["A"] == 1
    assert len(plan.shadow.of("A")) == 1
    assert plan.shadow.objective == 0 and rules_of(check) == {}


def test_the_high_security_target_is_a_setting() -> None:
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("HSP", 1)],
        [want("A", "HSP")],
        cases=[com_case(f"K{i}", prison="HSP") for i in range(3)],
        high_security=["HSP"],
        shadow_cases_high_security=2,
    )
    plan, _ = shadow(data)
    assert len(plan.shadow.of("A")) == 2


def test_shadow_cases_is_a_setting() -> None:
    plan, _ = shadow(one_officer([com_case(f"K{i}") for i in range(6)], shadow_cases=5))
    assert len(plan.shadow.of("A")) == 5


def test_no_shadowing_once_the_prison_is_live() -> None:
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("LEI", 1, go_live=date(2025, 1, 1))],
        [want("A", "LEI")],
        cases=[com_case("K1")],
    )
    plan, check = shadow(data)
    assert plan.placements["A"].prison == "LEI"
    assert plan.shadow.targets == {} and plan.shadow.cases == ()
    assert rules_of(check) == {}


def test_no_go_live_date_means_before_go_live() -> None:
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("LEI", 1, go_live=None)],
        [want("A", "LEI")],
        cases=[com_case("K1")],
    )
    plan, _ = shadow(data)
    assert cases_of(plan) == ["K1"]


def test_officers_sharing_a_pool_each_get_a_first_case() -> None:
    # A and B (both N1) go to LEI, which holds 4 eligible cases of N1: 2 + 2 costs 200,
    # 3 + 1 also 200; 4 + 0 would cost 1,000 + 300 + 0. Each gets at least one.
    data = deploy_problem(
        [officer("A"), officer("B"), *team("N1", 18)],
        [post("LEI", 2)],
        [want("A", "LEI"), want("B", "LEI")],
        cases=[com_case(f"K{i}") for i in range(4)],
    )
    plan, check = shadow(data)
    assert len(plan.shadow.of("A")) >= 1 and len(plan.shadow.of("B")) >= 1
    assert len({c.case_id for c in plan.shadow.cases}) == 4
    assert plan.shadow.objective == 2 * rules.W_SHADOW_SHORT
    assert rules_of(check)[rules.SHADOW_TOO_FEW_CASES] == 1


def test_the_case_cap_holds_when_hard() -> None:
    # A may hold 2 cases and holds 1 already (elsewhere): room for 1 shadow case.
    data = deploy_problem(
        [officer("A", max_cases=2), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        cases=[
            com_case("HELD", prison="WNI", current_com="A"),
            *(com_case(f"K{i}") for i in range(3)),
        ],
    )
    plan, check = shadow(data)
    assert len(plan.shadow.of("A")) == 1
    assert plan.shadow.objective == 2 * rules.W_SHADOW_SHORT
    short = next(v for v in check.violations if v.rule == rules.SHADOW_SHORTFALL)
    assert "cap" not in short.message  # one case could still be added


def test_an_officer_at_the_cap_gets_none_and_the_shortfall_says_why() -> None:
    data = deploy_problem(
        [officer("A", max_cases=1), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        cases=[com_case("HELD", prison="WNI", current_com="A"), com_case("K1")],
    )
    plan, check = shadow(data)
    assert plan.shadow.of("A") == []
    short = next(v for v in check.violations if v.rule == rules.SHADOW_SHORTFALL)
    assert "they hold 1 cases, their cap" in short.message


def test_a_soft_case_cap_is_passed_for_a_shadow_case_and_reported() -> None:
    # Soft: each case over costs 50, less than a case short (100): all three are taken.
    data = deploy_problem(
        [officer("A", max_cases=1), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        cases=[
            com_case("HELD", prison="WNI", current_com="A"),
            *(com_case(f"K{i}") for i in range(3)),
        ],
        caseload_cap_rule=RuleMode.SOFT,
    )
    plan, check = shadow(data)
    assert len(plan.shadow.of("A")) == 3
    assert plan.shadow.objective == 3 * rules.W_SHADOW_CASES_OVER_SOFT
    (cap,) = [v for v in check.violations if v.rule == rules.CASELOAD_CAP]
    assert (cap.severity, cap.amount, cap.limit) == ("soft", 4, 1)


def test_the_points_capacity_holds_when_hard() -> None:
    # Capacity 2,176; other work 2,120: room for 56 points, one tier C case (30), not two.
    data = deploy_problem(
        [officer("A", other_points=2120), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        cases=[com_case(f"K{i}") for i in range(3)],
    )
    plan, _ = shadow(data)
    assert len(plan.shadow.of("A")) == 1


def test_points_rule_off_ignores_capacity() -> None:
    data = deploy_problem(
        [officer("A", other_points=5000), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        cases=[com_case(f"K{i}") for i in range(3)],
        points_cap_rule=RuleMode.OFF,
    )
    plan, _ = shadow(data)
    assert len(plan.shadow.of("A")) == 3


def test_high_risk_cases_go_to_the_probation_officer() -> None:
    plan, check = shadow(
        one_officer([com_case("R1", rosh=Rosh.VERY_HIGH), com_case("R2", rosh=Rosh.HIGH)])
    )
    assert cases_of(plan) == ["R1", "R2"]
    assert rules.HIGH_RISK not in rules_of(check)
