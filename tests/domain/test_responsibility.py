"""Responsibility rules 1-9 in order, and the state on the run date.

RUN = 15 Jun 2025, so a target parole hearing (THD) "12 or more months away" is one on or
after 15 Jun 2026 (RUN + 12 months). THD_FAR is that boundary day, THD_NEAR the day before.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allocator.domain.enums import Override, ParoleOutcome, Responsibility, SentenceType
from allocator.domain.omic import Handover, responsibility
from tests.builders import RUN, isp, settings, undated_case

POM, POM_COM, COM = Responsibility.POM, Responsibility.POM_COM, Responsibility.COM
NOT_RELEASE = ParoleOutcome.NOT_RELEASE
THD_FAR = date(2026, 6, 15)  # RUN + 12 months exactly: counts as "12 or more months away"
THD_NEAR = date(2026, 6, 14)  # one day short of 12 months
# A future tariff expiry: for an ISP that falls through to rule 9 the ERD is this TED,
# handover = 1 Jan 2028 - 12 months = 1 Jan 2027, after RUN -> POM responsible.
TED_FUTURE = date(2028, 1, 1)
CRD_FAR = date(2030, 1, 1)  # a determinate ERD far away: rule 9 gives POM responsible


@pytest.mark.parametrize(
    ("subject", "expected", "rule"),
    [
        # Rule 1: a recorded override wins over everything below it.
        pytest.param(
            undated_case(recall=True, responsibility_override=Override.POM),
            POM,
            1,
            id="r1-override-beats-recall",
        ),
        pytest.param(
            undated_case(crd=CRD_FAR, responsibility_override=Override.COM),
            COM,
            1,
            id="r1-override-com",
        ),
        pytest.param(
            isp(additional_isp=True, responsibility_override=Override.COM),
            COM,
            1,
            id="r1-override-beats-additional-isp",
        ),
        pytest.param(
            undated_case(
                sentence_type=SentenceType.IMMIGRATION, responsibility_override=Override.POM
            ),
            POM,
            1,
            id="r1-override-beats-immigration",
        ),
        # Rule 2: an ISP with a further ISP -> POM, whatever rules 3-6 would say.
        pytest.param(isp(additional_isp=True), POM, 2, id="r2-additional-isp"),
        pytest.param(
            isp(additional_isp=True, recall=True, thd=THD_FAR), POM, 2, id="r2-beats-r3-and-r6"
        ),
        pytest.param(
            isp(additional_isp=True, parole_outcome=NOT_RELEASE, thd=THD_FAR, mappa_level=3),
            POM,
            2,
            id="r2-beats-r4",
        ),
        # Rule 3: ISP recall, THD 12+ months away, MAPPA none/0/1 -> POM + COM supporting.
        pytest.param(isp(recall=True, thd=THD_FAR), POM_COM, 3, id="r3-mappa-none"),
        pytest.param(isp(recall=True, thd=THD_FAR, mappa_level=0), POM_COM, 3, id="r3-mappa-0"),
        pytest.param(isp(recall=True, thd=THD_FAR, mappa_level=1), POM_COM, 3, id="r3-mappa-1"),
        pytest.param(
            isp(recall=True, thd=date(2030, 1, 1), mappa_level=1),
            POM_COM,
            3,
            id="r3-thd-years-away",
        ),
        # ... one day short of 12 months: rule 3 does not apply, rule 6 (recall) does.
        pytest.param(isp(recall=True, thd=THD_NEAR), COM, 6, id="r3-thd-near-falls-to-r6"),
        # ... MAPPA 2 without a parole refusal: rule 6.
        pytest.param(isp(recall=True, thd=THD_FAR, mappa_level=2), COM, 6, id="r3-mappa-2-to-r6"),
        # Rule 3 only applies to ISPs: a determinate recall is rule 6.
        pytest.param(
            undated_case(recall=True, thd=THD_FAR, mappa_level=1, crd=CRD_FAR),
            COM,
            6,
            id="r3-not-for-determinate-to-r6",
        ),
        # Rule 4: ISP, THD 12+ months, parole refused, MAPPA 2/3 -> COM responsible.
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_FAR, mappa_level=2, ted=TED_FUTURE),
            COM,
            4,
            id="r4-mappa-2",
        ),
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_FAR, mappa_level=3, ted=TED_FUTURE),
            COM,
            4,
            id="r4-mappa-3",
        ),
        pytest.param(
            isp(recall=True, parole_outcome=NOT_RELEASE, thd=THD_FAR, mappa_level=3),
            COM,
            4,
            id="r4-recall-mappa-3",
        ),
        # ... THD one day short: rules 3-5 skip, rule 9 on ERD = TED (future) gives POM.
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_NEAR, mappa_level=3, ted=TED_FUTURE),
            POM,
            9,
            id="r4-thd-near-falls-to-r9",
        ),
        # Rule 5: ISP, THD 12+ months, parole refused, MAPPA none/0/1 -> POM + COM supporting.
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_FAR, ted=TED_FUTURE),
            POM_COM,
            5,
            id="r5-mappa-none",
        ),
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_FAR, mappa_level=0, ted=TED_FUTURE),
            POM_COM,
            5,
            id="r5-mappa-0",
        ),
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_FAR, mappa_level=1, ted=TED_FUTURE),
            POM_COM,
            5,
            id="r5-mappa-1",
        ),
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_NEAR, mappa_level=1, ted=TED_FUTURE),
            POM,
            9,
            id="r5-thd-near-falls-to-r9",
        ),
        # A "release" outcome matches none of rules 3-5: rule 9 decides.
        pytest.param(
            isp(parole_outcome=ParoleOutcome.RELEASE, thd=THD_FAR, ted=TED_FUTURE),
            POM,
            9,
            id="release-outcome-to-r9",
        ),
        # ISP with THD far but neither recalled nor refused: rule 9.
        pytest.param(isp(thd=THD_FAR, ted=TED_FUTURE), POM, 9, id="isp-thd-far-plain-to-r9"),
        # Rule 6: any recall -> COM, even with a far-away release date.
        pytest.param(undated_case(recall=True, crd=CRD_FAR), COM, 6, id="r6-determinate-recall"),
        pytest.param(isp(recall=True, ted=TED_FUTURE), COM, 6, id="r6-isp-recall-no-thd"),
        pytest.param(undated_case(recall=True), COM, 6, id="r6-recall-beats-no-erd"),
        # Rule 7: immigration detainee -> COM, even with a release date far away.
        pytest.param(
            undated_case(sentence_type=SentenceType.IMMIGRATION, sentence_start=None),
            COM,
            7,
            id="r7-immigration",
        ),
        pytest.param(
            undated_case(sentence_type=SentenceType.IMMIGRATION, crd=CRD_FAR),
            COM,
            7,
            id="r7-with-crd",
        ),
        # Rule 8: no ERD -> POM responsible.
        pytest.param(isp(), POM, 8, id="r8-isp-without-ted-or-thd"),
        pytest.param(undated_case(), POM, 8, id="r8-determinate-without-dates"),
        pytest.param(undated_case(ted=date(2027, 1, 1)), POM, 8, id="r8-determinate-ignores-ted"),
        # Rule 9: the handover dates decide.
        pytest.param(undated_case(crd=CRD_FAR), POM, 9, id="r9-determinate-far"),
    ],
)
def test_responsibility_rules_in_order(subject: Any, expected: Responsibility, rule: int) -> None:
    result = responsibility(subject, RUN, settings())
    assert (result.state, result.rule) == (expected, rule)


@pytest.mark.parametrize(
    ("subject", "erd"),
    [
        pytest.param(
            undated_case(responsibility_override=Override.COM, crd=CRD_FAR), CRD_FAR, id="r1"
        ),
        pytest.param(isp(additional_isp=True, ted=TED_FUTURE), TED_FUTURE, id="r2"),
        pytest.param(isp(recall=True, thd=THD_FAR, ted=TED_FUTURE), TED_FUTURE, id="r3"),
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_FAR, mappa_level=2, ted=TED_FUTURE),
            TED_FUTURE,
            id="r4",
        ),
        # TED past (1 Jan 2020), THD future: the ERD is the THD.
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_FAR, ted=date(2020, 1, 1)), THD_FAR, id="r5"
        ),
        pytest.param(undated_case(recall=True, crd=CRD_FAR), CRD_FAR, id="r6"),
        pytest.param(undated_case(recall=True), None, id="r6-no-erd"),
        pytest.param(
            undated_case(sentence_type=SentenceType.IMMIGRATION, crd=CRD_FAR), CRD_FAR, id="r7"
        ),
        pytest.param(undated_case(sentence_type=SentenceType.IMMIGRATION), None, id="r7-no-erd"),
        pytest.param(isp(), None, id="r8"),
    ],
)
def test_rules_1_to_8_carry_no_handover_dates_but_the_erd(subject: Any, erd: date | None) -> None:
    """No handover or start date (the rule fixes the state), but the ERD for later use."""
    result = responsibility(subject, RUN, settings())
    assert result.rule <= 8
    assert result.handover_date is None and result.start_date is None
    assert result.erd == erd


@pytest.mark.parametrize(
    ("subject", "fragment"),
    [
        pytest.param(
            undated_case(recall=True, responsibility_override=Override.POM), "override", id="r1"
        ),
        pytest.param(isp(additional_isp=True), "further indeterminate", id="r2"),
        pytest.param(isp(recall=True, thd=THD_FAR), "recall", id="r3"),
        pytest.param(
            isp(parole_outcome=NOT_RELEASE, thd=THD_FAR, mappa_level=3), "MAPPA 2/3", id="r4"
        ),
        pytest.param(isp(parole_outcome=NOT_RELEASE, thd=THD_FAR), "MAPPA 0/1", id="r5"),
        pytest.param(undated_case(recall=True), "recall", id="r6"),
        pytest.param(undated_case(sentence_type=SentenceType.IMMIGRATION), "immigration", id="r7"),
        pytest.param(undated_case(), "no earliest release date", id="r8"),
    ],
)
def test_reason_names_the_rule(subject: Any, fragment: str) -> None:
    assert fragment in responsibility(subject, RUN, settings()).reason


def test_isp_far_threshold_is_a_setting() -> None:
    # RUN + 6 months = 15 Dec 2025: far enough with the setting at 6, not with the default 12.
    subject = isp(parole_outcome=NOT_RELEASE, thd=date(2025, 12, 15), ted=TED_FUTURE)
    assert responsibility(subject, RUN, settings()).state is POM
    assert responsibility(subject, RUN, settings(isp_thd_far_months=6)).state is POM_COM


def test_isp_far_threshold_from_a_leap_day() -> None:
    # Run date 29 Feb 2024 + 12 months = 29 Feb 2025 -> clamped to 28 Feb 2025.
    run = date(2024, 2, 29)
    far = isp(recall=True, thd=date(2025, 2, 28))
    near = isp(recall=True, thd=date(2025, 2, 27))
    assert responsibility(far, run, settings()).state is POM_COM
    assert responsibility(near, run, settings()).state is COM


# --- Rule 9: state on the run date ------------------------------------------------------------

# Determinate, no PED, sentenced long ago: CRD 30 Jun 2026
#   handover = 30 Jun 2026 - 8 months = 30 Oct 2025; - 14 days = 16 Oct 2025; start = handover.
DET_CASE = undated_case(crd=date(2026, 6, 30))
DET_HANDOVER = date(2025, 10, 16)

# ISP in open conditions: TED 31 Mar 2027 (future) = ERD
#   handover = 31 Mar 2027 - 12 months = 31 Mar 2026; open since 1 Sep 2025 -> start 1 Sep 2025.
OPEN_ISP = isp(ted=date(2027, 3, 31), open_conditions_date=date(2025, 9, 1))


@pytest.mark.parametrize(
    ("subject", "run_date", "expected"),
    [
        pytest.param(DET_CASE, date(2025, 10, 15), POM, id="det-day-before-handover"),
        # Determinate: start = handover, so the run date on it is already COM responsible.
        pytest.param(DET_CASE, DET_HANDOVER, COM, id="det-on-handover"),
        pytest.param(DET_CASE, date(2026, 1, 1), COM, id="det-after-handover"),
        pytest.param(OPEN_ISP, date(2025, 8, 31), POM, id="isp-day-before-start"),
        pytest.param(OPEN_ISP, date(2025, 9, 1), POM_COM, id="isp-on-start"),
        pytest.param(OPEN_ISP, date(2026, 3, 30), POM_COM, id="isp-day-before-handover"),
        pytest.param(OPEN_ISP, date(2026, 3, 31), COM, id="isp-on-handover"),
    ],
)
def test_state_on_the_run_date(subject: Any, run_date: date, expected: Responsibility) -> None:
    result = responsibility(subject, run_date, settings(run_date=run_date))
    assert result.state is expected
    assert result.handover_date is not None


def test_rule_9_reports_its_dates() -> None:
    result = responsibility(OPEN_ISP, RUN, settings())
    assert result == Handover(
        POM, result.reason, date(2027, 3, 31), date(2026, 3, 31), date(2025, 9, 1)
    )
    assert "indeterminate: ERD - 12 months" in result.reason


def test_short_sentence_is_com_responsible_with_an_erd_but_no_handover() -> None:
    # Sentenced 1 Mar 2025, CRD 1 Sep 2025 <= 1 Mar 2025 + 10 months (1 Jan 2026).
    result = responsibility(
        undated_case(sentence_start=date(2025, 3, 1), crd=date(2025, 9, 1)), RUN, settings()
    )
    assert (result.state, result.rule) == (COM, 9)
    assert result.erd == date(2025, 9, 1)
    assert result.handover_date is None and result.start_date is None
