"""Case Management Support: prison POMs co-work high-risk cases where probation POMs are short.

A second stage after the allocation of a prison: every high-risk case held by a
PO POM may be co-worked by an active prison (non-PO) POM of the same prison who
is not excluded from it; the co-worker carries ``cms_share_pct`` of the case's
points. Each co-worked case costs ``W_CMS``, so co-working is chosen only where it
relieves more than that in cap excess and balance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from allocator.domain import rules
from allocator.domain.enums import HIGH_ROSH, Grade, RuleMode, Status, Switch
from allocator.domain.omic import Derivation
from allocator.domain.problem import Case
from solvers.allocation.prepare import SubProblem
from solvers.allocation.score import band_threshold, load_cost, peak_cost


def shared_points(points: int, pct: int) -> int:
    """The co-worker's share of a case's points, rounded half up."""
    return (2 * points * pct + 100) // 200


@dataclass(frozen=True)
class Candidate:
    """A high-risk case held by a PO POM, and who could co-work it."""

    case: Case
    holder: int
    share: int
    coworkers: tuple[int, ...]


def candidates(sp: SubProblem, held: Sequence[tuple[Case, Derivation, str]]) -> list[Candidate]:
    """Co-workable cases of a prison: (case, derivation, POM after the run) triples."""
    index = {m.staff.staff_id: i for i, m in enumerate(sp.members)}
    prison_poms = [
        i
        for i, m in enumerate(sp.members)
        if m.staff.status is Status.ACTIVE and m.staff.grade is not Grade.PO
    ]
    pct = sp.settings.cms_share_pct
    found = []
    for case, d, pom in held:
        holder = index.get(pom)
        if holder is None or case.rosh not in HIGH_ROSH:
            continue
        if sp.members[holder].staff.grade is not Grade.PO:
            continue
        options = tuple(
            q
            for q in prison_poms
            if sp.members[q].staff.staff_id not in case.excluded_staff
            and (not case.restricted_to or sp.members[q].staff.staff_id in case.restricted_to)
        )
        if options and d.points > 0:
            found.append(Candidate(case, holder, shared_points(d.points, pct), options))
    return found


def points_cost(sp: SubProblem, m: int, cases: int, points: int) -> int:
    """The objective terms of one member at these loads."""
    return load_cost(sp, sp.members[m], cases, points)


def co_work(
    sp: SubProblem,
    found: Sequence[Candidate],
    cases: Sequence[int],
    points: Sequence[int],
    time_limit: float = 5.0,
) -> tuple[dict[str, str], int]:
    """Who co-works what, and how much the objective falls (0 when nothing pays)."""
    if sp.settings.case_management_support is not Switch.ON or not found:
        return {}, 0
    model = cp_model.CpModel()
    groups: dict[tuple[int, int, tuple[int, ...]], list[Candidate]] = {}
    for c in found:
        groups.setdefault((c.holder, c.share, c.coworkers), []).append(c)
    counts: dict[tuple[int, int, tuple[int, ...], int], cp_model.IntVar] = {}
    delta: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in sp.members]
    for (holder, share, options), members in groups.items():
        for q in options:
            var = model.new_int_var(0, len(members), "")
            counts[(holder, share, options, q)] = var
            delta[holder].append((-share, var))
            delta[q].append((share, var))
        model.add(sum(counts[(holder, share, options, q)] for q in options) <= len(members))
    terms = [(rules.W_CMS, var) for var in counts.values()]
    for m in range(len(sp.members)):
        if delta[m]:
            terms += _member_terms(model, sp, m, points[m], delta[m])
    model.minimize(sum(c * v for c, v in terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = sp.settings.random_seed
    solver.parameters.max_deterministic_time = time_limit
    solver.parameters.linearization_level = 2
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}, 0
    chosen = _expand(sp, groups, counts, solver)
    saving = _saving(sp, found, chosen, cases, points)
    # The model leaves out the peak term (co-working moves only shares of points); where
    # that term takes back more than the model saw, co-working does not pay.
    return (chosen, saving) if saving > 0 else ({}, 0)


def _member_terms(
    model: cp_model.CpModel,
    sp: SubProblem,
    m: int,
    base: int,
    delta: list[tuple[int, cp_model.IntVar]],
) -> list[tuple[int, cp_model.IntVar]]:
    """Points cap excess and balance bands of one member, as excess variables."""
    member = sp.members[m]
    change = sum(c * v for c, v in delta)
    bounds = []
    if sp.settings.points_cap_rule is not RuleMode.OFF:
        bounds.append((member.capacity, rules.W_POINTS_OVER[sp.settings.points_cap_rule]))
    if member.capacity > 0:
        bounds += [(band_threshold(pct, member.capacity), w) for pct, w in rules.BALANCE_BANDS]
    reach = sum(abs(c) * _upper(v) for c, v in delta)
    terms = []
    for threshold, weight in bounds:
        excess = model.new_int_var(0, max(0, base + reach - threshold), "")
        model.add(excess >= change + base - threshold)
        terms.append((weight, excess))
    return terms


def _upper(var: cp_model.IntVar) -> int:
    """A count variable's upper bound."""
    domain = var.proto.domain
    return int(domain[len(domain) - 1])


def _expand(
    sp: SubProblem,
    groups: Mapping[tuple[int, int, tuple[int, ...]], list[Candidate]],
    counts: Mapping[tuple[int, int, tuple[int, ...], int], cp_model.IntVar],
    solver: cp_model.CpSolver,
) -> dict[str, str]:
    """Counts back to cases, in input order, co-workers in member order."""
    chosen: dict[str, str] = {}
    for key, members in groups.items():
        queue = list(members)
        for q in key[2]:
            for _ in range(solver.value(counts[(*key, q)])):
                chosen[queue.pop(0).case.case_id] = sp.members[q].staff.staff_id
    return chosen


def _saving(
    sp: SubProblem,
    found: Sequence[Candidate],
    chosen: Mapping[str, str],
    cases: Sequence[int],
    points: Sequence[int],
) -> int:
    """Objective before co-working minus after (exact, in plain Python)."""
    after = list(points)
    index = {m.staff.staff_id: i for i, m in enumerate(sp.members)}
    for c in found:
        q = chosen.get(c.case.case_id)
        if q is not None:
            after[c.holder] -= c.share
            after[index[q]] += c.share
    touched = {c.holder for c in found} | {index[q] for q in chosen.values()}
    before_cost = sum(points_cost(sp, m, cases[m], points[m]) for m in touched)
    after_cost = sum(points_cost(sp, m, cases[m], after[m]) for m in touched)
    peak = peak_cost(sp, points) - peak_cost(sp, after)
    return before_cost - after_cost + peak - rules.W_CMS * len(chosen)
