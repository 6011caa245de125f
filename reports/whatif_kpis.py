"""What a what-if comparison shows of each scenario: the compared figures and one summary."""

from __future__ import annotations

from dataclasses import dataclass

from allocator.domain.result import Violation
from allocator.domain.scenario_types import Effect


@dataclass(frozen=True, slots=True)
class Kpi:
    """One compared figure: its key, its column heading, and which way is better."""

    key: str
    label: str
    better: int  # -1: lower is better, +1: higher is better, 0: neither


KPIS: tuple[Kpi, ...] = (
    Kpi("cases", "cases in scope", 0),
    Kpi("pom_fte", "active POM FTE", 0),
    Kpi("unallocated", "cases without a POM", -1),
    Kpi("com_unallocated", "cases without a needed COM", -1),
    Kpi("hard_breaches", "hard breaches", -1),
    Kpi("high_risk_unqualified", "high-risk cases with unqualified staff", -1),
    Kpi("max_utilisation_pct", "max POM utilisation %", -1),
    Kpi("mean_utilisation_pct", "mean POM utilisation %", 0),
    Kpi("pom_over_case_cap", "POMs over their case cap", -1),
    Kpi("staff_over_points_cap", "staff over points capacity", -1),
    Kpi("pom_moves", "POM moves", -1),
    Kpi("com_moves", "COM moves", -1),
    Kpi("spo_over_limit", "SPO spans over the limit", -1),
    Kpi("objective", "objective", -1),
)


@dataclass(frozen=True)
class Summary:
    """What the report shows of one scenario.

    Attributes
    ----------
    name, parents
        The scenario and the scenarios it inherits.
    figures
        KPI key -> value (see ``KPIS``).
    hard_by_rule
        Hard breaches per rule id.
    status
        The solver's status in words: sub-problems by status, worst gap, reused ones.
    breaches
        Hard breaches, and soft breaches of rules made soft by a setting.
    effects
        What each change did.
    seconds
        Wall-clock time of the scenario's solve and check.
    """

    name: str
    parents: tuple[str, ...]
    figures: dict[str, float]
    hard_by_rule: dict[str, int]
    status: str
    breaches: tuple[Violation, ...]
    effects: tuple[Effect, ...]
    seconds: float
