"""Hand-built cases for the forecast's tests (this module holds no tests).

The run date is Sunday 15 June 2025, so week k is the state on 15 June + 7k days and
holds the events dated in the seven days up to it: week 1 = 16-22 June, week 2 =
23-29 June, week 3 = 30 June-6 July, week 5 = 14-20 July, week 7 = 28 July-3 August,
week 8 = 4-10 August, week 12 = 1-7 September.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from allocator.domain.enums import Grade, Role, Rosh, SentenceType, Tier
from allocator.domain.problem import Case, ProblemData, Staff
from allocator.domain.settings import Settings

RUN = date(2025, 6, 15)
OLD_START = date(2020, 1, 1)
FAR = date(2029, 1, 1)


@dataclass(frozen=True, slots=True)
class ArrivedCase(Case):
    """A case with the optional ``arrival_date`` of the Cases sheet (for problem data whose
    ``Case`` does not carry the column yet)."""

    arrival_date: date | None = None


def case(case_id: str, **changes: Any) -> Case:
    """A tier C, RoSH low determinate case at LEI (LDU N1) sentenced in 2020, CRD in 2029:
    POM responsible, 30 POM points, 30 COM points."""
    fields: dict[str, Any] = {
        "prison": "LEI",
        "sentence_type": SentenceType.DETERMINATE,
        "tier": Tier.C,
        "rosh": Rosh.LOW,
        "sentence_start": OLD_START,
        "crd": FAR,
        "ldu": "N1",
        "current_pom": "P1",
    }
    fields.update(changes)
    if "arrival_date" in fields and "arrival_date" not in Case.__dataclass_fields__:
        return ArrivedCase(case_id, **fields)
    return Case(case_id, **fields)


def pom(staff_id: str = "P1", **changes: Any) -> Staff:
    """A full-time active PRO POM at LEI (capacity 2,176 points)."""
    fields: dict[str, Any] = {"role": Role.POM, "grade": Grade.PRO, "location": "LEI", "fte": 1.0}
    fields.update(changes)
    return Staff(staff_id, **fields)


def com(staff_id: str = "C1", **changes: Any) -> Staff:
    """A full-time active PO COM in N1."""
    fields: dict[str, Any] = {"role": Role.COM, "grade": Grade.PO, "location": "N1", "fte": 1.0}
    fields.update(changes)
    return Staff(staff_id, **fields)


def problem(cases: Sequence[Case], staff: Sequence[Staff] = (), **settings: Any) -> ProblemData:
    """Problem data on the test run date (one POM P1 and one COM C1 unless told)."""
    return ProblemData(
        cases=tuple(cases),
        staff=tuple(staff) or (pom(), com()),
        settings=Settings(run_date=RUN).replace(**settings),
    )
