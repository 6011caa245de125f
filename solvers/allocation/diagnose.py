"""Why a sub-problem cannot keep every hard rule: the numbers, and the rules in conflict.

Runs only when the allocation leaves a case without a worker or a cap exceeded.
A feasibility copy of the sub-problem (no objective, one worker) has one
assumption literal per hard rule; CP-SAT's sufficient assumptions for
infeasibility name the rules that cannot hold together.
"""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from allocator.domain import rules
from allocator.domain.enums import RuleMode, Status
from solvers.allocation.cpsat import DETERMINISTIC_PER_SECOND
from solvers.allocation.prepare import POM, SubProblem
from solvers.allocation.score import Choice

ACTIVE = Status.ACTIVE


def in_trouble(sp: SubProblem, choices: Sequence[Choice]) -> bool:
    """A decided case without a worker, or a member this run's cases put over a hard cap."""
    if any(m is None for m in choices):
        return True
    cases = [m.fixed_cases for m in sp.members]
    points = [m.fixed_points for m in sp.members]
    for d, m in zip(sp.decisions, choices, strict=True):
        if m is not None and m != d.current:
            cases[m] += 1
            points[m] += d.points
    hard_cases = sp.settings.caseload_cap_rule is RuleMode.HARD
    hard_points = sp.settings.points_cap_rule is RuleMode.HARD
    return any(
        (hard_cases and m.case_cap is not None and cases[i] > max(m.case_cap, m.fixed_cases))
        or (hard_points and points[i] > max(m.capacity, m.fixed_points))
        for i, m in enumerate(sp.members)
    )


def capacity_lines(sp: SubProblem) -> list[str]:
    """The shortfall in numbers: demand of the decided cases against free capacity."""
    role = "POM" if sp.kind == POM else "COM"
    active = [m for m in sp.members if m.staff.status is ACTIVE]
    lines = []
    risky = [d for d in sp.decisions if d.high_risk]
    if risky and sp.settings.high_risk_rule is not RuleMode.OFF:
        qualified_members = [m for m in active if m.staff.qualified]
        free = sum(max(0, m.capacity - m.fixed_points) for m in qualified_members)
        need = sum(d.points for d in risky)
        lines.append(
            f"{sp.name}: {len(risky)} high-risk cases need a probation-qualified {role}; "
            f"the {len(qualified_members)} active PO {role}s can hold {free:,} more points, "
            f"{need:,} needed"
        )
    free_points = sum(max(0, m.capacity - m.fixed_points) for m in active)
    free_cases = sum(max(0, m.case_cap - m.fixed_cases) for m in active if m.case_cap is not None)
    need_points = sum(d.points for d in sp.decisions)
    over = sum(1 for m in sp.members if m.fixed_points > m.capacity)
    if over:
        lines.append(f"{sp.name}: {over} {role}s were over their points capacity before this run")
    lines.append(
        f"{sp.name}: {len(sp.decisions)} cases to allocate need {need_points:,} points; the "
        f"{len(active)} active {role}s can hold {free_points:,} more points"
        + (f" and {free_cases:,} more cases" if sp.kind == POM else "")
    )
    return lines


_GroupKey = tuple[tuple[int, ...], frozenset[int], int]  # who could take, unqualified, points


def _candidate_groups(sp: SubProblem) -> dict[_GroupKey, int]:
    """Decisions as counts by (who could take them ignoring qualification, points, risk).

    Every member of a sub-problem has the right role and place, so who could take a
    case comes down to the active members it does not exclude, and its current worker.
    """
    active = tuple(m for m, member in enumerate(sp.members) if member.staff.status is ACTIVE)
    unqualified_members = frozenset(
        m for m, member in enumerate(sp.members) if not member.staff.qualified
    )
    groups: dict[_GroupKey, int] = {}
    for d in sp.decisions:
        excluded = d.case.excluded_staff
        who = tuple(
            m for m in active if not excluded or sp.members[m].staff.staff_id not in excluded
        )
        if d.current is not None and d.current not in who:
            who = tuple(sorted((*who, d.current)))
        unqualified = unqualified_members.intersection(who) if d.high_risk else frozenset()
        key = (who, unqualified, d.points)
        groups[key] = groups.get(key, 0) + 1
    return groups


def short_in_total(sp: SubProblem) -> list[str]:
    """Every case and one cap rule, when the cases to decide cannot fit by plain sums.

    The cheap proof comes first: where the points (or, for POMs, the cases) to allocate
    exceed what every member could still take under the hard cap, those two rules
    conflict whatever else holds, with no model to build. Most prisons and LDUs in
    trouble are short like this.
    """
    if any(not who for who, _, _ in _candidate_groups(sp)):
        return []  # a case nobody can take: the model says which rules, not the sums
    hard = _hard_rules(sp)
    if rules.POINTS_CAP in hard:
        free = sum(max(0, m.capacity - m.fixed_points) for m in sp.members)
        if sum(d.points for d in sp.decisions) > free:
            return [_EVERY_CASE, rules.POINTS_CAP]
    if rules.CASELOAD_CAP in hard and all(m.case_cap is not None for m in sp.members):
        free = sum(max(0, (m.case_cap or 0) - m.fixed_cases) for m in sp.members)
        if len(sp.decisions) > free:
            return [_EVERY_CASE, rules.CASELOAD_CAP]
    return []


def conflicting_rules(sp: SubProblem, time_limit: float = 1.0) -> list[str]:
    """The hard rules that cannot all hold (empty when they can, or when unknown)."""
    cheap = short_in_total(sp)
    if cheap:
        return cheap
    model = cp_model.CpModel()
    literals = {rule: model.new_bool_var(rule) for rule in _hard_rules(sp)}
    cases: list[list[cp_model.IntVar]] = [[] for _ in sp.members]
    points: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in sp.members]
    for (who, unqualified, size_points), size in _candidate_groups(sp).items():
        counts = []
        for m in who:
            y = model.new_int_var(0, size, "")
            counts.append(y)
            cases[m].append(y)
            points[m].append((size_points, y))
            if rules.HIGH_RISK in literals and m in unqualified:
                model.add(y == 0).only_enforce_if(literals[rules.HIGH_RISK])
        model.add(sum(counts) <= size)
        model.add(sum(counts) == size).only_enforce_if(literals[_EVERY_CASE])
    _caps(sp, model, literals, cases, points)
    model.add_assumptions(list(literals.values()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    # Deterministic time, so that the same input gives the same notes on a busy machine.
    solver.parameters.max_deterministic_time = time_limit * DETERMINISTIC_PER_SECOND
    solver.parameters.max_time_in_seconds = max(10.0, 10 * time_limit)  # a safety net only
    solver.parameters.random_seed = sp.settings.random_seed
    solver.parameters.linearization_level = 2
    if solver.solve(model) != cp_model.INFEASIBLE:
        return []
    core = set(solver.sufficient_assumptions_for_infeasibility())
    return [rule for rule, lit in literals.items() if lit.index in core]


def _caps(
    sp: SubProblem,
    model: cp_model.CpModel,
    literals: dict[str, cp_model.IntVar],
    cases: list[list[cp_model.IntVar]],
    points: list[list[tuple[int, cp_model.IntVar]]],
) -> None:
    """Cap rows, each enforced by its rule's literal."""
    for m, member in enumerate(sp.members):
        if rules.CASELOAD_CAP in literals and member.case_cap is not None:
            # Whoever is over already may take nothing more; the run is not blamed for them.
            cap = max(member.case_cap, member.fixed_cases)
            model.add(sum(cases[m]) + member.fixed_cases <= cap).only_enforce_if(
                literals[rules.CASELOAD_CAP]
            )
        if rules.POINTS_CAP in literals:
            total = sum(c * x for c, x in points[m]) + member.fixed_points
            capacity = max(member.capacity, member.fixed_points)
            model.add(total <= capacity).only_enforce_if(literals[rules.POINTS_CAP])


_EVERY_CASE = "every case allocated"


def _hard_rules(sp: SubProblem) -> list[str]:
    """The assumption names: every case allocated, and each rule that is hard now."""
    s = sp.settings
    names = [_EVERY_CASE]
    if s.high_risk_rule is RuleMode.HARD:
        names.append(rules.HIGH_RISK)
    if s.caseload_cap_rule is RuleMode.HARD and sp.kind == POM:
        names.append(rules.CASELOAD_CAP)
    if s.points_cap_rule is RuleMode.HARD:
        names.append(rules.POINTS_CAP)
    return names


def diagnose(sp: SubProblem, choices: Sequence[Choice]) -> tuple[str, ...]:
    """Plain-English lines for the Summary, or nothing when every hard rule holds."""
    if not in_trouble(sp, choices):
        return ()
    lines = capacity_lines(sp)
    conflict = conflicting_rules(sp)
    if conflict:
        others = [rule for rule in conflict if rule != _EVERY_CASE]
        lines.append(
            f"{sp.name}: giving every case a worker conflicts with "
            + (", ".join(others) if others else "the staff available (no one can take them)")
        )
    return tuple(lines)
