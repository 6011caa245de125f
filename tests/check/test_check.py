"""The checker's case rules: allocation, place, status, exclusion, pinning, high risk.

Each rule has an allocation that keeps it, one that breaks it (exact violation) and,
where it has a limit, one just within it. Objectives are worked out by hand in the
comments. Builders: ``tests/builders.py``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from allocator.check.allocation import CheckReport, check
from allocator.domain.enums import Complexity, Grade, RecommendationMode, Rosh, Status, Tier
from allocator.domain.omic import derive_all
from allocator.domain.result import Allocation, Violation
from tests.builders import (
    case,
    com,
    com_case,
    handover_case,
    nonzero,
    only,
    pom,
    problem,
    rules_of,
    run,
)

TERMS = {
    "unallocated",
    "waiting_time",
    "com_unallocated",
    "high_risk_needs_qualified",
    "caseload_cap",
    "points_cap",
    "continuity",
    "recommended_type",
    "com_grade_preference",
    "balance",
    "spread_new_cases",
    "spread_complexity",
    "peak_utilisation",
    "spo_high_risk_cap",
    "case_management_support",
}


# --- the report itself ---------------------------------------------------------------------


def test_a_kept_allocation_breaks_nothing_and_costs_nothing() -> None:
    data = problem([case("A1", current_pom="S1")], [pom("S1")])
    report = run(data)
    assert report.violations == ()
    assert report.objective == 0
    assert set(report.terms) == TERMS
    assert report.hard == () and report.soft == ()


def test_a_new_pom_costs_only_the_spread_of_new_cases() -> None:
    # S1 takes A1, its only new case: spread 20 x 1 = 20. Tier C recommends a prison POM
    # and S1 is a PRO: no recommendation cost.
    data = problem([case("A1")], [pom("S1")])
    report = run(data, pom={"A1": "S1"})
    assert report.violations == ()
    assert nonzero(report) == {"spread_new_cases": 20}
    assert report.objective == 20


def test_hard_and_soft_split_the_violations() -> None:
    # A1 has no POM (hard); A2 moves from S1 to S2 voluntarily (soft).
    data = problem([case("A1"), case("A2", current_pom="S1")], [pom("S1"), pom("S2")])
    report = run(data, pom={"A2": "S2"})
    assert [v.rule for v in report.hard] == ["unallocated"]
    assert [v.rule for v in report.soft] == ["continuity"]


def test_the_checker_never_imports_the_solvers() -> None:
    code = (
        "import sys, allocator.check.allocation, inputs.report_reader; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ortools', 'solvers')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_derivations_given_by_the_caller_give_the_same_report() -> None:
    data = problem([case("A1"), com_case("A2", current_pom="S1")], [pom("S1"), com("C1")])
    allocation = Allocation({"A1": "S1"}, {"A2": "C1"})
    given = check(data, allocation, derivations=derive_all(data))
    assert given == check(data, allocation)


# --- unallocated ---------------------------------------------------------------------------


def test_unallocated_keep() -> None:
    data = problem([case("A1", rosh=Rosh.HIGH, current_pom="S1")], [pom("S1", Grade.PO)])
    assert run(data).violations == ()


@pytest.mark.parametrize(
    ("rosh", "cost"),
    [
        (None, 100_000),
        (Rosh.LOW, 100_000),
        (Rosh.MEDIUM, 200_000),
        (Rosh.HIGH, 300_000),
        (Rosh.VERY_HIGH, 400_000),
    ],
)
def test_unallocated_break_costs_by_risk(rosh: Rosh | None, cost: int) -> None:
    # 100,000 x risk weight (none/low 1, medium 2, high 3, very high 4).
    data = problem([case("A1", rosh=rosh)], [pom("S1", Grade.PO)])
    report = run(data)
    violation = only(report, "unallocated")
    assert violation == Violation(
        "unallocated",
        "hard",
        case_id="A1",
        amount=1,
        message=violation.message,
    )
    assert "A1" in violation.message and "no POM" in violation.message
    assert nonzero(report) == {"unallocated": cost}
    assert report.objective == cost


def test_an_allocation_taking_the_pom_away_leaves_the_case_unallocated() -> None:
    # A1 loses S1: 100,000 (no continuity cost: it has no other worker).
    data = problem([case("A1", current_pom="S1")], [pom("S1")])
    report = run(data, pom={"A1": None})
    assert rules_of(report) == ["unallocated"]
    assert report.objective == 100_000
    assert report.kpis["pom_moves"] == 1


def test_a_blank_staff_id_is_no_one() -> None:
    data = problem([case("A1", current_pom="S1")], [pom("S1")])
    assert rules_of(run(data, pom={"A1": ""})) == ["unallocated"]


# --- com_unallocated -----------------------------------------------------------------------


def test_com_unallocated_keep() -> None:
    data = problem([com_case("A1", current_pom="S1", current_com="C1")], [pom("S1"), com("C1")])
    assert run(data).violations == ()


@pytest.mark.parametrize("build", [com_case, handover_case])
def test_com_unallocated_break(build: object) -> None:
    # COM responsible or POM+COM, no COM: 50,000 x risk 2 (medium).
    data = problem([build("A1", rosh=Rosh.MEDIUM, current_pom="S1")], [pom("S1")])  # type: ignore[operator]
    report = run(data)
    violation = only(report, "com_unallocated")
    assert (violation.severity, violation.case_id, violation.amount) == ("hard", "A1", 1)
    assert "needs a COM" in violation.message and "N1" in violation.message
    assert nonzero(report) == {"com_unallocated": 100_000}


def test_a_case_with_the_pom_responsible_needs_no_com() -> None:
    data = problem([case("A1", current_pom="S1")], [pom("S1")])
    assert run(data).violations == ()


def test_a_case_needing_a_com_without_a_home_ldu_is_reported() -> None:
    data = problem([com_case("A1", ldu=None, current_pom="S1")], [pom("S1")])
    violation = only(run(data), "com_unallocated")
    assert "no home LDU" in violation.message


def test_com_unallocated_does_not_need_the_case_to_be_allocatable() -> None:
    # Tier missing: missing information, no POM needed, but the COM still is.
    data = problem([com_case("A1", tier=None)], [])
    assert rules_of(run(data)) == ["com_unallocated", "missing_information"]


# --- missing_information -------------------------------------------------------------------


def test_missing_information_tier() -> None:
    data = problem([case("A1", tier=None)], [pom("S1")])
    report = run(data)
    violation = only(report, "missing_information")
    assert (violation.severity, violation.case_id, violation.amount) == ("hard", "A1", None)
    assert "tier" in violation.message
    assert report.objective == 0  # not a term: no decision can fix it


def test_missing_information_complexity_in_the_womens_estate() -> None:
    data = problem([case("A1", current_pom="S1")], [pom("S1")], female=["LEI"])
    assert "complexity" in only(run(data), "missing_information").message
    ok = problem(
        [case("A1", current_pom="S1", complexity=Complexity.LOW)], [pom("S1")], female=["LEI"]
    )
    assert run(ok).violations == ()


def test_missing_information_rosh_in_rosh_mode() -> None:
    data = problem(
        [case("A1", rosh=None, current_pom="S1")],
        [pom("S1")],
        recommendation_mode=RecommendationMode.ROSH,
    )
    assert "rosh" in only(run(data), "missing_information").message


def test_an_out_of_scope_case_is_not_checked() -> None:
    # A remand case with an excluded, inactive POM elsewhere: nothing to report or count.
    remand = case("R1", sentence_type="remand", current_pom="S9", excluded_staff=("S9",))
    data = problem([remand], [pom("S9", status=Status.INACTIVE, location="BMI")])
    report = run(data, pom={"R1": "S9"})
    assert report.violations == ()
    assert report.objective == 0


# --- right_location ------------------------------------------------------------------------


def test_right_location_keep() -> None:
    data = problem([com_case("A1")], [pom("S1"), com("C1")])
    assert run(data, pom={"A1": "S1"}, com={"A1": "C1"}).violations == ()


def test_right_location_pom_of_another_prison() -> None:
    data = problem([case("A1")], [pom("S1", location="BMI")])
    violation = only(run(data, pom={"A1": "S1"}), "right_location")
    assert (violation.severity, violation.case_id, violation.staff_id) == ("hard", "A1", "S1")
    assert "BMI" in violation.message and "LEI" in violation.message


def test_right_location_com_of_another_ldu() -> None:
    data = problem([com_case("A1", current_pom="S1")], [pom("S1"), com("C1", location="N2")])
    violation = only(run(data, com={"A1": "C1"}), "right_location")
    assert violation.staff_id == "C1" and "N2" in violation.message


def test_right_location_wrong_role() -> None:
    # A POM named as the COM of a case.
    data = problem([com_case("A1", current_pom="S1")], [pom("S1")])
    violation = only(run(data, com={"A1": "S1"}), "right_location")
    assert "not a COM" in violation.message


def test_right_location_unknown_staff() -> None:
    data = problem([case("A1")], [pom("S1")])
    violation = only(run(data, pom={"A1": "S99"}), "right_location")
    assert violation.staff_id == "S99" and "not in the Staff sheet" in violation.message


def test_right_location_com_for_a_case_without_a_home_ldu() -> None:
    data = problem([case("A1", ldu=None, current_pom="S1")], [pom("S1"), com("C1")])
    assert "no home LDU" in only(run(data, com={"A1": "C1"}), "right_location").message


# --- active_staff and inactive_holds_cases -------------------------------------------------


def test_active_staff_keep_unavailable_pom_keeps_current_cases() -> None:
    data = problem([case("A1", current_pom="S1")], [pom("S1", status=Status.UNAVAILABLE)])
    assert run(data).violations == ()


def test_active_staff_break_new_case_to_unavailable_pom() -> None:
    data = problem([case("A1")], [pom("S1", status=Status.UNAVAILABLE)])
    report = run(data, pom={"A1": "S1"})
    violation = only(report, "active_staff")
    assert (violation.severity, violation.case_id, violation.staff_id) == ("hard", "A1", "S1")
    assert "unavailable" in violation.message
    assert report.objective == 20  # spread: S1 has one new case


def test_active_staff_break_new_com_who_is_unavailable() -> None:
    data = problem(
        [com_case("A1", current_pom="S1")], [pom("S1"), com("C1", status=Status.UNAVAILABLE)]
    )
    assert only(run(data, com={"A1": "C1"}), "active_staff").staff_id == "C1"


def test_inactive_current_pom_holding_a_case() -> None:
    data = problem([case("A1", current_pom="S1")], [pom("S1", status=Status.INACTIVE)])
    report = run(data)
    violation = only(report, "inactive_holds_cases")
    assert (violation.severity, violation.case_id, violation.staff_id) == ("hard", "A1", "S1")
    assert rules_of(report) == ["inactive_holds_cases"]  # kept: not a new case


def test_a_new_inactive_pom_breaks_both_status_rules() -> None:
    data = problem([case("A1")], [pom("S1", status=Status.INACTIVE)])
    assert rules_of(run(data, pom={"A1": "S1"})) == ["active_staff", "inactive_holds_cases"]


def test_moving_a_case_off_an_inactive_pom_keeps_the_rules() -> None:
    # S1 is inactive, so the move is forced: no continuity cost; spread 20.
    data = problem([case("A1", current_pom="S1")], [pom("S1", status=Status.INACTIVE), pom("S2")])
    report = run(data, pom={"A1": "S2"})
    assert report.violations == ()
    assert nonzero(report) == {"spread_new_cases": 20}


# --- excluded_staff ------------------------------------------------------------------------


def test_excluded_staff_keep() -> None:
    data = problem([case("A1", excluded_staff=("S2",))], [pom("S1"), pom("S2")])
    assert run(data, pom={"A1": "S1"}).violations == ()


def test_excluded_staff_break_pom_and_com() -> None:
    data = problem([com_case("A1", excluded_staff=("S1", "C1"))], [pom("S1"), com("C1")])
    report = run(data, pom={"A1": "S1"}, com={"A1": "C1"})
    found = [(v.rule, v.staff_id) for v in report.violations]
    assert found == [("excluded_staff", "C1"), ("excluded_staff", "S1")]
    assert all("excluded" in v.message for v in report.violations)


# --- pinned --------------------------------------------------------------------------------


def test_pinned_keep() -> None:
    data = problem([case("A1", current_pom="S1", pinned=True)], [pom("S1"), pom("S2")])
    assert run(data, pom={"A1": "S1"}).violations == ()


def test_pinned_break_pom_changed_no_continuity_cost() -> None:
    # A pinned case moved: the pinned rule, not a continuity cost; spread 20.
    data = problem([case("A1", current_pom="S1", pinned=True)], [pom("S1"), pom("S2")])
    report = run(data, pom={"A1": "S2"})
    violation = only(report, "pinned")
    assert (violation.severity, violation.case_id, violation.staff_id) == ("hard", "A1", "S2")
    assert "S1" in violation.message and "S2" in violation.message
    assert rules_of(report) == ["pinned"]
    assert nonzero(report) == {"spread_new_cases": 20}


def test_pinned_break_com_removed() -> None:
    data = problem(
        [com_case("A1", current_pom="S1", current_com="C1", pinned=True)], [pom("S1"), com("C1")]
    )
    report = run(data, com={"A1": None})
    assert rules_of(report) == ["com_unallocated", "pinned"]
    assert "no one" in only(report, "pinned").message


def test_a_pinned_case_keeps_its_breaches_and_they_are_reported() -> None:
    # Pinned to an excluded, unqualified PRO: both reported; high risk hard costs 20,000.
    data = problem(
        [case("A1", rosh=Rosh.HIGH, current_pom="S1", excluded_staff=("S1",), pinned=True)],
        [pom("S1")],
    )
    report = run(data)
    assert rules_of(report) == ["excluded_staff", "high_risk_needs_qualified"]
    assert nonzero(report) == {"high_risk_needs_qualified": 20_000}


# --- high_risk_needs_qualified -------------------------------------------------------------


def test_high_risk_keep_po_pom_and_com() -> None:
    data = problem([com_case("A1", rosh=Rosh.VERY_HIGH)], [pom("S1", Grade.PO), com("C1")])
    report = run(data, pom={"A1": "S1"}, com={"A1": "C1"})
    assert report.violations == ()
    # Recommended probation (RoSH very high), given a PO: nothing; spread 20.
    assert report.objective == 20


@pytest.mark.parametrize(("rule", "cost"), [("hard", 20_000), ("soft", 2_000)])
def test_high_risk_break_pom_and_com_by_mode(rule: str, cost: int) -> None:
    # A PRO POM and a PSO COM on a RoSH high case: two breaches, cost each.
    data = problem(
        [com_case("A1", rosh=Rosh.HIGH, current_pom="S1", current_com="C1")],
        [pom("S1"), com("C1", Grade.PSO)],
        high_risk_rule=rule,
    )
    report = run(data)
    found = [(v.rule, v.severity, v.staff_id) for v in report.violations]
    assert found == [
        ("high_risk_needs_qualified", rule, "C1"),
        ("high_risk_needs_qualified", rule, "S1"),
    ]
    messages = {v.staff_id: v.message for v in report.violations}
    assert messages["S1"] == (
        "A1 (LEI, RoSH high) is held by POM S1, a PRO: a probation-qualified (PO) POM is required"
    )
    assert "PSO" in messages["C1"]
    assert nonzero(report) == {"high_risk_needs_qualified": 2 * cost}


def test_high_risk_off_reports_nothing() -> None:
    data = problem(
        [case("A1", rosh=Rosh.HIGH, current_pom="S1")], [pom("S1")], high_risk_rule="off"
    )
    report = run(data)
    assert report.violations == ()
    assert report.objective == 0
    assert report.kpis["high_risk_unqualified"] == 1  # still measured


def test_high_risk_medium_rosh_needs_no_po() -> None:
    data = problem([case("A1", rosh=Rosh.MEDIUM, current_pom="S1")], [pom("S1")])
    assert run(data).violations == ()


# --- order, scope of the run ---------------------------------------------------------------


def test_violations_come_in_rule_table_order_then_case_id() -> None:
    data = problem(
        [case("B2"), case("A9"), case("A1", tier=None), case("C3", current_pom="X")],
        [pom("S1")],
    )
    report = run(data)
    assert [(v.rule, v.case_id) for v in report.violations] == [
        ("unallocated", "A9"),
        ("unallocated", "B2"),
        ("missing_information", "A1"),
        ("right_location", "C3"),
    ]


def test_only_the_covered_prisons_are_checked() -> None:
    # BMI is not covered: its unallocated case and the allocation's entry for it are ignored.
    data = problem([case("A1"), case("B1", prison="BMI")], [pom("S1"), pom("T1", location="BMI")])
    report = run(data, pom={"A1": "S1", "B1": "T1"}, prisons=["LEI"])
    assert report.violations == ()
    assert report.objective == 20  # A1 new to S1: spread in LEI only
    everything = run(data, pom={"A1": "S1"})
    assert [(v.rule, v.case_id) for v in everything.violations] == [("unallocated", "B1")]


def test_covered_cases_missing_from_the_allocation_keep_their_workers() -> None:
    data = problem(
        [com_case("A1", current_pom="S1", current_com="C1"), case("A2")], [pom("S1"), com("C1")]
    )
    report = run(data, pom={"A2": "S1"})
    assert report.violations == ()
    assert report.kpis["pom_moves"] == 0 and report.kpis["new_pom_allocations"] == 1


def test_a_run_without_cases_is_empty() -> None:
    report = check(problem([], [pom("S1")]), Allocation({}, {}))
    assert report == CheckReport((), 0, dict.fromkeys(report.terms, 0), report.kpis)
    assert report.kpis["max_utilisation_pct"] == 0.0


def test_staff_status_of_new_cases_recorded_in_the_case_id() -> None:
    data = problem([case("A1")], [pom("S1", status=Status.UNAVAILABLE)])
    violation = only(run(data, pom={"A1": "S1"}), "active_staff")
    assert violation.case_id == "A1"


def test_tier_a_without_rosh_is_still_allocatable_in_tier_mode() -> None:
    data = problem([case("A1", tier=Tier.A, rosh=None, current_pom="S1")], [pom("S1", Grade.PO)])
    assert run(data).violations == ()
