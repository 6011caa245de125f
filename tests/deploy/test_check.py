"""The independent checker finds every broken deployment rule in hand-made plans."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from allocator.check.deploy import DeployCheck, check_plan
from allocator.domain import rules
from allocator.domain.deployment import DeployPlan, Placement, ShadowCase, ShadowPlan
from allocator.domain.enums import Grade, Role, Rosh, Status
from allocator.domain.omic import derive_all
from allocator.domain.problem import ProblemData, Staff
from tests.builders import com_case, deploy_problem, ldu, officer, pom, post, spo, team, want


def check(
    data: ProblemData, placements: Sequence[Placement], shadow: Sequence[ShadowCase] = ()
) -> DeployCheck:
    """Check a plan given by hand (targets follow the placements)."""
    plan = DeployPlan(
        placements={p.staff_id: p for p in placements},
        officers=tuple(p.staff_id for p in placements),
        shadow=ShadowPlan(cases=tuple(shadow)),
    )
    return check_plan(data, derive_all(data), plan)


def broken(report: DeployCheck) -> Counter[str]:
    """Rule -> count of its violations."""
    return Counter(v.rule for v in report.violations)


LIVE = date(2025, 1, 1)  # both prisons went live before the run date: no shadowing
BASE = deploy_problem(
    [officer("A"), officer("B"), officer("C", fte=0.5), *team("N1", 8)],  # N1: 10.5 FTE
    [post("LEI", 1, LIVE), post("WNI", 1, LIVE)],
    [want("A", "LEI", 1, 70), want("A", "WNI", 2), want("B", "LEI", 1), want("C", "WNI", 1)],
    [ldu("N1", 8)],
)


def test_a_good_plan_has_no_violation_and_its_values() -> None:
    report = check(BASE, [Placement("A", "LEI", None, 1, 70)])
    assert report.violations == []
    assert report.values == {
        "hard rules": 0,
        rules.POSTS_FILLED: 100,
        rules.SELECTION_SCORE: 70 * 10 * 100,
        f"{rules.PREFERENCE} 1": 100,
        f"{rules.PREFERENCE} 2": 0,
        rules.LDU_BALANCE: 96,  # 1.0 of 10.5 FTE is 9.52 %: 95.2 tenths, rounded up
        "shadow": 0,
    }


def test_an_officer_before_go_live_without_a_shadow_case() -> None:
    data = BASE.replace(posts=(post("LEI", 1),))
    report = check(data, [Placement("A", "LEI", None, 1)])
    assert broken(report) == {rules.SHADOW_SHORTFALL: 1, rules.SHADOW_TOO_FEW_CASES: 1}
    assert report.values["shadow"] == rules.W_SHADOW_NONE + 3 * rules.W_SHADOW_SHORT


def test_a_prison_the_officer_did_not_choose() -> None:
    report = check(BASE, [Placement("B", "WNI", None, 1)])
    assert broken(report) == {rules.DEPLOY_CHOICE: 1}
    assert "did not choose" in report.violations[0].message


def test_the_wrong_preference_is_caught() -> None:
    report = check(BASE, [Placement("A", "WNI", None, 1)])
    assert broken(report) == {rules.DEPLOY_CHOICE: 1}


def test_someone_who_cannot_be_deployed() -> None:
    data = deploy_problem(
        [Staff("P", Role.COM, Grade.PSO, "N1", 1.0), officer("Q", status=Status.INACTIVE)],
        [post("LEI", 2)],
        [want("P", "LEI"), want("Q", "LEI")],
    )
    report = check(data, [Placement("P", "LEI", None, 1), Placement("Q", "LEI", None, 1)])
    assert broken(report)[rules.DEPLOY_CHOICE] == 2


def test_an_spo_of_another_prison_is_caught() -> None:
    data = BASE.replace(spos=(spo("S1", "LEI"), spo("S2", "WNI")))
    assert broken(check(data, [Placement("A", "LEI", "S2", 1)])) == {rules.DEPLOY_CHOICE: 1}
    assert broken(check(data, [Placement("A", "LEI", None, 1)])) == {rules.DEPLOY_CHOICE: 1}


def test_an_overfilled_post() -> None:
    report = check(BASE, [Placement("A", "LEI", None, 1), Placement("B", "LEI", None, 1)])
    (violation,) = [v for v in report.violations if v.rule == rules.POSTS_FTE]
    assert (violation.prison, violation.amount, violation.limit) == ("LEI", 2.0, 1.0)


def test_an_ldu_pushed_below_its_minimum_by_the_plan() -> None:
    # N1 has 10.5 FTE; A and B leaving keeps 8.5, 0.5 below a minimum of 9.0.
    data = BASE.replace(ldus=(ldu("N1", 9),), posts=(post("LEI", 2, LIVE),))
    report = check(data, [Placement("A", "LEI", None, 1), Placement("B", "LEI", None, 1)])
    (violation,) = report.violations[:1]
    assert violation.rule == rules.LDU_MIN_FTE
    assert (violation.amount, violation.limit, violation.before_plan) == (8.5, 9.0, False)
    assert report.values["hard rules"] == 50


def test_max_leavers_and_fair_share() -> None:
    data = BASE.replace(ldus=(ldu("N1", 0, max_leavers=1),), posts=(post("LEI", 2, LIVE),))
    report = check(data, [Placement("A", "LEI", None, 1), Placement("B", "LEI", None, 1)])
    # 2 leave of max 1 (100) and 2.0 of 10.5 FTE is within 20 % (2.1).
    assert broken(report)[rules.LDU_MAX_LEAVERS] == 1
    assert rules.LDU_FAIR_SHARE not in broken(report)
    assert report.values["hard rules"] == 100
    report = check(
        data.replace(ldus=(ldu("N1", 0, vacancy=1),)),
        [Placement("A", "LEI", None, 1), Placement("B", "LEI", None, 1)],
    )
    # 1.0 vacant + 2.0 leaving = 3.0 of 11.5 (26.1 %); the limit is 2.3: 0.7 over.
    (fair,) = [v for v in report.violations if v.rule == rules.LDU_FAIR_SHARE]
    assert (fair.amount, fair.limit, fair.before_plan) == (26.1, 20.0, False)
    assert report.values["hard rules"] == 70


def test_a_span_pushed_over_by_the_plan() -> None:
    staff = [*BASE.staff, *(pom(f"P{i}", location="LEI", spo="S1") for i in range(14))]
    data = BASE.replace(staff=tuple(staff), spos=(spo("S1", "LEI"),))
    report = check(data, [Placement("A", "LEI", "S1", 1)])
    (violation,) = [v for v in report.violations if v.rule == rules.SPO_SPAN]
    assert (violation.amount, violation.limit, violation.before_plan) == (15.0, 14.0, False)
    assert report.values["hard rules"] == 100


def test_shadow_cases_that_break_the_rules() -> None:
    cases = [
        com_case("OK"),
        com_case("WRONG_LDU", home="N2"),
        com_case("WRONG_PRISON", prison="WNI"),
        com_case("PINNED", current_com="B", pinned=True),
    ]
    data = BASE.replace(cases=tuple(cases), posts=(post("LEI", 1),))
    shadow = [
        ShadowCase("A", "OK", "LEI", None),
        ShadowCase("A", "WRONG_LDU", "LEI", None),
        ShadowCase("A", "WRONG_PRISON", "LEI", None),
        ShadowCase("A", "PINNED", "LEI", "B"),
        ShadowCase("A", "NOT_A_CASE", "LEI", None),
        ShadowCase("B", "OK", "LEI", None),  # B is not deployed, and OK is taken
    ]
    report = check(data, [Placement("A", "LEI", None, 1)], shadow)
    assert broken(report)[rules.SHADOW_CASE] == 5


def test_a_case_shadowed_twice() -> None:
    data = BASE.replace(cases=(com_case("K1"),), posts=(post("LEI", 2),))
    placed = [Placement("A", "LEI", None, 1), Placement("B", "LEI", None, 1)]
    shadow = [ShadowCase("A", "K1", "LEI", None), ShadowCase("B", "K1", "LEI", None)]
    report = check(data, placed, shadow)
    assert broken(report)[rules.SHADOW_CASE] == 1
    assert "two officers" in next(
        v.message for v in report.violations if v.rule == rules.SHADOW_CASE
    )


def test_a_high_risk_case_with_an_unqualified_officer() -> None:
    # Only a checker input can do this: the reader refuses interests from non-PO staff.
    pso = Staff("P", Role.COM, Grade.PSO, "N1", 1.0)
    data = deploy_problem(
        [pso], [post("LEI", 1)], [want("P", "LEI")], cases=[com_case("R", rosh=Rosh.HIGH)]
    )
    report = check(data, [Placement("P", "LEI", None, 1)], [ShadowCase("P", "R", "LEI", None)])
    assert broken(report)[rules.HIGH_RISK] == 1


def test_moving_a_case_from_its_com_is_counted() -> None:
    cases = (com_case("K1", current_com="B"), com_case("K2", current_com="GONE"))
    data = BASE.replace(cases=cases, posts=(post("LEI", 1),))
    shadow = [ShadowCase("A", "K1", "LEI", "B"), ShadowCase("A", "K2", "LEI", "GONE")]
    report = check(data, [Placement("A", "LEI", None, 1)], shadow)
    assert broken(report)[rules.SHADOW_CONTINUITY] == 1  # GONE is not in Staff: no move
    assert report.values["shadow"] == rules.W_SHADOW_SHORT + rules.W_SHADOW_MOVE
