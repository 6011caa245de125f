"""The independent checker's shadow-caseload rules (imports no OR-Tools).

Eligibility is re-derived here from the domain rules, not taken from the model:
an in-scope case of the officer's own LDU held in the prison they will move to,
whose state involves a COM, not pinned to another COM, the officer not excluded,
and (while the high-risk rule is hard) within the officer's qualification.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from allocator.domain import rules
from allocator.domain.deploy_facts import before_go_live, current_com_can_keep, shadow_target
from allocator.domain.deployment import DeployPlan
from allocator.domain.enums import HIGH_ROSH, Responsibility, RuleMode
from allocator.domain.omic import Derivation
from allocator.domain.problem import Case, ProblemData, Staff
from allocator.domain.result import Violation
from allocator.domain.workload import case_cap, points_capacity

_COM_STATES = (Responsibility.POM_COM, Responsibility.COM)


def _ok_for(case: Case, d: Derivation, member: Staff, prison: str) -> str:
    """Why ``member`` may not shadow ``case`` for ``prison`` ('' when they may)."""
    if not d.in_scope:
        return "is out of scope"
    if d.responsibility not in _COM_STATES:
        return "does not involve a COM yet"
    if case.prison != prison:
        return f"is held in {case.prison}, not {prison}"
    if case.ldu != member.location:
        return f"belongs to LDU {case.ldu}, not {member.location}"
    if member.staff_id in case.excluded_staff:
        return f"excludes {member.staff_id}"
    if case.pinned and case.current_com != member.staff_id:
        return "is pinned to its COM"
    return ""


def _loads(data: ProblemData, derivations: Sequence[Derivation]) -> dict[str, tuple[int, int]]:
    """Staff id -> (in-scope cases held, their COM points) before the plan."""
    loads: dict[str, tuple[int, int]] = {}
    for case, d in zip(data.cases, derivations, strict=True):
        if d.in_scope and case.current_com:
            cases, points = loads.get(case.current_com, (0, 0))
            loads[case.current_com] = (cases + 1, points + d.com_points)
    return loads


def check_shadow(
    data: ProblemData, derivations: Sequence[Derivation], plan: DeployPlan
) -> tuple[list[Violation], int]:
    """Shadow-case rules, caps, shortfalls and moves; and the shadow objective."""
    derived = {d.case_id: d for d in derivations}
    targets = {
        sid: shadow_target(data, p.prison)
        for sid, p in plan.placements.items()
        if p.prison in data.post_by_prison and before_go_live(data, p.prison)
    }
    found = _cases(data, derived, plan, targets)
    value = rules.W_SHADOW_MOVE * sum(v.rule == rules.SHADOW_CONTINUITY for v in found)
    loads = _loads(data, derivations)
    counts = Counter(c.staff_id for c in plan.shadow.cases)
    for sid, target in targets.items():
        n = counts.get(sid, 0)
        value += rules.W_SHADOW_NONE * (target > 0 and n == 0)
        value += rules.W_SHADOW_SHORT * max(0, target - n)
        caps, over = _caps(data, derived, sid, plan, loads)
        found += caps
        value += over
    found += _shortfalls(data, derivations, plan, targets, loads)
    return found, value


def _cases(
    data: ProblemData, derived: dict[str, Derivation], plan: DeployPlan, targets: dict[str, int]
) -> list[Violation]:
    """shadow_case, high_risk_needs_qualified and shadow_continuity of each shadow case."""
    found: list[Violation] = []
    seen: set[str] = set()
    risk_rule = data.settings.high_risk_rule
    for shadow in plan.shadow.cases:
        sid, cid = shadow.staff_id, shadow.case_id
        placement = plan.placements.get(sid)
        case = data.case_by_id.get(cid)
        member = data.staff_by_id.get(sid)
        why = ""
        if placement is None or member is None or sid not in targets:
            why = f"{sid} is not deployed to a prison before its go-live"
        elif case is None:
            why = f"there is no case {cid}"
        elif cid in seen:
            why = f"{cid} is shadowed by two officers"
        elif reason := _ok_for(case, derived[cid], member, placement.prison):
            why = f"{cid} {reason}"
        seen.add(cid)
        if why or case is None or member is None:
            found.append(_v(rules.SHADOW_CASE, "hard", shadow.prison, sid, cid, why))
            continue
        if case.rosh in HIGH_ROSH and not member.qualified and risk_rule is not RuleMode.OFF:
            text = f"{cid} (RoSH {case.rosh}) is shadowed by {sid}, who is not a PO"
            found.append(_v(rules.HIGH_RISK, str(risk_rule), shadow.prison, sid, cid, text))
        if case.current_com != sid and current_com_can_keep(data, case):
            text = f"{cid} moves from its COM {case.current_com} to {sid}"
            found.append(_v(rules.SHADOW_CONTINUITY, "soft", shadow.prison, sid, cid, text))
    return found


def _v(rule: str, severity: str, prison: str, sid: str, cid: str, text: str) -> Violation:
    """A violation about one shadow case."""
    return Violation(rule, severity, prison=prison, staff_id=sid, case_id=cid, message=text)


def _caps(
    data: ProblemData,
    derived: dict[str, Derivation],
    sid: str,
    plan: DeployPlan,
    loads: dict[str, tuple[int, int]],
) -> tuple[list[Violation], int]:
    """caseload_cap and points_cap of one officer for the cases shadowing added.

    Only what the plan adds is judged: an officer already over stays reported by the
    weekly allocation, and may take no new case while the rule is hard.
    """
    member, settings = data.staff_by_id[sid], data.settings
    new = [
        c.case_id
        for c in plan.shadow.of(sid)
        if c.case_id in data.case_by_id and data.case_by_id[c.case_id].current_com != sid
    ]
    cases, points = loads.get(sid, (0, 0))
    added_points = sum(derived[cid].com_points for cid in new)
    limits = (
        (
            rules.CASELOAD_CAP,
            settings.caseload_cap_rule,
            case_cap(member, settings),
            cases,
            len(new),
        ),
        (
            rules.POINTS_CAP,
            settings.points_cap_rule,
            points_capacity(member, settings),
            points + member.other_points,
            added_points,
        ),
    )
    weights = {rules.CASELOAD_CAP: rules.W_SHADOW_CASES_OVER_SOFT}
    found, value = [], 0
    for rule, mode, cap, before, added in limits:
        if mode is RuleMode.OFF or cap is None or added <= max(0, cap - before):
            continue
        if mode is RuleMode.SOFT:
            value += weights.get(rule, rules.W_SHADOW_POINTS_OVER_SOFT) * (
                added - max(0, cap - before)
            )
        unit = "cases" if rule == rules.CASELOAD_CAP else "points"
        text = f"{sid} holds {before + added} {unit} after shadowing, over the cap of {cap}"
        found.append(
            Violation(rule, str(mode), staff_id=sid, amount=before + added, limit=cap, message=text)
        )
    return found, value


def _shortfalls(
    data: ProblemData,
    derivations: Sequence[Derivation],
    plan: DeployPlan,
    targets: dict[str, int],
    loads: dict[str, tuple[int, int]],
) -> list[Violation]:
    """shadow_shortfall per officer and shadow_too_few_cases per prison and LDU."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sid in targets:
        groups[(plan.placements[sid].prison, data.staff_by_id[sid].location)].append(sid)
    eligible: dict[str, int] = defaultdict(int)
    pool: dict[tuple[str, str], int] = defaultdict(int)
    for case, d in zip(data.cases, derivations, strict=True):
        key = (case.prison, case.ldu or "")
        fits = [
            sid
            for sid in groups.get(key, ())
            if not _ok_for(case, d, data.staff_by_id[sid], case.prison)
        ]
        for sid in fits:
            eligible[sid] += 1
        pool[key] += bool(fits)
    counts = Counter(c.staff_id for c in plan.shadow.cases)
    found = []
    for sid, target in targets.items():
        n, prison = counts.get(sid, 0), plan.placements[sid].prison
        if n < target:
            text = (
                f"{sid} shadows {n} of {target} cases before {prison} goes live "
                f"({eligible[sid]} eligible cases of their LDU there{_full(data, sid, loads)})"
            )
            ldu = data.staff_by_id[sid].location
            found.append(_count(rules.SHADOW_SHORTFALL, prison, ldu, sid, n, target, text))
    for (prison, ldu), members in groups.items():
        need = sum(targets[sid] for sid in members)
        if pool[(prison, ldu)] < need:
            text = (
                f"{prison} holds {pool[(prison, ldu)]} eligible cases of LDU {ldu} for "
                f"{len(members)} officer(s) needing {need}"
            )
            found.append(
                _count(rules.SHADOW_TOO_FEW_CASES, prison, ldu, "", pool[(prison, ldu)], need, text)
            )
    return found


def _full(data: ProblemData, sid: str, loads: dict[str, tuple[int, int]]) -> str:
    """', and they are at their case cap / points capacity' while that rule is hard."""
    member, settings = data.staff_by_id[sid], data.settings
    cases, points = loads.get(sid, (0, 0))
    points += member.other_points
    cap, capacity = case_cap(member, settings), points_capacity(member, settings)
    if settings.caseload_cap_rule is RuleMode.HARD and cap is not None and cases >= cap:
        return f", and they hold {cases} cases, their cap"
    if settings.points_cap_rule is RuleMode.HARD and points >= capacity:
        return f", and their workload is {points:,} of {capacity:,} points already"
    return ""


def _count(
    rule: str, prison: str, ldu: str, sid: str, amount: int, limit: int, text: str
) -> Violation:
    """A soft violation with an amount and a limit."""
    return Violation(
        rule, "soft", prison=prison, ldu=ldu, staff_id=sid, amount=amount, limit=limit, message=text
    )
