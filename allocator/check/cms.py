"""Checks of Case Management Support co-working (independent of the solver)."""

from __future__ import annotations

from allocator.check.context import Context, Row, Tally
from allocator.domain import rules
from allocator.domain.enums import HIGH_ROSH, Grade, Role, Status, Switch


def check_co_working(ctx: Context, tally: Tally) -> None:
    """Each co-worked case costs W_CMS; co-working outside the rule is a hard violation."""
    for row in ctx.rows:
        coworker = ctx.coworker.get(row.case.case_id)
        if not coworker:
            continue
        if coworker == row.case.coworking_pom:  # an existing co-worker kept: no new cost
            problem = _why_not_kept(ctx, row, coworker)
        else:
            tally.cost(rules.CASE_MANAGEMENT_SUPPORT, rules.W_CMS)
            problem = _why_not(ctx, row, coworker)
        if problem:
            tally.report(
                rules.CASE_MANAGEMENT_SUPPORT,
                f"{row.case.case_id} is co-worked by {coworker}, but {problem}",
                case_id=row.case.case_id,
                staff_id=coworker,
            )


def _why_not(ctx: Context, row: Row, coworker: str) -> str:
    """Why this co-working breaks the rule ('' when it is allowed)."""
    case, holder = row.case, ctx.staff.get(row.pom or "")
    member = ctx.staff.get(coworker)
    if ctx.settings.case_management_support is not Switch.ON:
        return "case management support is off"
    if case.rosh not in HIGH_ROSH:
        return "only high-risk cases are co-worked"
    if holder is None or holder.grade is not Grade.PO:
        return "the case's POM is not a probation-qualified (PO) POM"
    if member is None or member.role is not Role.POM or member.location != case.prison:
        return f"the co-worker is not a POM of {case.prison}"
    if member.grade is Grade.PO:
        return "the co-worker must be a prison (non-PO) POM"
    if member.status is not Status.ACTIVE:
        return f"the co-worker is {member.status}"
    if coworker in case.excluded_staff or coworker == holder.staff_id:
        return "the co-worker is excluded from the case"
    if case.restricted_to and coworker not in case.restricted_to:
        return "the case is restricted to other staff"
    return ""


def _why_not_kept(ctx: Context, row: Row, coworker: str) -> str:
    """Why keeping an existing co-worker breaks the rule ('' when it may stay)."""
    case, member = row.case, ctx.staff.get(coworker)
    if member is None or member.role is not Role.POM or member.location != case.prison:
        return f"the co-worker is not a POM of {case.prison}"
    if member.status is Status.INACTIVE:
        return "the co-worker is inactive"
    if coworker in case.excluded_staff or coworker == row.pom:
        return "the co-worker is excluded from the case or is its POM"
    if case.restricted_to and coworker not in case.restricted_to:
        return "the case is restricted to other staff"
    return ""
