"""Tiny problems built in code for the checker's tests (this module holds no tests).

Every case defaults to a determinate tier C, RoSH low case at LEI with home LDU N1
and a release far away: in scope, allocatable, POM responsible, no COM needed,
30 POM points and 30 COM points. Every POM is a full-time active PRO at LEI and
every COM a full-time active PO in N1: capacity 2,176 points and a cap of 80 cases,
so small tests never touch the balance bands unless they shrink the capacity.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from allocator.check.allocation import CheckReport, check
from allocator.domain.enums import Estate, Grade, Role, Rosh, RuleMode, SentenceType, Tier
from allocator.domain.problem import Case, Prison, ProblemData, Spo, Staff
from allocator.domain.result import Allocation, Violation
from allocator.domain.settings import Settings

RUN = date(2025, 6, 15)
FAR = date(2030, 1, 1)  # release far away: POM responsible, no COM needed
SOON = date(2025, 12, 1)  # ERD within 6 months; handover 18/03/2025 passed: COM responsible
THD_FAR = date(2027, 1, 1)  # an ISP recall with this hearing date is POM+COM


def case(case_id: str = "A0001AA", **changes: Any) -> Case:
    """A tier C, RoSH low determinate case at LEI (home LDU N1), release in 2030."""
    fields: dict[str, Any] = {
        "prison": "LEI",
        "sentence_type": SentenceType.DETERMINATE,
        "tier": Tier.C,
        "rosh": Rosh.LOW,
        "sentence_start": date(2020, 1, 1),
        "crd": FAR,
        "ldu": "N1",
    }
    fields.update(changes)
    return Case(case_id, **fields)


def com_case(case_id: str = "A0001AA", **changes: Any) -> Case:
    """A case whose COM is responsible (ERD 01/12/2025): it needs a COM; 15 POM points."""
    return case(case_id, **{"crd": SOON, **changes})


def handover_case(case_id: str = "A0001AA", **changes: Any) -> Case:
    """An ISP recall, hearing in 2027, MAPPA unknown: POM responsible, COM supporting."""
    fields: dict[str, Any] = {
        "sentence_type": SentenceType.INDETERMINATE,
        "recall": True,
        "thd": THD_FAR,
        "crd": None,
    }
    fields.update(changes)
    return case(case_id, **fields)


def pom(staff_id: str, grade: Grade = Grade.PRO, **changes: Any) -> Staff:
    """A full-time active POM at LEI (a prison officer unless ``grade`` says otherwise)."""
    fields: dict[str, Any] = {"role": Role.POM, "grade": grade, "location": "LEI", "fte": 1.0}
    fields.update(changes)
    return Staff(staff_id, **fields)


def com(staff_id: str, grade: Grade = Grade.PO, **changes: Any) -> Staff:
    """A full-time active COM in LDU N1 (a PO unless ``grade`` says otherwise)."""
    fields: dict[str, Any] = {"role": Role.COM, "grade": grade, "location": "N1", "fte": 1.0}
    fields.update(changes)
    return Staff(staff_id, **fields)


def problem(
    cases: Sequence[Case],
    staff: Sequence[Staff],
    spos: Sequence[Spo] = (),
    female: Sequence[str] = (),
    **settings: Any,
) -> ProblemData:
    """Problem data on the test run date; ``female`` lists women's prisons.

    ``*_rule`` settings may be given as text ("hard", "soft", "off").
    """
    settings = {k: RuleMode(v) if k.endswith("_rule") else v for k, v in settings.items()}
    prisons = {code: Prison(code, estate=Estate.FEMALE) for code in female}
    return ProblemData(
        cases=tuple(cases),
        staff=tuple(staff),
        spos=tuple(spos),
        prisons=prisons,
        settings=Settings(run_date=RUN).replace(**settings),
    )


def run(
    data: ProblemData,
    pom: Mapping[str, str | None] | None = None,
    com: Mapping[str, str | None] | None = None,
    prisons: Sequence[str] | None = None,
) -> CheckReport:
    """Check an allocation given as two small maps (cases not named keep their workers)."""
    return check(data, Allocation(dict(pom or {}), dict(com or {})), prisons)


def rules_of(report: CheckReport) -> list[str]:
    """The rule ids of the report's violations, in order."""
    return [v.rule for v in report.violations]


def only(report: CheckReport, rule: str) -> Violation:
    """The one violation of a rule (fails when there are none or several)."""
    found = [v for v in report.violations if v.rule == rule]
    assert len(found) == 1, report.violations
    return found[0]


def nonzero(report: CheckReport) -> dict[str, int]:
    """The objective's terms that are not zero."""
    return {term: value for term, value in report.terms.items() if value}
