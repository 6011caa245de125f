"""The figures a what-if compares: the checker's KPIs of each scenario and its breaches.

``summarise`` turns a solved scenario into plain numbers and rows, so that the
report never touches the model or the data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from allocator.domain import rules
from allocator.domain.enums import Role, Status
from allocator.domain.result import Violation
from allocator.whatif.apply import Effect
from allocator.whatif.run import Outcome


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
_FROM_CHECKER = (
    "unallocated",
    "com_unallocated",
    "high_risk_unqualified",
    "max_utilisation_pct",
    "mean_utilisation_pct",
    "pom_over_case_cap",
    "staff_over_points_cap",
    "pom_moves",
    "com_moves",
)
_CONFIGURABLE = frozenset(r.id for r in rules.RULES if r.kind == rules.CONFIGURABLE)


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


def summarise(
    outcome: Outcome, parents: tuple[str, ...] = (), effects: tuple[Effect, ...] = ()
) -> Summary:
    """The figures, breaches and status of one solved scenario."""
    report = outcome.report
    hard = Counter(v.rule for v in report.hard)
    return Summary(
        name=outcome.name,
        parents=parents,
        figures=_figures(outcome, sum(hard.values())),
        hard_by_rule=dict(hard),
        status=status_text(outcome),
        breaches=tuple(v for v in report.violations if is_breach(v)),
        effects=effects,
        seconds=outcome.seconds,
    )


def is_breach(violation: Violation) -> bool:
    """A hard breach, or a breach of a rule a setting made soft (not a soft preference)."""
    return violation.severity == "hard" or violation.rule in _CONFIGURABLE


def _figures(outcome: Outcome, hard: int) -> dict[str, float]:
    """Every KPI of ``KPIS`` for one scenario."""
    kpis, data = outcome.report.kpis, outcome.data
    covered = set(outcome.result.prisons)
    figures = {key: round(float(kpis[key]), 1) for key in _FROM_CHECKER}
    figures["cases"] = sum(
        d.in_scope for d in outcome.derivations if d.prison in covered
    )  # covered cases in scope
    figures["pom_fte"] = round(
        sum(
            m.fte
            for m in data.staff
            if m.role is Role.POM and m.status is Status.ACTIVE and m.location in covered
        ),
        1,
    )
    figures["hard_breaches"] = hard
    figures["spo_over_limit"] = sum(v.rule == rules.SPO_SPAN for v in outcome.report.violations)
    figures["objective"] = outcome.result.objective
    return figures


def status_text(outcome: Outcome) -> str:
    """'164 sub-problems: 46 optimal, 118 feasible (worst gap 120 units, less than one move,
    0.01 %); 150 unchanged from the baseline'."""
    subs = outcome.result.subresults
    counts = Counter(sub.status.lower() for sub in subs)
    text = f"{len(subs)} sub-problems: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    worst = max(subs, key=lambda sub: sub.gap, default=None)
    if worst is not None and worst.gap > 0:
        moves = worst.gap / rules.W_MOVE[0]
        size = "less than one move" if moves < 1 else f"{moves:,.1f} moves' worth"
        text += f" (worst gap {worst.gap:,} units, {size}, {worst.gap_pct:.2f} %)"
    if outcome.reused:
        text += f"; {outcome.reused} unchanged from the baseline"
    return text
