"""The checker's continuity, recommendation and COM grade terms.

A voluntary move costs 300, 600 within 12 months of the earliest release date and
900 within 6; passing over a previous POM who could take the case costs 200. Every
new POM also adds the spread term: 20 per new case of the busiest POM of the prison.
"""

from __future__ import annotations

from datetime import date

import pytest

from allocator.domain.enums import Grade, Role, Rosh, Status, Tier
from tests.builders import case, com, com_case, nonzero, only, pom, problem, rules_of, run

# --- voluntary moves -----------------------------------------------------------------------


def test_continuity_keep() -> None:
    data = problem([case("A1", current_pom="S1")], [pom("S1"), pom("S2")])
    assert run(data, pom={"A1": "S1"}).objective == 0


def test_continuity_break_a_voluntary_pom_move() -> None:
    # S1 could keep A1 (release 2030): 300; S2's one new case: spread 20. Total 320.
    data = problem([case("A1", current_pom="S1")], [pom("S1"), pom("S2")])
    report = run(data, pom={"A1": "S2"})
    violation = only(report, "continuity")
    assert (violation.severity, violation.case_id, violation.staff_id) == ("soft", "A1", "S2")
    assert (violation.amount, violation.limit) == (300, None)
    assert violation.message == (
        "A1 (LEI, RoSH low) moves from POM S1 to S2 although S1 could keep it"
    )
    assert nonzero(report) == {"continuity": 300, "spread_new_cases": 20}
    assert report.objective == 320
    assert report.kpis["pom_moves"] == 1


@pytest.mark.parametrize(
    ("erd", "cost"),
    [
        (date(2025, 1, 1), 900),  # already past: within 6 months
        (date(2025, 12, 15), 900),  # exactly 6 months after 15/06/2025
        (date(2025, 12, 16), 600),
        (date(2026, 6, 15), 600),  # exactly 12 months
        (date(2026, 6, 16), 300),
    ],
)
def test_continuity_costs_more_near_release(erd: date, cost: int) -> None:
    # The case keeps C1 so that no COM term appears; the POM move costs by ERD, plus 20.
    data = problem(
        [case("A1", crd=erd, current_pom="S1", current_com="C1")], [pom("S1"), pom("S2"), com("C1")]
    )
    report = run(data, pom={"A1": "S2"})
    assert only(report, "continuity").amount == cost
    assert report.objective == cost + 20


def test_continuity_a_voluntary_com_move() -> None:
    # ERD 01/12/2025 is within 6 months: 900. C2 is a PO: no grade cost; no spread for COMs.
    data = problem(
        [com_case("A1", current_pom="S1", current_com="C1")], [pom("S1"), com("C1"), com("C2")]
    )
    report = run(data, com={"A1": "C2"})
    violation = only(report, "continuity")
    assert (violation.staff_id, violation.amount) == ("C2", 900)
    assert "within 6 months" in violation.message
    assert report.objective == 900
    assert report.kpis["com_moves"] == 1


@pytest.mark.parametrize(
    "current",
    [
        pom("S1", location="BMI"),  # transferred: POM of another prison
        pom("S1", status=Status.INACTIVE),
        pom("S1", role=Role.COM),
    ],
)
def test_a_forced_move_costs_no_continuity(current: object) -> None:
    data = problem([case("A1", current_pom="S1")], [current, pom("S2")])  # type: ignore[list-item]
    report = run(data, pom={"A1": "S2"})
    assert "continuity" not in rules_of(report)
    assert report.terms["continuity"] == 0


def test_moving_off_an_excluded_pom_is_forced() -> None:
    data = problem([case("A1", current_pom="S1", excluded_staff=("S1",))], [pom("S1"), pom("S2")])
    assert nonzero(run(data, pom={"A1": "S2"})) == {"spread_new_cases": 20}


def test_moving_off_an_unavailable_pom_is_voluntary() -> None:
    # Unavailable staff keep their cases: moving one away is a choice (300 + 20).
    data = problem(
        [case("A1", current_pom="S1")], [pom("S1", status=Status.UNAVAILABLE), pom("S2")]
    )
    assert nonzero(run(data, pom={"A1": "S2"})) == {"continuity": 300, "spread_new_cases": 20}


@pytest.mark.parametrize(
    ("rule", "terms"),
    [
        # Hard or soft: a PRO is not valid for RoSH high, so the move is forced; RoSH high
        # recommends a probation POM and S2 is a PO: only the spread, 20.
        ("hard", {"spread_new_cases": 20}),
        ("soft", {"spread_new_cases": 20}),
        # Off: the PRO was valid (300); the recommendation is by tier (C: prison) and S2
        # is a PO (30); spread 20. Total 350.
        ("off", {"continuity": 300, "recommended_type": 30, "spread_new_cases": 20}),
    ],
)
def test_high_risk_mode_decides_whether_the_current_pom_was_valid(
    rule: str, terms: dict[str, int]
) -> None:
    data = problem(
        [case("A1", rosh=Rosh.HIGH, current_pom="S1")],
        [pom("S1"), pom("S2", Grade.PO)],
        high_risk_rule=rule,
    )
    assert nonzero(run(data, pom={"A1": "S2"})) == terms


# --- previous POMs -------------------------------------------------------------------------


def test_previous_pom_keep_when_chosen() -> None:
    data = problem([case("A1", previous_poms=("S1",))], [pom("S1"), pom("S2")])
    assert nonzero(run(data, pom={"A1": "S1"})) == {"spread_new_cases": 20}


def test_previous_pom_passed_over() -> None:
    # S1 held A1 before and could take it: 200; spread 20. Total 220.
    data = problem([case("A1", previous_poms=("S1",))], [pom("S1"), pom("S2")])
    report = run(data, pom={"A1": "S2"})
    violation = only(report, "continuity")
    assert (violation.severity, violation.staff_id, violation.amount) == ("soft", "S2", 200)
    assert "S1, who held it before" in violation.message
    assert report.objective == 220


@pytest.mark.parametrize(
    "previous",
    [
        pom("S1", status=Status.UNAVAILABLE),
        pom("S1", status=Status.INACTIVE),
        pom("S1", location="BMI"),
        pom("S9"),  # a different person: S1 is not in the Staff sheet
    ],
)
def test_previous_pom_who_cannot_take_the_case_costs_nothing(previous: object) -> None:
    data = problem([case("A1", previous_poms=("S1",))], [previous, pom("S2")])  # type: ignore[list-item]
    assert nonzero(run(data, pom={"A1": "S2"})) == {"spread_new_cases": 20}


def test_excluded_previous_pom_costs_nothing() -> None:
    data = problem(
        [case("A1", previous_poms=("S1",), excluded_staff=("S1",))], [pom("S1"), pom("S2")]
    )
    assert nonzero(run(data, pom={"A1": "S2"})) == {"spread_new_cases": 20}


@pytest.mark.parametrize(("rule", "cost"), [("hard", 0), ("soft", 200)])
def test_unqualified_previous_pom_is_an_option_only_when_the_rule_is_not_hard(
    rule: str, cost: int
) -> None:
    # RoSH high: previous POM S1 is a PRO. Given PO S2 (recommended probation: no cost).
    data = problem(
        [case("A1", rosh=Rosh.HIGH, previous_poms=("S1",))],
        [pom("S1"), pom("S2", Grade.PO)],
        high_risk_rule=rule,
    )
    assert run(data, pom={"A1": "S2"}).terms["continuity"] == cost


def test_a_move_that_also_passes_over_a_previous_pom_costs_both() -> None:
    # S3 was valid (300) and S1 could have taken it back (200); spread 20. Total 520.
    data = problem(
        [case("A1", current_pom="S3", previous_poms=("S1",))], [pom("S1"), pom("S2"), pom("S3")]
    )
    report = run(data, pom={"A1": "S2"})
    assert [v.amount for v in report.violations] == [300, 200]
    assert report.objective == 520


def test_the_current_pom_does_not_count_as_a_previous_pom_to_return_to() -> None:
    data = problem([case("A1", current_pom="S1", previous_poms=("S1",))], [pom("S1"), pom("S2")])
    assert nonzero(run(data, pom={"A1": "S2"})) == {"continuity": 300, "spread_new_cases": 20}


# --- recommended_type ----------------------------------------------------------------------


def test_recommended_type_break_probation_recommended_prison_pom_given() -> None:
    # Tier A recommends a probation POM; S1 is a PRO: 100; spread 20.
    data = problem([case("A1", tier=Tier.A)], [pom("S1")])
    report = run(data, pom={"A1": "S1"})
    violation = only(report, "recommended_type")
    assert (violation.severity, violation.case_id, violation.staff_id) == ("soft", "A1", "S1")
    assert violation.amount is None
    assert "probation POM is recommended" in violation.message
    assert nonzero(report) == {"recommended_type": 100, "spread_new_cases": 20}


def test_recommended_type_break_prison_recommended_probation_pom_given() -> None:
    data = problem([case("A1", tier=Tier.D)], [pom("S1", Grade.PO)])
    report = run(data, pom={"A1": "S1"})
    assert only(report, "recommended_type").staff_id == "S1"
    assert nonzero(report) == {"recommended_type": 30, "spread_new_cases": 20}


def test_recommended_type_keep_matching_kind() -> None:
    data = problem(
        [case("A1", tier=Tier.B), case("A2", tier=Tier.C)], [pom("S1", Grade.PO), pom("S2")]
    )
    report = run(data, pom={"A1": "S1", "A2": "S2"})
    assert report.violations == ()
    assert nonzero(report) == {"spread_new_cases": 20}


def test_recommended_type_only_for_a_new_pom() -> None:
    data = problem([case("A1", tier=Tier.A, current_pom="S1")], [pom("S1")])
    assert run(data).violations == ()


# --- com_grade_preference ------------------------------------------------------------------


@pytest.mark.parametrize(("grade", "cost"), [(Grade.PO, 0), (Grade.PSO, 10), (Grade.PQIP, 20)])
def test_com_grade_of_a_new_com(grade: Grade, cost: int) -> None:
    data = problem([com_case("A1", current_pom="S1")], [pom("S1"), com("C1", grade)])
    report = run(data, com={"A1": "C1"})
    assert report.violations == ()
    assert report.terms["com_grade_preference"] == cost
    assert report.objective == cost


def test_com_grade_not_charged_for_a_kept_com() -> None:
    data = problem(
        [com_case("A1", current_pom="S1", current_com="C1")], [pom("S1"), com("C1", Grade.PQIP)]
    )
    assert run(data).objective == 0
