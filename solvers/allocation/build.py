"""Build every sub-problem of a run, with the loads that no decision changes.

The covered cases are split into decided ones (grouped by prison for POMs and by
home LDU for COMs) and fixed ones (kept, or with nobody). Fixed cases of the whole
workbook make up each member's starting load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from allocator.domain import rules
from allocator.domain.eligibility import qualified
from allocator.domain.enums import HIGH_ROSH, Complexity, Estate, Role, RuleMode
from allocator.domain.holding import kept_coworker, waiting_weeks
from allocator.domain.omic import Derivation
from allocator.domain.problem import Case, ProblemData, Staff
from allocator.domain.workload import co_working_share
from solvers.allocation.prepare import (
    COM,
    POM,
    Member,
    SubProblem,
    Takers,
    can_hold,
    decided_com,
    decided_pom,
    decision,
    members_for,
    needs_com,
)


@dataclass(frozen=True)
class Plan:
    """The sub-problems of a run and the allocation of the cases nobody decides."""

    subproblems: tuple[SubProblem, ...]
    fixed_pom: dict[str, str | None]  # covered case -> POM, for cases not decided
    fixed_com: dict[str, str | None]
    orphan_constant: int  # objective terms outside every sub-problem
    covered: tuple[str, ...]
    coworkers: dict[str, str] = field(default_factory=dict)  # kept existing co-workers


def covered_prisons(data: ProblemData, prisons: Sequence[str] | None) -> tuple[str, ...]:
    """The prisons of the run, in first-seen order."""
    every = dict.fromkeys(case.prison for case in data.cases)
    return tuple(p for p in every if not prisons or p in set(prisons))


def build_plan(
    data: ProblemData,
    derivations: Sequence[Derivation],
    prisons: Sequence[str] | None = None,
    rebalance: bool = False,
) -> Plan:
    """Split the run into sub-problems (see docs/allocation-rules.md)."""
    covered = covered_prisons(data, prisons)
    in_covered = set(covered)
    pom_why: dict[str, str] = {}
    com_why: dict[str, str] = {}
    final_pom: dict[str, str | None] = {}
    final_com: dict[str, str | None] = {}
    for case, d in zip(data.cases, derivations, strict=True):
        if not d.in_scope:
            continue
        if case.prison not in in_covered:
            final_pom[case.case_id], final_com[case.case_id] = case.current_pom, case.current_com
            continue
        _place(case, d, data, rebalance, POM, pom_why, final_pom)
        _place(case, d, data, rebalance, COM, com_why, final_com)
    loads = _loads(data, derivations, final_pom, final_com)
    coworkers = _co_worked(data, derivations, in_covered, final_pom, loads)
    subproblems = _pom_subproblems(data, derivations, covered, pom_why, final_pom, loads)
    subproblems += _com_subproblems(data, derivations, covered, com_why, final_com, loads)
    covered_ids = {c.case_id for c in data.cases if c.prison in in_covered}
    return Plan(
        subproblems=tuple(subproblems),
        fixed_pom={k: v for k, v in final_pom.items() if k in covered_ids},
        fixed_com={k: v for k, v in final_com.items() if k in covered_ids},
        orphan_constant=_orphans(data, derivations, in_covered, final_com),
        covered=covered,
        coworkers=coworkers,
    )


def _place(
    case: Case,
    d: Derivation,
    data: ProblemData,
    rebalance: bool,
    kind: str,
    why: dict[str, str],
    final: dict[str, str | None],
) -> None:
    """Either mark the case as decided, or fix who holds it after the run."""
    reason = (decided_pom if kind == POM else decided_com)(case, d, data, rebalance)
    if reason is not None:
        why[case.case_id] = reason
        return
    current_id = case.current_pom if kind == POM else case.current_com
    current = data.staff_by_id.get(current_id or "")
    keep = current is not None and (case.pinned or can_hold(current, case, kind))
    final[case.case_id] = current_id if keep else None


@dataclass
class _Load:
    """Starting load of one member of staff."""

    cases: int = 0
    points: int = 0
    complexity: int = 0
    high_risk: int = 0


def _loads(
    data: ProblemData,
    derivations: Sequence[Derivation],
    final_pom: dict[str, str | None],
    final_com: dict[str, str | None],
) -> dict[str, _Load]:
    """Cases, points, high-complexity and high-risk counts held by each member (fixed part)."""
    loads: dict[str, _Load] = defaultdict(_Load)
    for case, d in zip(data.cases, derivations, strict=True):
        for final, points in ((final_pom, d.points), (final_com, d.com_points)):
            holder = final.get(case.case_id)
            if holder is None:
                continue
            load = loads[holder]
            load.cases += 1
            load.points += points
            load.high_risk += case.rosh in HIGH_ROSH
            load.complexity += final is final_pom and case.complexity is Complexity.HIGH
    return loads


def _co_worked(
    data: ProblemData,
    derivations: Sequence[Derivation],
    covered: set[str],
    final_pom: dict[str, str | None],
    loads: dict[str, _Load],
) -> dict[str, str]:
    """Existing co-workers who stay (covered cases): each carries its share of the case's
    points as a fixed load, taken off a fixed primary POM (a decided one's decision carries
    the rest)."""
    kept: dict[str, str] = {}
    pct = data.settings.cms_share_pct
    for case, d in zip(data.cases, derivations, strict=True):
        if not d.in_scope or case.prison not in covered or not case.coworking_pom:
            continue
        coworker = kept_coworker(case, data.staff_by_id)
        if coworker is None:
            continue
        kept[case.case_id] = coworker
        share = co_working_share(d.points, pct)
        loads[coworker].points += share
        holder = final_pom.get(case.case_id)
        if holder is not None:
            loads[holder].points -= share
    return kept


def _with_loads(members: Iterable[Member], loads: dict[str, _Load]) -> tuple[Member, ...]:
    """Members with their fixed loads (other_points included in points)."""
    result = []
    for member in members:
        load = loads.get(member.staff.staff_id, _Load())
        result.append(
            replace(
                member,
                fixed_cases=load.cases,
                fixed_points=load.points + member.staff.other_points,
                fixed_complexity=load.complexity,
            )
        )
    return tuple(result)


def _pom_subproblems(
    data: ProblemData,
    derivations: Sequence[Derivation],
    covered: Sequence[str],
    why: dict[str, str],
    final: dict[str, str | None],
    loads: dict[str, _Load],
) -> list[SubProblem]:
    """One sub-problem per covered prison."""
    by_prison = _by_key(data, derivations, lambda c: c.prison)
    result = []
    for prison in covered:
        staff = data.poms_by_prison.get(prison, ())
        pairs = by_prison.get(prison, [])
        sp = _subproblem(POM, prison, staff, pairs, why, loads, data)
        result.append(
            replace(
                sp,
                constant=_pom_constant(pairs, final, data),
                female=data.prison(prison).estate is Estate.FEMALE,
                spos=_spo_high_risk(staff, data.staff, loads),
            )
        )
    return result


def _com_subproblems(
    data: ProblemData,
    derivations: Sequence[Derivation],
    covered: Sequence[str],
    why: dict[str, str],
    final: dict[str, str | None],
    loads: dict[str, _Load],
) -> list[SubProblem]:
    """One sub-problem per home LDU of a covered case."""
    in_covered = set(covered)
    by_ldu = _by_key(data, derivations, lambda c: c.ldu if c.prison in in_covered else None)
    result = []
    for ldu, pairs in by_ldu.items():
        sp = _subproblem(COM, ldu, data.coms_by_ldu.get(ldu, ()), pairs, why, loads, data)
        result.append(replace(sp, constant=_com_constant(pairs, final, data)))
    return result


def _subproblem(
    kind: str,
    name: str,
    staff: Sequence[Staff],
    pairs: Sequence[tuple[Case, Derivation]],
    why: dict[str, str],
    loads: dict[str, _Load],
    data: ProblemData,
) -> SubProblem:
    """The members with their loads, and a decision for each case decided here."""
    members = _with_loads(members_for(staff, data.settings), loads)
    takers = Takers.of(members)
    decisions = tuple(
        decision(c, d, why[c.case_id], kind, takers, data) for c, d in pairs if c.case_id in why
    )
    return SubProblem(kind, name, members, decisions, data.settings, cases=len(pairs))


def _by_key(
    data: ProblemData, derivations: Sequence[Derivation], key: object
) -> dict[str, list[tuple[Case, Derivation]]]:
    """In-scope (case, derivation) pairs grouped by a key (None keys dropped)."""
    groups: dict[str, list[tuple[Case, Derivation]]] = defaultdict(list)
    for case, d in zip(data.cases, derivations, strict=True):
        k = key(case)  # type: ignore[operator]
        if d.in_scope and k is not None:
            groups[k].append((case, d))
    return dict(sorted(groups.items()))


def _high_risk_cost(settings_mode: RuleMode) -> int:
    """The objective cost of one unqualified worker on a high-risk case."""
    return 0 if settings_mode is RuleMode.OFF else rules.W_HIGH_RISK[settings_mode]


def _pom_constant(
    pairs: Sequence[tuple[Case, Derivation]], final: dict[str, str | None], data: ProblemData
) -> int:
    """Fixed cases' costs: pinned without a POM, unqualified workers kept."""
    cost = 0
    high_risk_cost = _high_risk_cost(data.settings.high_risk_rule)
    for case, d in pairs:
        if case.case_id not in final:
            continue
        holder = data.staff_by_id.get(final[case.case_id] or "")
        if holder is None and d.allocatable:
            cost += rules.W_UNALLOCATED * rules.RISK_WEIGHT[case.rosh]
            weeks = waiting_weeks(case, data.run_date, rules.WAITING_WEEKS_MAX)
            cost += rules.W_WAITING * weeks
        elif holder is not None and not qualified(holder, case):
            cost += high_risk_cost
    return cost


def _com_constant(
    pairs: Sequence[tuple[Case, Derivation]], final: dict[str, str | None], data: ProblemData
) -> int:
    """Fixed cases' COM costs: needed and missing, unqualified workers kept."""
    cost = 0
    high_risk_cost = _high_risk_cost(data.settings.high_risk_rule)
    for case, d in pairs:
        if case.case_id not in final:
            continue
        holder = data.staff_by_id.get(final[case.case_id] or "")
        if holder is None and needs_com(d):
            cost += rules.W_COM_UNALLOCATED * rules.RISK_WEIGHT[case.rosh]
        elif holder is not None and not qualified(holder, case):
            cost += high_risk_cost
    return cost


def _orphans(
    data: ProblemData,
    derivations: Sequence[Derivation],
    covered: set[str],
    final_com: dict[str, str | None],
) -> int:
    """COM costs of covered cases with no home LDU (no sub-problem holds them)."""
    pairs = [
        (c, d)
        for c, d in zip(data.cases, derivations, strict=True)
        if d.in_scope and c.prison in covered and not c.ldu
    ]
    return _com_constant(pairs, final_com, data)


def _spo_high_risk(
    staff: Sequence[Staff], everyone: Sequence[Staff], loads: dict[str, _Load]
) -> dict[str, int]:
    """Fixed high-risk cases held by the POMs of each SPO team with a member in this prison."""
    teams = {member.spo: 0 for member in staff if member.spo and member.role is Role.POM}
    for member in everyone:
        if member.spo in teams and member.role is Role.POM:
            teams[member.spo] += loads.get(member.staff_id, _Load()).high_risk
    return teams
