"""Who may hold a case: the one definition the solvers and the checker both use.

A worker *can hold* a case when they have the right role, work in its place (the
prison for a POM, the home LDU for a COM), are not inactive, are not excluded from
it and, for a restricted-access case, are one of the staff it is restricted to; only
active staff *take* new cases. The high-risk rule adds that a RoSH high or very high
case needs a probation-qualified (PO) worker: under ``hard`` no one else may take it,
under ``soft`` a current unqualified worker may keep it, and under ``off`` holding it
is no breach at all.
"""

from __future__ import annotations

from allocator.domain.enums import HIGH_ROSH, Role, RuleMode, Status
from allocator.domain.problem import Case, Staff


def place_of(case: Case, role: Role) -> str | None:
    """Where a worker of ``role`` must work to hold the case: its prison, or its home LDU."""
    return case.prison if role is Role.POM else case.ldu


def can_hold(member: Staff, case: Case, role: Role) -> bool:
    """Right role and place, not inactive, not excluded, within ``restricted_to``."""
    return (
        member.role is role
        and member.location == place_of(case, role)
        and member.status is not Status.INACTIVE
        and member.staff_id not in case.excluded_staff
        and (not case.restricted_to or member.staff_id in case.restricted_to)
    )


def can_take(member: Staff, case: Case, role: Role) -> bool:
    """Can hold the case and is active (only active staff take new cases)."""
    return member.status is Status.ACTIVE and can_hold(member, case, role)


def qualified(member: Staff, case: Case) -> bool:
    """The case is not high risk, or the worker is probation-qualified (PO grade)."""
    return case.rosh not in HIGH_ROSH or member.qualified


def may_stay(member: Staff | None, case: Case, role: Role, high_risk: RuleMode) -> bool:
    """The current worker is valid: the case stays unless moving it is chosen."""
    if member is None or not can_hold(member, case, role):
        return False
    return high_risk is RuleMode.OFF or qualified(member, case)


def may_keep(member: Staff | None, case: Case, role: Role, high_risk: RuleMode) -> bool:
    """The current worker is an option (a soft high-risk breach may stay, at its cost)."""
    if member is None or not can_hold(member, case, role):
        return False
    return high_risk is not RuleMode.HARD or qualified(member, case)


def may_take(member: Staff, case: Case, role: Role, high_risk: RuleMode) -> bool:
    """The worker may be given the case as a new case."""
    return can_take(member, case, role) and (
        high_risk is not RuleMode.HARD or qualified(member, case)
    )
