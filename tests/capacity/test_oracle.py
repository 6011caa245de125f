"""The figures checked against the weekly allocation and the independent checker.

Adding the recommended posts as real staff must let the allocator keep every hard
rule; one tenth less must not. Setting the caps to those needed must let every case
be placed; one case per FTE less on the binding cap must not. The checker
(allocator/check.py, no OR-Tools) is the judge.
"""

from __future__ import annotations

from allocator.check.allocation import check
from allocator.domain.enums import Grade, Rosh
from allocator.domain.problem import ProblemData, Staff
from solvers import SolveOptions, solve
from tests.builders import pom, problem
from tests.capacity.helpers import PO, PRO, held, measure, new


def hard_rules(data: ProblemData) -> set[str]:
    """The hard rules the weekly allocation breaks (one worker, the fixed seed)."""
    result = solve(data, SolveOptions(workers=1))
    return {v.rule for v in check(data, result.allocation, result.prisons).hard}


def with_posts(data: ProblemData, tenths: dict[Grade, int]) -> ProblemData:
    """The data with one new full-time-equivalent member per grade added."""
    posts = [pom(f"NEW_{g}", g, fte=t / 10) for g, t in tenths.items() if t]
    return data.replace(staff=(*data.staff, *posts))


def test_adding_the_figure_keeps_every_hard_rule_and_a_tenth_less_does_not() -> None:
    # PO1 full; 9 new cases need 0.2 FTE (see test_posts).
    data = problem(held(80, "PO1") + new(9), [pom("PO1", Grade.PO)])
    tenths = dict(measure(data)["LEI"].posts.tenths)
    assert tenths == {PRO: 2, PO: 0}
    assert hard_rules(with_posts(data, tenths)) == set()
    assert hard_rules(with_posts(data, {PRO: 1})) != set()


def test_the_mix_of_grades_keeps_the_high_risk_rule() -> None:
    data = problem(held(80, "PO1") + new(1, "R", rosh=Rosh.HIGH) + new(9), [pom("PO1", Grade.PO)])
    tenths = dict(measure(data)["LEI"].posts.tenths)
    assert tenths == {PO: 1, PRO: 1}
    assert hard_rules(with_posts(data, tenths)) == set()
    # The same 0.2 FTE all as prison-officer POMs breaks the high-risk rule or a cap.
    assert hard_rules(with_posts(data, {PRO: 2})) != set()


def test_the_caps_needed_let_every_case_be_placed_and_one_less_does_not() -> None:
    cases = held(80, "PO1") + held(80, "PRO1") + new(1, "R", rosh=Rosh.HIGH) + new(1)
    data = problem(cases, [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)])
    needed = dict(measure(data)["LEI"].caps.needed)
    assert hard_rules(data.replace(settings=data.settings.replace(**needed))) == set()
    for cap in ("po_cases_per_fte", "pro_cases_per_fte"):
        tighter = {**needed, cap: needed[cap] - 1}
        assert hard_rules(data.replace(settings=data.settings.replace(**tighter))) != set()


def test_new_posts_are_capped_like_real_staff() -> None:
    # A 0.3 FTE prison-officer POM holds floor(80 x 0.3) = 24 cases, as workload.case_cap says.
    from allocator.domain.workload import case_cap, points_capacity
    from solvers.capacity.prepare import new_posts

    settings = problem([], []).settings
    post = {p.grade: p for p in new_posts("pom", settings)}[Grade.PRO]
    for t in range(1, 11):
        real = Staff("X", pom("X", Grade.PO).role, Grade.PRO, "LEI", t / 10)
        cases, points = case_cap(real, settings), points_capacity(real, settings)
        assert cases is not None
        assert post.tenths_for(cases, points) == t
        assert post.tenths_for(cases + 1, points) > t
        assert post.tenths_for(1, points + 1) > t
