"""Earliest release date, handover date (each branch and its edges) and handover start date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allocator.domain.enums import Responsibility
from allocator.domain.omic import (
    earliest_release_date,
    handover_date,
    handover_start_date,
    responsibility,
)
from tests.builders import RUN, isp, settings, undated_case

# --- Earliest release date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        # PED wins even when ARD and CRD are earlier.
        pytest.param(
            undated_case(ped=date(2027, 1, 1), ard=date(2026, 1, 1), crd=date(2026, 2, 1)),
            date(2027, 1, 1),
            id="ped-wins-over-earlier-ard-crd",
        ),
        pytest.param(undated_case(ped=date(2027, 1, 1)), date(2027, 1, 1), id="ped-only"),
        pytest.param(
            undated_case(ard=date(2026, 3, 1), crd=date(2026, 2, 1)),
            date(2026, 2, 1),
            id="crd-earlier",
        ),
        pytest.param(
            undated_case(ard=date(2026, 2, 1), crd=date(2026, 3, 1)),
            date(2026, 2, 1),
            id="ard-earlier",
        ),
        pytest.param(
            undated_case(ard=date(2026, 2, 1), crd=date(2026, 2, 1)),
            date(2026, 2, 1),
            id="ard-on-tie",
        ),
        pytest.param(undated_case(ard=date(2026, 2, 1)), date(2026, 2, 1), id="ard-only"),
        pytest.param(undated_case(crd=date(2026, 3, 1)), date(2026, 3, 1), id="crd-only"),
        pytest.param(undated_case(), None, id="determinate-no-dates"),
        # TED and THD are not release dates of a determinate sentence.
        pytest.param(
            undated_case(ted=date(2026, 1, 1), thd=date(2026, 1, 1)), None, id="det-ted-thd"
        ),
        # ISP (RUN = 15 Jun 2025): a future TED wins, even over an earlier future THD.
        pytest.param(
            isp(ted=date(2026, 1, 1), thd=date(2025, 9, 1)), date(2026, 1, 1), id="isp-ted-future"
        ),
        pytest.param(isp(ted=date(2026, 1, 1)), date(2026, 1, 1), id="isp-ted-only"),
        # TED past -> a future THD.
        pytest.param(
            isp(ted=date(2024, 1, 1), thd=date(2026, 1, 1)), date(2026, 1, 1), id="isp-thd-future"
        ),
        pytest.param(isp(thd=date(2026, 1, 1)), date(2026, 1, 1), id="isp-thd-only"),
        # TED on the run date is not "in the future": the future THD is used.
        pytest.param(isp(ted=RUN, thd=date(2025, 9, 1)), date(2025, 9, 1), id="isp-ted-today"),
        # Both past: the closer one. TED 15 Jan 2025 is 151 days before RUN
        # (31+28+31+30+31), THD 15 May 2025 is 31 days before -> THD.
        pytest.param(
            isp(ted=date(2025, 1, 15), thd=date(2025, 5, 15)),
            date(2025, 5, 15),
            id="isp-both-past-thd-closer",
        ),
        # TED 1 Jun 2025 is 14 days before RUN, THD 1 Mar 2025 is 106 days before -> TED.
        pytest.param(
            isp(ted=date(2025, 6, 1), thd=date(2025, 3, 1)),
            date(2025, 6, 1),
            id="isp-both-past-ted-closer",
        ),
        # TED on the run date (0 days) and THD past: TED is the closer.
        pytest.param(isp(ted=RUN, thd=date(2025, 6, 1)), RUN, id="isp-ted-today-thd-past"),
        pytest.param(isp(ted=date(2024, 1, 1)), date(2024, 1, 1), id="isp-ted-past-only"),
        pytest.param(isp(thd=date(2024, 1, 1)), date(2024, 1, 1), id="isp-thd-past-only"),
        # ISP release dates (CRD/ARD/PED) are not used.
        pytest.param(isp(crd=date(2026, 1, 1), ped=date(2026, 1, 1)), None, id="isp-missing"),
    ],
)
def test_earliest_release_date(subject: Any, expected: date | None) -> None:
    assert earliest_release_date(subject, RUN) == expected


def test_isp_erd_depends_on_the_run_date() -> None:
    # TED 1 Jan 2026, THD 1 Mar 2026: TED is future on 15 Jun 2025, past on 15 Jan 2026
    # (then the THD, still future, is the ERD).
    subject = isp(ted=date(2026, 1, 1), thd=date(2026, 3, 1))
    assert earliest_release_date(subject, RUN) == date(2026, 1, 1)
    assert earliest_release_date(subject, date(2026, 1, 15)) == date(2026, 3, 1)


# --- Handover date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "erd", "expected"),
    [
        # Early allocation: ERD - 15 months. 31 May 2027 - 15 = "31 Feb 2026" -> 28 Feb 2026.
        pytest.param(
            undated_case(early_allocation=True, crd=date(2027, 5, 31)),
            date(2027, 5, 31),
            date(2026, 2, 28),
            id="early-allocation-clamped",
        ),
        # 31 May 2025 - 15 months = "31 Feb 2024" -> 29 Feb 2024 (leap year).
        pytest.param(
            isp(early_allocation=True),
            date(2025, 5, 31),
            date(2024, 2, 29),
            id="early-allocation-isp-leap",
        ),
        # Early allocation comes before the short-sentence branch: sentenced 1 Jan 2025,
        # ERD 1 Jun 2025 <= 1 Nov 2025, but the handover is 1 Jun 2025 - 15 months = 1 Mar 2024.
        pytest.param(
            undated_case(early_allocation=True, sentence_start=date(2025, 1, 1)),
            date(2025, 6, 1),
            date(2024, 3, 1),
            id="early-allocation-beats-short-sentence",
        ),
        # ISP: ERD - 12 months. 31 Aug 2026 -> 31 Aug 2025.
        pytest.param(isp(), date(2026, 8, 31), date(2025, 8, 31), id="isp-12-months"),
        # 29 Feb 2028 - 12 months = "29 Feb 2027" -> 28 Feb 2027.
        pytest.param(isp(), date(2028, 2, 29), date(2027, 2, 28), id="isp-from-leap-day"),
        # ISP before the short-sentence branch: sentenced 1 Jan 2025, ERD 1 Sep 2025
        # (within 10 months) -> still 1 Sep 2025 - 12 months = 1 Sep 2024.
        pytest.param(
            isp(sentence_start=date(2025, 1, 1)),
            date(2025, 9, 1),
            date(2024, 9, 1),
            id="isp-beats-short-sentence",
        ),
        # Short sentence: 31 Dec 2024 + 10 months = 31 Oct 2025. ERD on that day -> none.
        pytest.param(
            undated_case(sentence_start=date(2024, 12, 31)),
            date(2025, 10, 31),
            None,
            id="short-erd-exactly-start-plus-10-months",
        ),
        # ... one day later: determinate branch. 1 Nov 2025 - 8 months = 1 Mar 2025;
        # - 14 days = 15 Feb 2025 (Feb 2025 has 28 days).
        pytest.param(
            undated_case(sentence_start=date(2024, 12, 31)),
            date(2025, 11, 1),
            date(2025, 2, 15),
            id="short-plus-one-day",
        ),
        # Start 30 Apr 2024 + 10 months = "30 Feb 2025" -> 28 Feb 2025.
        pytest.param(
            undated_case(sentence_start=date(2024, 4, 30)),
            date(2025, 2, 28),
            None,
            id="short-boundary-clamped",
        ),
        # ... 1 Mar 2025 is one day past: 1 Mar 2025 - 8 months = 1 Jul 2024; - 14 = 17 Jun 2024.
        pytest.param(
            undated_case(sentence_start=date(2024, 4, 30)),
            date(2025, 3, 1),
            date(2024, 6, 17),
            id="short-boundary-clamped-plus-one",
        ),
        # With a PED: start 15 Jan 2025 + 10 months = 15 Nov 2025.
        pytest.param(
            undated_case(sentence_start=date(2025, 1, 15), ped=date(2025, 11, 15)),
            date(2025, 11, 15),
            None,
            id="short-with-ped",
        ),
        # ... one day later: PED branch, 16 Nov 2025 - 12 months = 16 Nov 2024.
        pytest.param(
            undated_case(sentence_start=date(2025, 1, 15), ped=date(2025, 11, 16)),
            date(2025, 11, 16),
            date(2024, 11, 16),
            id="ped-one-day-past-short",
        ),
        # PED: 29 Feb 2028 - 12 months -> 28 Feb 2027.
        pytest.param(
            undated_case(ped=date(2028, 2, 29)),
            date(2028, 2, 29),
            date(2027, 2, 28),
            id="ped-leap-day",
        ),
        # Other determinate: 31 Oct 2025 - 8 months -> 28 Feb 2025; - 14 days = 14 Feb 2025.
        pytest.param(
            undated_case(), date(2025, 10, 31), date(2025, 2, 14), id="det-31-oct-common-year"
        ),
        # 31 Oct 2024 - 8 months -> 29 Feb 2024; - 14 days = 15 Feb 2024.
        pytest.param(
            undated_case(), date(2024, 10, 31), date(2024, 2, 15), id="det-31-oct-leap-year"
        ),
        # 30 Jun 2026 - 8 months = 30 Oct 2025; - 14 days = 16 Oct 2025.
        pytest.param(undated_case(), date(2026, 6, 30), date(2025, 10, 16), id="det-plain"),
    ],
)
def test_handover_date(subject: Any, erd: date, expected: date | None) -> None:
    assert handover_date(subject, erd, settings())[0] == expected


@pytest.mark.parametrize(
    ("subject", "erd", "changes", "expected"),
    [
        # 31 Aug 2025 - 6 months = "31 Feb 2025" -> 28 Feb 2025 (2025 common).
        pytest.param(
            undated_case(early_allocation=True),
            date(2025, 8, 31),
            {"handover_months_early": 6},
            date(2025, 2, 28),
            id="early-6-months-common",
        ),
        # 31 Aug 2024 - 6 months -> 29 Feb 2024 (leap).
        pytest.param(
            isp(),
            date(2024, 8, 31),
            {"handover_months_isp": 6},
            date(2024, 2, 29),
            id="isp-6-months-leap",
        ),
        pytest.param(
            undated_case(ped=date(2028, 8, 31)),
            date(2028, 8, 31),
            {"handover_months_ped": 6},
            date(2028, 2, 29),
            id="ped-6-months-leap",
        ),
        # 31 Aug 2025 - 6 months - 0 days = 28 Feb 2025.
        pytest.param(
            undated_case(),
            date(2025, 8, 31),
            {"handover_months_determinate": 6, "handover_days_determinate": 0},
            date(2025, 2, 28),
            id="det-6-months-0-days",
        ),
        # 31 Oct 2025 - 8 months = 28 Feb 2025; - 1 day = 27 Feb 2025.
        pytest.param(
            undated_case(),
            date(2025, 10, 31),
            {"handover_days_determinate": 1},
            date(2025, 2, 27),
            id="det-days-setting",
        ),
        # Start 1 Jan 2020 + 12 months = 1 Jan 2021: ERD 1 Dec 2020 is then "short".
        pytest.param(
            undated_case(),
            date(2020, 12, 1),
            {"short_sentence_months": 12},
            None,
            id="short-sentence-setting",
        ),
    ],
)
def test_handover_months_are_settings(
    subject: Any, erd: date, changes: dict[str, int], expected: date | None
) -> None:
    assert handover_date(subject, erd, settings(**changes))[0] == expected
    assert handover_date(subject, erd, settings())[0] != expected


def test_short_sentence_default_boundary_without_setting() -> None:
    # Start 1 Jan 2020 + 10 months = 1 Nov 2020: ERD 1 Dec 2020 is not short by default.
    # 1 Dec 2020 - 8 months = 1 Apr 2020; - 14 days = 18 Mar 2020.
    assert handover_date(undated_case(), date(2020, 12, 1), settings())[0] == date(2020, 3, 18)


# --- Handover start date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param(isp(), date(2026, 3, 31), id="isp-closed"),
        pytest.param(
            isp(open_conditions_date=date(2025, 9, 1)), date(2025, 9, 1), id="isp-open-earlier"
        ),
        pytest.param(
            isp(open_conditions_date=date(2026, 4, 1)), date(2026, 3, 31), id="isp-open-later"
        ),
        pytest.param(
            isp(open_conditions_date=date(2026, 3, 31)), date(2026, 3, 31), id="isp-open-same-day"
        ),
        # Only an ISP in open conditions gets an earlier start.
        pytest.param(
            undated_case(open_conditions_date=date(2025, 9, 1)),
            date(2026, 3, 31),
            id="determinate-open",
        ),
    ],
)
def test_handover_start_date(subject: Any, expected: date) -> None:
    assert handover_start_date(subject, date(2026, 3, 31)) == expected


def test_determinate_in_open_conditions_has_no_window() -> None:
    # CRD 30 Jun 2026 -> handover 16 Oct 2025 (see test_responsibility); open since Sep 2025.
    subject = undated_case(crd=date(2026, 6, 30), open_conditions_date=date(2025, 9, 1))
    result = responsibility(subject, date(2025, 10, 1), settings())
    assert result.start_date == result.handover_date == date(2025, 10, 16)
    assert result.state is Responsibility.POM
