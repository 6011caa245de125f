"""Capacity of staff: case caps and workload points, pro rata to hours.

Shared by the model, the greedy baseline and the checker: these are the domain's
formulas, not the solver's bookkeeping.
"""

from __future__ import annotations

import math

from allocator.domain.enums import Grade, Role
from allocator.domain.problem import Staff
from allocator.domain.settings import Settings

_EPS = 1e-9  # 0.8 x 80 must floor to 64, not 63.99999


def effective_fte(member: Staff, settings: Settings) -> float:
    """FTE less the reduction hours (never below zero)."""
    return max(0.0, member.fte - member.reduction_hours / settings.hours_per_fte)


def case_cap(member: Staff, settings: Settings) -> int | None:
    """Most cases a POM may hold: max_cases, else cap per FTE x effective FTE (None for a COM
    without max_cases: a COM's caseload lives mostly outside the workbook)."""
    if member.max_cases is not None:
        return member.max_cases
    if member.role is Role.COM:
        return None
    per_fte = settings.po_cases_per_fte if member.grade is Grade.PO else settings.pro_cases_per_fte
    return math.floor(per_fte * effective_fte(member, settings) + _EPS)


def points_capacity(member: Staff, settings: Settings) -> int:
    """Workload points the person can carry: points per FTE x effective FTE, floored."""
    per_fte = (
        settings.pom_points_per_fte if member.role is Role.POM else settings.com_points_per_fte
    )
    return math.floor(per_fte * effective_fte(member, settings) + _EPS)


def utilisation_pct(points: int, capacity: int) -> float:
    """Points held as a percentage of capacity (infinite when there is no capacity)."""
    if capacity <= 0:
        return math.inf if points > 0 else 0.0
    return 100.0 * points / capacity


def span_limit(
    spo_location: str,
    span_limit_fte: float | None,
    team_all_poms: bool,
    prisons: set[str],
    settings: Settings,
) -> float:
    """An SPO's span limit in FTE: their own, else the prison or the community setting."""
    if span_limit_fte is not None:
        return span_limit_fte
    in_prison = spo_location in prisons if spo_location else team_all_poms
    return settings.spo_span_prison_fte if in_prison else settings.spo_span_community_fte


def co_working_share(points: int, pct: int) -> int:
    """A co-working POM's share of a case's points: ``pct`` % rounded half up."""
    return (2 * points * pct + 100) // 200
