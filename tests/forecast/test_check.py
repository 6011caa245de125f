"""The week-1 checker agrees with the forecast, and catches a forecast that is wrong;
skipping the weeks where nothing can change gives what deriving every week gives."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from allocator.check.forecast import check_forecast
from allocator.domain.enums import SentenceType
from allocator.domain.forecast_totals import StaffWeek, forecast, forecast_workers
from allocator.domain.problem import ProblemData
from inputs import read
from reports.sample import write_sample
from tests.builders import forecast_problem, held_case

ISP = SentenceType.INDETERMINATE
SAMPLE_RUN = date(2026, 11, 23)


def every_event() -> ProblemData:
    """One case of each event type, all due in week 1 (16-22 June 2025)."""
    return forecast_problem(
        [
            held_case("REL", crd=date(2025, 6, 18)),
            held_case("END", ard=date(2025, 6, 20), current_com="C1"),
            held_case("HAND", crd=date(2026, 3, 5)),  # handover 5 July 2025 - 14 days = 21 June
            held_case(
                "OPEN",
                sentence_type=ISP,
                crd=None,
                ted=date(2026, 9, 1),
                open_conditions_date=date(2025, 6, 17),
            ),
            held_case("PAR", ped=date(2025, 6, 19)),
            held_case("NEW", sentence_start=date(2025, 3, 25)),
            held_case("KID", date_of_birth=date(2007, 6, 20), current_pom=None),
            held_case("SAFE"),
        ],
        weekly_receptions=3,
    )


def test_the_checker_agrees_on_hand_built_cases() -> None:
    data = every_event()
    workers = forecast_workers(data)
    fc = forecast(data, 4, workers)
    assert {e.kind for e in fc.events if e.week == 1} >= {
        "release",
        "sentence_end",
        "handover",
        "handover_start",
        "parole_hearing",
        "assessment_end",
        "in_scope",
        "arrival",
    }
    assert check_forecast(data, workers, fc) == []


def test_the_checker_catches_a_wrong_week_one() -> None:
    data = every_event()
    workers = forecast_workers(data)
    fc = forecast(data, 4, workers)
    weeks = list(fc.staff["P1"])
    weeks[1] = StaffWeek(weeks[1].cases + 1, weeks[1].points, weeks[1].capacity, None)
    wrong = dataclasses.replace(fc, staff={**fc.staff, "P1": tuple(weeks)})
    found = check_forecast(data, workers, wrong)
    assert len(found) == 1 and found[0].startswith("P1: forecast")
    no_release = dataclasses.replace(fc, events=tuple(e for e in fc.events if e.kind != "release"))
    assert check_forecast(data, workers, no_release) == [
        "release: forecast 0 in week 1, the dates give 1"
    ]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> ProblemData:
    path = tmp_path_factory.mktemp("sample") / "sample.xlsx"
    write_sample(path, prisons=1, seed=2, run_date=SAMPLE_RUN)
    data = read(path).data
    assert data is not None
    return data


@pytest.mark.parametrize("shift", [0, 3, 40, 200])
def test_skipping_quiet_weeks_changes_nothing(sample: ProblemData, shift: int) -> None:
    """The forecast derives a case only near its own dates; deriving every case every week
    must give the same loads and events (run dates a few days apart shift the month ends)."""
    day = SAMPLE_RUN + timedelta(days=shift)
    data = sample.replace(settings=sample.settings.replace(run_date=day))
    quick, slow = forecast(data, 16), forecast(data, 16, every_week=True)
    assert quick.events == slow.events
    assert quick.staff == slow.staff
    assert quick.prisons == slow.prisons
    assert quick.ldus == slow.ldus
    assert len(quick.events) > 100  # the sample has plenty happening


def test_the_checker_agrees_on_the_sample(sample: ProblemData) -> None:
    workers = forecast_workers(sample)
    fc = forecast(sample, 12, workers)
    assert check_forecast(sample, workers, fc) == []


def test_a_report_allocation_is_the_starting_point(sample: ProblemData) -> None:
    first = next(c for c in sample.cases if c.current_pom)
    other = next(
        s.staff_id
        for s in sample.staff
        if s.location == first.prison and s.staff_id != first.current_pom
    )
    workers = forecast_workers(sample, {first.case_id: other}, {})
    fc = forecast(sample, 2, workers)
    assert workers[0][first.case_id] == other
    assert check_forecast(sample, workers, fc) == []
