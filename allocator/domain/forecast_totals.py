"""The forecast's totals: each person's, prison's and LDU's load week by week.

Built from the case timelines of ``allocator.domain.forecast`` by adding each change
in the week it happens (a difference array per figure, summed once at the end), plus
the expected arrivals of each prison. No case is ever re-allocated: a case keeps the
POM and COM it starts with, and an arrival stays unallocated workload of its prison.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from allocator.domain.enums import Role, Status
from allocator.domain.forecast import (
    GONE,
    Event,
    Snapshot,
    Timeline,
    datas_by_week,
    timeline,
    week_days,
    with_com,
)
from allocator.domain.forecast_arrivals import Arrivals, receptions
from allocator.domain.problem import ProblemData
from allocator.domain.workload import points_capacity, utilisation_pct

CHUNK = 1000  # cases per tick of the progress bar


@dataclass(frozen=True, slots=True)
class StaffWeek:
    """One person in one week: cases held, points (with other_points) and utilisation."""

    cases: int
    points: int
    capacity: int
    utilisation_pct: float | None


@dataclass(frozen=True, slots=True)
class PrisonWeek:
    """One prison in one week: its cases (arrivals included) and its POMs' load."""

    cases: int
    with_pom: int
    without_pom: int
    arrivals: int
    points_held: int
    points_unallocated: int
    capacity: int
    utilisation_pct: float | None
    utilisation_if_placed_pct: float | None


@dataclass(frozen=True, slots=True)
class LduWeek:
    """One LDU in one week: its COMs' load and the cases that need a COM and have none."""

    cases: int
    points: int
    capacity: int
    utilisation_pct: float | None
    needs_com: int
    needs_com_points: int
    overdue: int


@dataclass(frozen=True)
class Forecast:
    """The whole look-ahead: totals per week (index 0 = the run date) and every event."""

    days: tuple[date, ...]
    staff: Mapping[str, tuple[StaffWeek, ...]]
    prisons: Mapping[str, tuple[PrisonWeek, ...]]
    ldus: Mapping[str, tuple[LduWeek, ...]]
    events: tuple[Event, ...]
    receptions: Mapping[str, float]
    receptions_from: str  # "setting", "arrival_date" or "none"
    start: Mapping[str, Snapshot]  # case id -> its state on the run date (cases in scope)

    @property
    def weeks(self) -> int:
        """Weeks looked ahead (week 0, the run date, not counted)."""
        return len(self.days) - 1


Workers = tuple[Mapping[str, str | None], Mapping[str, str | None]]
Progress = Callable[[object, int], None]


def forecast_workers(
    data: ProblemData,
    pom: Mapping[str, str | None] | None = None,
    com: Mapping[str, str | None] | None = None,
) -> Workers:
    """Each case's POM and COM to start from: the allocation's, else the workbook's; an id
    that is not on the Staff sheet (a leaver) counts as no one."""
    staff = data.staff_by_id
    pom, com = pom or {}, com or {}
    final_pom = {c.case_id: pom.get(c.case_id, c.current_pom) for c in data.cases}
    final_com = {c.case_id: com.get(c.case_id, c.current_com) for c in data.cases}
    return (
        {k: v if v in staff else None for k, v in final_pom.items()},
        {k: v if v in staff else None for k, v in final_com.items()},
    )


def forecast(
    data: ProblemData,
    weeks: int,
    workers: Workers | None = None,
    every_week: bool = False,
    progress: Progress | None = None,
) -> Forecast:
    """Step every case through the weeks and add up the loads.

    ``workers`` (``forecast_workers``) defaults to the workbook's own allocation;
    ``every_week`` derives every case in every week (slow; the skipping's test).
    """
    days = week_days(data.run_date, weeks)
    datas = datas_by_week(data, days)
    pom, com = workers or forecast_workers(data)
    lines = []
    for index, case in enumerate(data.cases):
        line = timeline(
            with_com(case, com[case.case_id]),
            pom[case.case_id],
            com[case.case_id],
            datas,
            every_week=every_week,
            days=days,
        )
        lines.append(line)
        if progress is not None and index % CHUNK == CHUNK - 1:
            progress(index, len(data.cases) // CHUNK)
    rates, source = receptions(data)
    arrivals = Arrivals(data, lines, rates, days)
    events = [e for line in lines for e in line.events] + arrivals.events()
    events.sort(key=lambda e: (e.week, e.prison, e.kind, e.case_id))
    sums = _Sums(len(days))
    for line in lines:
        sums.add(line)
    staff = sums.staff_weeks(data)
    return Forecast(
        days=days,
        staff=staff,
        prisons=sums.prison_weeks(data, arrivals, staff),
        ldus=sums.ldu_weeks(data, staff),
        events=tuple(events),
        receptions=rates,
        receptions_from=source,
        start={line.case.case_id: line.changes[0][1] for line in lines if line.changes[0][1].held},
    )


class _Sums:
    """Difference arrays: each figure's change in the week it happens."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.figures: dict[tuple[str, str, str], list[int]] = defaultdict(self._zeros)

    def _zeros(self) -> list[int]:
        return [0] * self.length

    def add(self, line: Timeline) -> None:
        """Add one case's changes."""
        prev: Snapshot = GONE
        for week, now in line.changes:
            if now != prev:
                self._case(line, week, prev, now, now.held - prev.held)
            prev = now

    def _case(self, line: Timeline, week: int, prev: Snapshot, now: Snapshot, held: int) -> None:
        """One change of one case."""
        f = self.figures
        prison, ldu = line.case.prison, line.case.ldu or ""
        if line.pom:
            f["staff", line.pom, "cases"][week] += held
            f["staff", line.pom, "points"][week] += now.points - prev.points
            f["prison", prison, "with_pom"][week] += held
        else:
            f["prison", prison, "unallocated"][week] += now.points - prev.points
        if line.com:
            f["staff", line.com, "cases"][week] += held
            f["staff", line.com, "points"][week] += now.com_points - prev.com_points
        f["prison", prison, "cases"][week] += held
        needs = now.needs_com - prev.needs_com
        f["ldu", ldu, "needs_com"][week] += needs
        f["ldu", ldu, "needs_points"][week] += (
            now.com_points * now.needs_com - prev.com_points * prev.needs_com
        )
        f["ldu", ldu, "overdue"][week] += now.overdue - prev.overdue

    def series(self, kind: str, key: str, name: str) -> list[int]:
        """A figure week by week (running sums of its changes)."""
        changes = self.figures.get((kind, key, name))
        out, total = [], 0
        for change in changes or self._zeros():
            total += change
            out.append(total)
        return out

    def staff_weeks(self, data: ProblemData) -> dict[str, tuple[StaffWeek, ...]]:
        """Every member of staff, week by week."""
        out = {}
        for member in data.staff:
            cases = self.series("staff", member.staff_id, "cases")
            points = self.series("staff", member.staff_id, "points")
            capacity = points_capacity(member, data.settings)
            out[member.staff_id] = tuple(
                StaffWeek(
                    c, p + member.other_points, capacity, _pct(p + member.other_points, capacity)
                )
                for c, p in zip(cases, points, strict=True)
            )
        return out

    def prison_weeks(
        self, data: ProblemData, arrivals: Arrivals, staff_weeks: Mapping[str, Sequence[StaffWeek]]
    ) -> dict[str, tuple[PrisonWeek, ...]]:
        """Every prison with cases or POMs, week by week."""
        prisons = sorted({c.prison for c in data.cases} | set(data.poms_by_prison))
        out = {}
        for prison in prisons:
            poms = data.poms_by_prison.get(prison, ())
            capacity = sum(
                points_capacity(m, data.settings) for m in poms if m.status is not Status.INACTIVE
            )
            cases = self.series("prison", prison, "cases")
            with_pom = self.series("prison", prison, "with_pom")
            unallocated = self.series("prison", prison, "unallocated")
            rows = []
            for k in range(self.length):
                came, extra = arrivals.count(prison, k), arrivals.points(prison, k)
                held = sum(staff_weeks[m.staff_id][k].points for m in poms)
                loose = unallocated[k] + extra
                rows.append(
                    PrisonWeek(
                        cases=cases[k] + came,
                        with_pom=with_pom[k],
                        without_pom=cases[k] - with_pom[k] + came,
                        arrivals=came,
                        points_held=held,
                        points_unallocated=loose,
                        capacity=capacity,
                        utilisation_pct=_pct(held, capacity),
                        utilisation_if_placed_pct=_pct(held + loose, capacity),
                    )
                )
            out[prison] = tuple(rows)
        return out

    def ldu_weeks(
        self, data: ProblemData, staff_weeks: Mapping[str, Sequence[StaffWeek]]
    ) -> dict[str, tuple[LduWeek, ...]]:
        """Every LDU with cases or COMs, week by week."""
        ldus = sorted({c.ldu for c in data.cases if c.ldu} | set(data.coms_by_ldu))
        out = {}
        for ldu in ldus:
            coms = [m for m in data.coms_by_ldu.get(ldu, ()) if m.role is Role.COM]
            capacity = sum(
                points_capacity(m, data.settings) for m in coms if m.status is not Status.INACTIVE
            )
            needs = self.series("ldu", ldu, "needs_com")
            needs_points = self.series("ldu", ldu, "needs_points")
            overdue = self.series("ldu", ldu, "overdue")
            rows = []
            for k in range(self.length):
                points = sum(staff_weeks[m.staff_id][k].points for m in coms)
                rows.append(
                    LduWeek(
                        cases=sum(staff_weeks[m.staff_id][k].cases for m in coms),
                        points=points,
                        capacity=capacity,
                        utilisation_pct=_pct(points, capacity),
                        needs_com=needs[k],
                        needs_com_points=needs_points[k],
                        overdue=overdue[k],
                    )
                )
            out[ldu] = tuple(rows)
        return out


def _pct(points: int, capacity: int) -> float | None:
    """Utilisation in % to one decimal (None without capacity)."""
    if capacity <= 0:
        return None
    return round(utilisation_pct(points, capacity), 1)
