"""The least FTE to add, rule by rule, on problems small enough to work out by hand.

Defaults: po_cases_per_fte = pro_cases_per_fte = 80, pom_points_per_fte = 2,176.
A new post of t tenths of FTE holds floor(80 x t / 10) = 8t cases and
floor(2,176 x t / 10) points (217 for 0.1 FTE, 435 for 0.2, 652 for 0.3).
A tier D case carries 17 points, a tier A case 75.
"""

from __future__ import annotations

import pytest

from allocator.domain.capacity import SubCapacity
from allocator.domain.enums import Grade, Rosh, RuleMode, Tier
from allocator.domain.problem import Case
from tests.builders import SOON, UNAVAILABLE, case, com, pom, problem
from tests.capacity.helpers import PO, PRO, PSO, added, held, measure, new

OFF, SOFT = RuleMode.OFF, RuleMode.SOFT


def test_enough_staff_adds_nothing() -> None:
    # One empty full-time PO: 3 new tier D cases (51 points) fit easily.
    lei = measure(problem(new(3), [pom("PO1", Grade.PO)]))["LEI"]
    assert lei.posts.status == "OPTIMAL"
    assert lei.posts.total_tenths == 0
    assert (lei.to_allocate, lei.high_risk, lei.points) == (3, 0, 51)


@pytest.mark.parametrize(
    ("arrivals", "tenths"),
    [
        # PO1 is at the cap: 80 cases held (80 x 17 = 1,360 points, within 2,176).
        # 1 case: 0.1 FTE holds floor(80 x 0.1) = floor(8.0) = 8 cases >= 1; 17 <= 217 points.
        (1, 1),
        # 8 cases: 0.1 FTE still holds exactly 8 (136 <= 217 points).
        (8, 1),
        # 9 cases: 0.1 FTE holds 8, too few; 0.2 FTE holds floor(16.0) = 16 (153 <= 435).
        (9, 2),
        # 17 cases: 0.2 FTE holds 16, too few; 0.3 FTE holds 24 (289 <= 652).
        (17, 3),
    ],
)
def test_a_full_po_needs_the_least_tenths_that_hold_the_rest(arrivals: int, tenths: int) -> None:
    # Low-risk cases: a prison-officer POM is the cheaper grade and may take them.
    lei = measure(problem(held(80, "PO1") + new(arrivals), [pom("PO1", Grade.PO)]))["LEI"]
    assert added(lei) == {PRO: tenths}
    assert lei.posts.status == "OPTIMAL"
    assert lei.posts.bound_tenths == tenths  # proven: nothing smaller works


def test_points_decide_when_cases_are_heavy() -> None:
    # PO1 full (80 cases held). 4 new tier A cases of 75 points = 300 points.
    # 0.1 FTE: 8 cases but 217 points: 2 cases (150), not 3 (225).
    # 0.2 FTE: 435 points hold all 4 (300).
    lei = measure(problem(held(80, "PO1") + new(4, tier=Tier.A), [pom("PO1", Grade.PO)]))["LEI"]
    assert added(lei) == {PRO: 2}


def test_high_risk_demand_adds_a_po_not_a_prison_officer() -> None:
    # PO1 full; PRO1 has all the room in the world but may not take a high-risk case.
    data = problem(
        held(80, "PO1") + new(1, rosh=Rosh.HIGH), [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)]
    )
    lei = measure(data)["LEI"]
    assert added(lei) == {PO: 1}
    assert lei.high_risk == 1


def test_a_po_is_added_only_for_the_high_risk_share() -> None:
    # PO1 full, nobody else. 1 high-risk + 9 other new cases = 10 cases: 8 per tenth of
    # either grade, so 0.2 FTE at least. PO 0.2 would do, but so would PO 0.1 (the
    # high-risk case and up to 7 more) + PRO 0.1 (8 more): the cheaper mix wins.
    data = problem(held(80, "PO1") + new(1, "R", rosh=Rosh.HIGH) + new(9), [pom("PO1", Grade.PO)])
    assert added(measure(data)["LEI"]) == {PO: 1, PRO: 1}


def test_without_high_risk_cases_no_po_is_ever_added() -> None:
    # 20 tier A cases recommend a probation POM, but that is a soft preference.
    lei = measure(problem(held(80, "PO1") + new(20, tier=Tier.A), [pom("PO1", Grade.PO)]))["LEI"]
    # 20 x 75 = 1,500 points: 0.6 FTE holds 1,305, 0.7 FTE 1,523; cases 56 >= 20.
    assert added(lei) == {PRO: 7}


def test_rules_off_need_nothing() -> None:
    # PO1 far over any cap; high-risk and ordinary cases; every rule off.
    cases = held(90, "PO1") + new(1, "R", rosh=Rosh.HIGH) + new(20)
    data = problem(
        cases,
        [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)],
        high_risk_rule=OFF,
        caseload_cap_rule=OFF,
        points_cap_rule=OFF,
    )
    lei = measure(data)["LEI"]
    assert lei.posts.total_tenths == 0
    assert lei.overload.staff == 0  # no hard cap: nobody counts as over


def test_a_soft_high_risk_rule_lets_a_prison_officer_take_the_case() -> None:
    data = problem(
        held(80, "PO1") + new(1, rosh=Rosh.HIGH),
        [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)],
        high_risk_rule=SOFT,
    )
    assert measure(data)["LEI"].posts.total_tenths == 0


def test_a_soft_case_cap_leaves_only_the_points_cap() -> None:
    # PO1 at 80 cases (1,360 points): with the case cap soft, 40 more tier D cases fit
    # in points (1,360 + 680 = 2,040 <= 2,176). 49 would not (2,193): 0.1 FTE PRO.
    soft = {"caseload_cap_rule": SOFT}
    assert (
        measure(problem(held(80, "PO1") + new(40), [pom("PO1", Grade.PO)], **soft))[
            "LEI"
        ].posts.total_tenths
        == 0
    )
    assert added(
        measure(problem(held(80, "PO1") + new(49), [pom("PO1", Grade.PO)], **soft))["LEI"]
    ) == {PRO: 1}


def test_nobody_to_take_the_cases_is_said_and_filled() -> None:
    lei = measure(problem(new(2) + new(1, "R", rosh=Rosh.HIGH), []))["LEI"]
    assert lei.posts.unplaceable == 3
    # The high-risk case needs a PO; 0.1 FTE of PO holds all three (8 cases, 51 points).
    assert added(lei) == {PO: 1}


def test_unavailable_staff_take_no_new_case() -> None:
    lei = measure(problem(new(1), [pom("PO1", Grade.PO, status=UNAVAILABLE)]))["LEI"]
    assert added(lei) == {PRO: 1}
    assert lei.fte_away == 1.0 and lei.fte == {}


def test_nothing_to_allocate() -> None:
    lei = measure(problem([case("K1", current_pom="PO1")], [pom("PO1", Grade.PO)]))["LEI"]
    assert lei.posts.status == "NOTHING_TO_DECIDE" and lei.to_allocate == 0


def test_the_same_input_gives_the_same_answer() -> None:
    data = problem(held(80, "PO1") + new(1, "R", rosh=Rosh.HIGH) + new(30), [pom("PO1", Grade.PO)])
    first, second = measure(data)["LEI"], measure(data)["LEI"]
    assert first.posts.tenths == second.posts.tenths
    assert first.caps.needed == second.caps.needed


def test_a_cap_per_fte_that_is_not_a_multiple_of_ten_floors_per_tenth() -> None:
    # po_cases_per_fte = pro_cases_per_fte = 75: 0.1 FTE holds floor(7.5) = 7 cases,
    # 0.2 FTE floor(15.0) = 15. PO1 full at 75; 8 new cases need 0.2 FTE, 7 need 0.1.
    caps = {"po_cases_per_fte": 75, "pro_cases_per_fte": 75}
    eight = problem(held(75, "PO1") + new(8), [pom("PO1", Grade.PO)], **caps)
    seven = problem(held(75, "PO1") + new(7), [pom("PO1", Grade.PO)], **caps)
    assert added(measure(eight)["LEI"]) == {PRO: 2}
    assert added(measure(seven)["LEI"]) == {PRO: 1}


def test_an_ldu_short_of_points_adds_a_pso_and_a_po_only_for_high_risk() -> None:
    # COM1 carries a full 2,176 points of community work (other_points). Cases whose COM
    # is responsible (release soon) need a COM: 17 COM points each (tier D).
    # 13 cases = 221 points: 0.1 FTE holds floor(217.6) = 217, so 0.2 FTE of a PSO
    # (COMs have no case cap). A high-risk one needs a PO COM: 0.1 FTE PO.
    def ldu(cases: list[Case]) -> SubCapacity:
        staff = [pom("PO1", Grade.PO), com("COM1", other_points=2176)]
        return measure(problem(cases, staff))["N1"]

    ordinary = [case(f"C{i}", Tier.D, crd=SOON, current_pom="PO1") for i in range(13)]
    risky = [case("R1", Tier.D, Rosh.HIGH, crd=SOON, current_pom="PO1")]
    assert added(ldu(ordinary)) == {PSO: 2}
    assert added(ldu(risky)) == {PO: 1}
    assert added(ldu(ordinary[:12])) == {PSO: 1}  # 204 points fit in 217
