"""The independent checker: every violation and the objective of an allocation.

Re-verifies any allocation (the CP-SAT model's, the greedy baseline's, or one a
manager edited by hand) against ``docs/allocation-rules.md`` alone. It shares the
OMiC derivation and the workload formulas with the solvers but none of their code:
it must never import ``ortools`` or ``solvers``.

Readings of the document where it leaves room (the model follows the same):

- a voluntary move is a change from a valid current worker to *another worker*;
  losing the worker to no one costs the unallocated term only;
- a release date already past counts as "within 6 months" of the run date;
- "a previous POM could take it" means the POM can take the case as a new case and,
  under a hard high-risk rule, is qualified; the current POM does not count;
- a new POM or COM who is inactive breaks both ``active_staff`` and
  ``inactive_holds_cases``; an id missing from the Staff sheet breaks ``right_location``;
- a pinned case that changes gets one ``pinned`` violation per changed role;
- a place is a prison when it is in the Prisons sheet, holds a case, or has a POM.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from allocator.check.cases import check_cases, check_quarantined
from allocator.check.cms import check_co_working
from allocator.check.context import Context, Tally, build_context
from allocator.check.staff import check_peak, check_spos, check_spread, check_staff
from allocator.domain.eligibility import qualified
from allocator.domain.enums import HIGH_ROSH, Status
from allocator.domain.omic import Derivation
from allocator.domain.problem import ProblemData, Staff
from allocator.domain.result import Allocation, Violation
from allocator.domain.rules import COM_UNALLOCATED, RULES, UNALLOCATED
from allocator.domain.workload import utilisation_pct

_RULE_ORDER = {rule.id: index for index, rule in enumerate(RULES)}


@dataclass(frozen=True)
class CheckReport:
    """What the checker found: violations, the objective and its terms, and headline KPIs."""

    violations: tuple[Violation, ...]
    objective: int
    terms: dict[str, int]
    kpis: dict[str, float]

    @property
    def hard(self) -> tuple[Violation, ...]:
        """The hard violations."""
        return tuple(v for v in self.violations if v.severity == "hard")

    @property
    def soft(self) -> tuple[Violation, ...]:
        """The soft violations."""
        return tuple(v for v in self.violations if v.severity == "soft")


def check(
    data: ProblemData,
    allocation: Allocation,
    prisons: Sequence[str] | None = None,
    *,
    derivations: Sequence[Derivation] | None = None,
) -> CheckReport:
    """Check an allocation of the cases held in ``prisons`` (None: every prison with a case).

    Covered cases the allocation does not mention, and every case outside the
    covered prisons, keep their current POM and COM. ``derivations`` (those of
    ``derive_all(data)``) may be passed when the caller already has them.
    """
    ctx = build_context(data, allocation, prisons, derivations)
    tally = Tally(data.settings)
    check_cases(ctx, tally)
    check_staff(ctx, tally)
    new_cases, counts = case_counts(ctx)
    counts["new_pom_allocations"] = sum(new_cases.values())
    check_spread(ctx, tally, new_cases)
    check_peak(ctx, tally)
    check_spos(ctx, tally)
    check_co_working(ctx, tally)
    check_quarantined(ctx, tally)
    violations = tuple(sorted(tally.violations, key=_order))
    return CheckReport(
        violations=violations,
        objective=sum(tally.terms.values()),
        terms=tally.terms,
        kpis=_kpis(ctx, violations, counts),
    )


def _order(violation: Violation) -> tuple[int, str, str, str]:
    """Rule table order, then case, staff and SPO id."""
    return (
        _RULE_ORDER[violation.rule],
        violation.case_id,
        violation.staff_id,
        violation.spo_id,
    )


def case_counts(ctx: Context) -> tuple[dict[str, int], Counter[str]]:
    """New cases per POM, and moves and unqualified holders of high-risk cases (one pass)."""
    new: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    staff = ctx.staff
    for case, _d, pom, com, current_pom, current_com in ctx.rows:
        if pom != current_pom:
            counts["pom_moves"] += current_pom is not None
            if pom is not None:
                new[pom] += 1
        if com != current_com:
            counts["com_moves"] += current_com is not None
        if case.rosh in HIGH_ROSH:
            holders = (staff.get(pom or ""), staff.get(com or ""))
            counts["high_risk_unqualified"] += any(
                m is not None and not qualified(m, case) for m in holders
            )
    return dict(new), counts


def _kpis(
    ctx: Context, violations: tuple[Violation, ...], counts: Counter[str]
) -> dict[str, float]:
    """Headline figures of the allocation (independent of the rules' modes)."""
    by_rule = Counter(v.rule for v in violations)
    severities = Counter(v.severity for v in violations)
    kpis: dict[str, float] = {
        "unallocated": by_rule[UNALLOCATED],
        "com_unallocated": by_rule[COM_UNALLOCATED],
        "high_risk_unqualified": counts["high_risk_unqualified"],
        "pom_over_case_cap": sum(_over_cap(ctx, m) for m in ctx.run_poms),
        "staff_over_points_cap": sum(
            ctx.load_points(m) > ctx.capacity(m) for m in (*ctx.run_poms, *ctx.run_coms)
        ),
        "pom_moves": counts["pom_moves"],
        "com_moves": counts["com_moves"],
        "new_pom_allocations": counts["new_pom_allocations"],
    }
    kpis.update(_utilisation(ctx))
    kpis["hard_violations"] = severities["hard"]
    kpis["soft_violations"] = severities["soft"]
    return kpis


def _over_cap(ctx: Context, member: Staff) -> bool:
    """The person holds more cases than their cap."""
    cap = ctx.case_cap(member)
    return cap is not None and len(ctx.load(member).cases) > cap


def _utilisation(ctx: Context) -> dict[str, float]:
    """Max, mean and population spread of utilisation over the run's available POMs."""
    values = [
        utilisation_pct(ctx.load_points(m), ctx.capacity(m))
        for m in ctx.run_poms
        if m.status is not Status.INACTIVE and ctx.capacity(m) > 0
    ]
    if not values:
        values = [0.0]
    return {
        "max_utilisation_pct": max(values),
        "mean_utilisation_pct": statistics.fmean(values),
        "utilisation_spread_pct": statistics.pstdev(values),
    }
