"""The HQ returns: the figures HQ and the unions ask every prison for, one row per prison.

Counted from the report's own rows: the Allocations table (tier, RoSH, responsibility,
POM and grade, COM, points) and, for what that table does not show, the run's
derivations (a COM overdue) and the Cases' ``arrival_date`` (days waited). The
forecast workbook shows the same sheet for its starting point. Every figure is
defined in the README (``HQ returns``).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from allocator.domain.enums import HIGH_ROSH, Grade, Responsibility
from allocator.domain.forecast import Snapshot, arrival_of
from allocator.domain.omic import Derivation, derive
from allocator.domain.problem import ProblemData
from reports.book import Highlight, Sheet
from reports.tables import ALLOCATION_COLUMNS

SHEET = "HQ returns"
ALL = "all prisons"
RETURN_COLUMNS = (
    "prison",
    "cases_in_scope",
    "tier_a",
    "tier_b",
    "tier_c",
    "tier_d",
    "tier_missing",
    "pom_responsible",
    "com_supporting",
    "com_responsible",
    "high_risk",
    "high_risk_probation_pom_responsible",
    "high_risk_probation_pom_supporting",
    "high_risk_prison_officer_pom_responsible",
    "high_risk_prison_officer_pom_supporting",
    "high_risk_without_pom",
    "cases_with_pom",
    "cases_prison_officer_pom",
    "prison_officer_cases_pct",
    "pom_points",
    "prison_officer_points",
    "prison_officer_points_pct",
    "waiting_for_pom",
    "waiting_with_arrival_date",
    "waited_days_median",
    "waited_days_longest",
    "needs_com_without_com",
    "com_handovers_overdue",
)
PAGES_WIDE = 3  # 28 columns with long names: fitted to one page they print too small to read
RETURN_WIDTHS = (
    10,
    8,
    6,
    6,
    6,
    6,
    7,
    9,
    9,
    9,
    7,
    12,
    12,
    12,
    12,
    10,
    8,
    10,
    10,
    8,
    10,
    10,
    8,
    10,
    9,
    9,
    11,
    11,
)
_A = {name: index for index, name in enumerate(ALLOCATION_COLUMNS)}


@dataclass(frozen=True, slots=True)
class ReturnCase:
    """What the returns need to know of one case in scope."""

    prison: str
    tier: str  # "" when missing
    rosh: str
    responsibility: str  # POM, POM+COM or COM
    pom: str  # "" without a POM
    pom_grade: str
    points: int
    com: str  # "" without a COM
    overdue: bool = False  # needs a COM, has none, past the overdue date
    waited_days: int | None = None  # without a POM: days since arrival_date


def from_allocations(
    rows: Sequence[Sequence[Any]], data: ProblemData, derivations: Sequence[Derivation]
) -> list[ReturnCase]:
    """The returns' view of a report's Allocations rows."""
    derived = {d.case_id: d for d in derivations}
    out = []
    for row in rows:
        case_id, pom, com = str(row[_A["case_id"]]), str(row[_A["pom"]]), str(row[_A["com"]])
        case = data.case_by_id.get(case_id)
        if case is None:  # a quarantined row: no derivation to count it by (see Violations)
            continue
        d = derived[case_id]
        overdue = not com and _overdue(data, case_id, d)
        waited = None if pom else waited_days(arrival_of(case), data.run_date)
        out.append(
            ReturnCase(
                prison=str(row[_A["prison"]]),
                tier=str(row[_A["tier"]]),
                rosh=str(row[_A["rosh"]]),
                responsibility=str(row[_A["responsibility"]]),
                pom=pom,
                pom_grade=str(row[_A["pom_grade"]]),
                points=int(row[_A["points"]] or 0),
                com=com,
                overdue=overdue,
                waited_days=waited,
            )
        )
    return out


def from_forecast(
    data: ProblemData,
    start: Mapping[str, Snapshot],
    pom: Mapping[str, str | None],
    com: Mapping[str, str | None],
) -> list[ReturnCase]:
    """The returns' view of a forecast's starting point (its week 0)."""
    grade = {s.staff_id: str(s.grade) for s in data.staff}
    out = []
    for case in data.cases:
        now = start.get(case.case_id)
        if now is None:
            continue
        holder, worker = pom.get(case.case_id) or "", com.get(case.case_id) or ""
        out.append(
            ReturnCase(
                prison=case.prison,
                tier=str(case.tier or ""),
                rosh=str(case.rosh or ""),
                responsibility=str(now.state or ""),
                pom=holder,
                pom_grade=grade.get(holder, ""),
                points=now.points,
                com=worker,
                overdue=now.overdue,
                waited_days=None if holder else waited_days(arrival_of(case), data.run_date),
            )
        )
    return out


def _overdue(data: ProblemData, case_id: str, d: Derivation) -> bool:
    """Whether a case left without a COM is past its overdue date (by the OMiC rules)."""
    case = data.case_by_id[case_id]
    if case.current_com is None:
        return d.com_overdue
    # the COM it had is gone after the run: ask the rules as if it never had one
    return derive(replace(case, current_com=None), data).com_overdue


def waited_days(arrived: date | None, today: date) -> int | None:
    """Days from arrival to today (None without an arrival date)."""
    return (today - arrived).days if arrived else None


def return_rows(cases: Iterable[ReturnCase]) -> list[list[Any]]:
    """One row per prison (in code order), then the total of all prisons."""
    by_prison: dict[str, list[ReturnCase]] = defaultdict(list)
    everyone: list[ReturnCase] = []
    for case in cases:
        by_prison[case.prison].append(case)
        everyone.append(case)
    rows = [_row(prison, by_prison[prison]) for prison in sorted(by_prison)]
    return [*rows, _row(ALL, everyone)]


def _row(prison: str, cases: Sequence[ReturnCase]) -> list[Any]:
    """The figures of one prison (or of all)."""
    tiers = [c.tier[:1] for c in cases]
    state = [c.responsibility for c in cases]
    high = [c for c in cases if c.rosh in HIGH_ROSH]
    held = [c for c in cases if c.pom]
    officer = [c for c in held if _prison_officer(c)]
    points, officer_points = sum(c.points for c in held), sum(c.points for c in officer)
    waiting = [c for c in cases if not c.pom]
    waited = [c.waited_days for c in waiting if c.waited_days is not None]
    return [
        prison,
        len(cases),
        *(tiers.count(t) for t in "ABCD"),
        tiers.count(""),
        state.count(Responsibility.POM),
        state.count(Responsibility.POM_COM),
        state.count(Responsibility.COM),
        len(high),
        _count(high, probation=True, supporting=False),
        _count(high, probation=True, supporting=True),
        _count(high, probation=False, supporting=False),
        _count(high, probation=False, supporting=True),
        sum(1 for c in high if not c.pom),
        len(held),
        len(officer),
        _share(len(officer), len(held)),
        points,
        officer_points,
        _share(officer_points, points),
        len(waiting),
        len(waited),
        statistics.median(waited) if waited else None,
        max(waited) if waited else None,
        sum(1 for c in cases if c.responsibility != Responsibility.POM and not c.com),
        sum(1 for c in cases if c.overdue),
    ]


def _prison_officer(case: ReturnCase) -> bool:
    """Held by a POM who is not probation-qualified (not PO: a prison-officer POM)."""
    return bool(case.pom) and case.pom_grade != Grade.PO


def _count(cases: Sequence[ReturnCase], probation: bool, supporting: bool) -> int:
    """High-risk cases with a POM of one kind, responsible or supporting."""
    return sum(
        1
        for c in cases
        if c.pom
        and (not _prison_officer(c)) is probation
        and (c.responsibility == Responsibility.COM) is supporting
    )


def _share(part: int, whole: int) -> float | None:
    """A percentage to one decimal (None of nothing)."""
    return round(100.0 * part / whole, 1) if whole else None


def returns_sheet(cases: Iterable[ReturnCase]) -> Sheet:
    """The HQ returns sheet of a report (the total row last, in bold)."""
    rows = return_rows(cases)
    return Sheet(
        SHEET,
        RETURN_COLUMNS,
        rows,
        RETURN_WIDTHS,
        bold_rows=frozenset({len(rows) - 1}),
        highlights=(Highlight("com_handovers_overdue", "at_least", 1, "red", whole_row=False),),
        pages_wide=PAGES_WIDE,
    )
