"""A worked example with every kind of term, and the checker's KPIs."""

from __future__ import annotations

import math

import pytest

from allocator.check.allocation import CheckReport
from allocator.domain.enums import Complexity, Grade, Rosh, Status, Tier
from allocator.domain.problem import Spo
from tests.builders import case, com, com_case, pom, problem, run

HIGH, LOW = Complexity.HIGH, Complexity.LOW


def _worked_example() -> CheckReport:
    """LEI is a women's prison; POM capacity 100 points (bands 70, 85, 100); SPO cap 1.

    A1 tier A, RoSH high, high complexity: S1 (PO) keeps it.        75 points
    A2 tier C, RoSH high, high complexity: new, given S1 (PO).      30 points
    A3 tier C, RoSH low: moved from S1 to S2 (PRO), release 2030.    30 points
    A4 COM responsible, RoSH medium: S2 keeps it; new COM C1 (PSO). 15 POM, 30 COM points
    A5 tier B: left without a POM.
    """
    cases = [
        case("A1", tier=Tier.A, rosh=Rosh.HIGH, complexity=HIGH, current_pom="S1"),
        case("A2", rosh=Rosh.HIGH, complexity=HIGH),
        case("A3", complexity=LOW, current_pom="S1"),
        com_case("A4", rosh=Rosh.MEDIUM, complexity=LOW, current_pom="S2"),
        case("A5", tier=Tier.B, complexity=LOW),
    ]
    staff = [
        pom("S1", Grade.PO, spo="P1"),
        pom("S2", spo="P1"),
        com("C1", Grade.PSO),
        com("C2"),
    ]
    data = problem(
        cases,
        staff,
        [Spo("P1", location="LEI")],
        female=["LEI"],
        pom_points_per_fte=100,
        spo_high_risk_cap=1,
    )
    return run(data, pom={"A2": "S1", "A3": "S2", "A5": None}, com={"A4": "C1"})


def test_worked_example_objective_term_by_term() -> None:
    report = _worked_example()
    assert report.terms == {
        "unallocated": 100_000,  # A5: 100,000 x 1 (RoSH low)
        "waiting_time": 0,  # no arrival dates
        "com_unallocated": 0,  # A4 has C1
        "high_risk_needs_qualified": 0,  # A1 and A2 are with a PO
        "caseload_cap": 0,  # 2 cases each, cap 80
        "points_cap": 250,  # S1: 75 + 30 = 105 > 100: 5 x 50
        "continuity": 300,  # A3 moved from a valid S1, release far away
        "recommended_type": 0,  # A2 probation -> PO, A3 prison -> PRO
        "com_grade_preference": 10,  # A4's new COM is a PSO
        "balance": 65,  # S1: (105 - 70) + (105 - 85) + 2 x (105 - 100); S2 45 points: 0
        "spread_new_cases": 20,  # S1 and S2 each take one new case: 20 x 1
        "spread_complexity": 40,  # S1 holds A1 and A2: 20 x 2
        "peak_utilisation": 100,  # S1 at 105 %, 50 tenths of a point above 100 %: 2 x 50
        "spo_high_risk_cap": 500,  # P1's POMs hold 2 high-risk cases, cap 1: 500 x 1
        "case_management_support": 0,  # off: nobody co-works
    }
    assert report.objective == 101_285


def test_worked_example_violations() -> None:
    report = _worked_example()
    found = [(v.rule, v.severity, v.case_id, v.staff_id, v.spo_id) for v in report.violations]
    assert found == [
        ("unallocated", "hard", "A5", "", ""),
        ("points_cap", "hard", "", "S1", ""),
        ("continuity", "soft", "A3", "S2", ""),
        ("spo_high_risk_cap", "soft", "", "", "P1"),
    ]


def test_worked_example_kpis() -> None:
    # Utilisation: S1 105 %, S2 45 %: max 105, mean 75, population std-dev 30.
    kpis = _worked_example().kpis
    assert kpis == {
        "unallocated": 1,
        "com_unallocated": 0,
        "high_risk_unqualified": 0,
        "pom_over_case_cap": 0,
        "staff_over_points_cap": 1,
        "pom_moves": 1,
        "com_moves": 0,
        "new_pom_allocations": 2,
        "max_utilisation_pct": pytest.approx(105.0),
        "mean_utilisation_pct": pytest.approx(75.0),
        "utilisation_spread_pct": pytest.approx(30.0),
        "hard_violations": 2,
        "soft_violations": 2,
    }


def test_utilisation_leaves_out_inactive_poms_and_covers_the_run_only() -> None:
    # S1 holds 60 of 100 points (60 %); inactive S3 and BMI's T1 are left out.
    data = problem(
        [case("A1", current_pom="S1"), case("A2", current_pom="S1"), case("B1", prison="BMI")],
        [pom("S1"), pom("S3", status=Status.INACTIVE), pom("T1", location="BMI")],
        pom_points_per_fte=100,
    )
    kpis = run(data, prisons=["LEI"]).kpis
    assert kpis["max_utilisation_pct"] == pytest.approx(60.0)
    assert kpis["mean_utilisation_pct"] == pytest.approx(60.0)
    assert kpis["utilisation_spread_pct"] == 0.0


def test_high_risk_unqualified_counts_cases_once() -> None:
    # A1: PRO POM and PSO COM (one case); A2: PO POM and PO COM (none).
    data = problem(
        [
            com_case("A1", rosh=Rosh.HIGH, current_pom="S1", current_com="C1"),
            com_case("A2", rosh=Rosh.HIGH, current_pom="S2", current_com="C2"),
        ],
        [pom("S1"), pom("S2", Grade.PO), com("C1", Grade.PSO), com("C2")],
    )
    report = run(data)
    assert report.kpis["high_risk_unqualified"] == 1
    assert report.kpis["hard_violations"] == 2


def test_kpis_are_numbers() -> None:
    kpis = _worked_example().kpis
    assert all(isinstance(v, (int, float)) and not math.isnan(v) for v in kpis.values())
