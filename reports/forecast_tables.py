"""Rows of the forecast workbook's tables, from the forecast only.

Weeks (person x week), Over capacity (who crosses 90 % and 100 %, when and why),
Handovers (the list an LDU wants), Prisons and LDUs (totals per week).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from allocator.domain.forecast import (
    EVENT_NAMES,
    HANDOVER,
    HANDOVER_START,
    LOWERING,
    RAISING,
    Event,
    event_text,
)
from allocator.domain.forecast_totals import Forecast
from allocator.domain.problem import ProblemData

THRESHOLDS = (90, 100)
NEEDS_COM = "needs a COM"
WEEK_COLUMNS = (
    "staff_id",
    "name",
    "role",
    "grade",
    "location",
    "week",
    "date",
    "cases",
    "points",
    "capacity_points",
    "utilisation_pct",
    "events",
)
WEEK_WIDTHS = (11, 16, 6, 6, 9, 6, 11, 7, 8, 9, 9, 60)
OVER_COLUMNS = (
    "staff_id",
    "name",
    "role",
    "location",
    "threshold_pct",
    "week",
    "date",
    "utilisation_now_pct",
    "utilisation_pct",
    "peak_pct",
    "peak_week",
    "why",
    "note",
)
OVER_WIDTHS = (11, 16, 6, 9, 9, 6, 11, 11, 10, 8, 8, 45, 60)
HANDOVER_COLUMNS = (
    "ldu",
    "case_id",
    "prison",
    "tier",
    "rosh",
    "event",
    "week",
    "handover_start_date",
    "handover_date",
    "com",
    "pom",
)
HANDOVER_WIDTHS = (8, 10, 8, 5, 9, 22, 6, 12, 12, 12, 12)
# The event kinds given a column of their own in Prisons and LDUs.
PRISON_EVENTS = (
    "release",
    "sentence_end",
    "handover_start",
    "handover",
    "parole_hearing",
    "arrival",
)
LDU_EVENTS = ("handover_start", "handover", "com_overdue", "release")
PRISON_COLUMNS = (
    "prison",
    "week",
    "date",
    "cases",
    "with_pom",
    "without_pom",
    "arrivals_so_far",
    "points_held",
    "points_unallocated",
    "capacity_points",
    "utilisation_pct",
    "utilisation_if_placed_pct",
    *PRISON_EVENTS,
)
PRISON_WIDTHS = (8, 6, 11, 7, 8, 9, 9, 8, 11, 9, 10, 11, 8, 9, 9, 9, 9, 8)
LDU_COLUMNS = (
    "ldu",
    "week",
    "date",
    "com_cases",
    "com_points",
    "capacity_points",
    "utilisation_pct",
    "needs_com",
    "needs_com_points",
    "com_overdue_cases",
    *LDU_EVENTS,
)
LDU_WIDTHS = (8, 6, 11, 8, 8, 9, 10, 8, 10, 10, 9, 9, 9, 8)


@dataclass(frozen=True)
class Crossing:
    """One person reaching a threshold in a week."""

    staff_id: str
    threshold: int
    week: int
    utilisation: float
    peak: float
    peak_week: int
    why: str


def events_by(fc: Forecast, key: str) -> dict[tuple[str, int], Counter[str]]:
    """(person, prison or LDU, week) -> event kinds: ``key`` is "staff", "prison" or "ldu"."""
    found: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    for e in fc.events:
        owners = {"staff": (e.pom, e.com), "prison": (e.prison,), "ldu": (e.ldu,)}[key]
        for owner in owners:
            if owner:
                found[owner, e.week][e.kind] += e.count
    return found


def week_rows(fc: Forecast, data: ProblemData) -> list[list[Any]]:
    """One row per member of staff and week (week 0 = the run date)."""
    events = events_by(fc, "staff")
    rows = []
    for member in data.staff:
        for k, w in enumerate(fc.staff[member.staff_id]):
            rows.append(
                [
                    member.staff_id,
                    member.name,
                    str(member.role),
                    str(member.grade),
                    member.location,
                    k,
                    fc.days[k],
                    w.cases,
                    w.points,
                    w.capacity,
                    w.utilisation_pct,
                    event_text(events.get((member.staff_id, k), {})),
                ]
            )
    return rows


def crossings(fc: Forecast) -> list[Crossing]:
    """Everyone below a threshold on the run date who reaches it in a later week."""
    events = events_by(fc, "staff")
    found = []
    for staff_id, weeks in fc.staff.items():
        utils = [w.utilisation_pct for w in weeks]
        if utils[0] is None:
            continue
        known = [(u, k) for k, u in enumerate(utils) if u is not None]
        peak, peak_week = max(known, key=lambda pair: (pair[0], -pair[1]))
        for threshold in THRESHOLDS:
            if utils[0] >= threshold:
                continue
            week = next((k for k, u in enumerate(utils) if u is not None and u >= threshold), None)
            if week is None:
                continue
            seen: Counter[str] = Counter()
            for k in range(1, week + 1):
                seen.update(events.get((staff_id, k), {}))
            why = event_text(seen, RAISING)
            lowered = event_text(seen, LOWERING)
            text = "; ".join(t for t in (why, lowered and f"less: {lowered}") if t)
            util = utils[week]
            assert util is not None
            found.append(Crossing(staff_id, threshold, week, util, peak, peak_week, text))
    return sorted(found, key=lambda c: (c.week, -c.utilisation, c.staff_id, c.threshold))


def note(c: Crossing) -> str:
    """``LEI-P004 reaches 104 % in week 5 (3 handover uplifts, 2 parole hearings due)``."""
    why = f" ({c.why})" if c.why else ""
    return f"{c.staff_id} reaches {c.utilisation:.0f} % in week {c.week}{why}"


def over_rows(fc: Forecast, data: ProblemData, found: Sequence[Crossing]) -> list[list[Any]]:
    """One row per person and threshold crossed."""
    staff = data.staff_by_id
    rows = []
    for c in found:
        member = staff[c.staff_id]
        rows.append(
            [
                c.staff_id,
                member.name,
                str(member.role),
                member.location,
                c.threshold,
                c.week,
                fc.days[c.week],
                fc.staff[c.staff_id][0].utilisation_pct,
                c.utilisation,
                c.peak,
                c.peak_week,
                c.why,
                note(c),
            ]
        )
    return rows


def handover_rows(fc: Forecast, data: ProblemData) -> list[list[Any]]:
    """One row per case whose handover starts or falls due in the window, by LDU and date."""
    first: dict[str, Event] = {}
    for e in fc.events:
        if e.kind in (HANDOVER_START, HANDOVER) and e.case_id not in first:
            first[e.case_id] = e
    rows = []
    for e in first.values():
        case = data.case_by_id[e.case_id]
        rows.append(
            [
                e.ldu,
                e.case_id,
                e.prison,
                str(case.tier or ""),
                str(case.rosh or ""),
                EVENT_NAMES[e.kind][0],
                e.week,
                e.handover_start,
                e.handover_date,
                e.com or NEEDS_COM,
                e.pom or "",
            ]
        )
    rows.sort(key=lambda r: (r[0], r[6], r[1]))
    return rows


def prison_rows(fc: Forecast) -> list[list[Any]]:
    """One row per prison and week."""
    events = events_by(fc, "prison")
    return [
        [
            prison,
            k,
            fc.days[k],
            w.cases,
            w.with_pom,
            w.without_pom,
            w.arrivals,
            w.points_held,
            w.points_unallocated,
            w.capacity,
            w.utilisation_pct,
            w.utilisation_if_placed_pct,
            *_counts(events, prison, k, PRISON_EVENTS),
        ]
        for prison, weeks in fc.prisons.items()
        for k, w in enumerate(weeks)
    ]


def ldu_rows(fc: Forecast) -> list[list[Any]]:
    """One row per LDU and week."""
    events = events_by(fc, "ldu")
    return [
        [
            ldu,
            k,
            fc.days[k],
            w.cases,
            w.points,
            w.capacity,
            w.utilisation_pct,
            w.needs_com,
            w.needs_com_points,
            w.overdue,
            *_counts(events, ldu, k, LDU_EVENTS),
        ]
        for ldu, weeks in fc.ldus.items()
        for k, w in enumerate(weeks)
    ]


def _counts(
    events: Mapping[tuple[str, int], Counter[str]], owner: str, week: int, kinds: Sequence[str]
) -> list[int]:
    """The number of events of each kind for one owner in one week."""
    seen = events.get((owner, week), Counter())
    return [seen[kind] for kind in kinds]
