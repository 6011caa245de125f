"""The quick parts: the fill never breaks a limit, the necessary condition never lies."""

from __future__ import annotations

from dataclasses import replace

from allocator.domain.enums import Grade, Rosh, Tier
from allocator.domain.omic import derive_all
from allocator.domain.problem import ProblemData
from solvers.allocation.build import build_plan
from solvers.capacity.fill import fill
from solvers.capacity.lp import PlacementLP
from solvers.capacity.posts import prove_placeable
from solvers.capacity.prepare import CapacityProblem, capacity_problem
from tests.builders import pom, problem
from tests.capacity.helpers import held, new


def lei(data: ProblemData) -> CapacityProblem:
    """The capacity problem of LEI's POMs."""
    plan = build_plan(data, derive_all(data))
    return capacity_problem(next(sp for sp in plan.subproblems if sp.name == "LEI"))


def mixed() -> ProblemData:
    """Two POs and two PROs part full, high-risk and heavy cases arriving."""
    cases = (
        held(50, "PO1")
        + held(20, "PO2", Tier.B)
        + held(60, "PRO1")
        + held(20, "PRO2", Tier.A)
        + new(6, "R", rosh=Rosh.HIGH, tier=Tier.A)
        + new(12, "B", tier=Tier.B)
        + new(20)
    )
    staff = [
        pom("PO1", Grade.PO),
        pom("PO2", Grade.PO, fte=0.8),
        pom("PRO1", Grade.PRO),
        pom("PRO2", Grade.PRO),
    ]
    return problem(cases, staff)


def test_the_fill_places_every_case_within_every_limit() -> None:
    problem_ = lei(mixed())
    start = fill(problem_)
    assert start.unplaced == 0
    placed = sum(start.seats.values()) + sum(start.posts.values())
    assert placed == problem_.decided
    for m, seat in enumerate(problem_.seats):
        mine = [(problem_.demands[i], n) for (i, k), n in start.seats.items() if k == m]
        cases = seat.member.fixed_cases + sum(n for _, n in mine)
        points = seat.member.fixed_points + sum(d.points * n for d, n in mine)
        assert cases <= (problem_.case_limit(m) or cases)
        assert points <= (problem_.points_limit(m) or points)
    for (i, p), _ in start.posts.items():
        assert problem_.posts[p].can_take(problem_.demands[i])


def test_the_linear_relaxation_never_refuses_what_cp_sat_places() -> None:
    # With no new posts, whenever split cases cannot fit, whole ones cannot either.
    refuted = 0
    for extra in range(0, 60, 5):
        data = mixed()
        data = data.replace(cases=(*data.cases, *new(extra, "X", tier=Tier.A)))
        problem_ = replace(lei(data), posts=())
        if not PlacementLP(problem_).feasible(problem_):
            refuted += 1
            assert prove_placeable(problem_, 5)[0] is False
    assert 0 < refuted < 12  # both answers were exercised
