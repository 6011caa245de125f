"""Capacity diagnosis: numbers and the hard rules in conflict."""

from __future__ import annotations

from allocator.domain import rules
from allocator.domain.enums import Grade, Rosh, Tier
from allocator.domain.omic import derive_all
from solvers import SolveOptions, solve
from solvers.allocation.build import build_plan
from solvers.allocation.diagnose import short_in_total
from tests.builders import case, pom, problem


def _diagnosis(data) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    result = solve(data, SolveOptions(workers=1))
    return tuple(line for sub in result.subresults for line in sub.diagnosis)


def test_no_diagnosis_when_every_hard_rule_holds() -> None:
    assert _diagnosis(problem([case("A1")], [pom("P1", Grade.PO)])) == ()


def test_high_risk_shortage_is_named_with_numbers_and_rules() -> None:
    # Two high-risk tier A cases (75 points each); the only PO has room for one case.
    cases = [case("A1", Tier.A, Rosh.HIGH), case("A2", Tier.A, Rosh.HIGH)]
    lines = _diagnosis(problem(cases, [pom("PO1", Grade.PO, max_cases=1), pom("PRO1", Grade.PRO)]))
    assert "LEI: 2 high-risk cases need a probation-qualified POM" in lines[0]
    assert "150 needed" in lines[0]
    assert rules.CASELOAD_CAP in lines[-1] and rules.HIGH_RISK in lines[-1]


def test_nobody_to_take_the_case_is_said_plainly() -> None:
    lines = _diagnosis(problem([case("A1")], []))
    assert lines[-1].endswith("the staff available (no one can take them)")


def test_a_shortage_in_plain_sums_is_named_without_a_model() -> None:
    # Three tier C cases of 30 points each (90) against one POM whose capacity is 2,176
    # points with 2,120 held already: 56 points free, so every case and the points cap
    # conflict; the sums prove it, and the full model agrees.
    data = problem([case(f"A{i}") for i in range(3)], [pom("P1", Grade.PO, other_points=2_120)])
    (sp,) = [s for s in build_plan(data, derive_all(data)).subproblems if s.kind == "pom"]
    assert short_in_total(sp) == ["every case allocated", rules.POINTS_CAP]
    assert _diagnosis(data)[-1] == "LEI: giving every case a worker conflicts with points_cap"


def test_no_shortcut_when_the_sums_fit() -> None:
    data = problem([case("A1")], [pom("P1", Grade.PO)])
    (sp,) = [s for s in build_plan(data, derive_all(data)).subproblems if s.kind == "pom"]
    assert short_in_total(sp) == []
