"""The checker's staff rules: caseload and points caps, balance, spread and SPO teams.

Objectives are worked out by hand in the comments. Default capacity is 2,176 points
(70 % band 1,523, 85 % band 1,849); tests that need the bands set the points per FTE
to 60 (bands at 42, 51 and 60 points: two tier C cases, 30 points each, fill it).
"""

from __future__ import annotations

from typing import Any

import pytest

from allocator.domain.enums import Complexity, Grade, Rosh, Status
from allocator.domain.problem import Case, Spo, Staff
from tests.builders import case, com, com_case, nonzero, only, pom, problem, rules_of, run

# --- caseload_cap --------------------------------------------------------------------------


def _held_by_s1(count: int) -> list[Case]:
    """``count`` cases at LEI currently held by S1."""
    return [case(f"A{i}", current_pom="S1") for i in range(count)]


def test_caseload_cap_keep_exactly_at_the_cap() -> None:
    data = problem(_held_by_s1(2), [pom("S1", max_cases=2)])
    report = run(data)
    assert report.violations == ()
    assert report.objective == 0


@pytest.mark.parametrize(("rule", "cost"), [("hard", 5_000), ("soft", 500)])
def test_caseload_cap_break_by_mode(rule: str, cost: int) -> None:
    # 3 cases, cap 2: one over, 5,000 (hard) or 500 (soft).
    data = problem(_held_by_s1(3), [pom("S1", max_cases=2)], caseload_cap_rule=rule)
    report = run(data)
    violation = only(report, "caseload_cap")
    assert (violation.severity, violation.staff_id, violation.amount, violation.limit) == (
        rule,
        "S1",
        3,
        2,
    )
    assert violation.case_id == ""
    assert "3 cases" in violation.message and "cap of 2" in violation.message
    assert nonzero(report) == {"caseload_cap": cost}
    assert report.kpis["pom_over_case_cap"] == 1


def test_caseload_cap_off_reports_and_costs_nothing_but_is_measured() -> None:
    data = problem(_held_by_s1(3), [pom("S1", max_cases=2)], caseload_cap_rule="off")
    report = run(data)
    assert report.violations == ()
    assert report.objective == 0
    assert report.kpis["pom_over_case_cap"] == 1


def test_caseload_cap_pro_rata_fte_and_reduction_hours() -> None:
    # PRO: 4 per FTE x 0.5 = 2. PO: 6 per FTE x (1.0 - 18.75 / 37.5) = 3.
    staff = [pom("S1", fte=0.5), pom("S2", Grade.PO, reduction_hours=18.75)]
    cases = [case(f"A{i}", current_pom="S1") for i in range(3)]
    cases += [case(f"B{i}", current_pom="S2") for i in range(3)]
    data = problem(cases, staff, pro_cases_per_fte=4, po_cases_per_fte=6)
    violation = only(run(data), "caseload_cap")
    assert (violation.staff_id, violation.amount, violation.limit) == ("S1", 3, 2)


def test_caseload_cap_com_only_with_max_cases() -> None:
    # C1 (max 1) holds 2 COM cases: over by one; C2 has no cap at all.
    cases = [com_case(f"A{i}", current_pom="S1", current_com="C1") for i in range(2)]
    cases += [com_case(f"B{i}", current_pom="S1", current_com="C2") for i in range(5)]
    data = problem(cases, [pom("S1"), com("C1", max_cases=1), com("C2")])
    report = run(data)
    violation = only(report, "caseload_cap")
    assert (violation.staff_id, violation.amount, violation.limit) == ("C1", 2, 1)
    assert report.kpis["pom_over_case_cap"] == 0  # C1 is a COM


def test_caseload_counts_cases_of_prisons_outside_the_run() -> None:
    # S1 (LEI, cap 1) still holds B1 at BMI, outside the run: 2 cases, one over.
    data = problem(
        [case("A1", current_pom="S1"), case("B1", prison="BMI", current_pom="S1")],
        [pom("S1", max_cases=1)],
    )
    report = run(data, prisons=["LEI"])
    assert rules_of(report) == ["caseload_cap"]
    assert report.terms["caseload_cap"] == 5_000


def test_staff_outside_the_run_are_not_capped() -> None:
    data = problem(
        [
            case("A1"),
            case("B1", prison="BMI", current_pom="T1"),
            case("B2", prison="BMI", current_pom="T1"),
        ],
        [pom("S1"), pom("T1", location="BMI", max_cases=1)],
    )
    assert rules_of(run(data, pom={"A1": "S1"}, prisons=["LEI"])) == []
    assert rules_of(run(data, pom={"A1": "S1"})) == ["caseload_cap"]


# --- points_cap and balance ----------------------------------------------------------------


def test_points_cap_keep_exactly_at_capacity() -> None:
    # 2 x 30 = 60 = capacity. Balance: (60 - 42) + (60 - 51) + 2 x 0 = 27.
    data = problem(_held_by_s1(2), [pom("S1")], pom_points_per_fte=60)
    report = run(data)
    assert report.violations == ()
    assert nonzero(report) == {"balance": 27}
    assert report.objective == 27


@pytest.mark.parametrize(("rule", "cost"), [("hard", 1_500), ("soft", 150), ("off", 0)])
def test_points_cap_break_by_mode(rule: str, cost: int) -> None:
    # 3 x 30 = 90 points, capacity 60: 30 over x 50 (hard) or 5 (soft).
    # Balance: (90 - 42) + (90 - 51) + 2 x (90 - 60) = 48 + 39 + 60 = 147, in every mode.
    # Peak: 150 % utilisation is 500 tenths of a point above 100 %: 2 x 500 = 1,000, in every
    # mode.
    data = problem(_held_by_s1(3), [pom("S1")], pom_points_per_fte=60, points_cap_rule=rule)
    report = run(data)
    assert report.terms["points_cap"] == cost
    assert report.terms["balance"] == 147
    assert report.terms["peak_utilisation"] == 1_000
    assert report.objective == cost + 147 + 1_000
    assert report.kpis["staff_over_points_cap"] == 1
    if rule == "off":
        assert report.violations == ()
        return
    violation = only(report, "points_cap")
    assert (violation.severity, violation.staff_id, violation.amount, violation.limit) == (
        rule,
        "S1",
        90,
        60,
    )
    assert "90" in violation.message and "150 %" in violation.message


def test_points_cap_counts_other_points() -> None:
    # 30 + 31 other = 61 > 60: 1 over x 50 = 50. Balance 19 + 10 + 2 x 1 = 31. Total 81.
    data = problem(_held_by_s1(1), [pom("S1", other_points=31)], pom_points_per_fte=60)
    report = run(data)
    violation = only(report, "points_cap")
    assert (violation.amount, violation.limit) == (61, 60)
    assert "31 of them from outside" in violation.message
    # Peak: 61 of 60 points is 101.67 %, 17 tenths above 100 % (rounded up): 2 x 17 = 34.
    assert nonzero(report) == {"points_cap": 50, "balance": 31, "peak_utilisation": 34}


def test_points_cap_of_a_com_uses_com_points() -> None:
    # C1: one COM case (30 COM points) + 40 other = 70 > 60: 10 x 50 = 500.
    # Balance (70 - 42) + (70 - 51) + 2 x 10 = 67. S1 holds 15 points of 2,176: nothing.
    data = problem(
        [com_case("A1", current_pom="S1", current_com="C1")],
        [pom("S1"), com("C1", other_points=40)],
        com_points_per_fte=60,
    )
    report = run(data)
    violation = only(report, "points_cap")
    assert (violation.staff_id, violation.amount, violation.limit) == ("C1", 70, 60)
    # Peak: 70 of 60 points is 116.67 %, 167 tenths above 100 % (rounded up): 2 x 167 = 334.
    assert nonzero(report) == {"points_cap": 500, "balance": 67, "peak_utilisation": 334}


def test_no_capacity_at_all() -> None:
    # Reduction hours take all 37.5 h: cap 0 cases and 0 points. One case (30 points):
    # cases 1 x 5,000 + points 30 x 50 = 6,500; no balance without capacity.
    data = problem(_held_by_s1(1), [pom("S1", reduction_hours=37.5)])
    report = run(data)
    assert rules_of(report) == ["caseload_cap", "points_cap"]
    assert nonzero(report) == {"caseload_cap": 5_000, "points_cap": 1_500}
    assert report.kpis["max_utilisation_pct"] == 0.0  # no capacity: left out of utilisation


@pytest.mark.parametrize(
    ("other", "balance"),
    [(1523, 0), (1524, 1), (1849, 326), (1850, 328), (2176, 653 + 327), (2177, 654 + 328 + 2)],
)
def test_balance_bands_floor_the_percentages(other: int, balance: int) -> None:
    # Capacity 2,176: bands at floor(1523.2) = 1,523, floor(1849.6) = 1,849 and 2,176.
    # S2 holds the case that puts LEI in the run; S1 carries only other points.
    data = problem([case("A1", current_pom="S2")], [pom("S1", other_points=other), pom("S2")])
    report = run(data, prisons=["LEI"])
    assert report.terms["balance"] == balance


# --- spread --------------------------------------------------------------------------------


def test_spread_new_cases_is_the_largest_share_per_prison() -> None:
    # LEI: S1 takes 2 new cases, S2 one: 20 x 2 = 40. BMI: T1 takes one: 20. Total 60.
    cases = [case("A1"), case("A2"), case("A3"), case("B1", prison="BMI")]
    staff = [pom("S1"), pom("S2"), pom("T1", location="BMI")]
    report = run(problem(cases, staff), pom={"A1": "S1", "A2": "S1", "A3": "S2", "B1": "T1"})
    assert report.violations == ()
    assert nonzero(report) == {"spread_new_cases": 60}
    assert report.kpis["new_pom_allocations"] == 4


def test_spread_complexity_in_a_womens_prison_only() -> None:
    # LEI is a women's prison: S1 holds 2 high-complexity cases, S2 one: 20 x 2 = 40.
    high = Complexity.HIGH
    cases = [
        case("A1", complexity=high, current_pom="S1"),
        case("A2", complexity=high, current_pom="S1"),
        case("A3", complexity=high, current_pom="S2"),
        case("A4", complexity=Complexity.LOW, current_pom="S2"),
    ]
    staff = [pom("S1"), pom("S2")]
    assert nonzero(run(problem(cases, staff, female=["LEI"]))) == {"spread_complexity": 40}
    assert nonzero(run(problem(cases, staff))) == {}


# --- spo_span ------------------------------------------------------------------------------


def _team(fte: list[float], spo: str = "P1", location: str = "LEI") -> list[Staff]:
    """POMs at LEI (or COMs in an LDU) managed by one SPO."""
    if location == "LEI":
        return [pom(f"S{i}", fte=f, spo=spo) for i, f in enumerate(fte)]
    return [com(f"C{i}", fte=f, spo=spo, location=location) for i, f in enumerate(fte)]


SPANS: dict[str, Any] = {"spo_span_prison_fte": 2, "spo_span_community_fte": 1}


@pytest.mark.parametrize("fte", [[1.0, 1.0], [0.7, 0.7, 0.6], [0.5, 0.5, 0.5, 0.5]])
def test_spo_span_keep_exactly_at_the_prison_limit(fte: list[float]) -> None:
    data = problem([case("A1", current_pom="S0")], _team(fte), [Spo("P1", location="LEI")], **SPANS)
    assert run(data).violations == ()


def test_spo_span_break_in_a_prison() -> None:
    # 1.0 + 1.0 + 0.5 = 2.5 FTE (3 people), limit 2: hard, no objective term.
    data = problem(
        [case("A1", current_pom="S0")], _team([1.0, 1.0, 0.5]), [Spo("P1", location="LEI")], **SPANS
    )
    report = run(data)
    violation = only(report, "spo_span")
    assert (violation.severity, violation.spo_id, violation.amount, violation.limit) == (
        "hard",
        "P1",
        2.5,
        2,
    )
    assert (violation.case_id, violation.staff_id) == ("", "")
    assert "2.5 FTE (3 people)" in violation.message
    assert report.objective == 0


def test_spo_span_community_limit() -> None:
    # COMs in N1, SPO located in N1: community limit 1. 1.0 is at it, 1.5 above it.
    cases = [case("A1", current_pom="S9")]
    at = problem(cases, [pom("S9"), *_team([1.0], "Q1", "N1")], [Spo("Q1", location="N1")], **SPANS)
    assert run(at).violations == ()
    over = problem(
        cases, [pom("S9"), *_team([1.0, 0.5], "Q1", "N1")], [Spo("Q1", location="N1")], **SPANS
    )
    violation = only(run(over), "spo_span")
    assert (violation.amount, violation.limit) == (1.5, 1)


def test_spo_span_own_limit_wins() -> None:
    spo = Spo("P1", location="LEI", span_limit_fte=3)
    data = problem([case("A1", current_pom="S0")], _team([1.0, 1.0, 0.5]), [spo], **SPANS)
    assert run(data).violations == ()
    spo = Spo("P1", location="LEI", span_limit_fte=1.5)
    assert (
        only(
            run(problem([case("A1", current_pom="S0")], _team([1.0, 1.0]), [spo], **SPANS)),
            "spo_span",
        ).limit
        == 1.5
    )


def test_spo_span_without_location_all_poms_is_a_prison_team() -> None:
    # No SPOs row at all: 2.0 FTE of POMs is within the prison limit of 2.
    data = problem([case("A1", current_pom="S0")], _team([1.0, 1.0]), **SPANS)
    assert run(data).violations == ()


def test_spo_span_without_location_mixed_team_is_a_community_team() -> None:
    # A POM and a COM (1.0 + 0.5): community limit 1.
    staff = [pom("S1", spo="P1"), com("C1", fte=0.5, spo="P1")]
    data = problem([case("A1", current_pom="S1")], staff, [Spo("P1")], **SPANS)
    violation = only(run(data), "spo_span")
    assert (violation.amount, violation.limit) == (1.5, 1)


def test_spo_span_location_in_an_ldu_is_community_even_for_poms() -> None:
    staff = _team([1.0, 0.5])
    data = problem([case("A1", current_pom="S0")], staff, [Spo("P1", location="N1")], **SPANS)
    assert only(run(data), "spo_span").limit == 1


def test_spo_span_counts_team_members_outside_the_run() -> None:
    # P1 manages S1 at LEI and T1 at BMI: 2.5 FTE > 2 although the run covers LEI only.
    staff = [pom("S1", spo="P1"), pom("T1", location="BMI", fte=1.5, spo="P1")]
    data = problem([case("A1", current_pom="S1")], staff, [Spo("P1", location="LEI")], **SPANS)
    assert only(run(data, prisons=["LEI"]), "spo_span").amount == 2.5


def test_spo_without_a_team_member_in_the_run_is_not_checked() -> None:
    staff = [
        pom("S1"),
        pom("T1", location="BMI", fte=1.0, spo="P2"),
        pom("T2", location="BMI", spo="P2"),
    ]
    data = problem(
        [case("A1", current_pom="S1"), case("B1", prison="BMI", current_pom="T1")],
        staff,
        **{**SPANS, "spo_span_prison_fte": 1},
    )
    assert run(data, prisons=["LEI"]).violations == ()
    assert rules_of(run(data)) == ["spo_span"]


# --- spo_high_risk_cap ---------------------------------------------------------------------


def _high_risk_team(cap: int, held: int) -> tuple[list[Case], list[Staff], int]:
    """P1's two PO POMs hold ``held`` RoSH high cases; the cap is ``cap``."""
    cases = [case(f"A{i}", rosh=Rosh.HIGH, current_pom=f"S{i % 2}") for i in range(held)]
    cases.append(case("Z1", rosh=Rosh.LOW, current_pom="S0"))
    staff = [pom("S0", Grade.PO, spo="P1"), pom("S1", Grade.PO, spo="P1")]
    return cases, staff, cap


def test_spo_high_risk_cap_keep_at_the_cap() -> None:
    cases, staff, cap = _high_risk_team(2, 2)
    assert run(problem(cases, staff, spo_high_risk_cap=cap)).violations == ()


def test_spo_high_risk_cap_break() -> None:
    # 3 high-risk cases, cap 2: soft, 500 x 1.
    cases, staff, cap = _high_risk_team(2, 3)
    report = run(problem(cases, staff, spo_high_risk_cap=cap))
    violation = only(report, "spo_high_risk_cap")
    assert (violation.severity, violation.spo_id, violation.amount, violation.limit) == (
        "soft",
        "P1",
        3,
        2,
    )
    assert nonzero(report) == {"spo_high_risk_cap": 500}


def test_spo_high_risk_cap_zero_means_no_cap() -> None:
    cases, staff, _ = _high_risk_team(0, 5)
    assert run(problem(cases, staff)).violations == ()


def test_spo_high_risk_cap_counts_poms_only() -> None:
    # C1 (a COM in P1's team) holds a high-risk case too: not counted; S0 holds 1 = cap.
    cases = [com_case("A1", rosh=Rosh.HIGH, current_pom="S0", current_com="C1")]
    staff = [pom("S0", Grade.PO, spo="P1"), com("C1", spo="P1")]
    assert run(problem(cases, staff, spo_high_risk_cap=1)).violations == ()


def test_inactive_staff_still_count_in_loads() -> None:
    # An inactive POM's cases count against their cap until they are moved.
    data = problem(_held_by_s1(2), [pom("S1", status=Status.INACTIVE, max_cases=1)])
    assert rules_of(run(data)) == ["inactive_holds_cases", "inactive_holds_cases", "caseload_cap"]
