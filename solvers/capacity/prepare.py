"""The capacity question of one sub-problem as plain numbers: demand, today's staff, new posts.

Built from the weekly model's ``SubProblem`` (members, fixed loads, decided cases
and their options), so capacity planning and allocation agree on who may take
what. Only the rules that are hard count: a hard rule must hold, a soft or off
rule does not limit anyone here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from allocator.domain.capacity import COM_POST_GRADES, POM_POST_GRADES
from allocator.domain.enums import Grade, RuleMode
from allocator.domain.settings import Settings
from solvers.allocation.prepare import POM, Member, SubProblem

#: Cheaper grades first: among additions of equal FTE the cheapest mix is chosen.
GRADE_WEIGHT: dict[Grade, int] = {Grade.PRO: 1, Grade.PSO: 1, Grade.PQIP: 2, Grade.PO: 3}


@dataclass(frozen=True, slots=True)
class Demand:
    """Interchangeable decided cases: who today may take them, their points, PO or not."""

    options: tuple[int, ...]  # seat indices
    points: int
    needs_po: bool  # high-risk while the high-risk rule is hard
    count: int


@dataclass(frozen=True, slots=True)
class Seat:
    """A member of today's staff and the decided cases they hold now and may keep."""

    member: Member
    held_cases: int = 0
    held_points: int = 0


@dataclass(frozen=True, slots=True)
class NewPost:
    """A new post of one grade; its caps are pro rata to its FTE, as for a real person."""

    grade: Grade
    cases_per_fte: int | None  # None: no hard case cap applies
    points_per_fte: int | None  # None: no hard points cap applies
    takes_high_risk: bool
    weight: int

    def can_take(self, demand: Demand) -> bool:
        """A PO takes anything; other grades only what does not need a PO."""
        return self.takes_high_risk or not demand.needs_po

    def tenths_for(self, cases: int, points: int) -> int:
        """The least tenths of FTE whose caps hold ``cases`` and ``points`` (0 for nothing)."""
        if cases == 0:
            return 0
        need = 1
        if self.cases_per_fte is not None:
            need = max(need, math.ceil(10 * cases / self.cases_per_fte))
        if self.points_per_fte is not None:
            need = max(need, math.ceil(10 * points / self.points_per_fte))
        return need


@dataclass(frozen=True)
class CapacityProblem:
    """One prison's POMs or one LDU's COMs, the cases to place, and the posts that may be added.

    ``strict``: limits are the caps themselves (cases re-spread); otherwise a member
    already over a cap before this run keeps that load as their limit and may take
    nothing more (the run cannot fix what is already there).
    """

    name: str
    kind: str
    demands: tuple[Demand, ...]
    seats: tuple[Seat, ...]
    posts: tuple[NewPost, ...]
    settings: Settings
    strict: bool = False

    @property
    def cases_hard(self) -> bool:
        """The caseload cap is a hard rule."""
        return self.settings.caseload_cap_rule is RuleMode.HARD

    @property
    def points_hard(self) -> bool:
        """The points cap is a hard rule."""
        return self.settings.points_cap_rule is RuleMode.HARD

    def before_cases(self, m: int) -> int:
        """Cases the member holds before this run's new cases (strict: the fixed ones only)."""
        seat = self.seats[m]
        return seat.member.fixed_cases + (0 if self.strict else seat.held_cases)

    def before_points(self, m: int) -> int:
        """Points the member carries before this run's new cases (strict: the fixed ones only)."""
        seat = self.seats[m]
        return seat.member.fixed_points + (0 if self.strict else seat.held_points)

    def case_limit(self, m: int) -> int | None:
        """Most cases after the run: the cap, or today's load if already over (None: no limit)."""
        cap = self.seats[m].member.case_cap
        if not self.cases_hard or cap is None:
            return None
        return max(cap, self.before_cases(m))

    def points_limit(self, m: int) -> int | None:
        """Most points after the run (None: no hard points cap)."""
        if not self.points_hard:
            return None
        return max(self.seats[m].member.capacity, self.before_points(m))

    @property
    def decided(self) -> int:
        """Cases to allocate."""
        return sum(d.count for d in self.demands)


def capacity_problem(sp: SubProblem, strict: bool = False) -> CapacityProblem:
    """The capacity question of a sub-problem (``strict`` for the re-spread figure)."""
    settings = sp.settings
    hard_risk = settings.high_risk_rule is RuleMode.HARD
    groups: dict[tuple[tuple[int, ...], int, bool], int] = {}
    held = [[0, 0] for _ in sp.members]
    for d in sp.decisions:
        key = (d.options, d.points, d.high_risk and hard_risk)
        groups[key] = groups.get(key, 0) + 1
        if d.current is not None:
            held[d.current][0] += 1
            held[d.current][1] += d.points
    return CapacityProblem(
        name=sp.name,
        kind=sp.kind,
        demands=tuple(Demand(o, p, n, c) for (o, p, n), c in groups.items()),
        seats=tuple(Seat(m, h[0], h[1]) for m, h in zip(sp.members, held, strict=True)),
        posts=new_posts(sp.kind, settings),
        settings=settings,
        strict=strict,
    )


def new_posts(kind: str, settings: Settings) -> tuple[NewPost, ...]:
    """The grades a prison (POM) or an LDU (COM) may add, with their hard caps per FTE."""
    hard_risk = settings.high_risk_rule is RuleMode.HARD
    points = settings.pom_points_per_fte if kind == POM else settings.com_points_per_fte
    posts = []
    for grade in POM_POST_GRADES if kind == POM else COM_POST_GRADES:
        cases: int | None = None
        if kind == POM and settings.caseload_cap_rule is RuleMode.HARD:
            cases = settings.po_cases_per_fte if grade is Grade.PO else settings.pro_cases_per_fte
        posts.append(
            NewPost(
                grade=grade,
                cases_per_fte=cases,
                points_per_fte=points if settings.points_cap_rule is RuleMode.HARD else None,
                takes_high_risk=grade is Grade.PO or not hard_risk,
                weight=GRADE_WEIGHT[grade],
            )
        )
    return tuple(posts)
