"""The objective of a sub-problem for given choices, in plain Python.

The CP-SAT model builds exactly these terms; this evaluator scores the greedy
baseline, completes the model's hint, and lets tests compare the two.
"""

from __future__ import annotations

from collections.abc import Sequence

from allocator.domain import rules
from allocator.domain.enums import Grade, PomType, RuleMode
from solvers.allocation.prepare import POM, Decision, Member, SubProblem

Choice = int | None  # a member index, or None for "nobody"


def pair_cost(sp: SubProblem, d: Decision, m: int) -> int:
    """What giving decision ``d`` to member ``m`` costs on its own (excluding loads)."""
    grade = sp.members[m].staff.grade
    mode = sp.settings.high_risk_rule
    cost = 0
    if d.high_risk and grade is not Grade.PO and mode is RuleMode.SOFT:
        cost += rules.W_HIGH_RISK[RuleMode.SOFT]
    if m == d.current:
        return cost
    if d.current_valid:
        cost += d.move_cost
    if d.previous and m not in d.previous:
        cost += rules.W_NOT_PREVIOUS
    if sp.kind == POM:
        if d.recommended is PomType.PROBATION and grade is not Grade.PO:
            cost += rules.W_AGAINST_PROBATION
        elif d.recommended is PomType.PRISON and grade is Grade.PO:
            cost += rules.W_AGAINST_PRISON
    else:
        cost += rules.W_COM_GRADE.get(str(grade), 0)
    return cost


def unallocated_cost(sp: SubProblem, d: Decision) -> int:
    """What leaving decision ``d`` with nobody costs."""
    weight = rules.W_UNALLOCATED if sp.kind == POM else rules.W_COM_UNALLOCATED
    return weight * d.risk + rules.W_WAITING * d.waiting  # the longest-waiting go first


def load_cost(sp: SubProblem, member: Member, cases: int, points: int) -> int:
    """Cap excess and balance of one member holding ``cases`` cases and ``points`` points."""
    settings = sp.settings
    cost = 0
    cap_mode, points_mode = settings.caseload_cap_rule, settings.points_cap_rule
    if cap_mode is not RuleMode.OFF and member.case_cap is not None:
        cost += rules.W_CASES_OVER[cap_mode] * max(0, cases - member.case_cap)
    if points_mode is not RuleMode.OFF:
        cost += rules.W_POINTS_OVER[points_mode] * max(0, points - member.capacity)
    if member.capacity > 0:
        for pct, weight in rules.BALANCE_BANDS:
            cost += weight * max(0, points - band_threshold(pct, member.capacity))
    return cost


def band_threshold(pct: int, capacity: int) -> int:
    """Points at ``pct`` % of capacity, floored."""
    return pct * capacity // 100


def over_steps(points: int, capacity: int) -> int:
    """Utilisation above 100 % in tenths of a percentage point, rounded up (no capacity: 0)."""
    if capacity <= 0:
        return 0
    steps = rules.PEAK_STEPS
    return max(0, -(-steps * points // capacity) - steps)


def peak_cost(sp: SubProblem, points: Sequence[int]) -> int:
    """``W_PEAK`` x the highest utilisation above 100 % among the members, in tenths."""
    members = zip(points, sp.members, strict=True)
    return rules.W_PEAK * max((over_steps(p, m.capacity) for p, m in members), default=0)


def evaluate(sp: SubProblem, choices: Sequence[Choice]) -> int:
    """The sub-problem's objective for one choice per decision."""
    cases = [m.fixed_cases for m in sp.members]
    points = [m.fixed_points for m in sp.members]
    complexity = [m.fixed_complexity for m in sp.members]
    new = [0] * len(sp.members)
    high_risk_by_spo = dict(sp.spos)
    total = sp.constant
    for d, m in zip(sp.decisions, choices, strict=True):
        if m is None:
            total += unallocated_cost(sp, d)
            continue
        total += pair_cost(sp, d, m)
        cases[m] += 1
        points[m] += d.points
        complexity[m] += d.high_complexity
        new[m] += m != d.current
        spo = sp.members[m].staff.spo
        if d.high_risk and spo in high_risk_by_spo:
            high_risk_by_spo[spo] += 1
    for i, member in enumerate(sp.members):
        total += load_cost(sp, member, cases[i], points[i])
    total += peak_cost(sp, points)
    return total + _spread(sp, new, complexity) + _spo_cap(sp, high_risk_by_spo)


def _spread(sp: SubProblem, new: Sequence[int], complexity: Sequence[int]) -> int:
    """The largest share of new cases, and of high-complexity cases in a women's prison."""
    if sp.kind != POM or not sp.members:
        return 0
    cost = rules.W_SPREAD_NEW * max(new)
    if sp.female:
        cost += rules.W_SPREAD_COMPLEXITY * max(complexity)
    return cost


def _spo_cap(sp: SubProblem, high_risk_by_spo: dict[str, int]) -> int:
    """Excess of high-risk cases over the SPO cap, when one is set."""
    cap = sp.settings.spo_high_risk_cap
    if cap <= 0 or sp.kind != POM:
        return 0
    return sum(rules.W_SPO_HIGH_RISK * max(0, n - cap) for n in high_risk_by_spo.values())
