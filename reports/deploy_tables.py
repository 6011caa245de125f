"""Rows of the deployment report's sheets, from the problem data, the plan and the check."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from allocator.check.deploy import DeployCheck
from allocator.domain import rules
from allocator.domain.deploy_facts import fte_text, hundredths, officer_interests
from allocator.domain.deployment import DeployPlan, Stage
from allocator.domain.omic import Derivation
from allocator.domain.problem import ProblemData
from allocator.domain.result import Violation
from reports.deploy_reasons import officer_reasons, state_after, unfilled_reasons

DEPLOYMENT_COLUMNS = (
    "staff_id",
    "name",
    "ldu",
    "fte",
    "deployed",
    "prison",
    "prison_name",
    "spo",
    "preference",
    "choices",
    "selection_score",
    "go_live_date",
    "shadow_cases",
    "reason",
)
UNFILLED_COLUMNS = (
    "prison",
    "name",
    "estate",
    "posts_fte",
    "filled_fte",
    "unfilled_fte",
    "interested",
    "deployed",
    "go_live_date",
    "reason",
)
LDU_COLUMNS = (
    "ldu",
    "fte_before",
    "leavers",
    "leavers_fte",
    "fte_after",
    "min_fte",
    "max_leavers",
    "vacancy_fte",
    "change_pct",
    "gap_after_pct",
    "gap_limit_pct",
    "status",
)
SHADOW_COLUMNS = (
    "staff_id",
    "ldu",
    "prison",
    "go_live_date",
    "case_id",
    "tier",
    "rosh",
    "responsibility",
    "previous_com",
    "com_changed",
    "com_points",
    "why_this_case",
)
VIOLATION_COLUMNS = (
    "rule",
    "severity",
    "prison",
    "ldu",
    "staff_id",
    "spo_id",
    "case_id",
    "amount",
    "limit",
    "before_plan",
    "message",
)


def _choices(data: ProblemData, sid: str) -> str:
    """An officer's choices as '1 LEI; 2 WNI'."""
    rows = sorted((i for i in data.interests if i.staff_id == sid), key=lambda i: i.preference)
    return "; ".join(f"{i.preference} {i.prison}" for i in rows)


def deployment_rows(data: ProblemData, plan: DeployPlan) -> list[list[Any]]:
    """One row per officer who expressed interest, deployed or not."""
    reasons = officer_reasons(data, plan)
    shadowed = {sid: len(plan.shadow.of(sid)) for sid in plan.placements}
    rows = []
    named = dict.fromkeys(i.staff_id for i in data.interests)
    for sid in named:
        member = data.staff_by_id.get(sid)
        if member is None:
            continue
        p = plan.placements.get(sid)
        post = data.post_by_prison.get(p.prison) if p else None
        reason = reasons.get(sid, "not considered: inactive (away long-term) in Staff")
        rows.append(
            [
                sid,
                member.name,
                member.location,
                member.fte,
                "yes" if p else "no",
                p.prison if p else "",
                data.prison(p.prison).name if p else "",
                (p.spo_id or "") if p else "",
                p.preference if p else None,
                _choices(data, sid),
                p.score if p else None,
                post.go_live_date if post else None,
                shadowed.get(sid) if p and sid in plan.shadow.targets else None,
                reason,
            ]
        )
    return rows


def unfilled_rows(data: ProblemData, plan: DeployPlan) -> list[list[Any]]:
    """Prisons with posts left empty, for the next EOI round."""
    after = state_after(data, plan)
    reasons = unfilled_reasons(data, plan)
    interested: dict[str, int] = {}
    for rows in officer_interests(data).values():
        for interest in rows:
            interested[interest.prison] = interested.get(interest.prison, 0) + 1
    found = []
    for post in data.posts:
        left = after.left[post.prison]
        if left <= 0:
            continue
        prison = data.prison(post.prison)
        found.append(
            [
                post.prison,
                prison.name,
                str(prison.estate),
                post.posts_fte,
                (hundredths(post.posts_fte) - left) / 100,
                left / 100,
                interested.get(post.prison, 0),
                len(after.placed.get(post.prison, [])),
                post.go_live_date,
                reasons.get(post.prison, ""),
            ]
        )
    return found


def ldu_rows(data: ProblemData, plan: DeployPlan) -> list[list[Any]]:
    """Each LDU's staffing before and after the plan, against its limits."""
    after = state_after(data, plan)
    rows = []
    for code, s in after.staffing.items():
        heads, out = after.leavers.get(code, (0, 0))
        change = -100 * out / s.before if s.before else 0.0
        gap = 100 * (s.vacancy + out) / s.establishment if s.establishment else 0.0
        rows.append(
            [
                code,
                s.before / 100,
                heads,
                out / 100,
                (s.before - out) / 100,
                None if s.min_fte is None else s.min_fte / 100,
                s.max_leavers,
                s.vacancy / 100,
                round(change, 1),
                round(gap, 1),
                data.settings.ldu_max_gap_pct,
                _ldu_status(
                    s.short(0), s.short(out), s.leavers_over(heads), s.gap_over(out), s.gap_over(0)
                ),
            ]
        )
    return rows


def _ldu_status(short_before: int, short: int, over: int, gap: int, gap_before: int) -> str:
    """Kept, or which limit is broken (and whether it already was before the plan)."""
    problems = []
    if short:
        problems.append(
            "below its minimum" + (" (already before the plan)" if short_before else "")
        )
    if over:
        problems.append("over max_leavers")
    if gap:
        problems.append("over the fair-share limit" + (" (vacancies alone)" if gap_before else ""))
    return "; ".join(problems) or "kept"


def shadow_rows(
    data: ProblemData, derivations: Sequence[Derivation], plan: DeployPlan
) -> list[list[Any]]:
    """One row per shadow case."""
    derived = {d.case_id: d for d in derivations}
    rows = []
    for shadow in plan.shadow.cases:
        case, member = data.case_by_id[shadow.case_id], data.staff_by_id[shadow.staff_id]
        d = derived[shadow.case_id]
        before = shadow.previous_com
        if before == shadow.staff_id:
            why = "already the officer's case"
        elif before:
            why = f"moved from {before}: too few cases without a COM"
        else:
            why = "had no COM"
        rows.append(
            [
                shadow.staff_id,
                member.location,
                shadow.prison,
                data.post_by_prison[shadow.prison].go_live_date,
                shadow.case_id,
                str(case.tier or ""),
                str(case.rosh or ""),
                str(d.responsibility or ""),
                before or "",
                "yes" if before != shadow.staff_id else "no",
                d.com_points,
                why,
            ]
        )
    return rows


def violation_rows(violations: Sequence[Violation]) -> list[list[Any]]:
    """One row per broken rule instance."""
    return [
        [
            v.rule,
            v.severity,
            v.prison,
            v.ldu,
            v.staff_id,
            v.spo_id,
            v.case_id,
            v.amount,
            v.limit,
            "yes" if v.before_plan else "no",
            v.message,
        ]
        for v in violations
    ]


def stage_text(stage: Stage) -> str:
    """A stage's value in the rule's own units."""
    name = stage.name
    if name == rules.POSTS_FILLED or name.startswith(rules.PREFERENCE):
        return f"{fte_text(stage.value)} FTE"
    if name == rules.SELECTION_SCORE:
        return f"score x FTE {stage.value / 1000:g}"
    if name == rules.LDU_BALANCE:
        return f"largest LDU share {stage.value / 10:g} %"
    return f"slack {fte_text(stage.value)} FTE"


def too_few_text(check: DeployCheck) -> str:
    """'LEI (N1: 1 case for 3)' for each prison and LDU with too few cases to shadow."""
    few = [v for v in check.violations if v.rule == rules.SHADOW_TOO_FEW_CASES]
    return ", ".join(f"{v.prison} ({v.ldu}: {v.amount:g} for {v.limit:g})" for v in few)


def summary_rows(data: ProblemData, plan: DeployPlan, check: DeployCheck) -> list[list[Any]]:
    """Headline figures of the plan, then each stage's status."""
    posts = sum(hundredths(p.posts_fte) for p in data.posts)
    filled = sum(hundredths(data.staff_by_id[sid].fte) for sid in plan.placements)
    first = sum(1 for p in plan.placements.values() if p.preference == 1)
    targets = sum(plan.shadow.targets.values())
    hard = check.hard
    rows: list[list[Any]] = [
        ["prisons with posts", len(data.posts)],
        ["posts (FTE)", posts / 100],
        ["posts filled (FTE)", filled / 100],
        ["posts left for the next EOI round (FTE)", (posts - filled) / 100],
        ["officers interested", len(plan.officers)],
        ["officers deployed", len(plan.placements)],
        ["  at their first choice", first],
        ["  at a lower choice", len(plan.placements) - first],
        ["officers not deployed", len(plan.officers) - len(plan.placements)],
        ["shadow cases chosen", f"{len(plan.shadow.cases)} of {targets} targeted"],
        ["prisons with too few cases to shadow", too_few_text(check) or "none"],
        ["hard violations", len(hard)],
        ["  of which already broken before the plan", sum(v.before_plan for v in hard)],
        ["soft violations", len(check.soft)],
        ["plan status", plan.status],
        ["plan solve time (s)", round(plan.seconds, 2)],
        ["shadow status", f"{plan.shadow.status}; {plan.shadow.seconds:.2f} s"],
    ]
    for stage in plan.stages:
        bound = "" if stage.bound == stage.value else f" (bound {stage.bound})"
        rows.append(
            [
                f"stage: {stage.name}",
                f"{stage.status}; {stage_text(stage)}{bound}; {stage.seconds:.2f} s",
            ]
        )
    return rows
