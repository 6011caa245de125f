"""The rows of the capacity report's tables, from the capacity run only.

Column names are a contract (other tools read them); the plain-English meaning of
every column is in ``MEANINGS`` and printed in the Summary.
"""

from __future__ import annotations

from typing import Any

from allocator.domain.capacity import CapacityRun, PostsAnswer, SubCapacity, fte
from allocator.domain.enums import Grade
from reports import capacity_text as text

_GRADES = (Grade.PO, Grade.PRO, Grade.PSO, Grade.PQIP)
_SUFFIX = {Grade.PO: "po", Grade.PRO: "pro", Grade.PSO: "pso", Grade.PQIP: "pqip"}

CAPACITY_COLUMNS = (
    "prison_or_ldu",
    "role",
    "cases_held",
    "cases_to_allocate",
    "high_risk_to_allocate",
    "points_to_allocate",
    *(f"fte_{_SUFFIX[g]}" for g in _GRADES),
    "fte_away",
    *(f"add_fte_{_SUFFIX[g]}" for g in _GRADES),
    "add_fte_total",
    "status",
    "proof",
    "explanation",
)
CAPACITY_WIDTHS = (10, 6, 8, 9, 9, 9, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 12, 24, 100)

OVERLOAD_COLUMNS = (
    "prison_or_ldu",
    "role",
    "staff_over_cap",
    "cases_over_cap",
    "points_over_capacity",
    *(f"respread_add_fte_{_SUFFIX[g]}" for g in _GRADES),
    "respread_add_fte_total",
    "respread_proof",
    "explanation",
)
OVERLOAD_WIDTHS = (10, 6, 8, 8, 10, 10, 10, 10, 10, 10, 24, 100)

CAP_SETTINGS = ("po_cases_per_fte", "pro_cases_per_fte", "points_per_fte")
CAPS_COLUMNS = (
    "prison_or_ldu",
    "role",
    "cases_to_allocate",
    *(f"{name}_{end}" for name in CAP_SETTINGS for end in ("set", "needed")),
    "largest_change_pct",
    "status",
    "explanation",
)
CAPS_WIDTHS = (10, 6, 9, 9, 9, 9, 9, 9, 9, 9, 14, 100)

SHORT, ENOUGH, NOTHING = "short", "enough staff", "nothing to allocate"
CAPS_STATUS = {
    "OPTIMAL": "proven least",
    "FEASIBLE": "works; maybe not least",
    "ANY_CAPS": "no hard cap applies",
    "NO_CAP_IS_ENOUGH": "no cap is enough",
    "NOTHING_TO_DECIDE": "nothing to allocate",
}


def status(answer: PostsAnswer) -> str:
    """A word a filter can pick: short, enough staff, nothing to allocate."""
    if answer.status == "NOTHING_TO_DECIDE":
        return NOTHING
    return SHORT if answer.total_tenths else ENOUGH


def _tenths(answer: PostsAnswer | None, grade: Grade) -> float | None:
    """FTE added of a grade (blank where the grade cannot be added here)."""
    if answer is None or grade not in answer.tenths:
        return None
    return fte(answer.tenths[grade])


def capacity_row(sub: SubCapacity) -> list[Any]:
    """One prison or LDU on the Capacity sheet."""
    return [
        sub.name,
        text.role(sub.kind),
        sub.cases,
        sub.to_allocate,
        sub.high_risk,
        sub.points,
        *(sub.fte.get(g) for g in _GRADES),
        sub.fte_away or None,
        *(_tenths(sub.posts, g) for g in _GRADES),
        fte(sub.posts.total_tenths),
        status(sub.posts),
        text.proof_text(sub.posts),
        text.posts_explanation(sub),
    ]


def overload_row(sub: SubCapacity) -> list[Any]:
    """One prison or LDU on the Over caps today sheet."""
    spread = sub.respread
    return [
        sub.name,
        text.role(sub.kind),
        sub.overload.staff,
        sub.overload.cases,
        sub.overload.points,
        *(_tenths(spread, g) for g in _GRADES),
        fte(spread.total_tenths) if spread is not None else None,
        text.proof_text(spread) if spread is not None else "not measured",
        text.overload_explanation(sub),
    ]


def caps_row(sub: SubCapacity) -> list[Any]:
    """One prison or LDU on the Caps needed sheet."""
    caps = sub.caps
    points = "pom_points_per_fte" if sub.kind == "pom" else "com_points_per_fte"
    cells: list[Any] = [sub.name, text.role(sub.kind), sub.to_allocate]
    for name in ("po_cases_per_fte", "pro_cases_per_fte", points):
        cells += [caps.setting.get(name), caps.needed.get(name)]
    cells += [caps.raise_pct, CAPS_STATUS[caps.status], text.caps_explanation(sub)]
    return cells


def rows(run: CapacityRun) -> dict[str, list[list[Any]]]:
    """Every table's rows, by sheet name."""
    return {
        "Capacity": [capacity_row(s) for s in run.subs],
        "Over caps today": [overload_row(s) for s in run.subs],
        "Caps needed": [caps_row(s) for s in run.subs],
    }
