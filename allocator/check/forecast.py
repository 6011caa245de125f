"""The forecast's independent check: week 1 recomputed from the dates alone.

Every case is derived afresh on week 1's day (the OMiC rules with that day as the run
date), a case whose release date has come is left out, and each person's, prison's and
LDU's load is counted straight from those derivations — no timelines, no skipped weeks,
no running sums. Any figure of the forecast's week 1 that differs is reported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from allocator.domain.enums import Status
from allocator.domain.forecast import (
    RELEASE,
    SENTENCE_END,
    Event,
    release_date,
    with_com,
)
from allocator.domain.forecast_totals import Forecast
from allocator.domain.omic import derive
from allocator.domain.problem import ProblemData
from allocator.domain.workload import points_capacity

Workers = tuple[Mapping[str, str | None], Mapping[str, str | None]]


def check_forecast(data: ProblemData, workers: Workers, fc: Forecast) -> list[str]:
    """Every disagreement between the forecast's week 1 and a fresh count (empty: agrees)."""
    if fc.weeks < 1:
        return []
    counts = _count_week_one(data, workers, fc)
    wrong: list[str] = []
    for member in data.staff:
        mine = fc.staff[member.staff_id][1]
        cases = counts["staff_cases"][member.staff_id]
        points = counts["staff_points"][member.staff_id] + member.other_points
        if (mine.cases, mine.points) != (cases, points):
            wrong.append(
                f"{member.staff_id}: forecast {mine.cases} cases / {mine.points} points in "
                f"week 1, the dates give {cases} / {points}"
            )
    for prison, prison_weeks in fc.prisons.items():
        week = prison_weeks[1]
        got = (week.cases - week.arrivals, week.with_pom)
        want = (counts["prison_cases"][prison], counts["prison_with_pom"][prison])
        if got != want:
            wrong.append(f"prison {prison}: forecast {got} (cases, with POM), dates give {want}")
        capacity = sum(
            points_capacity(m, data.settings)
            for m in data.poms_by_prison.get(prison, ())
            if m.status is not Status.INACTIVE
        )
        if week.capacity != capacity:
            wrong.append(f"prison {prison}: capacity {week.capacity}, staff give {capacity}")
    for ldu, ldu_weeks in fc.ldus.items():
        got = (ldu_weeks[1].needs_com, ldu_weeks[1].overdue)
        want = (counts["needs_com"][ldu], counts["overdue"][ldu])
        if got != want:
            wrong.append(f"LDU {ldu}: forecast {got} (needs a COM, overdue), dates give {want}")
    wrong += _releases(fc, counts)
    return wrong


def _count_week_one(data: ProblemData, workers: Workers, fc: Forecast) -> dict[str, Counter[str]]:
    """Loads on week 1's day, counted from fresh derivations."""
    day = fc.days[1]
    later = data.replace(settings=data.settings.replace(run_date=day))
    pom, com = workers
    counts: dict[str, Counter[str]] = {
        name: Counter()
        for name in (
            "staff_cases",
            "staff_points",
            "prison_cases",
            "prison_with_pom",
            "needs_com",
            "overdue",
            "released",
        )
    }
    for case in data.cases:
        out, how = release_date(case, data.run_date)
        if out is not None and data.run_date < out <= day:
            if derive(case, data).in_scope:
                counts["released"][how] += 1
            continue
        holder, worker = pom[case.case_id], com[case.case_id]
        d = derive(with_com(case, worker), later)
        if not d.in_scope:
            continue
        counts["prison_cases"][case.prison] += 1
        if holder:
            counts["staff_cases"][holder] += 1
            counts["staff_points"][holder] += d.points
            counts["prison_with_pom"][case.prison] += 1
        if worker:
            counts["staff_cases"][worker] += 1
            counts["staff_points"][worker] += d.com_points
        counts["needs_com"][case.ldu or ""] += d.needs_com
        counts["overdue"][case.ldu or ""] += d.com_overdue
    return counts


def _releases(fc: Forecast, counts: Mapping[str, Counter[str]]) -> list[str]:
    """Releases and sentence ends in week 1: the forecast's events against the dates."""
    wrong = []
    for kind in (RELEASE, SENTENCE_END):
        got = sum(e.count for e in fc.events if _in_week_one(e, kind))
        want = counts["released"][kind]
        if got != want:
            wrong.append(f"{kind}: forecast {got} in week 1, the dates give {want}")
    return wrong


def _in_week_one(event: Event, kind: str) -> bool:
    """An event of this kind in week 1."""
    return event.week == 1 and event.kind == kind
