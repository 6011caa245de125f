"""What capacity planning finds, per prison (POMs) and per LDU (COMs).

Plain data, free of OR-Tools: the solvers fill it in, the report reads it. FTE is
counted in tenths (the smallest working pattern), so every figure is exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from allocator.domain.enums import Grade

#: Grades of the new posts the model may add, cheapest first.
POM_POST_GRADES: tuple[Grade, ...] = (Grade.PRO, Grade.PO)
COM_POST_GRADES: tuple[Grade, ...] = (Grade.PSO, Grade.PQIP, Grade.PO)


def fte(tenths: int) -> float:
    """Tenths of FTE as FTE (0.1 steps)."""
    return round(tenths / 10, 1)


@dataclass(frozen=True, slots=True)
class PostsAnswer:
    """The least FTE of new posts, by grade, that lets every hard rule hold.

    ``status``: OPTIMAL (proven least), FEASIBLE (best found; ``bound_tenths`` is
    proven: nothing smaller than it can work) or NOTHING_TO_DECIDE.
    """

    status: str
    tenths: Mapping[Grade, int] = field(default_factory=dict)
    bound_tenths: int = 0
    seconds: float = 0.0
    unplaceable: int = 0  # decided cases nobody on today's staff may take

    @property
    def total_tenths(self) -> int:
        """All new posts together, in tenths of FTE."""
        return sum(self.tenths.values())


@dataclass(frozen=True, slots=True)
class CapsAnswer:
    """With today's staff, the smallest caps under which every case could be allocated.

    ``needed`` and ``setting`` are keyed by setting name (``po_cases_per_fte``,
    ``pro_cases_per_fte``, ``pom_points_per_fte``, ``com_points_per_fte``); a cap
    that is not a hard rule, or that nobody here has, is absent. ``status``:
    OPTIMAL, FEASIBLE, NOTHING_TO_DECIDE, ANY_CAPS (no hard cap limits anyone who
    may take these cases), NO_CAP_IS_ENOUGH (the cases can go only to staff with no
    caseload time). ``unplaceable``: cases nobody today may take at all.
    """

    status: str
    needed: Mapping[str, int] = field(default_factory=dict)
    setting: Mapping[str, int] = field(default_factory=dict)
    unplaceable: int = 0
    seconds: float = 0.0

    @property
    def raise_pct(self) -> float | None:
        """How far the tightest cap would have to move, in % of its setting (+ up, - down)."""
        ratios = [100.0 * v / self.setting[k] - 100.0 for k, v in self.needed.items()]
        return round(max(ratios), 1) if ratios else None


@dataclass(frozen=True, slots=True)
class Overload:
    """Staff over a hard cap before this run's new cases: the run cannot fix it."""

    staff: int = 0  # members over their case cap or points capacity
    cases: int = 0  # cases above case caps, summed
    points: int = 0  # points above capacity, summed


@dataclass(frozen=True, slots=True)
class SubCapacity:
    """Everything the report says about one prison (POMs) or one LDU (COMs)."""

    name: str
    kind: str  # "pom" or "com"
    cases: int  # covered cases held here
    to_allocate: int  # cases decided this run
    high_risk: int  # ... of which RoSH high / very high
    points: int  # ... their workload points
    fte: Mapping[Grade, float]  # today's active staff, by grade
    fte_away: float  # unavailable and inactive staff (take no new cases)
    posts: PostsAnswer
    caps: CapsAnswer
    overload: Overload = Overload()
    respread: PostsAnswer | None = None  # every case re-spread, everybody within caps
    high_risk_hard: bool = True  # high-risk cases need a PO (the rule is hard)


@dataclass(frozen=True)
class CapacityRun:
    """Every sub-problem's answer, in plan order, and the time taken."""

    subs: tuple[SubCapacity, ...]
    seconds: float
    prisons: tuple[str, ...] = ()
