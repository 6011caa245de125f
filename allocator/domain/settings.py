"""Every policy parameter of the allocator, with its documented default.

The table of settings (name, default, kind, bounds, one-line description) is the
dataclass itself: each field carries its description in ``metadata``. The
``Settings`` sheet, the template and the README are generated from it, so a
parameter is never a constant hidden in code.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from allocator.domain.enums import RecommendationMode, RuleMode, Switch, TierLetter, TierModel


def _s(default: Any, text: str, *, low: float | None = None, high: float | None = None) -> Any:
    """A settings field: default, description and numeric bounds (inclusive)."""
    return field(default=default, metadata={"text": text, "low": low, "high": high})


@dataclass(frozen=True, slots=True)
class Settings:
    """The parameters of one run. Build with ``Settings()`` or ``replace``."""

    run_date: date | None = _s(None, "Date on which the rules are evaluated (blank = today)")
    recommendation_mode: RecommendationMode = _s(
        RecommendationMode.TIER, "tier or rosh: which scheme recommends a probation POM"
    )
    high_risk_rule: RuleMode = _s(
        RuleMode.HARD, "hard, soft or off: RoSH high / very high needs a PO-grade POM and COM"
    )
    caseload_cap_rule: RuleMode = _s(RuleMode.HARD, "hard, soft or off: the case cap per FTE")
    points_cap_rule: RuleMode = _s(RuleMode.HARD, "hard, soft or off: workload points <= capacity")
    po_cases_per_fte: int = _s(80, "Case cap of a full-time PO POM", low=1, high=500)
    pro_cases_per_fte: int = _s(80, "Case cap of a full-time prison-officer POM", low=1, high=500)
    spo_span_prison_fte: float = _s(14.0, "SPO span limit in a prison, in FTE", low=1, high=100)
    spo_span_community_fte: float = _s(
        10.0, "SPO span limit in the community, in FTE", low=1, high=100
    )
    time_budget_s: float = _s(
        60.0,
        "Solver time of a whole weekly allocation (or what-if scenario), seconds, shared by "
        "its prisons and LDUs",
        low=0.1,
        high=36000,
    )
    time_limit_s: float = _s(
        10.0, "Solver time limit per stage of deploy and capacity, seconds", low=0.1, high=3600
    )
    random_seed: int = _s(1, "Solver random seed", low=0, high=2**31 - 1)
    absolute_gap: int = _s(
        299,
        "Stop once proven within this many objective units of the best: 299 is less than one "
        "case move (300); 0 proves to the last unit",
        low=0,
        high=10**9,
    )
    relative_gap_pct: float = _s(
        0.0, "... or within this % of the objective (0 = prove optimality)", low=0, high=10
    )
    hours_per_fte: float = _s(37.5, "Weekly hours of a full-time post", low=1, high=60)
    pom_points_per_fte: int = _s(
        2176, "Nominal workload points of a full-time POM", low=1, high=100000
    )
    com_points_per_fte: int = _s(
        2176, "Nominal workload points of a full-time COM", low=1, high=100000
    )
    pom_points_tier_a: int = _s(75, "POM points of a tier A case", low=0, high=10000)
    pom_points_tier_b: int = _s(59, "POM points of a tier B case", low=0, high=10000)
    pom_points_tier_c: int = _s(30, "POM points of a tier C case", low=0, high=10000)
    pom_points_tier_d: int = _s(17, "POM points of a tier D case", low=0, high=10000)
    com_points_tier_a: int = _s(75, "COM points of a tier A custody case", low=0, high=10000)
    com_points_tier_b: int = _s(59, "COM points of a tier B custody case", low=0, high=10000)
    com_points_tier_c: int = _s(30, "COM points of a tier C custody case", low=0, high=10000)
    com_points_tier_d: int = _s(17, "COM points of a tier D custody case", low=0, high=10000)
    tier_model: TierModel = _s(
        TierModel.AUTO,
        "auto, a_d (letters A-D), a0_d3 (A3 ... D0, optional S suffix) or a_g (single axis "
        "A-G): which tier codes the Cases sheet uses (auto: read from the codes)",
    )
    a_g_probation_to: TierLetter = _s(
        TierLetter.C,
        "A-G tier model: tiers A to this letter recommend a probation POM (tier mode)",
    )
    s_tier_points_pct: int = _s(
        0,
        "Points of a case with an S tier (no supervision after the two-thirds point), "
        "% of its sub-tier's points",
        low=0,
        high=100,
    )
    max_invalid_pct: float = _s(
        2.0,
        "Cases rows with invalid data are left out (quarantined) and the run goes on, unless "
        "more than this % of the rows have problems: then the run stops",
        low=0,
        high=100,
    )
    points_start_weeks: int = _s(
        12, "Weeks after sentence start that count as initial assessment", low=0, high=520
    )
    points_start_uplift_pct: int = _s(
        50, "Extra POM points during initial assessment, % of base", low=0, high=1000
    )
    points_handover_uplift_pct: int = _s(
        50, "Extra POM points while the handover window is open, % of base", low=0, high=1000
    )
    points_parole_months: int = _s(
        6, "Months before a parole hearing (THD) that count as parole work", low=0, high=120
    )
    points_parole_uplift_pct: int = _s(
        50, "Extra POM points around a parole hearing, % of base", low=0, high=1000
    )
    points_supporting_pct: int = _s(
        50, "POM points when the COM is responsible, % of the full points", low=0, high=100
    )
    handover_months_determinate: int = _s(
        8, "Determinate without PED: handover this many months before ERD", low=0, high=120
    )
    handover_days_determinate: int = _s(
        14, "... and this many days more (subtracted after the months)", low=0, high=365
    )
    handover_months_ped: int = _s(
        12, "Determinate with PED: handover months before ERD", low=0, high=120
    )
    handover_months_isp: int = _s(12, "Indeterminate: handover months before ERD", low=0, high=120)
    handover_months_early: int = _s(
        15, "Early allocation: handover months before ERD", low=0, high=120
    )
    short_sentence_months: int = _s(
        10,
        "ERD no later than sentence start + this: COM responsible from the start",
        low=0,
        high=120,
    )
    isp_thd_far_months: int = _s(
        12, "Indeterminate: a THD at least this far away keeps the POM responsible", low=0, high=120
    )
    com_overdue_days: int = _s(
        14, "A missing COM is overdue this many days after the handover date", low=0, high=365
    )
    early_allocation_window_months: int = _s(
        18, "Early allocation applies when ERD is within this many months", low=0, high=120
    )
    adult_age: int = _s(18, "Age from which a person is in scope", low=0, high=30)
    spo_high_risk_cap: int = _s(
        0,
        "High-risk cases one SPO team may hold (countersigning load); 0 = no cap",
        low=0,
        high=100000,
    )
    case_management_support: Switch = _s(
        Switch.OFF,
        "on or off: a prison POM may co-work a high-risk case held by a probation POM",
    )
    cms_share_pct: int = _s(
        30,
        "Share of a co-worked case's POM points the co-working prison POM carries",
        low=1,
        high=99,
    )
    shadow_cases: int = _s(
        3,
        "Deployment: cases each deployed officer shadows before go-live (from their own LDU, "
        "held in the prison they will move to)",
        low=0,
        high=50,
    )
    shadow_cases_high_security: int = _s(
        1,
        "Deployment: shadow cases enough in a high-security prison (the smaller of this and "
        "shadow_cases)",
        low=0,
        high=50,
    )
    ldu_max_gap_pct: float = _s(
        20.0,
        "Deployment: an LDU's vacancies plus leavers stay within this % of its establishment "
        "(in-post COM FTE + vacancy_fte); an LDU already there gives up nobody",
        low=0,
        high=100,
    )
    weekly_receptions: float = _s(
        0.0,
        "Forecast: people expected into each prison per week; 0 = each prison's own average "
        "over the last 12 weeks of arrival_date (none without arrival dates)",
        low=0,
        high=1000,
    )

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some settings changed (a what-if)."""
        return dataclasses.replace(self, **changes)

    def non_defaults(self) -> dict[str, Any]:
        """The settings that differ from their documented defaults."""
        return {
            spec.name: getattr(self, spec.name)
            for spec in SETTING_SPECS
            if getattr(self, spec.name) != spec.default
        }


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One row of the settings table."""

    name: str
    default: Any
    kind: type
    text: str
    low: float | None
    high: float | None

    @property
    def choices(self) -> tuple[str, ...]:
        """Allowed values of an enumerated setting (empty for others)."""
        if isinstance(self.kind, type) and issubclass(self.kind, str):
            return tuple(str(member) for member in self.kind)  # type: ignore[attr-defined]
        return ()


def _kind(name: str) -> type:
    """The value type of a setting, from its default (run_date is a date)."""
    if name == "run_date":
        return date
    return type(getattr(Settings(), name))


SETTING_SPECS: tuple[SettingSpec, ...] = tuple(
    SettingSpec(
        name=f.name,
        default=f.default,
        kind=_kind(f.name),
        text=f.metadata["text"],
        low=f.metadata["low"],
        high=f.metadata["high"],
    )
    for f in dataclasses.fields(Settings)
)
SETTINGS_BY_NAME: dict[str, SettingSpec] = {spec.name: spec for spec in SETTING_SPECS}
