"""Tier models: codes, resolution, recommendation and points by sub-tier.

Default settings: POM points A 75, B 59, C 30, D 17 (COM the same); sub-tiers scale their
letter by the seed table (A2 = 75 x 60 / 75 = 60, B2 = 59 x 48 / 59 = 48); S carries 0 %;
A-G tiers take the points of their A-D band (C -> B, E -> C) and recommend a probation POM
from A to C.
"""

from __future__ import annotations

from datetime import date

import pytest

from allocator.domain.enums import PomType, Responsibility, TierLetter, TierModel
from allocator.domain.omic import Handover, com_points, pom_points, recommended_pom_type
from allocator.domain.tiers import SUB_TIER_SEED_POINTS, normalise, resolve
from tests.builders import RUN, settings, undated_case

POM = Responsibility.POM
LETTERS, SUB, AG = TierModel.LETTERS, TierModel.SUB_TIERS, TierModel.SINGLE_AXIS


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("b2", "B2"),
        (" B2 s ", "B2S"),
        ("Tier C", "C"),
        ("d0", "D0"),
        ("G", "G"),
        ("E2", None),  # digits only go with A-D
        ("BS", None),  # S only follows a sub-tier
        ("B4", None),
        ("X", None),
        ("", None),
    ],
)
def test_codes_are_normalised(text: str, code: str | None) -> None:
    assert normalise(text) == code


@pytest.mark.parametrize(
    ("codes", "model", "mixed"),
    [
        (["A", "B", "D"], LETTERS, ()),
        (["A3", "B2S", "D0"], SUB, ()),
        (["A", "E", "G"], AG, ()),
        (["B2", "B"], SUB, (SUB, LETTERS)),
        (["B2", "F"], SUB, (SUB, AG)),
    ],
)
def test_auto_resolution(codes: list[str], model: TierModel, mixed: tuple[TierModel, ...]) -> None:
    found = resolve(codes, TierModel.AUTO)
    assert found.model is model
    assert set(found.mixed) == set(mixed)


def test_a_setting_wins_over_auto() -> None:
    assert resolve(["B2", "B"], AG).model is AG
    assert resolve(["B2", "B"], AG).mixed == ()


@pytest.mark.parametrize(
    ("tier", "model", "pom", "com"),
    [
        ("A3", SUB, 75, 75),
        ("A2", SUB, 60, 60),
        ("A1", SUB, 59, 59),
        ("B3", SUB, 59, 59),
        ("B2", SUB, 48, 48),
        ("B1", SUB, 47, 47),
        ("C2", SUB, 24, 24),
        ("C1", SUB, 23, 23),
        ("D2", SUB, 14, 14),
        ("D1", SUB, 13, 13),
        ("D0", SUB, 0, 0),
        ("B2S", SUB, 0, 0),  # S: 0 % of B2's points
        ("B", LETTERS, 59, 59),
        ("C", AG, 59, 59),  # A-G C is band B
        ("E", AG, 30, 30),  # band C
        ("G", AG, 17, 17),  # band D
    ],
)
def test_points_by_tier(tier: str, model: TierModel, pom: int, com: int) -> None:
    subject = undated_case(tier=tier, sentence_start=date(2020, 1, 1))
    assert pom_points(subject, Handover(POM, ""), RUN, settings(), model)[0] == pom
    assert com_points(subject, settings(), model) == com


def test_every_seed_point_is_reproduced_with_the_default_settings() -> None:
    for code, seed in SUB_TIER_SEED_POINTS.items():
        subject = undated_case(tier=code)
        assert pom_points(subject, Handover(POM, ""), RUN, settings(), SUB)[0] == seed


def test_sub_tiers_follow_the_letter_setting_and_s_share() -> None:
    # B2 = 100 x 48 / 59 = 81.36 -> 81; B2S at 50 % = 40.68 -> 41.
    changed = settings(pom_points_tier_b=100, s_tier_points_pct=50)
    assert pom_points(undated_case(tier="B2"), Handover(POM, ""), RUN, changed, SUB)[0] == 81
    assert pom_points(undated_case(tier="B2S"), Handover(POM, ""), RUN, changed, SUB)[0] == 41


def test_the_points_reason_names_the_sub_tier_and_s() -> None:
    reason = pom_points(undated_case(tier="B2S"), Handover(POM, ""), RUN, settings(), SUB)[1]
    assert "tier B2S" in reason and "S: 0 %" in reason


@pytest.mark.parametrize(
    ("tier", "model", "setting", "expected"),
    [
        ("B0", SUB, {}, PomType.PROBATION),  # the letter decides, whatever the digit
        ("C3", SUB, {}, PomType.PRISON),
        ("C", AG, {}, PomType.PROBATION),  # A-G: A to C by default
        ("D", AG, {}, PomType.PRISON),
        ("D", AG, {"a_g_probation_to": "D"}, PomType.PROBATION),
        ("A", AG, {"a_g_probation_to": "A"}, PomType.PROBATION),
        ("B", AG, {"a_g_probation_to": "A"}, PomType.PRISON),
    ],
)
def test_recommendation_by_model(
    tier: str, model: TierModel, setting: dict[str, str], expected: PomType
) -> None:
    changes = {k: TierLetter(v) for k, v in setting.items()}
    found = recommended_pom_type(
        undated_case(tier=tier, rosh=None), POM, settings(**changes), model
    )[0]
    assert found is expected
