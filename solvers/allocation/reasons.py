"""Plain-English reasons: why each case has the POM and COM it has after the run."""

from __future__ import annotations

from collections.abc import Sequence

from allocator.domain.eligibility import qualified
from allocator.domain.enums import Grade, PomType, RuleMode, Status
from allocator.domain.omic import Derivation
from allocator.domain.problem import Case, ProblemData
from allocator.domain.result import Allocation, SubResult
from allocator.domain.workload import utilisation_pct
from solvers.allocation.build import Plan
from solvers.allocation.prepare import POM, Decision, SubProblem, needs_com
from solvers.allocation.score import Choice


def explain(
    data: ProblemData,
    derivations: Sequence[Derivation],
    plan: Plan,
    outcomes: Sequence[tuple[list[Choice], SubResult]],
    allocation: Allocation,
) -> dict[str, str]:
    """A reason for every covered in-scope case."""
    decided: dict[tuple[str, str], str] = {}
    for sp, (choices, _) in zip(plan.subproblems, outcomes, strict=True):
        decided.update(_decided_reasons(sp, choices))
    covered = set(plan.covered)
    reasons = {}
    for case, d in zip(data.cases, derivations, strict=True):
        if not d.in_scope or case.prison not in covered:
            continue
        pom = decided.get((POM, case.case_id)) or _fixed_pom(case, d, allocation)
        com = decided.get(("com", case.case_id)) or _fixed_com(case, d, allocation)
        text = "; ".join(part for part in (pom, com) if part)
        reasons[case.case_id] = text[:1].upper() + text[1:]
    return reasons


def _fixed_pom(case: Case, d: Derivation, allocation: Allocation) -> str:
    """A POM nobody decided: kept, pinned, or missing information."""
    pom = allocation.pom.get(case.case_id)
    if case.pinned:
        return f"pinned: kept with POM {pom}" if pom else "pinned, but has no POM"
    if not d.allocatable:
        held = f"; stays with POM {pom}" if pom else ""
        return f"cannot allocate: missing {', '.join(d.missing)}{held}"
    return f"kept with current POM {pom}"


def _fixed_com(case: Case, d: Derivation, allocation: Allocation) -> str:
    """A COM nobody decided."""
    com = allocation.com.get(case.case_id)
    if not needs_com(d):
        return f"COM {com} (not yet needed)" if com else ""
    if com:
        return f"pinned: kept with COM {com}" if case.pinned else f"kept with current COM {com}"
    if not case.ldu:
        return "needs a COM, but no home LDU is recorded"
    return "needs a COM, but none is allocated (pinned)" if case.pinned else "needs a COM"


def _decided_reasons(sp: SubProblem, choices: Sequence[Choice]) -> dict[tuple[str, str], str]:
    """Reasons for the decisions of one sub-problem, with utilisation after the run."""
    points = [m.fixed_points for m in sp.members]
    cases = [m.fixed_cases for m in sp.members]
    for d, m in zip(sp.decisions, choices, strict=True):
        if m is not None:
            points[m] += d.points
            cases[m] += 1
    util = [utilisation_pct(points[i], m.capacity) for i, m in enumerate(sp.members)]
    role = "POM" if sp.kind == POM else "COM"
    reasons = {}
    for d, m in zip(sp.decisions, choices, strict=True):
        text = f"{d.why} - {_choice(sp, d, m, util, role)}"
        if m is not None and m != d.current:
            text += _over(sp, m, cases[m], points[m], d.points)
        reasons[(sp.kind, d.case.case_id)] = text
    return reasons


def _over(sp: SubProblem, m: int, cases: int, points: int, added: int) -> str:
    """A note when the chosen member ends the run over a cap (capacity was short).

    A case that carries no points (its tier is missing) adds nothing to an excess of points,
    so it gets no note for one.
    """
    member = sp.members[m]
    notes = []
    if member.case_cap is not None and cases > member.case_cap:
        notes.append(f"{cases} cases against a cap of {member.case_cap}")
    if points > member.capacity and added > 0:
        notes.append(f"{points:,} points against a capacity of {member.capacity:,}")
    if not notes:
        return ""
    return f"; over capacity after this run ({', '.join(notes)}): no one eligible had room"


def _choice(sp: SubProblem, d: Decision, m: Choice, util: Sequence[float], role: str) -> str:
    """What was chosen and why."""
    if m is None:
        return f"no {role}: {_nobody(sp, d, role)}"
    staff = sp.members[m].staff
    if m == d.current:
        return f"kept with {role} {staff.staff_id}"
    text = f"{role} {staff.staff_id} ({staff.grade})"
    if m in d.previous:
        return f"{text}, who held the case before"
    parts = [text]
    fit = _recommendation(sp, d, m)
    if fit:
        parts.append(fit)
    eligible = [util[i] for i in d.options]
    lowest = util[m] <= min(eligible) + 1e-9
    parts.append(
        f"utilisation {_pct(util[m])} after this run"
        + (", lowest among eligible" if lowest else "")
    )
    return "; ".join(parts)


def _recommendation(sp: SubProblem, d: Decision, m: int) -> str:
    """How the choice fits the recommended kind of POM (or the COM grade preference)."""
    grade = sp.members[m].staff.grade
    if d.high_risk and grade is not Grade.PO:
        return f"RoSH {d.case.rosh} but not probation-qualified (high-risk rule is soft)"
    if sp.kind != POM or d.recommended is None:
        return ""
    wanted = "probation" if d.recommended is PomType.PROBATION else "prison"
    matches = (grade is Grade.PO) == (d.recommended is PomType.PROBATION)
    reason = d.derivation.recommendation_reason
    return (
        f"{wanted} POM recommended ({reason})"
        if matches
        else (f"against the recommendation ({reason}): no {wanted} POM could take it at less cost")
    )


def _nobody(sp: SubProblem, d: Decision, role: str) -> str:
    """Why no member of staff could take the case."""
    place = f"{sp.name}"
    if not sp.members:
        return f"there are no {role}s in {place}"
    active = [m.staff for m in sp.members if m.staff.status is Status.ACTIVE]
    if not active:
        return f"no {role} in {place} is active"
    free = [s for s in active if s.staff_id not in d.case.excluded_staff]
    if not free:
        return f"every active {role} in {place} is excluded from this case"
    if sp.settings.high_risk_rule is RuleMode.HARD and not any(qualified(s, d.case) for s in free):
        return f"RoSH {d.case.rosh}: no active probation-qualified (PO) {role} in {place}"
    return "every eligible member of staff was needed for cases at higher risk"


def _pct(value: float) -> str:
    """A utilisation as '64 %'."""
    return "no capacity" if value == float("inf") else f"{value:.0f} %"
