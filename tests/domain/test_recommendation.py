"""Recommended kind of POM (tier and RoSH modes) and early-allocation eligibility."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allocator.domain.enums import (
    ParoleOutcome,
    PomType,
    RecommendationMode,
    Responsibility,
    Rosh,
    RuleMode,
    SentenceType,
    Tier,
)
from allocator.domain.omic import derive, early_allocation_eligibility, recommended_pom_type
from tests.builders import RUN, derive_problem, settings, undated_case

POM, POM_COM, COM = Responsibility.POM, Responsibility.POM_COM, Responsibility.COM
PROBATION, PRISON = PomType.PROBATION, PomType.PRISON
TIER, ROSH = RecommendationMode.TIER, RecommendationMode.ROSH
HARD, SOFT, OFF = RuleMode.HARD, RuleMode.SOFT, RuleMode.OFF
IMMIGRATION = {"sentence_type": SentenceType.IMMIGRATION}


def _type(changes: dict[str, Any], state: Responsibility, **setting_changes: Any) -> Any:
    result, _ = recommended_pom_type(undated_case(**changes), state, settings(**setting_changes))
    return result


@pytest.mark.parametrize(
    ("changes", "state", "expected"),
    [
        pytest.param({"tier": Tier.A}, POM, PROBATION, id="tier-a"),
        pytest.param({"tier": Tier.B}, POM, PROBATION, id="tier-b"),
        pytest.param({"tier": Tier.C}, POM, PRISON, id="tier-c"),
        pytest.param({"tier": Tier.D}, POM, PRISON, id="tier-d"),
        pytest.param({"tier": None}, POM, None, id="tier-missing"),
        # The POM still leads while the COM supports: the tier decides.
        pytest.param({"tier": Tier.A}, POM_COM, PROBATION, id="tier-a-com-supporting"),
        # The POM only supports: prison POM whatever the tier.
        pytest.param({"tier": Tier.A}, COM, PRISON, id="tier-a-pom-supporting"),
        pytest.param({"tier": None}, COM, PRISON, id="tier-missing-pom-supporting"),
        pytest.param({"tier": Tier.A, **IMMIGRATION}, COM, PRISON, id="immigration"),
        # RoSH does not matter in tier mode, except for the high-risk rule.
        pytest.param({"tier": Tier.A, "rosh": Rosh.LOW}, POM, PROBATION, id="tier-a-rosh-low"),
        pytest.param({"tier": Tier.D, "rosh": Rosh.MEDIUM}, POM, PRISON, id="tier-d-rosh-med"),
        # High-risk rule (hard by default): RoSH high / very high -> probation POM ...
        pytest.param({"tier": Tier.D, "rosh": Rosh.HIGH}, POM, PROBATION, id="rosh-high"),
        pytest.param({"tier": Tier.C, "rosh": Rosh.VERY_HIGH}, POM, PROBATION, id="rosh-vhigh"),
        # ... also when the POM only supports and for immigration cases (design decision).
        pytest.param(
            {"tier": Tier.C, "rosh": Rosh.HIGH}, COM, PROBATION, id="rosh-high-pom-supporting"
        ),
        pytest.param(
            {"tier": Tier.C, "rosh": Rosh.VERY_HIGH, **IMMIGRATION},
            COM,
            PROBATION,
            id="rosh-vhigh-immigration",
        ),
        pytest.param({"tier": None, "rosh": Rosh.HIGH}, POM, PROBATION, id="rosh-high-no-tier"),
    ],
)
def test_tier_mode(changes: dict[str, Any], state: Responsibility, expected: Any) -> None:
    assert _type(changes, state) is expected


@pytest.mark.parametrize(
    ("changes", "state", "rule", "expected"),
    [
        pytest.param({"rosh": Rosh.HIGH}, POM, SOFT, PROBATION, id="soft-rule-still-recommends"),
        pytest.param({"rosh": Rosh.HIGH}, POM, OFF, PRISON, id="off-tier-c-prison"),
        pytest.param({"rosh": Rosh.HIGH}, COM, OFF, PRISON, id="off-supporting-prison"),
        pytest.param(
            {"rosh": Rosh.VERY_HIGH, **IMMIGRATION}, COM, OFF, PRISON, id="off-immigration"
        ),
        pytest.param(
            {"rosh": Rosh.HIGH, "tier": Tier.B}, POM, OFF, PROBATION, id="off-tier-b-probation"
        ),
    ],
)
def test_tier_mode_with_high_risk_rule_setting(
    changes: dict[str, Any], state: Responsibility, rule: RuleMode, expected: Any
) -> None:
    assert _type(changes, state, high_risk_rule=rule) is expected


@pytest.mark.parametrize("rule", [HARD, SOFT, OFF], ids=str)
@pytest.mark.parametrize(
    ("changes", "state", "expected"),
    [
        pytest.param({"tier": Tier.A, "rosh": Rosh.LOW}, POM, PROBATION, id="tier-a-rosh-low"),
        pytest.param({"tier": Tier.A, "rosh": None}, POM, PROBATION, id="tier-a-rosh-missing"),
        pytest.param({"tier": Tier.B, "rosh": Rosh.LOW}, POM, PRISON, id="tier-b-rosh-low"),
        pytest.param({"tier": Tier.B, "rosh": Rosh.MEDIUM}, POM, PRISON, id="tier-b-rosh-med"),
        pytest.param({"tier": Tier.D, "rosh": Rosh.HIGH}, POM, PROBATION, id="tier-d-rosh-high"),
        pytest.param(
            {"tier": Tier.C, "rosh": Rosh.VERY_HIGH}, POM, PROBATION, id="tier-c-rosh-vhigh"
        ),
        pytest.param({"tier": None, "rosh": Rosh.LOW}, POM, PRISON, id="tier-missing-rosh-low"),
        pytest.param({"tier": Tier.B, "rosh": None}, POM, None, id="rosh-missing"),
        pytest.param({"tier": Tier.B, "rosh": None}, POM_COM, None, id="rosh-missing-window"),
        pytest.param({"tier": Tier.A, "rosh": None}, COM, PRISON, id="supporting-rosh-missing"),
        pytest.param({"tier": Tier.A, "rosh": None, **IMMIGRATION}, COM, PRISON, id="immigration"),
    ],
)
def test_rosh_mode(
    changes: dict[str, Any], state: Responsibility, expected: Any, rule: RuleMode
) -> None:
    """In RoSH mode the scheme itself asks for a probation POM on high RoSH: any rule mode."""
    assert _type(changes, state, recommendation_mode=ROSH, high_risk_rule=rule) is expected


@pytest.mark.parametrize(
    ("state", "rule", "expected"),
    [
        # The high-risk rule overrides "POM only supports" when it is on ...
        pytest.param(COM, HARD, PROBATION, id="supporting-hard"),
        # ... and without it the supporting case gets a prison POM in RoSH mode too.
        pytest.param(COM, OFF, PRISON, id="supporting-off"),
    ],
)
def test_rosh_mode_supporting_high_risk(
    state: Responsibility, rule: RuleMode, expected: PomType
) -> None:
    changes = {"tier": Tier.C, "rosh": Rosh.HIGH}
    assert _type(changes, state, recommendation_mode=ROSH, high_risk_rule=rule) is expected


def test_rosh_missing_asks_to_check_risk() -> None:
    kind, reason = recommended_pom_type(
        undated_case(rosh=None), POM, settings(recommendation_mode=ROSH)
    )
    assert kind is None
    assert "check risk" in reason


def test_recommendation_mode_is_a_setting() -> None:
    # Tier B, RoSH low: probation in tier mode, prison in RoSH mode.
    changes = {"tier": Tier.B, "rosh": Rosh.LOW}
    assert _type(changes, POM) is PROBATION
    assert _type(changes, POM, recommendation_mode=ROSH) is PRISON


def test_derive_recommends_for_the_derived_state() -> None:
    # Tier A recall: COM responsible -> POM supporting -> prison POM.
    subject = undated_case(tier=Tier.A, recall=True, crd=date(2030, 1, 1))
    assert derive(subject, derive_problem(subject)).recommended_pom_type is PRISON


# --- Early allocation -------------------------------------------------------------------------

# RUN = 15 Jun 2025; + 18 months = 15 Dec 2026: the last ERD within the window.
WINDOW_END = date(2026, 12, 15)
NEAR_ERD = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("changes", "erd", "expected"),
    [
        pytest.param({"mappa_level": 3}, NEAR_ERD, "automatic", id="mappa-3"),
        pytest.param({"mappa_level": 3, "rosh": Rosh.HIGH}, NEAR_ERD, "automatic", id="m3-high"),
        pytest.param({"mappa_level": 2}, NEAR_ERD, "discretionary", id="mappa-2"),
        pytest.param({"rosh": Rosh.HIGH}, NEAR_ERD, "discretionary", id="rosh-high"),
        pytest.param({"rosh": Rosh.VERY_HIGH}, NEAR_ERD, "discretionary", id="rosh-very-high"),
        pytest.param(
            {"mappa_level": 1, "rosh": Rosh.HIGH}, NEAR_ERD, "discretionary", id="m1-rosh-high"
        ),
        pytest.param({"mappa_level": 1, "rosh": Rosh.MEDIUM}, NEAR_ERD, "not eligible", id="m1"),
        pytest.param({"mappa_level": 0}, NEAR_ERD, "not eligible", id="mappa-0"),
        pytest.param({"mappa_level": None}, NEAR_ERD, "not eligible", id="mappa-none"),
        pytest.param({"mappa_level": 1}, None, "not eligible", id="not-eligible-no-erd"),
        # Window: an ERD exactly 18 months away is within it; a day later is not.
        pytest.param({"mappa_level": 3}, WINDOW_END, "automatic", id="window-edge"),
        pytest.param({"mappa_level": 2}, date(2026, 12, 16), "not yet", id="window-edge-plus-one"),
        pytest.param({"mappa_level": 3}, None, "not yet", id="no-erd"),
        # An ERD already passed is within the window.
        pytest.param({"mappa_level": 3}, date(2025, 1, 1), "automatic", id="erd-past"),
    ],
)
def test_early_allocation_eligibility(
    changes: dict[str, Any], erd: date | None, expected: str
) -> None:
    answer = early_allocation_eligibility(undated_case(**changes), erd, RUN, settings())
    assert answer.startswith(expected)


def test_not_yet_names_the_kind() -> None:
    answer = early_allocation_eligibility(
        undated_case(mappa_level=2), date(2027, 1, 1), RUN, settings()
    )
    assert answer == "not yet (discretionary once ERD is within 18 months)"


def test_early_allocation_window_is_a_setting() -> None:
    # RUN + 6 months = 15 Dec 2025.
    subject = undated_case(mappa_level=3)
    tight = settings(early_allocation_window_months=6)
    assert early_allocation_eligibility(subject, date(2025, 12, 15), RUN, tight) == "automatic"
    assert early_allocation_eligibility(subject, date(2025, 12, 16), RUN, tight).startswith(
        "not yet"
    )


@pytest.mark.parametrize(
    "subject",
    [
        # Recall (rule 6) carries no handover dates, but the ERD (CRD 1 Jan 2026) still exists.
        pytest.param(undated_case(mappa_level=3, recall=True, crd=NEAR_ERD), id="recall"),
        # Rule 4 (ISP, parole refused, MAPPA 3, THD 1 Jul 2026 is 12+ months after RUN)
        # with ERD = TED 1 Jan 2026 (future).
        pytest.param(
            undated_case(
                sentence_type=SentenceType.INDETERMINATE,
                mappa_level=3,
                parole_outcome=ParoleOutcome.NOT_RELEASE,
                thd=date(2026, 7, 1),
                ted=NEAR_ERD,
            ),
            id="isp-rule-4",
        ),
    ],
)
def test_derive_uses_the_erd_even_when_rules_1_to_8_decide(subject: Any) -> None:
    result = derive(subject, derive_problem(subject))
    assert result.responsibility is COM
    assert result.early_allocation == "automatic"
