"""The stopping rule: when an answer is close enough to its proven bound.

Kept apart from the CP-SAT modules so that deciding it (the run's budget, the
relaxation's proof) never loads OR-Tools.
"""

from __future__ import annotations

from allocator.domain.settings import Settings


def within_gap(settings: Settings, value: float, bound: float) -> bool:
    """An answer of ``value`` is close enough to a proven ``bound`` to stop searching.

    Within ``absolute_gap`` units (by default 299: less than one case move) or within
    ``relative_gap_pct`` % of the answer.
    """
    relative = settings.relative_gap_pct / 100 * max(1.0, abs(value))
    return value - bound <= max(settings.absolute_gap, relative)
