"""The checker's peak term: the highest utilisation above 100 % in a team, in tenths of a point.

Capacity here is 60 points per FTE (the tests' tier C case carries 30 POM points; a case
whose COM is responsible carries 30 COM points). Each expected cost is worked out by hand.
"""

from __future__ import annotations

from allocator.domain.enums import Grade
from tests.builders import case, com, com_case, pom, problem, run


def _held(staff_id: str, count: int, prefix: str = "A") -> list:  # type: ignore[type-arg]
    """``count`` tier C cases at LEI held by ``staff_id``."""
    return [case(f"{prefix}{i}", current_pom=staff_id) for i in range(count)]


def test_exactly_at_capacity_costs_nothing() -> None:
    # S1: 2 x 30 = 60 of 60 points, 100 %: no peak (balance 18 + 9 = 27 all the same).
    report = run(problem(_held("S1", 2), [pom("S1")], pom_points_per_fte=60))
    assert report.terms["peak_utilisation"] == 0
    assert report.terms["balance"] == 27


def test_just_above_capacity_counts_one_whole_point() -> None:
    # S1: 2 x 30 + 1 other = 61 of 60 points: 101.67 %, rounded up to 101.7: 17 tenths x 2 = 34.
    # At 101 of 100 (capacity 100 per FTE, 3 x 30 + 11 other): exactly 101 %: 10 tenths x 2.
    report = run(problem(_held("S1", 2), [pom("S1", other_points=1)], pom_points_per_fte=60))
    assert report.terms["peak_utilisation"] == 34
    data = problem(_held("S1", 3), [pom("S1", other_points=11)], pom_points_per_fte=100)
    assert run(data).terms["peak_utilisation"] == 20


def test_only_the_highest_of_a_prison_counts() -> None:
    # S1 holds 72 of 60 points (120 %), S2 90 of 60 (150 %): the prison's peak is 500 tenths,
    # not 200 + 500.
    cases = _held("S1", 2, "A") + _held("S2", 3, "B")
    data = problem(cases, [pom("S1", other_points=12), pom("S2")], pom_points_per_fte=60)
    assert run(data).terms["peak_utilisation"] == 2 * 500


def test_each_prison_has_its_own_peak() -> None:
    # LEI: S1 at 150 % (500 tenths). WDI: S2 at 120 % (200). 2 x (500 + 200) = 1,400.
    cases = _held("S1", 3) + [case(f"W{i}", prison="WDI", current_pom="S2") for i in range(2)]
    staff = [pom("S1"), pom("S2", location="WDI", other_points=12)]
    data = problem(cases, staff, pom_points_per_fte=60)
    assert run(data).terms["peak_utilisation"] == 1_400


def test_a_coms_peak_is_counted_per_ldu() -> None:
    # C1 holds one COM case (30 points) + 45 other = 75 of 60: 125 %: 250 tenths x 2 = 500.
    # C2 in N1 holds nothing: the LDU's peak is C1's. S1 holds 15 of 2,176 POM points: none.
    data = problem(
        [com_case("A1", current_pom="S1", current_com="C1")],
        [pom("S1"), com("C1", other_points=45), com("C2", Grade.PSO)],
        com_points_per_fte=60,
    )
    report = run(data)
    assert report.terms["peak_utilisation"] == 500


def test_someone_without_capacity_has_no_utilisation() -> None:
    # A POM of 0 FTE holds a case: capacity 0, so no peak (and no balance bands).
    data = problem(_held("S1", 1), [pom("S1", fte=0.0)], pom_points_per_fte=60)
    assert run(data).terms["peak_utilisation"] == 0
