"""Small builders for the OMiC rule tests: cases, settings and problem data in code."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from allocator.domain.enums import SentenceType, Tier
from allocator.domain.problem import Case, Prison, ProblemData
from allocator.domain.settings import Settings

#: The run date most tests use: Sunday 15 June 2025 (2025 is not a leap year).
RUN = date(2025, 6, 15)

#: A sentence start long enough ago that no short-sentence or start-of-sentence rule applies.
OLD_START = date(2020, 1, 1)

DEFAULTS = Settings(run_date=RUN)


def case(**changes: Any) -> Case:
    """A tier C determinate case sentenced in 2020 with no release dates, plus ``changes``."""
    fields: dict[str, Any] = {
        "case_id": "A1234BC",
        "prison": "LEI",
        "sentence_type": SentenceType.DETERMINATE,
        "tier": Tier.C,
        "sentence_start": OLD_START,
    }
    fields.update(changes)
    return Case(**fields)


def isp(**changes: Any) -> Case:
    """An indeterminate (ISP) case, otherwise as ``case``."""
    return case(sentence_type=SentenceType.INDETERMINATE, **changes)


def settings(**changes: Any) -> Settings:
    """The default settings with the test run date, plus ``changes``."""
    return DEFAULTS.replace(**changes)


def problem(
    *cases: Case,
    prisons: Mapping[str, Prison] | None = None,
    **setting_changes: Any,
) -> ProblemData:
    """Problem data holding ``cases`` and no staff."""
    return ProblemData(
        cases=cases,
        staff=(),
        prisons=dict(prisons or {}),
        settings=settings(**setting_changes),
    )
