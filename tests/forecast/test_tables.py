"""The forecast workbook's tables: who crosses 90 % and 100 %, when and why; the
handover list; the events of each person's week."""

from __future__ import annotations

from datetime import date

from allocator.domain.enums import SentenceType
from allocator.domain.forecast_totals import Forecast, forecast
from allocator.domain.problem import ProblemData
from reports.forecast_tables import (
    NEEDS_COM,
    crossings,
    handover_rows,
    note,
    over_rows,
    week_rows,
)
from tests.builders import com, forecast_problem, held_case, pom

ISP = SentenceType.INDETERMINATE


def busy() -> tuple[ProblemData, Forecast]:
    # P1 works 0.1 FTE: capacity floor(2,176 x 0.1) = 217 points. Five plain cases hold
    # 5 x 30 = 150. OPEN (ISP, open conditions from 25 June, week 2) goes from 30 to 45
    # with the handover uplift; PAROLE (ISP, hearing 20 January 2026, COM responsible:
    # 15) gets the parole uplift from 20 July (week 5): 23.
    # Week 0: 150 + 30 + 15 = 195 (89.9 %); week 2: 210 (96.8 %); week 5: 218 (100.5 %).
    cases = [held_case(f"C{i}") for i in range(5)] + [
        held_case(
            "OPEN",
            sentence_type=ISP,
            crd=None,
            ted=date(2026, 9, 1),
            open_conditions_date=date(2025, 6, 25),
        ),
        held_case("PAROLE", sentence_type=ISP, crd=None, thd=date(2026, 1, 20), current_com="C1"),
    ]
    data = forecast_problem(cases, [pom("P1", fte=0.1), com("C1")])
    return data, forecast(data, 12)


def test_who_crosses_when_and_why() -> None:
    data, fc = busy()
    assert [w.points for w in fc.staff["P1"]][:6] == [195, 195, 210, 210, 210, 218]
    found = crossings(fc)
    assert [(c.staff_id, c.threshold, c.week, c.utilisation) for c in found] == [
        ("P1", 90, 2, 96.8),
        ("P1", 100, 5, 100.5),
    ]
    assert note(found[1]) == "P1 reaches 100 % in week 5 (1 handover uplift, 1 parole hearing due)"
    row = over_rows(fc, data, found)[1]
    assert row[:7] == ["P1", "", "POM", "LEI", 100, 5, date(2025, 7, 20)]
    assert row[7:11] == [89.9, 100.5, 100.5, 5]


def test_someone_already_over_does_not_cross_again() -> None:
    data = forecast_problem([held_case(f"C{i}") for i in range(8)], [pom("P1", fte=0.1), com("C1")])
    assert crossings(forecast(data, 4)) == []  # 240 of 217 points from the start


def test_the_handover_list() -> None:
    data, fc = busy()
    (row,) = handover_rows(fc, data)
    assert row == [
        "N1",
        "OPEN",
        "LEI",
        "C",
        "low",
        "handover uplift",
        2,
        date(2025, 6, 25),
        date(2025, 9, 1),
        NEEDS_COM,
        "P1",
    ]


def test_each_persons_week_says_what_happened() -> None:
    data, fc = busy()
    rows = [r for r in week_rows(fc, data) if r[0] == "P1"]
    assert [r[5] for r in rows] == list(range(13))
    assert rows[2][-1] == "1 handover uplift"
    assert rows[5][-1] == "1 parole hearing due"
    assert rows[12][-1] == "1 handover to the COM"
    com_rows = [r for r in week_rows(fc, data) if r[0] == "C1"]
    assert com_rows[5][-1] == "1 parole hearing due"  # the COM holds that case too
