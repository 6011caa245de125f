"""One time budget for a whole run, shared by the sub-problems by size, the rest passed on.

Round one gives every sub-problem a share of the run's budget in proportion to its
decisions (at least ``MIN_SHARE``). Most are proven within the gap long before their
share runs out. Round two shares what round one left (the budget less the solver time
every sub-problem of round one used), again by size, among the sub-problems whose
share ran out before the proof: they resume from their best answer. So a hard prison
gets the time the easy ones did not need.

Solver time is CP-SAT's deterministic time, converted to seconds at a fixed rate
(``solvers.allocation.cpsat.DETERMINISTIC_PER_SECOND``): the shares, where each search
stops, and so the answer, are the same on a busy machine as on a quiet one, and with
one worker process as with eight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from allocator.domain.result import SubResult
from allocator.domain.settings import Settings
from solvers.allocation.gap import within_gap
from solvers.allocation.score import Choice

MIN_SHARE = 0.05  # seconds: even a tiny sub-problem gets enough to prove itself
Outcome = tuple[list[Choice], SubResult]


def first_shares(sizes: Sequence[int], budget: float) -> list[float]:
    """Round one: the budget shared in proportion to each sub-problem's size."""
    total = sum(sizes)
    if total <= 0:
        return [MIN_SHARE for _ in sizes]
    return [max(MIN_SHARE, budget * size / total) for size in sizes]


def second_shares(
    sizes: Sequence[int], used: Sequence[float], short: Sequence[bool], budget: float
) -> dict[int, float]:
    """Round two: what round one left, shared by size among those it stopped short.

    Parameters
    ----------
    sizes
        Each sub-problem's size (its decisions).
    used
        The solver time each used in round one.
    short
        Whether each stopped on its share before its answer was proven within the gap.
    budget
        The run's budget.

    Returns
    -------
    dict
        Sub-problem index -> its second share, for those that get one.
    """
    left = budget - sum(used)
    todo = [i for i, flag in enumerate(short) if flag]
    if left < MIN_SHARE or not todo:
        return {}
    total = sum(max(1, sizes[i]) for i in todo)
    return {i: left * max(1, sizes[i]) / total for i in todo}


def stopped_short(sub: SubResult, settings: Settings) -> bool:
    """The search stopped on its time, not proven within the gap (or it found nothing)."""
    if sub.status.endswith("(start kept)"):
        return True
    return sub.status == "FEASIBLE" and not within_gap(settings, sub.objective, sub.bound)


def merge(first: Outcome, second: Outcome) -> Outcome:
    """Both rounds of one sub-problem as one: the better answer, the better bound, all time."""
    (one, r1), (two, r2) = first, second
    choices, best = (two, r2) if r2.objective <= r1.objective else (one, r1)
    bound = min(best.objective, max(r1.bound, r2.bound))
    status = "OPTIMAL" if bound == best.objective else "FEASIBLE"
    return choices, replace(
        best,
        status=status,
        bound=bound,
        seconds=r1.seconds + r2.seconds,
        work=r1.work + r2.work,
    )
