"""Shadow caseloads: cases an officer holds before go-live in the prison they will move to.

For each officer deployed to a prison that has not gone live, the candidates are
the in-scope cases of the officer's own LDU held in that prison whose state on the
run date involves a COM (the LDU's custody caseload), not pinned to another COM,
without the officer in ``excluded_staff`` and, while the high-risk rule is hard,
within the officer's qualification. Cases the officer already holds count first;
then cases without a (valid) COM; a case moved from a COM who could keep it costs
``W_SHADOW_MOVE``. Officers of one LDU going to one prison share its cases, and the
caseload cap and points capacity of the officer follow their rule settings.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from allocator.domain import rules
from allocator.domain.deploy_facts import before_go_live, current_com_can_keep, shadow_target
from allocator.domain.deployment import DeployPlan, ShadowCase, ShadowPlan
from allocator.domain.enums import HIGH_ROSH, Responsibility, RuleMode
from allocator.domain.omic import Derivation
from allocator.domain.problem import Case, ProblemData, Staff
from allocator.domain.workload import case_cap, points_capacity

_WITH_COM = (Responsibility.POM_COM, Responsibility.COM)
HELD, FREE, MOVE = "held", "free", "move"  # the officer's already; no valid COM; another COM's


@dataclass
class Candidate:
    """A case an officer could shadow, what it costs, and its COM workload points."""

    case: Case
    kind: str
    points: int


@dataclass
class Shadowing:
    """One officer to give shadow cases: target, load before, limits, candidates."""

    staff: Staff
    prison: str
    target: int
    cases: int  # in-scope cases held before the plan
    points: int  # load points before the plan (with other_points)
    case_cap: int | None
    capacity: int
    candidates: list[Candidate] = field(default_factory=list)


def eligible(data: ProblemData, case: Case, d: Derivation, member: Staff, prison: str) -> bool:
    """Whether ``member`` may shadow ``case`` before moving to ``prison``."""
    if not d.in_scope or d.responsibility not in _WITH_COM:
        return False
    if case.prison != prison or case.ldu != member.location:
        return False
    if member.staff_id in case.excluded_staff:
        return False
    if case.pinned and case.current_com != member.staff_id:
        return False
    hard = data.settings.high_risk_rule is RuleMode.HARD
    return not (hard and case.rosh in HIGH_ROSH and not member.qualified)


def shadowings(
    data: ProblemData, derivations: Sequence[Derivation], plan: DeployPlan
) -> list[Shadowing]:
    """The officers deployed before go-live, with their loads and candidate cases."""
    held_cases: dict[str, int] = {}
    held_points: dict[str, int] = {}
    for case, d in zip(data.cases, derivations, strict=True):
        if d.in_scope and case.current_com:
            held_cases[case.current_com] = held_cases.get(case.current_com, 0) + 1
            held_points[case.current_com] = held_points.get(case.current_com, 0) + d.com_points
    found = []
    for sid, placement in plan.placements.items():
        if not before_go_live(data, placement.prison):
            continue
        member = data.staff_by_id[sid]
        found.append(
            Shadowing(
                staff=member,
                prison=placement.prison,
                target=shadow_target(data, placement.prison),
                cases=held_cases.get(sid, 0),
                points=held_points.get(sid, 0) + member.other_points,
                case_cap=case_cap(member, data.settings),
                capacity=points_capacity(member, data.settings),
            )
        )
    _add_candidates(data, derivations, found)
    return found


def _add_candidates(
    data: ProblemData, derivations: Sequence[Derivation], found: list[Shadowing]
) -> None:
    """Each officer's eligible cases with their kind."""
    wanted = {(s.staff.location, s.prison) for s in found}
    pool: dict[tuple[str, str], list[tuple[Case, Derivation]]] = {}
    for case, d in zip(data.cases, derivations, strict=True):
        key = (case.ldu or "", case.prison)
        if key in wanted:
            pool.setdefault(key, []).append((case, d))
    for s in found:
        for case, d in pool.get((s.staff.location, s.prison), []):
            if not eligible(data, case, d, s.staff, s.prison):
                continue
            kind = HELD if case.current_com == s.staff.staff_id else FREE
            if kind == FREE and current_com_can_keep(data, case):
                kind = MOVE
            s.candidates.append(Candidate(case, kind, d.com_points))


class ShadowModel:
    """The shadow-caseload model: one Boolean per (officer, candidate case)."""

    def __init__(self, officers: Sequence[Shadowing], settings_modes: tuple[RuleMode, RuleMode]):
        self.officers = officers
        self.cases_mode, self.points_mode = settings_modes
        self.model = cp_model.CpModel()
        self.s: list[list[cp_model.IntVar]] = []
        self.objective: list[tuple[int, cp_model.IntVar]] = []
        self.constant = 0
        for o, officer in enumerate(officers):
            self.s.append([self.model.new_bool_var(f"s_{o}_{j}") for j in officer.candidates])
            self._add_officer(officer, self.s[o])
        self._add_one_officer_per_case()
        self.model.minimize(sum(c * v for c, v in self.objective) + self.constant)

    def _add_officer(self, officer: Shadowing, picks: list[cp_model.IntVar]) -> None:
        """Held cases stay; new ones up to the target; shortfall, moves and caps priced."""
        held = [v for v, c in zip(picks, officer.candidates, strict=True) if c.kind == HELD]
        new = [(v, c) for v, c in zip(picks, officer.candidates, strict=True) if c.kind != HELD]
        for var in held:
            self.model.add(var == 1)
        self.model.add(sum(v for v, _ in new) <= max(0, officer.target - len(held)))
        count = sum(picks)
        if officer.target > 0:
            none = self.model.new_bool_var("none")
            self.model.add(count + none >= 1)
            short = self.model.new_int_var(0, officer.target, "short")
            self.model.add(short + count >= officer.target)
            self.objective += [(rules.W_SHADOW_NONE, none), (rules.W_SHADOW_SHORT, short)]
        self.objective += [(rules.W_SHADOW_MOVE, v) for v, c in new if c.kind == MOVE]
        self._add_caps(officer, new)

    def _add_caps(self, officer: Shadowing, new: list[tuple[cp_model.IntVar, Candidate]]) -> None:
        """caseload_cap and points_cap of the officer, for the cases added."""
        limits = [
            (
                self.cases_mode,
                officer.case_cap,
                officer.cases,
                [(1, v) for v, _ in new],
                rules.W_SHADOW_CASES_OVER_SOFT,
            ),
            (
                self.points_mode,
                officer.capacity,
                officer.points,
                [(c.points, v) for v, c in new],
                rules.W_SHADOW_POINTS_OVER_SOFT,
            ),
        ]
        for mode, cap, before, terms, soft_weight in limits:
            if mode is RuleMode.OFF or cap is None or not terms:
                continue
            room = max(0, cap - before)  # already over: nothing more may be added
            added = sum(c * v for c, v in terms)
            if mode is RuleMode.HARD:
                self.model.add(added <= room)
            else:
                over = self.model.new_int_var(0, sum(c for c, _ in terms), "over")
                self.model.add(over >= added - room)
                self.objective.append((soft_weight, over))

    def _add_one_officer_per_case(self) -> None:
        """A case is shadowed by one officer at most."""
        by_case: dict[str, list[cp_model.IntVar]] = {}
        for o, officer in enumerate(self.officers):
            for var, candidate in zip(self.s[o], officer.candidates, strict=True):
                by_case.setdefault(candidate.case.case_id, []).append(var)
        for literals in by_case.values():
            if len(literals) > 1:
                self.model.add_at_most_one(literals)


def solve_shadow(
    data: ProblemData,
    derivations: Sequence[Derivation],
    plan: DeployPlan,
    time_limit: float | None = None,
) -> ShadowPlan:
    """Choose the shadow cases of every officer deployed before go-live."""
    started = time.perf_counter()
    officers = shadowings(data, derivations, plan)
    targets = {s.staff.staff_id: s.target for s in officers}
    candidates = {s.staff.staff_id: len(s.candidates) for s in officers}
    if not officers:
        return ShadowPlan(targets=targets, candidates=candidates)
    settings = data.settings
    built = ShadowModel(officers, (settings.caseload_cap_rule, settings.points_cap_rule))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit or settings.time_limit_s
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = settings.random_seed
    status = solver.solve(built.model)
    picks: list[ShadowCase] = []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # always: taking nothing is feasible
        for o, officer in enumerate(officers):
            for var, c in zip(built.s[o], officer.candidates, strict=True):
                if solver.value(var):
                    sid = officer.staff.staff_id
                    picks.append(
                        ShadowCase(sid, c.case.case_id, officer.prison, c.case.current_com)
                    )
    solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    objective = round(solver.objective_value) if solved else 0
    return ShadowPlan(
        cases=tuple(picks),
        targets=targets,
        candidates=candidates,
        status=solver.status_name(status),
        objective=objective,
        seconds=time.perf_counter() - started,
    )
