"""Turn problem data into sub-problems: who is decided, with which options, on what loads.

Follows ``docs/allocation-rules.md``. One sub-problem per covered prison (its POMs)
and per home LDU of a covered case (its COMs). Everything the model needs is here
as integers and indices; the model never looks at ``ProblemData`` again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from allocator.domain import eligibility, rules
from allocator.domain.dates import add_months
from allocator.domain.enums import (
    HIGH_ROSH,
    Complexity,
    Estate,
    PomType,
    Responsibility,
    Role,
    RuleMode,
    Status,
)
from allocator.domain.holding import kept_coworker, waiting_weeks
from allocator.domain.omic import Derivation
from allocator.domain.problem import Case, ProblemData, Staff
from allocator.domain.settings import Settings
from allocator.domain.workload import case_cap, co_working_share, points_capacity

POM, COM = "pom", "com"


@dataclass(frozen=True, slots=True)
class Member:
    """A member of staff of a sub-problem, with the load that no decision changes."""

    staff: Staff
    case_cap: int | None
    capacity: int
    fixed_cases: int = 0
    fixed_points: int = 0
    fixed_complexity: int = 0


@dataclass(frozen=True, slots=True)
class Decision:
    """A case to decide: its options (member indices) and what each choice costs."""

    case: Case
    derivation: Derivation
    why: str
    points: int
    options: tuple[int, ...]
    current: int | None = None  # member index of a keepable current worker
    current_valid: bool = False  # keeping them is allowed and moving them is voluntary
    move_cost: int = 0
    previous: tuple[int, ...] = ()  # previous POMs who could take the case
    risk: int = 1
    high_risk: bool = False
    recommended: PomType | None = None
    high_complexity: bool = False
    waiting: int = 0  # whole weeks waited since arrival (POM decisions only)

    def signature(self) -> tuple[object, ...]:
        """Everything the model sees: decisions with equal signatures are interchangeable."""
        return (
            self.options,
            self.current,
            self.current_valid,
            self.move_cost,
            self.previous,
            self.points,
            self.risk,
            self.high_risk,
            self.recommended,
            self.high_complexity,
            self.waiting,
        )


@dataclass(frozen=True)
class SubProblem:
    """The POMs of one prison, or the COMs of one LDU, and the cases to decide among them."""

    kind: str
    name: str
    members: tuple[Member, ...]
    decisions: tuple[Decision, ...]
    settings: Settings
    constant: int = 0  # objective terms no decision here can change
    female: bool = False
    spos: dict[str, int] = field(default_factory=dict)  # SPO id -> fixed high-risk cases
    cases: int = 0  # covered cases in this sub-problem


def role_of(kind: str) -> Role:
    """The staff role of a sub-problem's kind."""
    return Role.POM if kind == POM else Role.COM


def can_hold(member: Staff, case: Case, kind: str) -> bool:
    """Right role and place, not inactive, not excluded (``allocator.domain.eligibility``)."""
    return eligibility.can_hold(member, case, role_of(kind))


def can_take(member: Staff, case: Case, kind: str) -> bool:
    """Can hold it and is active (only active staff take new cases)."""
    return eligibility.can_take(member, case, role_of(kind))


def is_valid(member: Staff | None, case: Case, kind: str, settings: Settings) -> bool:
    """The current worker may stay, and moving the case would be voluntary."""
    return eligibility.may_stay(member, case, role_of(kind), settings.high_risk_rule)


def is_keepable(member: Staff | None, case: Case, kind: str, settings: Settings) -> bool:
    """The current worker is an option (a soft high-risk breach is allowed to stay)."""
    return eligibility.may_keep(member, case, role_of(kind), settings.high_risk_rule)


def needs_com(derivation: Derivation) -> bool:
    """The state on the run date involves a COM."""
    return derivation.responsibility in (Responsibility.POM_COM, Responsibility.COM)


def move_cost(derivation: Derivation, run_date: date) -> int:
    """A voluntary move costs more the nearer the release."""
    erd = derivation.handover.erd if derivation.handover else None
    if erd is not None and erd <= add_months(run_date, 6):
        return rules.W_MOVE[2]
    if erd is not None and erd <= add_months(run_date, 12):
        return rules.W_MOVE[1]
    return rules.W_MOVE[0]


def decided_pom(case: Case, d: Derivation, data: ProblemData, rebalance: bool) -> str | None:
    """Why the POM of a covered case is decided this run (None: it is not)."""
    if not d.allocatable or case.pinned:
        return None
    current = data.staff_by_id.get(case.current_pom or "")
    if current is None and case.current_pom:
        return f"re-allocated: POM {case.current_pom} is not on the Staff sheet (left)"
    if current is None:
        return "new arrival (no POM yet)" if not case.previous_poms else "returning (no POM yet)"
    if is_valid(current, case, POM, data.settings):
        return "rebalancing" if rebalance else None
    return "moved: " + _invalid_reason(current, case, "POM")


def decided_com(case: Case, d: Derivation, data: ProblemData, rebalance: bool) -> str | None:
    """Why the COM of a covered case is decided this run (None: it is not)."""
    if not needs_com(d) or not case.ldu or case.pinned:
        return None
    current = data.staff_by_id.get(case.current_com or "")
    if current is None and case.current_com:
        return f"re-allocated: COM {case.current_com} is not on the Staff sheet (left)"
    if current is None:
        return f"COM needed ({_com_need(d)})"
    if is_valid(current, case, COM, data.settings):
        return "rebalancing" if rebalance else None
    return "moved: " + _invalid_reason(current, case, "COM")


def _com_need(d: Derivation) -> str:
    """Why a COM is needed now."""
    if d.responsibility is Responsibility.COM:
        return "COM responsible" + (", overdue" if d.com_overdue else "")
    return "handover window open" + (", overdue" if d.com_overdue else "")


def _invalid_reason(member: Staff, case: Case, role: str) -> str:
    """Why the current worker cannot keep the case."""
    if member.role.value != role:
        return f"{member.staff_id} is not a {role}"
    if member.status is Status.INACTIVE:
        return f"{role} {member.staff_id} inactive"
    if member.staff_id in case.excluded_staff:
        return f"{role} {member.staff_id} excluded from this case"
    if case.restricted_to and member.staff_id not in case.restricted_to:
        return f"{role} {member.staff_id} not among the staff the case is restricted to"
    if role == "POM" and member.location != case.prison:
        return f"transferred in (POM {member.staff_id} is at {member.location})"
    if role == "COM" and member.location != case.ldu:
        return f"home LDU is {case.ldu} (COM {member.staff_id} is in {member.location})"
    return f"{role} {member.staff_id} is not probation-qualified (RoSH {case.rosh})"


def members_for(staff: Sequence[Staff], settings: Settings) -> list[Member]:
    """Members with caps and capacities, loads still empty."""
    return [Member(s, case_cap(s, settings), points_capacity(s, settings)) for s in staff]


@dataclass(frozen=True)
class Takers:
    """Who in a sub-problem can take new cases, computed once per sub-problem."""

    members: Sequence[Member]
    active: tuple[int, ...]
    qualified: tuple[int, ...]
    index: dict[str, int]

    @classmethod
    def of(cls, members: Sequence[Member]) -> Takers:
        """Active members, and the active PO members, by index."""
        active = tuple(i for i, m in enumerate(members) if m.staff.status is Status.ACTIVE)
        po = tuple(i for i in active if members[i].staff.qualified)
        return cls(members, active, po, {m.staff.staff_id: i for i, m in enumerate(members)})


def decision(
    case: Case, d: Derivation, why: str, kind: str, takers: Takers, data: ProblemData
) -> Decision:
    """The options and costs of one decided case.

    Every member of a sub-problem works in the right prison or LDU, so
    ``allocator.domain.eligibility.may_take`` comes down to active, not excluded, and
    (hard high-risk rule) qualified: precomputed per sub-problem as ``Takers``.
    """
    settings = data.settings
    hard = settings.high_risk_rule is RuleMode.HARD
    pool = takers.qualified if hard and case.rosh in HIGH_ROSH else takers.active
    excluded = case.excluded_staff
    members = takers.members
    options = (
        [i for i in pool if members[i].staff.staff_id not in excluded] if excluded else list(pool)
    )
    if case.restricted_to:  # a restricted-access case: only the staff it names
        options = [i for i in options if members[i].staff.staff_id in case.restricted_to]
    share = 0
    kept = kept_coworker(case, data.staff_by_id) if kind == POM else None
    if kept is not None:  # an existing co-worker stays: carries a share, is not the primary
        share = co_working_share(d.points, settings.cms_share_pct)
        options = [i for i in options if members[i].staff.staff_id != kept]
    current_id = case.current_pom if kind == POM else case.current_com
    current_staff = data.staff_by_id.get(current_id or "")
    current = None
    if current_staff is not None and is_keepable(current_staff, case, kind, settings):
        current = takers.index[current_staff.staff_id]
        if current not in options:
            options.append(current)
    previous = tuple(
        i
        for i in (takers.index.get(sid) for sid in case.previous_poms)
        if kind == POM
        and i is not None
        and i != current
        and i in options
        and can_take(members[i].staff, case, kind)
    )
    return Decision(
        case=case,
        derivation=d,
        why=why,
        points=d.points - share if kind == POM else d.com_points,
        options=tuple(sorted(options)),
        current=current,
        current_valid=is_valid(current_staff, case, kind, settings),
        move_cost=move_cost(d, data.run_date),
        previous=tuple(sorted(previous)),
        risk=rules.RISK_WEIGHT[case.rosh],
        high_risk=case.rosh in HIGH_ROSH,
        recommended=d.recommended_pom_type if kind == POM else None,
        high_complexity=kind == POM
        and case.complexity is Complexity.HIGH
        and data.prison(case.prison).estate is Estate.FEMALE,
        waiting=waiting_weeks(case, data.run_date, rules.WAITING_WEEKS_MAX) if kind == POM else 0,
    )
