"""The caps today's staff would need, worked out by hand on tiny problems.

A member's cap is floor(cap per FTE x effective FTE), effective FTE = FTE less
reduction hours / 37.5. The caps move together: first the largest cap / setting
ratio is made as small as it can be, then each cap as low as that allows (so a
cap nobody needs to rise shows how low it could go). Tier D cases carry 17 points.
"""

from __future__ import annotations

import pytest

from allocator.domain.enums import Grade, Rosh, RuleMode, Tier
from tests.builders import SOON, case, com, pom, problem
from tests.capacity.helpers import held, measure, new

OFF = RuleMode.OFF


def test_one_case_over_a_full_po_needs_a_cap_of_81() -> None:
    # PO1 (1.0 FTE) holds 80 tier D cases; 1 more arrives; nobody else.
    # Cases: floor(K x 1.0) >= 81, so K = 81. Points: 81 x 17 = 1,377 <= floor(P x 1.0),
    # so P = 1,377 (below the 2,176 set: points are not what binds here).
    caps = measure(problem(held(80, "PO1") + new(1), [pom("PO1", Grade.PO)]))["LEI"].caps
    assert caps.status == "OPTIMAL"
    assert dict(caps.needed) == {"po_cases_per_fte": 81, "pom_points_per_fte": 1377}
    assert dict(caps.setting) == {"po_cases_per_fte": 80, "pom_points_per_fte": 2176}
    assert caps.raise_pct == pytest.approx(1.25, abs=0.06)  # 81 / 80 = +1.25 %


def test_part_time_caps_are_pro_rata() -> None:
    # PO1 at 0.5 FTE holds 40 (its cap: floor(80 x 0.5) = 40); 1 more arrives.
    # floor(K x 0.5) >= 41: K = 82 (81 gives floor(40.5) = 40). Points: 41 x 17 = 697
    # <= floor(P x 0.5): P = 1,394.
    caps = measure(problem(held(40, "PO1") + new(1), [pom("PO1", Grade.PO, fte=0.5)]))["LEI"].caps
    assert dict(caps.needed) == {"po_cases_per_fte": 82, "pom_points_per_fte": 1394}


def test_reduction_hours_count_exactly() -> None:
    # 7.5 hours off caseload work: effective FTE 1.0 - 7.5 / 37.5 = 0.8, cap floor(64.0) = 64.
    # 64 held + 1: floor(0.8 K) >= 65 means K = 82 (0.8 x 81 = 64.8 floors to 64).
    # Points: 65 x 17 = 1,105 <= floor(0.8 P): P = 1,382 (0.8 x 1,381 = 1,104.8).
    staff = [pom("PO1", Grade.PO, reduction_hours=7.5)]
    caps = measure(problem(held(64, "PO1") + new(1), staff))["LEI"].caps
    assert dict(caps.needed) == {"po_cases_per_fte": 82, "pom_points_per_fte": 1382}


def test_both_grades_rise_together_when_high_risk_pins_the_po() -> None:
    # PO1 and PRO1 each hold 80; a high-risk case (PO only) and an ordinary one arrive.
    # PO 81 / PRO 81 is a 1.25 % rise; PO 82 / PRO 80 would be 2.5 %: the first wins.
    # Then neither can go lower: the PO must take the high-risk case, the PRO the other.
    cases = held(80, "PO1") + held(80, "PRO1") + new(1, "R", rosh=Rosh.HIGH) + new(1)
    caps = measure(problem(cases, [pom("PO1", Grade.PO), pom("PRO1", Grade.PRO)]))["LEI"].caps
    assert dict(caps.needed) == {
        "po_cases_per_fte": 81,
        "pro_cases_per_fte": 81,
        "pom_points_per_fte": 1377,
    }


def test_headroom_shows_as_a_negative_change() -> None:
    # An empty PO and one case: 1 case per FTE and 17 points per FTE would do.
    # Largest change: max(1 / 80, 17 / 2,176) - 1 = -98.75 %.
    caps = measure(problem(new(1), [pom("PO1", Grade.PO)]))["LEI"].caps
    assert dict(caps.needed) == {"po_cases_per_fte": 1, "pom_points_per_fte": 17}
    assert caps.raise_pct == pytest.approx(-98.75, abs=0.06)


def test_someone_already_over_takes_nothing_unless_the_cap_covers_them() -> None:
    # PO1 holds 85 (over 80); PO2 holds 80. One case: PO2 at 81 suffices (K = 81);
    # PO1 would need K = 86 to take anything, which is never the least.
    cases = held(85, "PO1") + held(80, "PO2") + new(1)
    caps = measure(problem(cases, [pom("PO1", Grade.PO), pom("PO2", Grade.PO)]))["LEI"].caps
    assert caps.needed["po_cases_per_fte"] == 81


def test_points_cap_of_a_community_offender_manager() -> None:
    # COM1 carries 2,176 points of community work (other_points): full. One case needs a
    # COM (release soon: COM responsible), 17 COM points: P >= 2,176 + 17 = 2,193.
    cases = [case("C1", Tier.D, crd=SOON, current_pom="PO1")]
    data = problem(cases, [pom("PO1", Grade.PO), com("COM1", other_points=2176)])
    n1 = measure(data)["N1"]
    assert dict(n1.caps.needed) == {"com_points_per_fte": 2193}
    assert n1.posts.tenths[Grade.PSO] == 1  # or 0.1 FTE PSO (217 points)


def test_no_hard_cap_means_any_caps_would_do() -> None:
    data = problem(
        held(90, "PO1") + new(5), [pom("PO1", Grade.PO)], caseload_cap_rule=OFF, points_cap_rule=OFF
    )
    assert measure(data)["LEI"].caps.status == "ANY_CAPS"


def test_no_cap_is_enough_without_staff() -> None:
    caps = measure(problem(new(2), []))["LEI"].caps
    assert caps.status == "NO_CAP_IS_ENOUGH" and caps.unplaceable == 2


def test_cases_nobody_may_take_are_counted_apart() -> None:
    # A high-risk case with only a prison officer: no cap helps it; the other case
    # still gives a figure (PRO1 empty: 1 case per FTE, 17 points per FTE).
    cases = new(1, "R", rosh=Rosh.HIGH) + new(1)
    caps = measure(problem(cases, [pom("PRO1", Grade.PRO)]))["LEI"].caps
    assert caps.unplaceable == 1
    assert dict(caps.needed) == {"pro_cases_per_fte": 1, "pom_points_per_fte": 17}
