"""The figures a what-if compares: the checker's KPIs of each scenario and its breaches.

``summarise`` turns a solved scenario into plain numbers and rows, so that the
report never touches the model or the data.
"""

from __future__ import annotations

from collections import Counter

from allocator.domain import rules
from allocator.domain.enums import Role, Status
from allocator.domain.result import Violation
from allocator.domain.scenario_types import Effect
from allocator.whatif.run import Outcome
from reports.whatif_kpis import Summary

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
