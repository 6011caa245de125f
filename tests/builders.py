"""The one set of test builders: people, cases and problem data built in code.

Every builder states its defaults once, and each name means one thing in every test:

- ``case``: a determinate tier C, RoSH low case at LEI, home LDU N1, sentenced in 2020,
  release in 2030: in scope, allocatable, POM responsible, no COM needed (30 points).
- ``com_case``: the same with a release on ``SOON``: the COM is responsible and one is needed.
- ``handover_case``: an ISP recall, hearing in 2027: POM responsible, COM supporting.
- ``held_case``: a ``case`` already held by POM P1, for the forecast.
- ``undated_case`` / ``isp``: a case with no release dates, for the OMiC derivation tests.
- ``pom``: a full-time active prison-officer (PRO) POM at LEI; ``com``: a full-time active PO
  COM in N1 — capacity 2,176 points and a cap of 80 cases, so small tests never touch the
  balance bands unless they shrink the capacity.
- ``problem``: allocation problem data on ``RUN``; ``forecast_problem``: the same with POM P1
  and COM C1 unless told; ``derive_problem``: cases only, for the
  derivation; ``deploy_problem``: a deployment round (officers default to full-time PO COMs
  in N1; prisons go live on ``GO_LIVE``, so shadow caseloads are chosen).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from allocator.check.allocation import CheckReport, check
from allocator.domain.enums import (
    Estate,
    Grade,
    Role,
    Rosh,
    RuleMode,
    SentenceType,
    Status,
    Tier,
)
from allocator.domain.problem import Case, Interest, Ldu, Post, Prison, ProblemData, Spo, Staff
from allocator.domain.result import Allocation, Violation
from allocator.domain.settings import Settings

RUN = date(2025, 6, 15)  # Sunday 15 June 2025 (2025 is not a leap year)
OLD_START = date(2020, 1, 1)  # long ago: no short-sentence or start-of-sentence rule applies
FAR = date(2030, 1, 1)  # release far away: POM responsible, no COM needed
SOON = date(2025, 12, 1)  # ERD within 6 months; handover 18/03/2025 passed: COM responsible
THD_FAR = date(2027, 1, 1)  # an ISP recall with this hearing date is POM+COM
GO_LIVE = date(2026, 1, 1)  # deployment: prisons go live after the run date
DEFAULTS = Settings(run_date=RUN)
INACTIVE, UNAVAILABLE = Status.INACTIVE, Status.UNAVAILABLE


# --- cases ------------------------------------------------------------------------------


def case(
    case_id: str = "A0001AA", tier: Tier = Tier.C, rosh: Rosh | None = Rosh.LOW, **changes: Any
) -> Case:
    """A tier C, RoSH low determinate case at LEI (home LDU N1), release in 2030."""
    fields: dict[str, Any] = {
        "prison": "LEI",
        "sentence_type": SentenceType.DETERMINATE,
        "tier": tier,
        "rosh": rosh,
        "sentence_start": OLD_START,
        "crd": FAR,
        "ldu": "N1",
    }
    fields.update(changes)
    return Case(case_id, **fields)


def com_case(
    case_id: str = "A0001AA", prison: str = "LEI", home: str = "N1", **changes: Any
) -> Case:
    """A case whose COM is responsible (ERD on ``SOON``): it needs a COM; 15 POM points."""
    return case(case_id, **{"prison": prison, "ldu": home, "crd": SOON, **changes})


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


def held_case(case_id: str = "A0001AA", **changes: Any) -> Case:
    """A ``case`` already held by POM P1 (the forecast starts from today's holders)."""
    return case(case_id, **{"current_pom": "P1", **changes})


def undated_case(**changes: Any) -> Case:
    """A tier C determinate case sentenced in 2020 with no release dates, RoSH or LDU."""
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
    """An indeterminate (ISP) case, otherwise as ``undated_case``."""
    return undated_case(sentence_type=SentenceType.INDETERMINATE, **changes)


# --- staff ------------------------------------------------------------------------------


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


def officer(sid: str, ldu: str = "N1", fte: float = 1.0, **changes: Any) -> Staff:
    """A probation officer (PO) in a community team: a COM who may express interest."""
    return com(sid, location=ldu, fte=fte, **changes)


def team(ldu: str, fte: float, prefix: str = "") -> list[Staff]:
    """Other COMs (PSOs) of an LDU adding up to ``fte``, in whole-time posts and one part."""
    members, left, n = [], round(fte * 10), 0
    while left > 0:
        part = min(10, left)
        n += 1
        members.append(Staff(f"{prefix or ldu}-T{n}", Role.COM, Grade.PSO, ldu, part / 10))
        left -= part
    return members


def spo(spo_id: str, prison: str, limit: float | None = None) -> Spo:
    """An SPO working in a prison."""
    return Spo(spo_id, location=prison, span_limit_fte=limit)


# --- deployment rounds --------------------------------------------------------------------


def post(prison: str, fte: float, go_live: date | None = GO_LIVE) -> Post:
    """Posts to fill in a prison."""
    return Post(prison, fte, go_live)


def want(sid: str, prison: str, preference: int = 1, score: float | None = None) -> Interest:
    """An expression of interest."""
    return Interest(sid, prison, preference, score)


def ldu(code: str, min_fte: float, max_leavers: int | None = None, vacancy: float = 0.0) -> Ldu:
    """An LDU's staffing limits."""
    return Ldu(code, min_fte, max_leavers, vacancy)


# --- problem data -------------------------------------------------------------------------


def settings(**changes: Any) -> Settings:
    """The default settings on the test run date, plus ``changes``; ``*_rule`` may be text."""
    return DEFAULTS.replace(
        **{k: RuleMode(v) if k.endswith("_rule") else v for k, v in changes.items()}
    )


def problem(
    cases: Sequence[Case],
    staff: Sequence[Staff] = (),
    spos: Sequence[Spo] = (),
    female: Sequence[str] = (),
    **setting_changes: Any,
) -> ProblemData:
    """Allocation problem data on the test run date; ``female`` lists women's prisons."""
    prisons = {code: Prison(code, estate=Estate.FEMALE) for code in female}
    return ProblemData(
        cases=tuple(cases),
        staff=tuple(staff),
        spos=tuple(spos),
        prisons=prisons,
        settings=settings(**setting_changes),
    )


def forecast_problem(
    cases: Sequence[Case], staff: Sequence[Staff] = (), **setting_changes: Any
) -> ProblemData:
    """Problem data on the test run date with POM P1 and COM C1 unless ``staff`` is given."""
    return problem(cases, tuple(staff) or (pom("P1"), com("C1")), **setting_changes)


def derive_problem(
    *cases: Case, prisons: Mapping[str, Prison] | None = None, **setting_changes: Any
) -> ProblemData:
    """Problem data holding ``cases`` and no staff, for the derivation tests."""
    return ProblemData(
        cases=cases, staff=(), prisons=dict(prisons or {}), settings=settings(**setting_changes)
    )


def deploy_problem(
    staff: Sequence[Staff],
    posts: Sequence[Post],
    interests: Sequence[Interest],
    ldus: Sequence[Ldu] = (),
    spos: Sequence[Spo] = (),
    cases: Sequence[Case] = (),
    high_security: Sequence[str] = (),
    **setting_changes: Any,
) -> ProblemData:
    """A deployment round on the test run date."""
    data = problem(cases, staff, spos, **setting_changes)
    prisons = {code: Prison(code, estate=Estate.HIGH_SECURITY) for code in high_security}
    return replace(
        data, prisons=prisons, posts=tuple(posts), interests=tuple(interests), ldus=tuple(ldus)
    )


# --- checking -----------------------------------------------------------------------------


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
