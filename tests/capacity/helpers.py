"""Tiny capacity problems built in code, and the figures of one prison or LDU.

Built on tests/builders.py: POMs at LEI, COMs in LDU N1, cases at LEI whose
home LDU is N1, release far away (POM responsible, no COM needed) unless ``crd``
says otherwise. Tier D cases carry 17 POM points; a full-time post holds 80 cases
and 2,176 points unless a setting says otherwise.
"""

from __future__ import annotations

from typing import Any

from allocator.capacity.job import plan_capacity
from allocator.domain.capacity import SubCapacity
from allocator.domain.enums import Grade, Tier
from allocator.domain.problem import Case, ProblemData
from tests.builders import case

PO, PRO, PSO, PQIP = Grade.PO, Grade.PRO, Grade.PSO, Grade.PQIP


def held(count: int, by: str, tier: Tier = Tier.D, prefix: str = "H") -> list[Case]:
    """Cases already held by ``by`` (kept: they are not decided this run)."""
    return [case(f"{prefix}{by}{i}", tier, current_pom=by) for i in range(count)]


def new(count: int, prefix: str = "N", **kw: Any) -> list[Case]:
    """New arrivals (no POM yet), tier D unless told."""
    kw.setdefault("tier", Tier.D)
    return [case(f"{prefix}{i}", **kw) for i in range(count)]


def measure(data: ProblemData, respread: bool = True) -> dict[str, SubCapacity]:
    """Every prison's and LDU's figures, by name (prison LEI, LDU N1)."""
    run = plan_capacity(data, respread=respread, time_limit=10)
    return {sub.name: sub for sub in run.subs}


def added(sub: SubCapacity) -> dict[Grade, int]:
    """Tenths of FTE added by grade, without the zeros."""
    return {grade: tenths for grade, tenths in sub.posts.tenths.items() if tenths}
