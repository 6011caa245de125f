"""Staff already over a cap, and the FTE that would clear it if cases were re-spread."""

from __future__ import annotations

from allocator.domain.enums import Grade, Rosh, RuleMode, Tier
from tests.builders import case, pom, problem
from tests.capacity.helpers import PO, PRO, added, held, measure, new


def test_someone_over_before_the_run_takes_nothing_more() -> None:
    # PO1 holds 85 cases (cap 80, 5 over; 85 x 17 = 1,445 points, within 2,176).
    # The new case cannot go to PO1: 0.1 FTE of a prison-officer POM is needed.
    lei = measure(problem(held(85, "PO1") + new(1), [pom("PO1", Grade.PO)]))["LEI"]
    assert added(lei) == {PRO: 1}
    assert (lei.overload.staff, lei.overload.cases, lei.overload.points) == (1, 5, 0)


def test_re_spreading_clears_the_overload_with_the_least_fte() -> None:
    # Re-spread, all 86 cases move freely: PO1 keeps 80, 6 go to a new post;
    # 0.1 FTE holds 8 cases (102 points), so 0.1 FTE of a prison-officer POM.
    lei = measure(problem(held(85, "PO1") + new(1), [pom("PO1", Grade.PO)]))["LEI"]
    assert lei.respread is not None and lei.respread.status == "OPTIMAL"
    assert {g: t for g, t in lei.respread.tenths.items() if t} == {PRO: 1}


def test_re_spreading_can_need_less_than_keeping_every_case_in_place() -> None:
    # PO1 holds 80 tier D (full); PRO1 holds 10; a high-risk case arrives. Kept in place,
    # only a new PO can take it (0.1 FTE). Re-spread, PO1 hands a case to PRO1 and
    # takes the high-risk one: nothing needs adding.
    cases = held(80, "PO1") + held(10, "PRO1") + new(1, rosh=Rosh.HIGH)
    lei = measure(problem(cases, [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)]))["LEI"]
    assert added(lei) == {PO: 1}
    assert lei.respread is not None and lei.respread.total_tenths == 0


def test_points_over_capacity_are_counted() -> None:
    # 30 tier A cases = 2,250 points against 2,176: 74 over.
    lei = measure(problem(held(30, "PO1", Tier.A), [pom("PO1", Grade.PO)]))["LEI"]
    assert (lei.overload.staff, lei.overload.cases, lei.overload.points) == (1, 0, 74)


def test_a_pinned_case_stays_where_it_is_when_re_spreading() -> None:
    # PO1 may hold 1 case (max_cases) but holds 2 pinned ones: re-spreading cannot move
    # them, so PO1 keeps them (1 over) and nothing needs adding. (With 80 movable cases
    # and one pinned one over a cap of 80, a movable case would have to go: 0.1 FTE.)
    pinned = [case(f"P{i}", Tier.D, current_pom="PO1", pinned=True) for i in range(2)]
    lei = measure(problem(pinned, [pom("PO1", Grade.PO, max_cases=1)]))["LEI"]
    assert lei.overload.cases == 1
    assert lei.respread is not None and lei.respread.total_tenths == 0


def test_no_overload_and_the_respread_figure_can_be_skipped() -> None:
    lei = measure(problem(new(2), [pom("PO1", Grade.PO)]), respread=False)["LEI"]
    assert lei.overload.staff == 0 and lei.respread is None


def test_soft_caps_count_nobody_as_over() -> None:
    data = problem(held(90, "PO1"), [pom("PO1", Grade.PO)], caseload_cap_rule=RuleMode.SOFT)
    assert measure(data)["LEI"].overload.staff == 0
