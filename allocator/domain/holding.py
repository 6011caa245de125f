"""Who keeps a case beside its POM, and how long a case has waited for one.

Shared by the solvers and the checker (domain rules, not bookkeeping): an existing co-working
POM who may stay, and the whole weeks a case has waited since it arrived.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from allocator.domain.enums import Role, Status
from allocator.domain.problem import Case, Staff


def kept_coworker(case: Case, staff_by_id: Mapping[str, Staff]) -> str | None:
    """The case's existing co-working POM when they can stay: a POM of the case's prison, not
    inactive, not excluded, within restricted_to, not the current POM (else None)."""
    sid = case.coworking_pom
    member = staff_by_id.get(sid or "")
    if sid is None or member is None or member.role is not Role.POM:
        return None
    if member.location != case.prison or member.status is Status.INACTIVE:
        return None
    if sid in case.excluded_staff or sid == case.current_pom:
        return None
    if case.restricted_to and sid not in case.restricted_to:
        return None
    return sid


def waiting_weeks(case: Case, run_date: date, most: int = 52) -> int:
    """Whole weeks the case has waited since its arrival_date, up to ``most`` (0 without one)."""
    if case.arrival_date is None or case.arrival_date > run_date:
        return 0
    return min(most, (run_date - case.arrival_date).days // 7)
