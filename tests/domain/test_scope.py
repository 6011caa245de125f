"""Scope (who the allocator deals with) and allocatability (missing information)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from allocator.domain.enums import Complexity, Estate, RecommendationMode, Rosh, SentenceType
from allocator.domain.omic import derive, in_scope, missing_information
from allocator.domain.problem import Prison
from tests.builders import RUN, derive_problem, settings, undated_case

DET, ISP_, IMM = SentenceType.DETERMINATE, SentenceType.INDETERMINATE, SentenceType.IMMIGRATION
CRD = {"crd": date(2027, 1, 1)}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"sentence_type": SentenceType.REMAND}, False, id="remand"),
        pytest.param({"sentence_type": SentenceType.CIVIL}, False, id="civil"),
        # Remand stays out of scope even with dates that would make a sentenced case in scope.
        pytest.param({"sentence_type": SentenceType.REMAND, **CRD}, False, id="remand-with-crd"),
        pytest.param({"sentence_type": DET, **CRD}, True, id="determinate-crd"),
        pytest.param({"sentence_type": DET, "ard": date(2027, 1, 1)}, True, id="determinate-ard"),
        pytest.param({"sentence_type": DET, "ped": date(2027, 1, 1)}, True, id="determinate-ped"),
        pytest.param({"sentence_type": DET, "ted": date(2027, 1, 1)}, True, id="tariff-date"),
        pytest.param({"sentence_type": DET}, False, id="determinate-no-dates"),
        # A THD alone is neither a release, parole eligibility nor tariff date.
        pytest.param({"sentence_type": DET, "thd": date(2027, 1, 1)}, False, id="thd-only"),
        pytest.param({"sentence_type": ISP_}, True, id="isp-without-dates"),
        pytest.param({"sentence_start": None, **CRD}, False, id="no-sentence-start"),
        pytest.param({"sentence_type": ISP_, "sentence_start": None}, False, id="isp-no-start"),
        pytest.param({"sentence_type": IMM, "sentence_start": None}, True, id="immigration"),
        pytest.param({"date_of_birth": None, **CRD}, True, id="no-birth-date-is-adult"),
    ],
)
def test_scope_by_sentence(changes: dict[str, Any], expected: bool) -> None:
    scope, reason = in_scope(undated_case(**changes), RUN, settings())
    assert scope is expected
    assert reason.startswith("in scope" if expected else "out of scope")


@pytest.mark.parametrize(
    ("birth", "run_date", "expected"),
    [
        # RUN = 15 Jun 2025. Born 15 Jun 2007: 18th birthday is the run date -> an adult.
        pytest.param(date(2007, 6, 15), RUN, True, id="18th-birthday-on-run-date"),
        # Born 16 Jun 2007: turns 18 tomorrow -> 17 on the run date.
        pytest.param(date(2007, 6, 16), RUN, False, id="18-tomorrow"),
        pytest.param(date(1980, 1, 1), RUN, True, id="adult"),
        # Born 29 Feb 2008: 18 on 1 Mar 2026 (2026 has no 29 Feb).
        pytest.param(date(2008, 2, 29), date(2026, 2, 28), False, id="leapling-28-feb"),
        pytest.param(date(2008, 2, 29), date(2026, 3, 1), True, id="leapling-1-mar"),
    ],
)
def test_scope_by_age(birth: date, run_date: date, expected: bool) -> None:
    subject = undated_case(date_of_birth=birth, **CRD)
    assert in_scope(subject, run_date, settings())[0] is expected


def test_immigration_detainee_under_18_is_out_of_scope() -> None:
    subject = undated_case(sentence_type=IMM, sentence_start=None, date_of_birth=date(2010, 1, 1))
    scope, reason = in_scope(subject, RUN, settings())
    assert not scope
    assert "under 18" in reason


def test_adult_age_is_a_setting() -> None:
    # Born 16 Jun 2005: 19 on 15 Jun 2025 (turns 20 tomorrow).
    subject = undated_case(date_of_birth=date(2005, 6, 16), **CRD)
    assert in_scope(subject, RUN, settings())[0]
    assert not in_scope(subject, RUN, settings(adult_age=21))[0]


MALE = Prison("LEI")
FEMALE = Prison("DWI", estate=Estate.FEMALE)
TIER, ROSH = RecommendationMode.TIER, RecommendationMode.ROSH


@pytest.mark.parametrize(
    ("changes", "prison", "mode", "expected"),
    [
        pytest.param({}, MALE, TIER, (), id="complete-tier-mode"),
        pytest.param({"tier": None}, MALE, TIER, ("tier",), id="tier-missing"),
        pytest.param({"rosh": None}, MALE, TIER, (), id="rosh-not-needed-in-tier-mode"),
        pytest.param({"rosh": None}, MALE, ROSH, ("rosh",), id="rosh-missing-in-rosh-mode"),
        pytest.param({"rosh": Rosh.LOW}, MALE, ROSH, (), id="rosh-present-in-rosh-mode"),
        pytest.param({}, FEMALE, TIER, ("complexity",), id="complexity-missing-womens-estate"),
        pytest.param(
            {"complexity": Complexity.LOW}, FEMALE, TIER, (), id="complexity-present-womens"
        ),
        pytest.param(
            {"tier": None, "rosh": None}, FEMALE, ROSH, ("tier", "rosh", "complexity"), id="all"
        ),
    ],
)
def test_missing_information(
    changes: dict[str, Any], prison: Prison, mode: RecommendationMode, expected: tuple[str, ...]
) -> None:
    subject = undated_case(**CRD, **changes)
    assert missing_information(subject, prison, settings(recommendation_mode=mode)) == expected


@pytest.mark.parametrize(
    ("prison_code", "expected_missing"),
    [
        pytest.param("DWI", ("complexity",), id="listed-female-prison"),
        # A prison not in the Prisons sheet is male closed by default.
        pytest.param("LEI", (), id="unlisted-prison-defaults-to-male"),
    ],
)
def test_derive_looks_up_the_case_prison(prison_code: str, expected_missing: tuple[str]) -> None:
    subject = undated_case(prison=prison_code, **CRD)
    result = derive(subject, derive_problem(subject, prisons={"DWI": FEMALE}))
    assert result.in_scope
    assert result.missing == expected_missing
    assert result.allocatable is (not expected_missing)
    # A case missing information is still derived and reported, never dropped.
    assert result.responsibility is not None
