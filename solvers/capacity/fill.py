"""A quick fill of a capacity problem: today's staff first, new posts for the rest.

A feasible starting point (the model's hint) and the quick half of every
feasibility check, never the answer. Best fit decreasing: PO-only cases first,
heaviest first, each to the least flexible member (a prison-officer POM, who may
not take high-risk cases, before a PO) whose free points per free case slot best
match the case's points. A case that fits nowhere
makes room by moving one placed case to another member; failing that, it goes to
the cheapest new post that may take it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from solvers.capacity.prepare import CapacityProblem, Demand

_UNLIMITED = 10**12


@dataclass
class Fill:
    """Cases per (demand, seat) and (demand, post), and each post's tenths of FTE."""

    seats: dict[tuple[int, int], int] = field(default_factory=dict)
    posts: dict[tuple[int, int], int] = field(default_factory=dict)
    tenths: list[int] = field(default_factory=list)
    unplaced: int = 0  # cases no member had room for and no new post may take


class _Filler:
    """Loads of today's members while cases are placed on them."""

    def __init__(self, problem: CapacityProblem) -> None:
        self.problem = problem
        self.cases = [seat.member.fixed_cases for seat in problem.seats]
        self.points = [seat.member.fixed_points for seat in problem.seats]
        self.on: dict[int, dict[int, int]] = defaultdict(dict)  # member -> demand -> count
        self.flexible = [0] * len(problem.seats)  # kinds of case each member may take
        for demand in problem.demands:
            for m in demand.options:
                self.flexible[m] += 1

    def room(self, m: int) -> int:
        """Points the member can still take (unlimited when no hard points cap)."""
        limit = self.problem.points_limit(m)
        return _UNLIMITED if limit is None else limit - self.points[m]

    def fits(self, m: int, demand: Demand) -> int:
        """How many cases of ``demand`` the member can still take within their limits."""
        fit = _UNLIMITED
        case_limit = self.problem.case_limit(m)
        if case_limit is not None:
            fit = min(fit, case_limit - self.cases[m])
        if demand.points > 0:
            fit = min(fit, self.room(m) // demand.points)
        return max(0, fit)

    def _score(self, m: int, demand: Demand) -> tuple[int, float, int]:
        """Least flexible first; then the member whose free points per free case slot are
        nearest the case's points (heavy cases where case slots bind, light ones where
        points do); then the tightest fit."""
        limit = self.problem.case_limit(m)
        slots = _UNLIMITED if limit is None else max(1, limit - self.cases[m])
        return (self.flexible[m], abs(self.room(m) / slots - demand.points), self.room(m))

    def place(self, i: int, m: int, count: int) -> None:
        """Put ``count`` cases of demand ``i`` on member ``m`` (negative: take them off)."""
        self.cases[m] += count
        self.points[m] += count * self.problem.demands[i].points
        self.on[m][i] = self.on[m].get(i, 0) + count

    def greedy(self, i: int, left: int) -> int:
        """Best fit onto today's members; how many cases are left over."""
        demand = self.problem.demands[i]
        while left:
            fits = {m: self.fits(m, demand) for m in demand.options}
            able = [m for m in demand.options if fits[m] > 0]
            if not able:
                break
            best = min(able, key=lambda m: self._score(m, demand))
            given = min(left, fits[best])
            self.place(i, best, given)
            left -= given
        return left

    def repair(self, i: int) -> bool:
        """Make room for one case of demand ``i`` by moving one placed case elsewhere."""
        demand = self.problem.demands[i]
        for m in demand.options:
            for j, count in list(self.on[m].items()):
                if count and self._swap(i, m, j):
                    return True
        return False

    def _swap(self, i: int, m: int, j: int) -> bool:
        """Move a case of demand ``j`` off ``m`` to another member, if ``i`` then fits on ``m``."""
        other = self.problem.demands[j]
        self.place(j, m, -1)
        if self.fits(m, self.problem.demands[i]):
            for target in other.options:
                if target != m and self.fits(target, other):
                    self.place(j, target, 1)
                    self.place(i, m, 1)
                    return True
        self.place(j, m, 1)
        return False

    def counts(self) -> dict[tuple[int, int], int]:
        """Cases per (demand, member), without zeros."""
        return {(i, m): n for m, row in self.on.items() for i, n in row.items() if n}


def _order(problem: CapacityProblem) -> list[int]:
    """PO-only cases first, then heaviest first, those with fewest options first."""
    demands = problem.demands
    return sorted(
        range(len(demands)),
        key=lambda i: (not demands[i].needs_po, -demands[i].points, len(demands[i].options)),
    )


def fill(problem: CapacityProblem, start: dict[tuple[int, int], int] | None = None) -> Fill:
    """Place every case: on today's staff while they have room, else on a new post.

    ``start``: cases per (demand, member) to place first (a rounded relaxation),
    trusted to keep within every limit.
    """
    filler = _Filler(problem)
    placed = [0] * len(problem.demands)
    for (i, m), count in (start or {}).items():
        filler.place(i, m, count)
        placed[i] += count
    post_load = [[0, 0] for _ in problem.posts]
    result = Fill()
    for i in _order(problem):
        demand = problem.demands[i]
        left = filler.greedy(i, demand.count - placed[i])
        while left and filler.repair(i):
            left -= 1
        p = _cheapest_post(problem, demand) if left else None
        if p is None:
            result.unplaced += left
        else:
            result.posts[i, p] = left
            post_load[p][0] += left
            post_load[p][1] += left * demand.points
    result.seats = filler.counts()
    result.tenths = [
        post.tenths_for(c, pts) for post, (c, pts) in zip(problem.posts, post_load, strict=True)
    ]
    return result


def _cheapest_post(problem: CapacityProblem, demand: Demand) -> int | None:
    """The cheapest new post that may take the demand (None: there are no new posts)."""
    able = [p for p, post in enumerate(problem.posts) if post.can_take(demand)]
    return min(able, key=lambda p: problem.posts[p].weight, default=None)
