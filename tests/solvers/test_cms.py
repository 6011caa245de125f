"""Case Management Support: co-working only where probation capacity is short."""

from __future__ import annotations

from allocator.check.allocation import check
from allocator.domain import rules
from allocator.domain.enums import Grade, Rosh, Switch, Tier
from allocator.domain.result import Allocation
from solvers import solve
from tests.builders import case, pom, problem

ON = {"case_management_support": Switch.ON}


def _short_of_probation_capacity(**settings):  # type: ignore[no-untyped-def]
    # PO1 already holds 28 high-risk tier A cases: 28 x 75 = 2,100 points of 2,176;
    # four more (300 points) put it 224 points over capacity.
    held = [case(f"H{i:02d}", Tier.A, Rosh.HIGH, current_pom="PO1") for i in range(28)]
    new = [case(f"N{i}", Tier.A, Rosh.HIGH) for i in range(4)]
    return problem(held + new, [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)], **settings)


def test_off_by_default_nobody_co_works() -> None:
    result = solve(_short_of_probation_capacity())
    assert not result.allocation.coworker


def test_on_co_working_relieves_the_probation_pom_and_the_checker_agrees() -> None:
    data = _short_of_probation_capacity(**ON)
    result = solve(data)
    chosen = result.allocation.coworker
    assert chosen and set(chosen.values()) == {"PRO1"}
    report = check(data, result.allocation, result.prisons)
    assert report.objective == result.objective
    assert report.terms[rules.CASE_MANAGEMENT_SUPPORT] == rules.W_CMS * len(chosen)
    assert not [v for v in report.violations if v.rule == rules.CASE_MANAGEMENT_SUPPORT]
    without = solve(_short_of_probation_capacity())
    assert result.objective < without.objective
    assert "co-worked by prison POM PRO1" in result.reasons[next(iter(chosen))]


def test_not_used_when_there_is_room() -> None:
    data = problem(
        [case("N1", Tier.A, Rosh.HIGH)], [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)], **ON
    )
    assert not solve(data).allocation.coworker


def test_checker_reports_co_working_outside_the_rule() -> None:
    data = problem(
        [case("N1", Tier.C, Rosh.LOW, current_pom="PRO1")],
        [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)],
        **ON,
    )
    allocation = Allocation(pom={"N1": "PRO1"}, com={"N1": None}, coworker={"N1": "PO1"})
    broken = [
        v for v in check(data, allocation).violations if v.rule == rules.CASE_MANAGEMENT_SUPPORT
    ]
    assert broken and broken[0].severity == "hard"
    assert "only high-risk cases" in broken[0].message
