"""Expected arrivals: how many people each prison receives in the weeks ahead, and the
workload they bring (unallocated: a forecast re-allocates nothing).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from allocator.domain.enums import SentenceType
from allocator.domain.forecast import ARRIVAL, Event, Timeline, arrival_of, datas_by_week
from allocator.domain.omic import derive
from allocator.domain.problem import Case, ProblemData

#: Receptions are estimated from arrivals in this many weeks before the run date.
RECENT_WEEKS = 12


def receptions(data: ProblemData) -> tuple[dict[str, float], str]:
    """Expected arrivals per prison per week, and where the figure came from.

    The ``weekly_receptions`` setting when above 0; otherwise each prison's arrivals
    (``arrival_date``) in the last ``RECENT_WEEKS`` weeks, per week; none without dates.
    """
    prisons = sorted({c.prison for c in data.cases})
    setting = data.settings.weekly_receptions
    if setting > 0:
        return dict.fromkeys(prisons, float(setting)), "setting"
    arrived = [(c.prison, arrival_of(c)) for c in data.cases]
    if not any(day for _, day in arrived):
        return {}, "none"
    since = data.run_date - timedelta(weeks=RECENT_WEEKS)
    counts = Counter(p for p, day in arrived if day and since < day <= data.run_date)
    return {p: counts[p] / RECENT_WEEKS for p in prisons}, "arrival_date"


class Arrivals:
    """Each prison's expected arrivals: how many by each week, and their POM points.

    An arrival's points are the OMiC points of a newly sentenced case of the prison's
    tier mix, derived week by week (so the initial-assessment uplift runs out on time).
    """

    def __init__(
        self,
        data: ProblemData,
        lines: Sequence[Timeline],
        rates: Mapping[str, float],
        days: Sequence[date],
    ) -> None:
        self.days = days
        self.rates = {p: r for p, r in rates.items() if r > 0}
        self.mix = _tier_mix(lines)
        tiers = {tier for shares in self.mix.values() for tier in shares}
        self.points_by_age = _new_case_points(data, days, sorted(tiers))
        weeks = len(days) - 1
        # the running total rounded half up, so that 0.5 a week is 1 every other week
        self.new = {
            p: [0] + [_half_up(r * k) - _half_up(r * (k - 1)) for k in range(1, weeks + 1)]
            for p, r in self.rates.items()
        }

    def count(self, prison: str, week: int) -> int:
        """Arrivals up to and including the week."""
        return sum(self.new.get(prison, [0])[: week + 1])

    def points(self, prison: str, week: int) -> int:
        """The POM points of every arrival so far, in that week."""
        new = self.new.get(prison)
        if not new:
            return 0
        mix = self.mix.get(prison) or self.mix.get("", {})
        total = 0.0
        for arrived in range(1, week + 1):
            age = week - arrived
            each = sum(share * self.points_by_age[t][age] for t, share in mix.items())
            total += new[arrived] * each
        return round(total)

    def events(self) -> list[Event]:
        """One arrival event per prison and week with arrivals."""
        return [
            Event(week=k, kind=ARRIVAL, prison=p, count=n, day=self.days[k])
            for p, new in self.new.items()
            for k, n in enumerate(new)
            if n
        ]


def _half_up(value: float) -> int:
    """Round halves up (Python's round() sends them to the even neighbour)."""
    return math.floor(value + 0.5)


def _tier_mix(lines: Sequence[Timeline]) -> dict[str, dict[str, float]]:
    """Each prison's share of in-scope cases by tier on the run date ("" = national)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        first = line.changes[0][1]
        if first.held and line.case.tier is not None:
            counts[line.case.prison][line.case.tier] += 1
            counts[""][line.case.tier] += 1
    return {p: {t: n / sum(c.values()) for t, n in c.items()} for p, c in counts.items() if c}


def _new_case_points(
    data: ProblemData, days: Sequence[date], tiers: Sequence[str]
) -> dict[str, list[int]]:
    """POM points of a case sentenced on the run date, by tier, at each age in weeks."""
    datas = datas_by_week(data, days)
    far = days[0].replace(year=days[0].year + 10)
    points: dict[str, list[int]] = {}
    for tier in tiers:  # the tiers as the workbook gives them (any tier model)
        new = Case(
            "arrival", "", SentenceType.DETERMINATE, tier=tier, sentence_start=days[0], crd=far
        )
        points[tier] = [derive(new, d).points for d in datas]
    return points
