"""``derive`` end to end: scope, state, needs-a-COM and overdue, and settings coverage."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import allocator.domain.omic
from allocator.domain.enums import (
    Override,
    ParoleOutcome,
    PomType,
    RecommendationMode,
    Responsibility,
    Rosh,
    RuleMode,
    SentenceType,
    Tier,
    TierLetter,
    TierModel,
)
from allocator.domain.omic import Derivation, derive, derive_all
from allocator.domain.settings import SETTINGS_BY_NAME
from tests.builders import RUN, derive_problem, isp, undated_case

POM, POM_COM, COM = Responsibility.POM, Responsibility.POM_COM, Responsibility.COM

# Determinate, CRD 30 Jun 2026: handover 30 Jun 2026 - 8 months - 14 days = 16 Oct 2025.
DET = undated_case(crd=date(2026, 6, 30))
HANDOVER = date(2025, 10, 16)


def _derive(subject: Any, **setting_changes: Any) -> Derivation:
    return derive(subject, derive_problem(subject, **setting_changes))


def test_out_of_scope_derivation_is_empty() -> None:
    result = _derive(undated_case(sentence_type=SentenceType.REMAND))
    assert not result.in_scope
    assert not result.allocatable
    assert result.handover is None and result.responsibility is None
    assert result.recommended_pom_type is None and result.points == 0
    assert result.why == "out of scope: remand case"


def test_in_scope_derivation() -> None:
    result = _derive(DET)
    assert result.in_scope and result.allocatable
    assert result.responsibility is POM
    assert result.handover is not None
    assert result.handover.handover_date == HANDOVER
    assert result.recommended_pom_type is PomType.PRISON
    assert result.points == 30 and result.com_points == 30
    assert result.early_allocation == "not eligible"
    assert not result.needs_com


def test_derive_all_keeps_input_order() -> None:
    cases = (undated_case(case_id="B2", crd=date(2030, 1, 1)), undated_case(case_id="A1"), DET)
    results = derive_all(derive_problem(*cases))
    assert [r.case_id for r in results] == ["B2", "A1", "A1234BC"]
    assert [r.in_scope for r in results] == [True, False, True]


def test_run_date_comes_from_the_settings() -> None:
    assert _derive(DET, run_date=date(2025, 10, 15)).responsibility is POM
    assert _derive(DET, run_date=HANDOVER).responsibility is COM


# --- Needs a COM, overdue ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "run_date", "needs", "overdue"),
    [
        pytest.param(DET, date(2025, 10, 15), False, False, id="pom-responsible"),
        pytest.param(DET, HANDOVER, True, False, id="on-handover-date"),
        # 16 Oct + 13 days = 29 Oct: not yet overdue; + 14 days = 30 Oct: overdue.
        pytest.param(DET, date(2025, 10, 29), True, False, id="13-days-after"),
        pytest.param(DET, date(2025, 10, 30), True, True, id="14-days-after"),
        pytest.param(
            undated_case(crd=date(2026, 6, 30), current_com="C1"),
            date(2025, 10, 30),
            False,
            False,
            id="has-a-com",
        ),
        # ISP open conditions: TED 31 Mar 2027 -> handover 31 Mar 2026, start 1 Sep 2025.
        pytest.param(
            isp(ted=date(2027, 3, 31), open_conditions_date=date(2025, 9, 1)),
            date(2025, 9, 1),
            True,
            False,
            id="window-open-needs-com",
        ),
        # Rule 3 (POM + COM supporting) has no handover date: needed, never overdue.
        pytest.param(isp(recall=True, thd=date(2026, 6, 15)), RUN, True, False, id="rule-3"),
        # Recall / immigration: COM responsible with no handover date: never overdue.
        pytest.param(
            undated_case(recall=True, crd=date(2030, 1, 1)), RUN, True, False, id="recall"
        ),
        pytest.param(
            undated_case(sentence_type=SentenceType.IMMIGRATION, sentence_start=None),
            RUN,
            True,
            False,
            id="immigration",
        ),
        pytest.param(
            undated_case(responsibility_override=Override.COM, crd=date(2030, 1, 1)),
            RUN,
            True,
            False,
            id="override-com",
        ),
        # Short sentence: sentenced 1 Mar 2025, CRD 1 Sep 2025 (<= 1 Jan 2026): COM from the
        # start; overdue 14 days after sentence start = 15 Mar 2025.
        pytest.param(
            undated_case(sentence_start=date(2025, 3, 1), crd=date(2025, 9, 1)),
            date(2025, 3, 14),
            True,
            False,
            id="short-13-days",
        ),
        pytest.param(
            undated_case(sentence_start=date(2025, 3, 1), crd=date(2025, 9, 1)),
            date(2025, 3, 15),
            True,
            True,
            id="short-14-days",
        ),
    ],
)
def test_needs_com_and_overdue(subject: Any, run_date: date, needs: bool, overdue: bool) -> None:
    result = _derive(subject, run_date=run_date)
    assert (result.needs_com, result.com_overdue) == (needs, overdue)


def test_overdue_days_is_a_setting() -> None:
    # 16 Oct 2025 + 7 days = 23 Oct 2025.
    assert _derive(DET, run_date=date(2025, 10, 23), com_overdue_days=7).com_overdue
    assert not _derive(DET, run_date=date(2025, 10, 23)).com_overdue


def test_why_chains_the_reasons() -> None:
    subject = undated_case(crd=date(2026, 6, 30), tier=None)
    why = _derive(subject, run_date=date(2025, 10, 30)).why
    assert "determinate: ERD - 8 months - 14 days" in why
    assert "missing information: tier" in why
    assert "needs a COM (overdue)" in why


# --- Every parameter is read from Settings ----------------------------------------------------

# (setting, changed value, case, run date, what to look at). With the default the answer
# differs from the one with the changed value: each row is hand-worked in its comment.
SETTING_CASES: list[Any] = [
    # Born 16 Jun 2005: 19 on RUN; in scope at 18, out at 21.
    (
        "adult_age",
        21,
        undated_case(date_of_birth=date(2005, 6, 16), crd=date(2030, 1, 1)),
        RUN,
        "in_scope",
    ),
    ("run_date", HANDOVER, DET, RUN, "responsibility"),
    # Tier B, RoSH low: probation in tier mode, prison in RoSH mode.
    (
        "recommendation_mode",
        RecommendationMode.ROSH,
        undated_case(tier=Tier.B, rosh=Rosh.LOW, crd=date(2030, 1, 1)),
        RUN,
        "recommended_pom_type",
    ),
    # Tier C, RoSH high: probation with the rule on, prison with it off.
    (
        "high_risk_rule",
        RuleMode.OFF,
        undated_case(rosh=Rosh.HIGH, crd=date(2030, 1, 1)),
        RUN,
        "recommended_pom_type",
    ),
    # THD 15 Dec 2025 = RUN + 6 months: far with 6, not with 12 (then ERD = TED 2028 -> POM).
    (
        "isp_thd_far_months",
        6,
        isp(parole_outcome=ParoleOutcome.NOT_RELEASE, thd=date(2025, 12, 15), ted=date(2028, 1, 1)),
        RUN,
        "responsibility",
    ),
    # Early allocation, CRD 1 Jun 2026: 1 Jun 2026 - 15 = 1 Mar 2025 (COM);
    # - 6 = 1 Dec 2025 (POM on RUN).
    (
        "handover_months_early",
        6,
        undated_case(early_allocation=True, crd=date(2026, 6, 1)),
        RUN,
        "responsibility",
    ),
    # ISP TED 1 Jun 2026: - 12 = 1 Jun 2025 (COM on RUN); - 6 = 1 Dec 2025 (POM).
    ("handover_months_isp", 6, isp(ted=date(2026, 6, 1)), RUN, "responsibility"),
    # Sentenced 1 Jan 2025, CRD 1 Dec 2025: not short with 10 months (1 Nov 2025);
    # handover 1 Dec 2025 - 8 months - 14 days = 18 Mar 2025 -> COM either way, so look at
    # the handover date: none once 12 months (1 Jan 2026) makes it short.
    (
        "short_sentence_months",
        12,
        undated_case(sentence_start=date(2025, 1, 1), crd=date(2025, 12, 1)),
        RUN,
        "handover_date",
    ),
    # PED 1 Jun 2026: - 12 = 1 Jun 2025 (COM); - 6 = 1 Dec 2025 (POM).
    ("handover_months_ped", 6, undated_case(ped=date(2026, 6, 1)), RUN, "responsibility"),
    # CRD 20 Feb 2026: - 8 months - 14 days = 6 Jun 2025 (COM); - 6 months - 14 = 6 Aug 2025.
    ("handover_months_determinate", 6, undated_case(crd=date(2026, 2, 20)), RUN, "responsibility"),
    # CRD 20 Feb 2026 - 8 months = 20 Jun 2025 (POM with 0 days); - 14 days = 6 Jun 2025 (COM).
    ("handover_days_determinate", 0, undated_case(crd=date(2026, 2, 20)), RUN, "responsibility"),
    # Handover 16 Oct 2025; run 23 Oct 2025 is 7 days after.
    ("com_overdue_days", 7, DET, date(2025, 10, 23), "com_overdue"),
    # MAPPA 3, CRD 1 Jan 2027: within 18 months of RUN (15 Dec 2026)? no; within 24: yes.
    (
        "early_allocation_window_months",
        24,
        undated_case(mappa_level=3, crd=date(2027, 1, 1)),
        RUN,
        "early_allocation",
    ),
    ("pom_points_tier_a", 1, undated_case(tier=Tier.A, crd=date(2030, 1, 1)), RUN, "points"),
    ("pom_points_tier_b", 1, undated_case(tier=Tier.B, crd=date(2030, 1, 1)), RUN, "points"),
    ("pom_points_tier_c", 1, undated_case(tier=Tier.C, crd=date(2030, 1, 1)), RUN, "points"),
    ("pom_points_tier_d", 1, undated_case(tier=Tier.D, crd=date(2030, 1, 1)), RUN, "points"),
    ("com_points_tier_a", 1, undated_case(tier=Tier.A, crd=date(2030, 1, 1)), RUN, "com_points"),
    ("com_points_tier_b", 1, undated_case(tier=Tier.B, crd=date(2030, 1, 1)), RUN, "com_points"),
    ("com_points_tier_c", 1, undated_case(tier=Tier.C, crd=date(2030, 1, 1)), RUN, "com_points"),
    ("com_points_tier_d", 1, undated_case(tier=Tier.D, crd=date(2030, 1, 1)), RUN, "com_points"),
    # Sentenced 1 Jun 2025 (14 days before RUN): inside 12 weeks, outside 1 week.
    (
        "points_start_weeks",
        1,
        undated_case(sentence_start=date(2025, 6, 1), crd=date(2030, 1, 1)),
        RUN,
        "points",
    ),
    (
        "points_start_uplift_pct",
        0,
        undated_case(sentence_start=RUN, crd=date(2030, 1, 1)),
        RUN,
        "points",
    ),
    # ISP open conditions (see above): window open on 1 Sep 2025.
    (
        "points_handover_uplift_pct",
        0,
        isp(ted=date(2027, 3, 31), open_conditions_date=date(2025, 9, 1)),
        date(2025, 9, 1),
        "points",
    ),
    # PED 1 Oct 2025 is within 6 months of RUN, not within 1 month (15 Jul 2025). (The case is
    # COM responsible: handover 1 Oct 2024; 30 x 150 % x 50 % = 22.5 -> 23, else 30 x 50 % = 15.)
    ("points_parole_months", 1, undated_case(ped=date(2025, 10, 1)), RUN, "points"),
    ("points_parole_uplift_pct", 0, undated_case(ped=date(2025, 10, 1)), RUN, "points"),
    ("points_supporting_pct", 100, undated_case(recall=True, crd=date(2030, 1, 1)), RUN, "points"),
    # Tier C read as A-G (band B: 59 points) rather than A-D (30 points).
    ("tier_model", TierModel.SINGLE_AXIS, undated_case(crd=date(2030, 1, 1)), RUN, "points"),
    # A-G tier E recommends a prison POM up to C (the default), a probation POM up to E.
    (
        "a_g_probation_to",
        TierLetter.E,
        undated_case(tier="E", crd=date(2030, 1, 1)),
        RUN,
        "recommended_pom_type",
    ),
    # B2S carries 0 % of B2's 48 points by default, 100 % -> 48.
    ("s_tier_points_pct", 100, undated_case(tier="B2S", crd=date(2030, 1, 1)), RUN, "points"),
]


@pytest.mark.parametrize(
    ("name", "value", "subject", "run_date", "field"),
    [pytest.param(*row, id=row[0]) for row in SETTING_CASES],
)
def test_each_setting_changes_the_result(
    name: str, value: Any, subject: Any, run_date: date, field: str
) -> None:
    def look(**changes: Any) -> Any:
        result = derive(subject, derive_problem(subject, **{"run_date": run_date, **changes}))
        if field == "handover_date":
            return result.handover.handover_date if result.handover else None
        return getattr(result, field)

    assert look() != look(**{name: value})


def test_every_setting_the_rules_read_is_covered() -> None:
    """Every Settings field omic.py reads has a row in SETTING_CASES."""
    source = Path(allocator.domain.omic.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r"\b(?:s|settings)\.(\w+)", source))
    read |= {f"{kind}_points_tier_{t}" for kind in ("pom", "com") for t in "abcd"}
    read.add("run_date")  # through ProblemData.run_date
    read &= set(SETTINGS_BY_NAME)
    assert read <= {row[0] for row in SETTING_CASES}
