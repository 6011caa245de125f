"""Workload points: tier base, stage uplifts and their sum, the supporting share, rounding.

Defaults: POM base A 75, B 59, C 30, D 17; each uplift +50 % of base; supporting 50 %;
initial assessment = the 12 weeks (84 days) from sentence start; parole = the 6 months
up to a hearing. RUN = 15 Jun 2025. Rounding is half up, once, at the end.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allocator.domain.enums import Responsibility, SentenceType, Tier
from allocator.domain.omic import Handover, com_points, pom_points
from tests.builders import RUN, isp, settings, undated_case

POM, POM_COM, COM = Responsibility.POM, Responsibility.POM_COM, Responsibility.COM


def _points(subject: Any, state: Responsibility = POM, **setting_changes: Any) -> int:
    return pom_points(subject, Handover(state, ""), RUN, settings(**setting_changes))[0]


@pytest.mark.parametrize(
    ("tier", "expected"),
    [
        pytest.param(Tier.A, 75, id="A"),
        pytest.param(Tier.B, 59, id="B"),
        pytest.param(Tier.C, 30, id="C"),
        pytest.param(Tier.D, 17, id="D"),
        pytest.param(None, 0, id="tier-missing"),
    ],
)
def test_tier_base(tier: Tier | None, expected: int) -> None:
    assert _points(undated_case(tier=tier)) == expected


@pytest.mark.parametrize(
    ("subject", "state", "expected"),
    [
        # Initial assessment: sentenced on the run date -> 30 x 150 % = 45.
        pytest.param(undated_case(sentence_start=RUN), POM, 45, id="start-on-run-date"),
        # 24 Mar 2025 + 84 days = 16 Jun 2025 > RUN: still in the window -> 45.
        pytest.param(
            undated_case(sentence_start=date(2025, 3, 24)), POM, 45, id="start-window-last-day"
        ),
        # 23 Mar 2025 + 84 days = 15 Jun 2025 = RUN (8+30+31+15 days): window closed -> 30.
        pytest.param(
            undated_case(sentence_start=date(2025, 3, 23)), POM, 30, id="start-window-over"
        ),
        pytest.param(undated_case(sentence_start=date(2025, 6, 16)), POM, 30, id="start-in-future"),
        # Handover window: 30 x 150 % = 45.
        pytest.param(undated_case(), POM_COM, 45, id="handover-window"),
        # ISP parole hearing: RUN + 6 months = 15 Dec 2025 is the last day in the window.
        pytest.param(isp(thd=date(2025, 12, 15)), POM, 45, id="thd-window-edge"),
        pytest.param(isp(thd=date(2025, 12, 16)), POM, 30, id="thd-beyond-window"),
        pytest.param(isp(thd=RUN), POM, 45, id="thd-on-run-date"),
        pytest.param(isp(thd=date(2025, 6, 14)), POM, 30, id="thd-passed"),
        # A determinate sentence's parole hearing is its PED; its THD is not used.
        pytest.param(undated_case(ped=date(2025, 12, 15)), POM, 45, id="ped-window-edge"),
        pytest.param(undated_case(thd=date(2025, 12, 1)), POM, 30, id="determinate-thd-ignored"),
        pytest.param(isp(ped=date(2025, 12, 1)), POM, 30, id="isp-ped-ignored"),
        # All three: 30 x (100 + 50 + 50 + 50) % = 75.
        pytest.param(
            isp(sentence_start=RUN, thd=date(2025, 9, 1)), POM_COM, 75, id="all-three-uplifts"
        ),
        # Two: 30 x 200 % = 60.
        pytest.param(undated_case(sentence_start=RUN), POM_COM, 60, id="start-and-handover"),
    ],
)
def test_uplifts(subject: Any, state: Responsibility, expected: int) -> None:
    assert _points(subject, state) == expected


@pytest.mark.parametrize(
    ("tier", "state", "start", "expected"),
    [
        # 17 x 150 % = 25.5 -> 26 (half up).
        pytest.param(Tier.D, POM_COM, None, 26, id="D-half-up"),
        # 59 x 150 % = 88.5 -> 89.
        pytest.param(Tier.B, POM_COM, None, 89, id="B-half-up"),
        # 75 x 150 % = 112.5 -> 113.
        pytest.param(Tier.A, POM_COM, None, 113, id="A-half-up"),
        # 75 x 200 % = 150.
        pytest.param(Tier.A, POM_COM, RUN, 150, id="A-two-uplifts"),
        # Supporting (COM responsible): no handover-window uplift; 50 % of the full points.
        # 30 x 50 % = 15.
        pytest.param(Tier.C, COM, None, 15, id="C-supporting"),
        # 75 x 50 % = 37.5 -> 38.
        pytest.param(Tier.A, COM, None, 38, id="A-supporting-half-up"),
        # 59 x 50 % = 29.5 -> 30.
        pytest.param(Tier.B, COM, None, 30, id="B-supporting-half-up"),
        # 59 x 150 % x 50 % = 44.25 -> 44 (one rounding; rounding twice would give 45).
        pytest.param(Tier.B, COM, RUN, 44, id="B-supporting-start-single-rounding"),
        # 17 x 150 % x 50 % = 12.75 -> 13.
        pytest.param(Tier.D, COM, RUN, 13, id="D-supporting-start"),
    ],
)
def test_sum_share_and_rounding(
    tier: Tier, state: Responsibility, start: date | None, expected: int
) -> None:
    subject = undated_case(tier=tier, sentence_start=start or date(2020, 1, 1))
    assert _points(subject, state) == expected


def test_points_reason_lists_the_stages() -> None:
    points, reason = pom_points(
        isp(sentence_start=RUN, thd=date(2025, 9, 1)), Handover(POM_COM, ""), RUN, settings()
    )
    assert points == 75
    assert reason == (
        "75 POM points (tier C: 30 + initial assessment, handover window, parole hearing due)"
    )


@pytest.mark.parametrize(
    ("subject", "state", "changes", "expected"),
    [
        pytest.param(undated_case(tier=Tier.A), POM, {"pom_points_tier_a": 100}, 100, id="tier-a"),
        pytest.param(undated_case(tier=Tier.B), POM, {"pom_points_tier_b": 100}, 100, id="tier-b"),
        pytest.param(undated_case(tier=Tier.C), POM, {"pom_points_tier_c": 100}, 100, id="tier-c"),
        pytest.param(undated_case(tier=Tier.D), POM, {"pom_points_tier_d": 100}, 100, id="tier-d"),
        # 30 x (100 + 100) % = 60.
        pytest.param(
            undated_case(sentence_start=RUN),
            POM,
            {"points_start_uplift_pct": 100},
            60,
            id="start-pct",
        ),
        # 1 Jun 2025 + 1 week = 8 Jun 2025 <= RUN: out of a 1-week window -> 30.
        pytest.param(
            undated_case(sentence_start=date(2025, 6, 1)),
            POM,
            {"points_start_weeks": 1},
            30,
            id="start-weeks",
        ),
        pytest.param(
            undated_case(), POM_COM, {"points_handover_uplift_pct": 0}, 30, id="handover-pct"
        ),
        pytest.param(
            isp(thd=date(2025, 9, 1)), POM, {"points_parole_uplift_pct": 10}, 33, id="parole-pct"
        ),
        # RUN + 1 month = 15 Jul 2025 < THD 1 Sep 2025: outside a 1-month window -> 30.
        pytest.param(
            isp(thd=date(2025, 9, 1)), POM, {"points_parole_months": 1}, 30, id="parole-months"
        ),
        # 30 x 100 % = 30.
        pytest.param(undated_case(), COM, {"points_supporting_pct": 100}, 30, id="supporting-pct"),
    ],
)
def test_points_come_from_settings(
    subject: Any, state: Responsibility, changes: dict[str, int], expected: int
) -> None:
    assert _points(subject, state, **changes) == expected
    assert _points(subject, state) != expected


@pytest.mark.parametrize(
    ("tier", "expected", "setting"),
    [
        pytest.param(Tier.A, 75, "com_points_tier_a", id="A"),
        pytest.param(Tier.B, 59, "com_points_tier_b", id="B"),
        pytest.param(Tier.C, 30, "com_points_tier_c", id="C"),
        pytest.param(Tier.D, 17, "com_points_tier_d", id="D"),
    ],
)
def test_com_points_by_tier(tier: Tier, expected: int, setting: str) -> None:
    subject = undated_case(tier=tier)
    assert com_points(subject, settings()) == expected
    assert com_points(subject, settings(**{setting: 999})) == 999


def test_com_points_without_tier() -> None:
    assert com_points(undated_case(tier=None), settings()) == 0


def test_immigration_case_points() -> None:
    # Immigration: COM responsible -> supporting share. Tier D 17 x 50 % = 8.5 -> 9.
    subject = undated_case(sentence_type=SentenceType.IMMIGRATION, tier=Tier.D, sentence_start=None)
    assert _points(subject, COM) == 9
