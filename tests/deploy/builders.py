"""Tiny deployment problems built in code for the rule tests.

Officers are full-time PO COMs in LDU N1 unless told otherwise; ``team`` adds the
other COMs that make up an LDU's staffing. Run date 15/06/2025; prisons go live
on 01/01/2026 unless told otherwise, so shadow caseloads are chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from allocator.domain.enums import Estate, Grade, Role, Rosh, SentenceType, Tier
from allocator.domain.problem import Case, Interest, Ldu, Post, Prison, ProblemData, Spo, Staff
from allocator.domain.settings import Settings

RUN = date(2025, 6, 15)
GO_LIVE = date(2026, 1, 1)
SOON = date(2025, 9, 1)  # a release this soon: the COM is responsible
FAR = date(2030, 1, 1)  # a release this far away: POM responsible, no COM involved


def officer(sid: str, ldu: str = "N1", fte: float = 1.0, **kw: Any) -> Staff:
    """A probation officer (PO) in a community team."""
    return Staff(sid, Role.COM, Grade.PO, ldu, fte, **kw)


def team(ldu: str, fte: float, prefix: str = "") -> list[Staff]:
    """Other COMs (PSOs) of an LDU adding up to ``fte``, in whole-time posts and one part."""
    members, left, n = [], round(fte * 10), 0
    while left > 0:
        part = min(10, left)
        n += 1
        members.append(Staff(f"{prefix or ldu}-T{n}", Role.COM, Grade.PSO, ldu, part / 10))
        left -= part
    return members


def pom(sid: str, prison: str, fte: float = 1.0, spo: str | None = None) -> Staff:
    """A POM already in a prison (a member of an SPO team)."""
    return Staff(sid, Role.POM, Grade.PRO, prison, fte, spo=spo)


def post(prison: str, fte: float, go_live: date | None = GO_LIVE) -> Post:
    """Posts to fill in a prison."""
    return Post(prison, fte, go_live)


def want(sid: str, prison: str, preference: int = 1, score: float | None = None) -> Interest:
    """An expression of interest."""
    return Interest(sid, prison, preference, score)


def ldu(code: str, min_fte: float, max_leavers: int | None = None, vacancy: float = 0.0) -> Ldu:
    """An LDU's staffing limits."""
    return Ldu(code, min_fte, max_leavers, vacancy)


def spo(spo_id: str, prison: str, limit: float | None = None) -> Spo:
    """An SPO working in a prison."""
    return Spo(spo_id, location=prison, span_limit_fte=limit)


def case(case_id: str, prison: str = "LEI", home: str = "N1", **kw: Any) -> Case:
    """A determinate case whose COM is responsible (release soon), home LDU N1."""
    fields: dict[str, Any] = {
        "sentence_type": SentenceType.DETERMINATE,
        "tier": Tier.C,
        "rosh": Rosh.LOW,
        "sentence_start": date(2020, 1, 1),
        "crd": SOON,
        "ldu": home,
    }
    fields.update(kw)
    return Case(case_id, prison, **fields)


def problem(
    staff: Sequence[Staff],
    posts: Sequence[Post],
    interests: Sequence[Interest],
    ldus: Sequence[Ldu] = (),
    spos: Sequence[Spo] = (),
    cases: Sequence[Case] = (),
    high_security: Sequence[str] = (),
    **settings: Any,
) -> ProblemData:
    """Problem data on the test run date."""
    prisons = {code: Prison(code, estate=Estate.HIGH_SECURITY) for code in high_security}
    return ProblemData(
        cases=tuple(cases),
        staff=tuple(staff),
        spos=tuple(spos),
        prisons=prisons,
        settings=Settings(run_date=RUN).replace(**settings),
        posts=tuple(posts),
        interests=tuple(interests),
        ldus=tuple(ldus),
    )
