"""What the checker works from: derivations, final workers, loads and the staff of the run.

Everything is computed once, in one pass over the cases, so that each rule of
``docs/allocation-rules.md`` is a short loop over prepared lookups. This module is
part of the independent checker: it must never import the solvers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from allocator.domain.dates import add_months
from allocator.domain.eligibility import may_stay, may_take
from allocator.domain.enums import Role, RuleMode
from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problem import Case, ProblemData, Staff
from allocator.domain.result import Allocation, Violation
from allocator.domain.rules import (
    BALANCE,
    CASE_MANAGEMENT_SUPPORT,
    CASELOAD_CAP,
    COM_GRADE,
    COM_UNALLOCATED,
    CONTINUITY,
    HIGH_RISK,
    PEAK_UTILISATION,
    POINTS_CAP,
    RECOMMENDED_TYPE,
    RULES,
    SPO_HIGH_RISK_CAP,
    SPREAD_COMPLEXITY,
    SPREAD_NEW,
    UNALLOCATED,
    WAITING_TIME,
    mode,
)
from allocator.domain.settings import Settings
from allocator.domain.workload import case_cap, points_capacity

POM, COM = Role.POM, Role.COM

#: The objective's terms, in the order of ``docs/allocation-rules.md``.
TERMS = (
    UNALLOCATED,
    WAITING_TIME,
    COM_UNALLOCATED,
    HIGH_RISK,
    CASELOAD_CAP,
    POINTS_CAP,
    CONTINUITY,
    RECOMMENDED_TYPE,
    COM_GRADE,
    BALANCE,
    SPREAD_NEW,
    SPREAD_COMPLEXITY,
    PEAK_UTILISATION,
    SPO_HIGH_RISK_CAP,
    CASE_MANAGEMENT_SUPPORT,
)


@dataclass(slots=True)
class Load:
    """The in-scope cases one person holds after the run, and their workload points."""

    cases: list[Case] = field(default_factory=list)
    points: int = 0


_EMPTY = Load()


class Row(NamedTuple):
    """One covered case: its derivation and its workers before and after the run."""

    case: Case
    d: Derivation
    pom: str | None
    com: str | None
    current_pom: str | None
    current_com: str | None

    def worker(self, role: Role) -> str | None:
        """The POM or COM after the run."""
        return self.pom if role is POM else self.com

    def current(self, role: Role) -> str | None:
        """The POM or COM before the run."""
        return self.current_pom if role is POM else self.current_com


@dataclass
class Context:
    """Prepared lookups for one check."""

    data: ProblemData
    settings: Settings
    high_risk_mode: RuleMode
    prisons: frozenset[str]
    rows: tuple[Row, ...]
    staff: dict[str, Staff]
    run_poms: tuple[Staff, ...]
    run_coms: tuple[Staff, ...]
    pom_load: dict[str, Load]
    com_load: dict[str, Load]
    six_months: date
    twelve_months: date
    coworker: Mapping[str, str] = field(default_factory=dict)  # covered case -> co-worker

    def load(self, member: Staff) -> Load:
        """What the person holds after the run (empty when nothing)."""
        loads = self.pom_load if member.role is POM else self.com_load
        return loads.get(member.staff_id) or _EMPTY

    def load_points(self, member: Staff) -> int:
        """Points of the cases held plus the person's ``other_points``."""
        return self.load(member).points + member.other_points

    def case_cap(self, member: Staff) -> int | None:
        """The person's case cap (None: no cap)."""
        return case_cap(member, self.settings)

    def capacity(self, member: Staff) -> int:
        """The person's workload points capacity."""
        return points_capacity(member, self.settings)

    def valid(self, member: Staff, case: Case, role: Role) -> bool:
        """A current worker who may stay: moving the case away is voluntary."""
        return may_stay(member, case, role, self.high_risk_mode)

    def option(self, member: Staff, case: Case, role: Role) -> bool:
        """Someone the case could be given to as a new case."""
        return may_take(member, case, role, self.high_risk_mode)


def build_context(
    data: ProblemData,
    allocation: Allocation,
    prisons: Sequence[str] | None,
    derivations: Sequence[Derivation] | None = None,
) -> Context:
    """Derive every case once and work out who holds what after the run."""
    derived = derivations if derivations is not None else derive_all(data)
    covered = frozenset(prisons) if prisons is not None else _case_prisons(data)
    rows: list[Row] = []
    pom_load: defaultdict[str, Load] = defaultdict(Load)
    com_load: defaultdict[str, Load] = defaultdict(Load)
    chosen_pom, chosen_com = allocation.pom, allocation.com
    for case, d in zip(data.cases, derived, strict=True):
        if not d.in_scope:
            continue
        pom = current_pom = case.current_pom or None
        com = current_com = case.current_com or None
        if case.prison in covered:
            pom = chosen_pom.get(case.case_id, current_pom) or None
            com = chosen_com.get(case.case_id, current_com) or None
            rows.append(Row(case, d, pom, com, current_pom, current_com))
        if pom is not None:
            load = pom_load[pom]
            load.cases.append(case)
            load.points += d.points
        if com is not None:
            load = com_load[com]
            load.cases.append(case)
            load.points += d.com_points
    _share_co_worked(data, allocation, tuple(rows), pom_load)
    ctx = _context(data, covered, tuple(rows), pom_load, com_load)
    ctx.coworker = {
        r.case.case_id: allocation.coworker[r.case.case_id]
        for r in rows
        if allocation.coworker.get(r.case.case_id)
    }
    return ctx


def co_worked_share(points: int, pct: int) -> int:
    """A co-worker's share of a case's points: pct % rounded half up."""
    return (2 * points * pct + 100) // 200


def _share_co_worked(
    data: ProblemData, allocation: Allocation, rows: tuple[Row, ...], pom_load: dict[str, Load]
) -> None:
    """Move each co-worked case's share of points from its POM to the co-worker."""
    pct = data.settings.cms_share_pct
    for row in rows:
        coworker = allocation.coworker.get(row.case.case_id)
        if not coworker:
            continue
        share = co_worked_share(row.d.points, pct)
        if row.pom is not None:
            pom_load[row.pom].points -= share
        pom_load.setdefault(coworker, Load()).points += share


def _context(
    data: ProblemData,
    covered: frozenset[str],
    rows: tuple[Row, ...],
    pom_load: dict[str, Load],
    com_load: dict[str, Load],
) -> Context:
    """The context, with the staff of the run: POMs of covered prisons, COMs of their LDUs."""
    ldus = {row.case.ldu for row in rows if row.case.ldu}
    run_date = data.run_date
    return Context(
        data=data,
        settings=data.settings,
        high_risk_mode=mode(HIGH_RISK, data.settings),
        prisons=covered,
        rows=rows,
        staff=data.staff_by_id,
        run_poms=tuple(m for m in data.staff if m.role is POM and m.location in covered),
        run_coms=tuple(m for m in data.staff if m.role is COM and m.location in ldus),
        pom_load=pom_load,
        com_load=com_load,
        six_months=add_months(run_date, 6),
        twelve_months=add_months(run_date, 12),
    )


def _case_prisons(data: ProblemData) -> frozenset[str]:
    """Every prison with a case (the default run)."""
    return frozenset(case.prison for case in data.cases)


class Tally:
    """The violations found and the objective's terms, as the rules add them."""

    def __init__(self, settings: Settings) -> None:
        self.violations: list[Violation] = []
        self.terms: dict[str, int] = dict.fromkeys(TERMS, 0)
        self._modes = {rule.id: mode(rule.id, settings) for rule in RULES}

    def mode(self, rule: str) -> RuleMode:
        """How the rule is enforced in this run."""
        return self._modes[rule]

    def cost(self, term: str, amount: int) -> None:
        """Add to one term of the objective."""
        self.terms[term] += amount

    def report(self, rule: str, message: str, **where: Any) -> None:
        """Record a broken rule with the severity its mode gives (nothing when off)."""
        severity = self._modes[rule]
        if severity is not RuleMode.OFF:
            self.violations.append(Violation(rule, str(severity), message=message, **where))
