"""The greedy baseline: what a manager does by hand, behind the same interface.

Keep every valid allocation; give each case to decide, most at risk first, to a
previous POM if one can take it, else to the least-utilised eligible member of the
recommended type with room under the caps, else to the least-utilised eligible
member at all. It is the hint for the model and the bar the model must beat.
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt

from allocator.domain.enums import Grade, PomType
from allocator.domain.result import SubResult
from solvers.allocation.prepare import POM, Decision, SubProblem
from solvers.allocation.score import Choice, evaluate

Ints = npt.NDArray[np.int64]


class _Loads:
    """Running cases and points of every member, as arrays (a case's options at once)."""

    def __init__(self, sp: SubProblem) -> None:
        self.sp = sp
        members = sp.members
        self.cases: Ints = np.array([m.fixed_cases for m in members], dtype=np.int64)
        self.points: Ints = np.array([m.fixed_points for m in members], dtype=np.int64)
        no_cap = np.iinfo(np.int64).max
        caps = [m.case_cap if m.case_cap is not None else no_cap for m in members]
        self.case_cap: Ints = np.array(caps, dtype=np.int64)
        self.capacity: Ints = np.array([m.capacity for m in members], dtype=np.int64)
        self.po = np.array([m.staff.grade is Grade.PO for m in members], dtype=bool)

    def utilisation(self, opts: Ints) -> npt.NDArray[np.float64]:
        """Points over capacity of each member in ``opts`` (infinite without capacity)."""
        capacity = self.capacity[opts]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = self.points[opts] / capacity
        return np.where(capacity > 0, ratio, np.inf)

    def has_room(self, opts: Ints, d: Decision) -> npt.NDArray[np.bool_]:
        """Under the case cap, and the case's points fit within capacity."""
        under_cap = self.cases[opts] < self.case_cap[opts]
        room: npt.NDArray[np.bool_] = under_cap & (
            self.points[opts] + d.points <= self.capacity[opts]
        )
        return room

    def take(self, m: int, d: Decision) -> None:
        self.cases[m] += 1
        self.points[m] += d.points


def _matches(sp: SubProblem, d: Decision, po: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Which members are of the recommended kind (and qualified for a high-risk case)."""
    fits = np.ones(len(po), dtype=bool) if not d.high_risk else po.copy()
    if sp.kind != POM or d.recommended is None:
        return fits
    kind: npt.NDArray[np.bool_] = po == (d.recommended is PomType.PROBATION)
    return fits & kind


def choose(sp: SubProblem, d: Decision, loads: _Loads) -> Choice:
    """One case, decided as a manager would: the first pool with anyone in it, and in it
    the least-utilised member (the lowest index on a tie)."""
    if d.current is not None and d.current_valid:
        return d.current
    previous = np.array(d.previous, dtype=np.int64)
    if len(previous):
        room = loads.has_room(previous, d)
        if room.any():
            return _least_utilised(loads, previous[room])
    opts = np.array(d.options, dtype=np.int64)
    if not len(opts):
        return None
    po = loads.po[opts]
    room = loads.has_room(opts, d)
    for pool in (
        room & _matches(sp, d, po),
        room & (po if d.high_risk else True),
    ):
        if pool.any():
            return _least_utilised(loads, opts[pool])
    return _least_utilised(loads, opts)


def _least_utilised(loads: _Loads, pool: Ints) -> int:
    """The least-utilised member of a pool; the lowest index on a tie."""
    pool = np.sort(pool)
    return int(pool[int(np.argmin(loads.utilisation(pool)))])


def greedy_choices(sp: SubProblem) -> list[Choice]:
    """Choices for every decision, most at risk first, then in input order."""
    loads = _Loads(sp)
    order = sorted(range(len(sp.decisions)), key=lambda i: (-sp.decisions[i].risk, i))
    choices: list[Choice] = [None] * len(sp.decisions)
    for i in order:
        m = choose(sp, sp.decisions[i], loads)
        choices[i] = m
        if m is not None:
            loads.take(m, sp.decisions[i])
    return choices


def solve(sp: SubProblem) -> tuple[list[Choice], SubResult]:
    """The greedy answer for one sub-problem, with its objective (no bound)."""
    started = time.perf_counter()
    choices = greedy_choices(sp)
    value = evaluate(sp, choices)
    result = SubResult(
        name=sp.name,
        kind=sp.kind,
        status="GREEDY" if sp.decisions else "NOTHING_TO_DECIDE",
        objective=value,
        bound=value if not sp.decisions else 0,
        seconds=time.perf_counter() - started,
        cases=sp.cases,
        decided=len(sp.decisions),
        staff=len(sp.members),
    )
    return choices, result
