"""Each event type with hand-worked dates (see ``builders`` for the calendar of weeks)."""

from __future__ import annotations

from datetime import date

from allocator.domain.enums import ParoleOutcome, SentenceType
from allocator.domain.forecast import (
    ARRIVAL,
    ASSESSMENT_END,
    BACK_TO_POM,
    COM_OVERDUE,
    HANDOVER,
    HANDOVER_START,
    IN_SCOPE,
    PAROLE_HEARING,
    PAROLE_WINDOW,
    RELEASE,
    SENTENCE_END,
    UPLIFT_ASSESSMENT,
    UPLIFT_PAROLE,
    Event,
)
from allocator.domain.forecast_totals import Forecast, forecast
from allocator.domain.omic import derive
from allocator.domain.problem import Case
from tests.builders import RUN, forecast_problem, held_case

ISP = SentenceType.INDETERMINATE


def run(*cases: Case, weeks: int = 12, **settings: object) -> Forecast:
    return forecast(forecast_problem(cases, **settings), weeks)


def kinds(fc: Forecast, case_id: str = "") -> list[tuple[int, str, date | None]]:
    return [(e.week, e.kind, e.day) for e in fc.events if e.case_id == case_id]


def pom_points(fc: Forecast) -> list[int]:
    return [w.points for w in fc.staff["P1"]]


def pom_cases(fc: Forecast) -> list[int]:
    return [w.cases for w in fc.staff["P1"]]


def test_release_in_week_3() -> None:
    # CRD Thursday 3 July 2025 is in week 3 (30 June - 6 July). ERD = CRD, handover
    # 3 July - 8 months - 14 days = 20 October 2024, passed: COM responsible, POM
    # supporting: 30 x 50 % = 15 POM points until the release.
    fc = run(held_case("A1", crd=date(2025, 7, 3)))
    assert kinds(fc, "A1") == [(3, RELEASE, date(2025, 7, 3))]
    assert pom_cases(fc) == [1, 1, 1] + [0] * 10
    assert pom_points(fc) == [15, 15, 15] + [0] * 10
    assert [p.cases for p in fc.prisons["LEI"]] == [1, 1, 1] + [0] * 10


def test_sentence_end_when_the_ard_comes_first() -> None:
    # ARD Sunday 20 July 2025 (week 5) before the CRD: unconditional release, no licence.
    fc = run(held_case("A1", ard=date(2025, 7, 20), crd=date(2025, 9, 1)))
    assert kinds(fc, "A1") == [(5, SENTENCE_END, date(2025, 7, 20))]
    assert pom_cases(fc) == [1] * 5 + [0] * 8


def test_parole_release_only_with_a_release_outcome() -> None:
    # PED 1 July 2025 (week 3); CRD 1 September 2025 (week 12).
    dates = {"ped": date(2025, 7, 1), "crd": date(2025, 9, 1)}
    refused = run(held_case("A1", **dates))
    released = run(held_case("A1", parole_outcome=ParoleOutcome.RELEASE, **dates))
    assert (12, RELEASE, date(2025, 9, 1)) in kinds(refused, "A1")
    assert (3, PAROLE_HEARING, date(2025, 7, 1)) in kinds(refused, "A1")
    assert kinds(released, "A1") == [(3, RELEASE, date(2025, 7, 1))]


def test_handover_start_in_week_2_and_handover_date_in_week_12() -> None:
    # An ISP with TED 1 September 2026: ERD = TED, handover date = ERD - 12 months =
    # 1 September 2025 (week 12). In open conditions from Wednesday 25 June 2025 (week 2):
    # the handover starts then. POM points: 30; with the handover uplift 30 x 150 % = 45;
    # once the COM is responsible 30 x 50 % = 15.
    isp = held_case(
        "A1",
        sentence_type=ISP,
        crd=None,
        ted=date(2026, 9, 1),
        open_conditions_date=date(2025, 6, 25),
    )
    fc = run(isp)
    assert kinds(fc, "A1") == [
        (2, HANDOVER_START, date(2025, 6, 25)),
        (12, HANDOVER, date(2025, 9, 1)),
    ]
    assert pom_points(fc) == [30, 30] + [45] * 10 + [15]
    # from the start of the handover the case needs a COM, and it has none
    assert [w.needs_com for w in fc.ldus["N1"]] == [0, 0] + [1] * 11
    assert [w.needs_com_points for w in fc.ldus["N1"]] == [0, 0] + [30] * 11


def test_handover_date_then_the_com_is_overdue() -> None:
    # CRD 1 April 2026: handover 1 April - 8 months = 1 August 2025, - 14 days = Friday
    # 18 July 2025 (week 5); no COM by 18 July + 14 days = 1 August (week 7): overdue.
    fc = run(held_case("A1", crd=date(2026, 4, 1)))
    assert kinds(fc, "A1") == [
        (5, HANDOVER, date(2025, 7, 18)),
        (7, COM_OVERDUE, date(2025, 7, 18)),
    ]
    assert pom_points(fc) == [30] * 5 + [15] * 8
    assert [w.overdue for w in fc.ldus["N1"]] == [0] * 7 + [1] * 6


def test_a_case_with_a_com_is_not_overdue() -> None:
    fc = run(held_case("A1", crd=date(2026, 4, 1), current_com="C1"))
    assert kinds(fc, "A1") == [(5, HANDOVER, date(2025, 7, 18))]
    assert [w.points for w in fc.staff["C1"]] == [30] * 13  # custody COM points stay
    assert [w.needs_com for w in fc.ldus["N1"]] == [0] * 13


def test_responsibility_back_to_the_pom() -> None:
    # An ISP refused parole, MAPPA 2, hearing 25 June 2026: while the hearing is 12 or more
    # months away (up to 25 June 2025) the COM is responsible (rule 4). From week 2 (29 June)
    # the dates decide: ERD = TED 1 January 2028, handover 1 January 2027: POM responsible,
    # and the POM's points go from 15 (supporting) to 30.
    isp = held_case(
        "A1",
        sentence_type=ISP,
        crd=None,
        thd=date(2026, 6, 25),
        ted=date(2028, 1, 1),
        parole_outcome=ParoleOutcome.NOT_RELEASE,
        mappa_level=2,
    )
    fc = run(isp)
    assert kinds(fc, "A1") == [(2, BACK_TO_POM, None)]
    assert pom_points(fc) == [15, 15] + [30] * 11


def test_parole_hearing_held() -> None:
    # PED Friday 8 August 2025 (week 8), parole outcome unknown, CRD 2029: ERD = PED,
    # handover PED - 12 months, passed: POM supporting. Within 6 months of the hearing the
    # parole uplift applies: 30 x 150 % x 50 % = 22.5, 23 rounded; after it 15.
    fc = run(held_case("A1", ped=date(2025, 8, 8)))
    assert kinds(fc, "A1") == [(8, PAROLE_HEARING, date(2025, 8, 8))]
    assert pom_points(fc) == [23] * 8 + [15] * 5


def test_parole_work_starts_six_months_before_the_hearing() -> None:
    # An ISP whose THD is 20 January 2026: ERD = THD, handover passed (COM responsible).
    # The parole window opens once the hearing is within 6 months: on 20 July (week 5).
    fc = run(held_case("A1", sentence_type=ISP, crd=None, thd=date(2026, 1, 20)))
    assert kinds(fc, "A1") == [(5, PAROLE_WINDOW, date(2026, 1, 20))]
    assert pom_points(fc) == [15] * 5 + [23] * 8


def test_initial_assessment_ends() -> None:
    # Sentenced 30 March 2025: the 12 weeks of initial assessment end on 22 June (week 1).
    fc = run(held_case("A1", sentence_start=date(2025, 3, 30)))
    assert kinds(fc, "A1") == [(1, ASSESSMENT_END, None)]
    assert pom_points(fc) == [45] + [30] * 12


def test_turning_18_brings_a_case_into_scope_without_a_pom() -> None:
    # Born 25 June 2007: 18 on Wednesday 25 June 2025 (week 2).
    fc = run(held_case("A1", date_of_birth=date(2007, 6, 25), current_pom=None))
    assert kinds(fc, "A1") == [(2, IN_SCOPE, None)]
    assert [p.without_pom for p in fc.prisons["LEI"]] == [0, 0] + [1] * 11
    assert [p.points_unallocated for p in fc.prisons["LEI"]] == [0, 0] + [30] * 11


def test_arrivals_from_the_setting() -> None:
    # 1.5 a week, rounded on the running total: 2, 1, 2, 1, ... Each new arrival is a
    # tier C case (the prison's mix) in initial assessment: 30 x 150 % = 45 points.
    fc = run(held_case("A1"), weeks=4, weekly_receptions=1.5)
    arrivals = [e for e in fc.events if e.kind == ARRIVAL]
    assert [(e.week, e.count) for e in arrivals] == [(1, 2), (2, 1), (3, 2), (4, 1)]
    assert [p.arrivals for p in fc.prisons["LEI"]] == [0, 2, 3, 5, 6]
    assert [p.without_pom for p in fc.prisons["LEI"]] == [0, 2, 3, 5, 6]
    assert [p.points_unallocated for p in fc.prisons["LEI"]] == [0, 90, 135, 225, 270]
    assert fc.receptions_from == "setting"


def test_arrivals_lose_the_assessment_uplift_after_12_weeks() -> None:
    fc = run(held_case("A1"), weeks=14, weekly_receptions=1)
    # 13 arrivals by week 13; the week-1 arrival is 12 weeks in: 30, the others 45
    assert fc.prisons["LEI"][13].points_unallocated == 12 * 45 + 30


def test_arrivals_from_recent_arrival_dates() -> None:
    # 24 people arrived at LEI in the 12 weeks before the run date: 2 a week expected.
    # (a case object with the optional arrival_date column)
    arrived = [held_case(f"N{i}", arrival_date=date(2025, 6, 1)) for i in range(24)]
    old = held_case("OLD", arrival_date=date(2024, 1, 1))  # long ago: not counted
    fc = run(*arrived, old, weeks=2)
    assert fc.receptions_from == "arrival_date"
    assert fc.receptions == {"LEI": 2.0}
    assert [p.arrivals for p in fc.prisons["LEI"]] == [0, 2, 4]


def test_no_arrivals_without_dates_or_setting() -> None:
    fc = run(held_case("A1"))
    assert fc.receptions_from == "none"
    assert not [e for e in fc.events if e.kind == ARRIVAL]


def test_nothing_is_reallocated() -> None:
    fc = run(held_case("A1", crd=date(2026, 4, 1)), held_case("A2", current_pom=None))
    assert pom_cases(fc) == [1] * 13
    assert [p.without_pom for p in fc.prisons["LEI"]] == [1] * 13


def test_the_uplift_names_match_the_rules_reason_text() -> None:
    data = forecast_problem(
        [held_case("A1", sentence_start=date(2025, 5, 1), ped=date(2025, 8, 8))]
    )
    reason = derive(data.cases[0], data).points_reason
    assert UPLIFT_ASSESSMENT in reason and UPLIFT_PAROLE in reason


def test_events_name_the_workers_and_the_ldu() -> None:
    fc = run(held_case("A1", crd=date(2025, 7, 3), current_com="C1"))
    (event,) = fc.events
    assert event == Event(
        week=3,
        kind=RELEASE,
        prison="LEI",
        case_id="A1",
        ldu="N1",
        pom="P1",
        com="C1",
        day=date(2025, 7, 3),
    )
    assert RUN.weekday() == 6  # the calendar in builders assumes a Sunday
