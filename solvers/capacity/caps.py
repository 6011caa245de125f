"""With today's staff, the smallest uniform caps under which every decided case could be placed.

The caps searched are cases per FTE by grade (``po_cases_per_fte`` for PO POMs,
``pro_cases_per_fte`` for the others) and points per FTE (``pom_points_per_fte`` or
``com_points_per_fte``); only hard caps count. A member's cap is floor(cap per FTE x
effective FTE) as ``allocator.domain.workload`` computes it, here in exact fractions; a
``max_cases`` stays as it is; as in the posts model, someone already over a cap
before this run takes nothing more.

Every cap helps monotonically (a higher cap never makes placing harder), so the
answer is a search over feasibility checks with the caps fixed: first the least
uniform raise (the largest cap / setting, in per mille), then each cap in turn as
low as that allows. A check is the linear relaxation (split cases: if even they
do not fit, nothing does), a quick fill rounded from it, or else a CP-SAT proof;
checks with fixed caps are proved far faster than one model with the caps as
variables. Each proof may take a fiftieth of the time limit and all
of them a fifth (deterministic time, so the answer does not depend on the machine
or its load); a check left unproved counts as "does not fit", so a reported cap always
works, and the status says FEASIBLE instead of OPTIMAL.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction

from allocator.domain.capacity import CapsAnswer
from allocator.domain.enums import Grade
from allocator.domain.problem import Staff
from allocator.domain.settings import Settings
from solvers.allocation.prepare import POM
from solvers.capacity.fill import fill
from solvers.capacity.lp import PlacementLP
from solvers.capacity.posts import prove_placeable
from solvers.capacity.prepare import CapacityProblem, Seat

PO_CASES, PRO_CASES = "po_cases_per_fte", "pro_cases_per_fte"
POM_POINTS, COM_POINTS = "pom_points_per_fte", "com_points_per_fte"


def effective_fte(staff: Staff, settings: Settings) -> Fraction:
    """FTE less reduction hours, exactly (``domain.workload.effective_fte`` in fractions)."""
    reduction = Fraction(str(staff.reduction_hours)) / Fraction(str(settings.hours_per_fte))
    return max(Fraction(0), Fraction(str(staff.fte)) - reduction)


def case_family(problem: CapacityProblem, m: int) -> str | None:
    """The setting that scales this member's case cap (None: no variable case cap)."""
    staff = problem.seats[m].member.staff
    if problem.case_limit(m) is None or staff.max_cases is not None:
        return None
    return PO_CASES if staff.grade is Grade.PO else PRO_CASES


def points_family(problem: CapacityProblem) -> str | None:
    """The setting that scales points capacity (None: the points cap is not hard)."""
    if not problem.points_hard:
        return None
    return POM_POINTS if problem.kind == POM else COM_POINTS


def settings_value(settings: Settings, family: str) -> int:
    """The cap as set."""
    return int(getattr(settings, family))


@dataclass
class CapsSearch:
    """Feasibility of the placeable cases on today's staff under candidate caps."""

    problem: CapacityProblem  # placeable demands only, no new posts
    families: dict[int, tuple[str | None, str | None]]  # seat -> (case family, points family)
    fte: dict[int, Fraction]  # seat -> effective FTE
    check_limit: float
    budget: float  # deterministic seconds of CP-SAT checks; then quick checks only
    lp: PlacementLP
    unknown: bool = False  # a check was not proved (its answer taken as "no")
    memo: dict[tuple[tuple[str, int], ...], bool] = field(default_factory=dict)

    @classmethod
    def of(cls, problem: CapacityProblem, check_limit: float) -> CapsSearch:
        """The search for a capacity problem (unplaceable cases left out)."""
        placeable_only = replace(
            problem, demands=tuple(d for d in problem.demands if d.options), posts=()
        )
        points = points_family(problem)
        families = {m: (case_family(problem, m), points) for m in range(len(problem.seats))}
        fte = {
            m: effective_fte(seat.member.staff, problem.settings)
            for m, seat in enumerate(problem.seats)
        }
        return cls(
            placeable_only,
            families,
            fte,
            check_limit,
            budget=10 * check_limit,
            lp=PlacementLP(placeable_only),
        )

    def names(self) -> list[str]:
        """The cap settings searched, sorted."""
        return sorted({f for pair in self.families.values() for f in pair if f is not None})

    def upper(self) -> dict[str, int]:
        """Per cap, a value under which everyone with caseload time could take everything."""
        problem, top = self.problem, dict.fromkeys(self.names(), 0)
        most_cases = [s.member.fixed_cases for s in problem.seats]
        most_points = [s.member.fixed_points for s in problem.seats]
        for d in problem.demands:
            for m in d.options:
                most_cases[m] += d.count
                most_points[m] += d.count * d.points
        for m, (cases, points) in self.families.items():
            e = self.fte[m]
            if e == 0:
                continue
            if cases is not None:
                top[cases] = max(top[cases], math.ceil(most_cases[m] / e))
            if points is not None:
                top[points] = max(top[points], math.ceil(most_points[m] / e))
        return top

    def _seat(self, m: int, seat: Seat, caps: Mapping[str, int]) -> Seat:
        """The member with caps from the candidate values."""
        cases, points = self.families[m]
        member, e = seat.member, self.fte[m]
        if cases is not None:
            member = replace(member, case_cap=math.floor(caps[cases] * e))
        if points is not None:
            member = replace(member, capacity=math.floor(caps[points] * e))
        return replace(seat, member=member)

    def with_caps(self, caps: Mapping[str, int]) -> CapacityProblem:
        """The problem with every member's caps from the candidate values."""
        seats = tuple(self._seat(m, s, caps) for m, s in enumerate(self.problem.seats))
        return replace(self.problem, seats=seats)

    def may_fit(self, caps: Mapping[str, int]) -> bool:
        """The linear relaxation only: False proves these caps are too low."""
        return self.lp.feasible(self.with_caps(caps))

    def feasible(self, caps: Mapping[str, int]) -> bool:
        """Every placeable case fits under these caps (an unproven check counts as no)."""
        key = tuple(sorted(caps.items()))
        if key not in self.memo:
            self.memo[key] = self._check(self.with_caps(caps))
        return self.memo[key]

    def _check(self, problem: CapacityProblem) -> bool:
        """Linear relaxation, quick fill, then CP-SAT while the budget lasts."""
        if not self.lp.feasible(problem):
            return False
        if fill(problem, self.lp.rounded()).unplaced == 0:
            return True
        answer: bool | None = None
        if self.budget > 0:
            answer, spent = prove_placeable(problem, self.check_limit)
            self.budget -= spent
        self.unknown |= answer is None
        return bool(answer)


def _least(low: int, high: int, ok: Callable[[int], bool]) -> int:
    """The least value in [low, high] for which ``ok`` holds, given that ``ok(high)`` does."""
    while low < high:
        middle = (low + high) // 2
        if ok(middle):
            high = middle
        else:
            low = middle + 1
    return high


def solve_caps(problem: CapacityProblem, time_limit: float) -> CapsAnswer:
    """The smallest caps, by setting name, under which every placeable case fits."""
    started = time.perf_counter()
    unplaceable = sum(d.count for d in problem.demands if not d.options)
    if not problem.demands:
        return CapsAnswer("NOTHING_TO_DECIDE")
    search = CapsSearch.of(problem, time_limit / 50)

    def answer(status: str, needed: Mapping[str, int] | None = None) -> CapsAnswer:
        setting = {f: settings_value(problem.settings, f) for f in (needed or {})}
        seconds = time.perf_counter() - started
        return CapsAnswer(status, dict(needed or {}), setting, unplaceable, seconds)

    if not search.problem.demands:
        return answer("NO_CAP_IS_ENOUGH")
    top = search.upper()
    if not search.feasible(top):
        return answer("NO_CAP_IS_ENOUGH")
    if not top:
        return answer("ANY_CAPS")
    needed = _search(search, top, {f: settings_value(problem.settings, f) for f in top})
    return answer("FEASIBLE" if search.unknown else "OPTIMAL", needed)


def _upward(low: int, high: int, ok: Callable[[int], bool]) -> int:
    """As ``_least``, probing up from ``low`` in doubling steps (the answer is usually near)."""
    step = 1
    while low < high:
        probe = min(high, low + step - 1)
        if ok(probe):
            return _least(low, probe, ok)
        low, step = probe + 1, 2 * step
    return high


def _search(search: CapsSearch, top: dict[str, int], setting: dict[str, int]) -> dict[str, int]:
    """The least uniform raise, then each cap as low as it can go.

    Each search first finds where the linear relaxation starts to hold (nothing
    below can work) and probes upward from there.
    """

    def at(per_mille: int) -> dict[str, int]:
        return {f: per_mille * setting[f] // 1000 for f in top}

    most = max(math.ceil(1000 * top[f] / setting[f]) for f in top)
    floor = _least(0, most, lambda r: search.may_fit(at(r)))
    caps = at(_upward(floor, most, lambda r: search.feasible(at(r))))
    for family in sorted(caps):
        caps[family] = _lowest(search, caps, family)
    return caps


def _lowest(search: CapsSearch, caps: dict[str, int], family: str) -> int:
    """The lowest value of one cap, the others held."""
    floor = _least(0, caps[family], lambda k: search.may_fit({**caps, family: k}))
    return _upward(floor, caps[family], lambda k: search.feasible({**caps, family: k}))
