"""The optional columns real exports carry: restricted_to, arrival_date, hdced.

Each rule three ways where it applies (feasible, broken when forced, just within), with the
objective worked out by hand and the checker agreeing with the solver.
"""

from __future__ import annotations

from datetime import date

from allocator.check.allocation import check
from allocator.check.context import build_context
from allocator.domain import rules
from allocator.domain.enums import Grade, SentenceType, Tier
from allocator.domain.omic import in_scope
from allocator.domain.result import Allocation
from allocator.domain.settings import Settings
from solvers import SolveOptions, solve
from tests.builders import INACTIVE, RUN, SOON, UNAVAILABLE, case, com, pom, problem


def test_a_restricted_case_goes_only_to_the_staff_it_names() -> None:
    # Tier A recommends a PO, but the case may only go to PRO1: 100 against the
    # recommendation + 20 spread, instead of 20 for PO1.
    data = problem(
        [case("A1", Tier.A, restricted_to=("PRO1",))],
        [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)],
    )
    result = solve(data, SolveOptions(workers=1))
    assert result.allocation.pom == {"A1": "PRO1"}
    assert result.objective == rules.W_AGAINST_PROBATION + rules.W_SPREAD_NEW
    assert check(data, result.allocation).objective == result.objective


def test_holding_a_restricted_case_outside_its_list_is_a_hard_violation() -> None:
    data = problem(
        [case("A1", restricted_to=("PRO1",))], [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)]
    )
    report = check(data, Allocation({"A1": "PO1"}, {}))
    (violation,) = [v for v in report.violations if v.rule == rules.RESTRICTED_TO]
    assert violation.severity == "hard" and violation.staff_id == "PO1"
    assert "restricted to PRO1" in violation.message


def test_a_current_pom_outside_the_list_must_hand_the_case_over() -> None:
    data = problem(
        [case("A1", current_pom="PO1", restricted_to=("PO2",))],
        [pom("PO1", Grade.PO), pom("PO2", Grade.PO)],
    )
    result = solve(data, SolveOptions(workers=1))
    assert result.allocation.pom == {"A1": "PO2"}
    assert "restricted to" in result.reasons["A1"]


def test_a_case_left_without_a_pom_costs_its_waiting_weeks() -> None:
    # The only POM is unavailable (no new cases): both cases stay without a POM, A2 after
    # 10 weeks (70 days) and A1 after 2: 2 x 100,000 + (10 + 2) x 50, solver and checker alike.
    early, late = date(2025, 4, 6), date(2025, 6, 1)
    cases = [case("A1", arrival_date=late), case("A2", arrival_date=early)]
    data = problem(cases, [pom("PO1", Grade.PRO, status=UNAVAILABLE)])
    result = solve(data, SolveOptions(workers=1))
    assert result.allocation.pom == {"A1": None, "A2": None}
    report = check(data, result.allocation)
    assert report.terms["waiting_time"] == 12 * rules.W_WAITING
    assert report.objective == result.objective == 2 * rules.W_UNALLOCATED + 12 * rules.W_WAITING
    waiting = [v for v in report.violations if v.rule == rules.WAITING_TIME]
    assert [(v.case_id, v.amount) for v in waiting] == [("A1", 2), ("A2", 10)]


def test_waiting_never_outweighs_placing_a_case() -> None:
    # PO1 (cap 1) is the only POM either case may go to. One case over the cap costs 5,000,
    # far less than 100,000 for a case left without a POM: PO1 takes both, whatever the wait.
    cases = [
        case("A1", arrival_date=date(2025, 6, 1), restricted_to=("PO1",)),
        case("A2", arrival_date=date(2025, 1, 1), restricted_to=("PO1",)),
    ]
    data = problem(cases, [pom("PO1", Grade.PRO, max_cases=1)])
    result = solve(data, SolveOptions(workers=1))
    assert result.allocation.pom == {"A1": "PO1", "A2": "PO1"}
    assert check(data, result.allocation).objective == result.objective


def test_waiting_counts_whole_weeks_up_to_a_year() -> None:
    data = problem([case("A1", arrival_date=date(2020, 1, 1))], [])
    report = check(data, Allocation({"A1": None}, {}))
    assert report.terms["waiting_time"] == rules.WAITING_WEEKS_MAX * rules.W_WAITING
    assert report.terms["unallocated"] == rules.W_UNALLOCATED


def test_an_hdc_eligibility_date_alone_makes_a_sentence_in_scope() -> None:
    settings = Settings(run_date=RUN)
    only_hdc = case("A1", crd=None, hdced=date(2026, 1, 1))
    assert in_scope(only_hdc, RUN, settings) == (
        True,
        "in scope: determinate sentence (HDC eligibility date)",
    )
    assert not in_scope(case("A2", crd=None), RUN, settings)[0]
    remand = case("A3", crd=None, hdced=date(2026, 1, 1), sentence_type=SentenceType.REMAND)
    assert not in_scope(remand, RUN, settings)[0]


def test_an_existing_co_worker_is_kept_and_carries_the_share() -> None:
    # A1 (tier C, 30 points) stays with PO1 and keeps PRO1 as co-worker: PRO1 carries 30 % =
    # 9 points, PO1 the other 21 (the checker's loads), whatever case_management_support says.
    data = problem(
        [case("A1", current_pom="PO1", coworking_pom="PRO1")],
        [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)],
    )
    result = solve(data, SolveOptions(workers=1))
    assert result.allocation.pom == {"A1": "PO1"}
    assert dict(result.allocation.coworker) == {"A1": "PRO1"}
    assert "co-worked by POM PRO1, kept" in result.reasons["A1"]
    report = check(data, result.allocation)
    assert report.violations == () and report.objective == result.objective
    loads = build_context(data, result.allocation, None).pom_load
    assert (loads["PO1"].points, loads["PRO1"].points) == (21, 9)


def test_a_new_case_never_goes_to_its_own_co_worker() -> None:
    # Tier C recommends a prison POM, but PRO1 co-works A1 already: PO1 is the primary (30
    # against the recommendation, 20 spread).
    data = problem(
        [case("A1", coworking_pom="PRO1")], [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)]
    )
    result = solve(data, SolveOptions(workers=1))
    assert result.allocation.pom == {"A1": "PO1"}
    assert dict(result.allocation.coworker) == {"A1": "PRO1"}
    assert result.objective == rules.W_AGAINST_PRISON + rules.W_SPREAD_NEW
    assert check(data, result.allocation).objective == result.objective


def test_an_inactive_co_worker_is_dropped_and_checked_like_any_allocation() -> None:
    staff = [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO, status=INACTIVE)]
    data = problem([case("A1", current_pom="PO1", coworking_pom="PRO1")], staff)
    result = solve(data, SolveOptions(workers=1))
    assert dict(result.allocation.coworker) == {}
    kept = Allocation({"A1": "PO1"}, {}, {"A1": "PRO1"})
    (violation,) = check(data, kept).violations
    assert violation.rule == rules.CASE_MANAGEMENT_SUPPORT and "inactive" in violation.message


def test_a_com_who_left_is_replaced() -> None:
    # COM responsible (release soon), current COM GONE is not on the Staff sheet: C1 takes the
    # case; the derivation says a COM is needed, and the reason names the leaver.
    data = problem(
        [case("A1", current_pom="PO1", crd=SOON, current_com="GONE")],
        [pom("PO1", Grade.PO), com("C1")],
    )
    result = solve(data, SolveOptions(workers=1))
    assert result.allocation.com == {"A1": "C1"}
    assert "COM GONE is not on the Staff sheet (left)" in result.reasons["A1"]
    assert check(data, result.allocation).objective == result.objective
