"""Tiny allocation problems built in code for the model's rule tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from allocator.domain.enums import Grade, Role, Rosh, SentenceType, Status, Tier
from allocator.domain.problem import Case, Prison, ProblemData, Staff
from allocator.domain.settings import Settings

RUN = date(2025, 6, 15)
FAR = date(2030, 1, 1)  # a release this far away keeps the POM responsible, no COM needed
SOON = date(2025, 9, 1)  # within 8 months 14 days of the run date: the COM is responsible


def pom(staff_id: str, grade: Grade = Grade.PO, **kw: Any) -> Staff:
    """A full-time active POM at LEI."""
    fields: dict[str, Any] = {"role": Role.POM, "grade": grade, "location": "LEI", "fte": 1.0}
    fields.update(kw)
    return Staff(staff_id, **fields)


def com(staff_id: str, grade: Grade = Grade.PO, **kw: Any) -> Staff:
    """A full-time active COM in LDU N1."""
    fields: dict[str, Any] = {"role": Role.COM, "grade": grade, "location": "N1", "fte": 1.0}
    fields.update(kw)
    return Staff(staff_id, **fields)


def case(case_id: str, tier: Tier = Tier.C, rosh: Rosh | None = Rosh.LOW, **kw: Any) -> Case:
    """A determinate case at LEI, home LDU N1, release far away."""
    fields: dict[str, Any] = {
        "prison": "LEI",
        "sentence_type": SentenceType.DETERMINATE,
        "tier": tier,
        "rosh": rosh,
        "sentence_start": date(2020, 1, 1),
        "crd": FAR,
        "ldu": "N1",
    }
    fields.update(kw)
    return Case(case_id, **fields)


def problem(
    cases: list[Case], staff: list[Staff], female: bool = False, **settings: Any
) -> ProblemData:
    """Problem data on the test run date."""
    from allocator.domain.enums import Estate

    prisons = {"LEI": Prison("LEI", estate=Estate.FEMALE)} if female else {}
    return ProblemData(
        tuple(cases),
        tuple(staff),
        prisons=prisons,
        settings=Settings(run_date=RUN).replace(**settings),
    )


INACTIVE, UNAVAILABLE = Status.INACTIVE, Status.UNAVAILABLE
