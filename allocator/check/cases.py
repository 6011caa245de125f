"""The checker's case rules: who holds each covered case, and what that breaks or costs.

Follows the violation table and objective terms 1, 2, 4 and 5 of
``docs/allocation-rules.md``. Part of the independent checker: no solver imports.
"""

from __future__ import annotations

from datetime import date

from allocator.check.context import COM, POM, Context, Row, Tally
from allocator.domain.eligibility import qualified
from allocator.domain.enums import PomType, Responsibility, Role, RuleMode, Status
from allocator.domain.holding import waiting_weeks
from allocator.domain.omic import Derivation
from allocator.domain.problem import Case, Staff
from allocator.domain.rules import (
    ACTIVE_STAFF,
    COM_GRADE,
    COM_UNALLOCATED,
    CONTINUITY,
    EXCLUDED_STAFF,
    HIGH_RISK,
    INACTIVE_HOLDS_CASES,
    INVALID_DATA,
    MISSING_INFORMATION,
    PINNED,
    RECOMMENDED_TYPE,
    RESTRICTED_TO,
    RIGHT_LOCATION,
    RISK_WEIGHT,
    UNALLOCATED,
    W_AGAINST_PRISON,
    W_AGAINST_PROBATION,
    W_COM_GRADE,
    W_COM_UNALLOCATED,
    W_HIGH_RISK,
    W_MOVE,
    W_NOT_PREVIOUS,
    W_UNALLOCATED,
    W_WAITING,
    WAITING_TIME,
    WAITING_WEEKS_MAX,
)

_NEEDS_COM = (Responsibility.POM_COM, Responsibility.COM)


def check_cases(ctx: Context, tally: Tally) -> None:
    """Every case rule for every covered case."""
    for row in ctx.rows:
        d = row.d
        if (
            not d.allocatable
            or row.pom is None
            or (row.com is None and d.responsibility in _NEEDS_COM)
        ):
            _allocated(ctx, row, tally)
        for role in (POM, COM):
            worker, current = row.worker(role), row.current(role)
            if worker is not None and not _fine(ctx, row.case, role, worker):
                _held(ctx, row, role, worker, tally)
            if worker != current:
                _changed(ctx, row, role, tally)


def _fine(ctx: Context, case: Case, role: Role, worker: str) -> bool:
    """The common case, checked fast: an active, qualified worker of the right place."""
    member = ctx.staff.get(worker)
    return (
        member is not None
        and member.status is Status.ACTIVE
        and member.role is role
        and member.location == (case.prison if role is POM else case.ldu)
        and qualified(member, case)
        and worker not in case.excluded_staff
        and (not case.restricted_to or worker in case.restricted_to)
    )


def _changed(ctx: Context, row: Row, role: Role, tally: Tally) -> None:
    """Rules about a change of worker: pinned, continuity, recommendation, COM grade."""
    worker, current = row.worker(role), row.current(role)
    if row.case.pinned:
        _pinned(row.case, role, worker, current, tally)
    elif worker is not None and current is not None:
        _moved(ctx, row, role, worker, current, tally)
    member = ctx.staff.get(worker) if worker is not None else None
    if member is None:
        return
    if role is POM:
        _new_pom(ctx, row, member, tally)
    else:
        tally.cost(COM_GRADE, W_COM_GRADE.get(str(member.grade), 0))


def describe(case: Case) -> str:
    """A case as a head of OM knows it: id, prison, RoSH."""
    rosh = f", RoSH {case.rosh}" if case.rosh else ""
    return f"{case.case_id} ({case.prison}{rosh})"


def _allocated(ctx: Context, row: Row, tally: Tally) -> None:
    """Unallocated (no POM), no COM although one is needed, missing information."""
    case, d = row.case, row.d
    where = {"case_id": case.case_id}
    if not d.allocatable:
        missing = ", ".join(d.missing)
        tally.report(
            MISSING_INFORMATION,
            f"{describe(case)} cannot be allocated: {missing} missing in the Cases sheet",
            **where,
        )
    elif row.pom is None:
        tally.cost(UNALLOCATED, W_UNALLOCATED * RISK_WEIGHT[case.rosh])
        tally.report(UNALLOCATED, f"{describe(case)} has no POM", amount=1, **where)
        _waiting(case, ctx.data.run_date, tally)
    if d.responsibility in _NEEDS_COM and row.com is None:
        tally.cost(COM_UNALLOCATED, W_COM_UNALLOCATED * RISK_WEIGHT[case.rosh])
        place = f"from LDU {case.ldu}" if case.ldu else "but has no home LDU"
        tally.report(
            COM_UNALLOCATED,
            f"{describe(case)} needs a COM ({d.responsibility}) {place} and has none",
            amount=1,
            **where,
        )


def _waiting(case: Case, run_date: date, tally: Tally) -> None:
    """A case left without a POM costs more the longer it has waited."""
    weeks = waiting_weeks(case, run_date, WAITING_WEEKS_MAX)
    if not weeks:
        return
    tally.cost(WAITING_TIME, W_WAITING * weeks)
    tally.report(
        WAITING_TIME,
        f"{describe(case)} has waited {weeks} weeks since arriving and still has no POM",
        case_id=case.case_id,
        amount=weeks,
    )


def check_quarantined(ctx: Context, tally: Tally) -> None:
    """A hard invalid_data violation per quarantined case of the run, naming its cells."""
    for case in ctx.data.quarantined:
        if case.prison and case.prison not in ctx.prisons:
            continue
        who = f"{case.case_id} ({case.prison})" if case.case_id else "A case"
        tally.report(
            INVALID_DATA,
            f"{who} is not allocated: invalid data in Cases row {case.row}: {case.what}",
            case_id=case.case_id,
            amount=len(case.cells),
        )


def _held(ctx: Context, row: Row, role: Role, worker: str, tally: Tally) -> None:
    """Rules about the person holding the case: place, status, exclusion, qualification."""
    case = row.case
    where = {"case_id": case.case_id, "staff_id": worker}
    text = f"{describe(case)} is held by {role} {worker}"
    if worker in case.excluded_staff:
        tally.report(EXCLUDED_STAFF, f"{text}, who is excluded from this case", **where)
    if case.restricted_to and worker not in case.restricted_to:
        allowed = ", ".join(case.restricted_to)
        text_r = f"{text}, but the case is restricted to {allowed}"
        tally.report(RESTRICTED_TO, text_r, **where)
    member = ctx.staff.get(worker)
    if member is None:
        tally.report(RIGHT_LOCATION, f"{text}, who is not in the Staff sheet", **where)
        return
    place = case.prison if role is POM else case.ldu
    if member.role is not role or member.location != place:
        tally.report(RIGHT_LOCATION, _location_text(text, member, role, place), **where)
    if member.status is not Status.ACTIVE and worker != row.current(role):
        tally.report(
            ACTIVE_STAFF,
            f"{text}, a new {role} who is {member.status}: only active staff take new cases",
            **where,
        )
    if member.status is Status.INACTIVE:
        tally.report(INACTIVE_HOLDS_CASES, f"{text}, who is inactive: the case must move", **where)
    if not qualified(member, case):
        _unqualified(case, role, member, text, tally)


def _location_text(text: str, member: Staff, role: Role, place: str | None) -> str:
    """Why the holder is in the wrong place."""
    if member.role is not role:
        return f"{text}, who is a {member.role}, not a {role}"
    if place is None:
        return f"{text} in {member.location}, but the case has no home LDU"
    return f"{text}, who works in {member.location}: its {role} must work in {place}"


def _unqualified(case: Case, role: Role, member: Staff, text: str, tally: Tally) -> None:
    """A high-risk case held by someone who is not probation-qualified."""
    rule_mode = tally.mode(HIGH_RISK)
    if rule_mode is RuleMode.OFF:
        return
    tally.cost(HIGH_RISK, W_HIGH_RISK[rule_mode])
    tally.report(
        HIGH_RISK,
        f"{text}, a {member.grade}: a probation-qualified (PO) {role} is required",
        case_id=case.case_id,
        staff_id=member.staff_id,
    )


def _pinned(case: Case, role: Role, worker: str | None, current: str | None, tally: Tally) -> None:
    """A pinned case must keep its POM and COM."""
    before, after = current or "no one", worker or "no one"
    tally.report(
        PINNED,
        f"{describe(case)} is pinned to {role} {before} but now has {after}",
        case_id=case.case_id,
        staff_id=worker or current or "",
    )


def _moved(ctx: Context, row: Row, role: Role, worker: str, current: str, tally: Tally) -> None:
    """A voluntary move: the current worker could have kept the case."""
    case = row.case
    member = ctx.staff.get(current)
    if member is None or not ctx.valid(member, case, role):
        return
    cost, when = move_cost(ctx, row.d)
    tally.cost(CONTINUITY, cost)
    tally.report(
        CONTINUITY,
        f"{describe(case)} moves from {role} {current} to {worker} although {current} "
        f"could keep it{when}",
        case_id=case.case_id,
        staff_id=worker,
        amount=cost,
    )


def move_cost(ctx: Context, d: Derivation) -> tuple[int, str]:
    """A move costs more when the earliest release date is within 12 or 6 months."""
    erd = d.handover.erd if d.handover else None
    if erd is not None and erd <= ctx.six_months:
        return W_MOVE[2], f" (release {erd:%d/%m/%Y}, within 6 months)"
    if erd is not None and erd <= ctx.twelve_months:
        return W_MOVE[1], f" (release {erd:%d/%m/%Y}, within 12 months)"
    return W_MOVE[0], ""


def _new_pom(ctx: Context, row: Row, member: Staff, tally: Tally) -> None:
    """A new POM: a previous POM passed over, or the other kind than recommended."""
    case, d = row.case, row.d
    _passed_over(ctx, row, member, tally)
    cost = _against_recommendation(d.recommended_pom_type, member)
    if cost:
        tally.cost(RECOMMENDED_TYPE, cost)
        tally.report(
            RECOMMENDED_TYPE,
            f"{describe(case)} is given {member.staff_id}, a {member.grade} POM, although a "
            f"{d.recommended_pom_type} POM is recommended ({d.recommendation_reason})",
            case_id=case.case_id,
            staff_id=member.staff_id,
        )


def _against_recommendation(recommended: PomType | None, member: Staff) -> int:
    """The cost of a new POM of the other kind than recommended."""
    if recommended is PomType.PROBATION and not member.qualified:
        return W_AGAINST_PROBATION
    if recommended is PomType.PRISON and member.qualified:
        return W_AGAINST_PRISON
    return 0


def _passed_over(ctx: Context, row: Row, member: Staff, tally: Tally) -> None:
    """A new POM outside ``previous_poms`` while a previous POM could take the case."""
    case, current = row.case, row.current_pom
    if not case.previous_poms or member.staff_id in case.previous_poms:
        return
    could = [
        p
        for p in case.previous_poms
        if p != current and p in ctx.staff and ctx.option(ctx.staff[p], case, POM)
    ]
    if not could:
        return
    tally.cost(CONTINUITY, W_NOT_PREVIOUS)
    tally.report(
        CONTINUITY,
        f"{describe(case)} is given a new POM, {member.staff_id}, although "
        f"{' or '.join(could)}, who held it before, could take it",
        case_id=case.case_id,
        staff_id=member.staff_id,
        amount=W_NOT_PREVIOUS,
    )
