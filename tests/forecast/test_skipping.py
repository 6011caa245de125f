"""Skipping the weeks where a case's own dates say nothing can change gives exactly what
deriving every case in every week gives, on random cases whose dates fall around the
window (month ends, leap days, every sentence type and responsibility rule)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from allocator.domain.enums import Override, ParoleOutcome, Rosh, SentenceType, Tier
from allocator.domain.forecast_totals import forecast
from allocator.domain.problem import Case
from tests.builders import RUN, forecast_problem, held_case


def near(rng: random.Random, days: int = 800) -> date | None:
    """A date within ``days`` of the run date (often a month end), or None."""
    if rng.random() < 0.3:
        return None
    day = RUN + timedelta(days=rng.randint(-days, days))
    if rng.random() < 0.3:  # a month end, where subtracting months clamps
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return day


def random_case(rng: random.Random, index: int) -> Case:
    kind = rng.choice(
        [SentenceType.DETERMINATE] * 3 + [SentenceType.INDETERMINATE, SentenceType.IMMIGRATION]
    )
    start = RUN - timedelta(days=rng.randint(-30, 3000))
    born = (
        RUN - timedelta(days=rng.randint(17 * 365, 18 * 365 + 120)) if rng.random() < 0.1 else None
    )
    return held_case(
        f"R{index}",
        sentence_type=kind,
        tier=rng.choice(list(Tier)),
        rosh=rng.choice(list(Rosh)),
        mappa_level=rng.choice([None, 0, 1, 2, 3]),
        recall=rng.random() < 0.1,
        date_of_birth=born,
        sentence_start=start,
        ard=near(rng),
        crd=near(rng),
        ped=near(rng),
        ted=near(rng),
        thd=near(rng, 1200),
        parole_outcome=rng.choice([None, ParoleOutcome.RELEASE, ParoleOutcome.NOT_RELEASE]),
        additional_isp=rng.random() < 0.05,
        early_allocation=rng.random() < 0.1,
        open_conditions_date=near(rng, 200),
        responsibility_override=Override.COM if rng.random() < 0.03 else None,
        current_com=rng.choice([None, "C1"]),
        current_pom=rng.choice([None, "P1", "P1"]),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_cases(seed: int) -> None:
    rng = random.Random(seed)
    data = forecast_problem([random_case(rng, i) for i in range(400)])
    quick, slow = forecast(data, 20), forecast(data, 20, every_week=True)
    assert quick.events == slow.events
    assert quick.staff == slow.staff
    assert quick.prisons == slow.prisons
    assert quick.ldus == slow.ldus
    assert len(quick.events) > 50


def test_a_month_end_that_clamps() -> None:
    # Run date Monday 16 June 2025: week 2 ends on 30 June, week 3 on 7 July. The hearing
    # is on 31 December 2025; 31 December - 6 months = 30 June (June has 30 days), but on
    # 30 June the hearing is not yet within 6 months (30 December); it is from 1 July, in
    # week 3. The week found by subtracting months is a day early, and must not be the only
    # one looked at.
    isp = held_case(
        "A1", sentence_type=SentenceType.INDETERMINATE, crd=None, thd=date(2025, 12, 31)
    )
    data = forecast_problem([isp], run_date=date(2025, 6, 16))
    fc = forecast(data, 4)
    assert [(e.week, e.kind) for e in fc.events] == [(3, "parole_window")]
    assert fc.events == forecast(data, 4, every_week=True).events
