"""The independent checker of a deployment plan (imports no OR-Tools).

It re-checks every rule of ``allocator.domain.rules.DEPLOY_RULES`` from the problem data
and the plan alone, and recomputes each optimisation stage's value, so tests can
assert that the model's own accounting agrees. LDU and span breaches that the
state before the plan already forces are reported all the same, saying so.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from allocator.check.deploy_shadow import check_shadow
from allocator.domain import rules
from allocator.domain.deploy_facts import (
    LduStaffing,
    can_be_deployed,
    fte_text,
    hundredths,
    ldu_staffing,
    officer_interests,
    plan_ldus,
    receiving_teams,
    score_units,
)
from allocator.domain.deployment import DeployPlan
from allocator.domain.omic import Derivation
from allocator.domain.problem import ProblemData
from allocator.domain.result import Violation

SHARE_SCALE = 1000  # tenths of a percent, as the model counts LDU shares
_ORDER = {rule.id: i for i, rule in enumerate(rules.DEPLOY_RULES)}


@dataclass
class DeployCheck:
    """Violations found and the value of every stage, recomputed without the solver."""

    violations: list[Violation] = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)

    @property
    def hard(self) -> list[Violation]:
        """The hard violations."""
        return [v for v in self.violations if v.severity == "hard"]

    @property
    def soft(self) -> list[Violation]:
        """The soft and reported ones."""
        return [v for v in self.violations if v.severity != "hard"]


def check_plan(
    data: ProblemData, derivations: Sequence[Derivation], plan: DeployPlan
) -> DeployCheck:
    """Check a plan against every deployment rule and recompute its stage values."""
    report = DeployCheck()
    report.violations += _choices(data, plan)
    report.violations += _posts(data, plan)
    leavers = _leavers(data, plan)
    staffing = ldu_staffing(data, plan_ldus(data, officer_interests(data)))
    for ldu in staffing.values():
        report.violations += _ldu(ldu, *leavers.get(ldu.ldu, (0, 0)), data.settings.ldu_max_gap_pct)
    spans, span_excess = _spans(data, plan)
    report.violations += spans
    shadow_violations, shadow_value = check_shadow(data, derivations, plan)
    report.violations += shadow_violations
    report.violations.sort(key=lambda v: _ORDER.get(v.rule, len(_ORDER)))
    report.values = _values(data, plan, staffing, leavers, span_excess)
    report.values["shadow"] = shadow_value
    return report


def _choices(data: ProblemData, plan: DeployPlan) -> list[Violation]:
    """deploy_choice: a deployable officer, a prison they chose at that preference, its SPO."""
    chose = {(i.staff_id, i.prison): i.preference for i in data.interests}
    spo_place = {spo.spo_id: spo.location for spo in data.spos}
    prison_spos = {spo.location for spo in data.spos}
    found = []
    for sid, placement in plan.placements.items():
        member = data.staff_by_id.get(sid)
        prison = placement.prison
        problem = ""
        if member is None or not can_be_deployed(member):
            problem = "is not a probation officer (PO, COM, not inactive) who can be deployed"
        elif prison not in data.post_by_prison:
            problem = f"is placed in {prison}, which has no posts"
        elif (sid, prison) not in chose:
            problem = f"is placed in {prison}, which they did not choose"
        elif chose[(sid, prison)] != placement.preference:
            problem = (
                f"chose {prison} as preference {chose[(sid, prison)]}, not {placement.preference}"
            )
        elif placement.spo_id is None and prison in prison_spos:
            problem = f"joins no SPO team although {prison} has SPOs"
        elif placement.spo_id is not None and spo_place.get(placement.spo_id) != prison:
            problem = f"joins SPO {placement.spo_id}, who does not work in {prison}"
        if problem:
            found.append(
                Violation(
                    rules.DEPLOY_CHOICE,
                    "hard",
                    prison=prison,
                    staff_id=sid,
                    message=f"{sid} {problem}",
                )
            )
    return found


def _posts(data: ProblemData, plan: DeployPlan) -> list[Violation]:
    """posts_fte: no prison gets more FTE than its posts."""
    filled: dict[str, int] = defaultdict(int)
    for sid, placement in plan.placements.items():
        member = data.staff_by_id.get(sid)
        filled[placement.prison] += hundredths(member.fte) if member else 0
    found = []
    for prison, fte in filled.items():
        post = data.post_by_prison.get(prison)
        if post is not None and fte > hundredths(post.posts_fte):
            found.append(
                Violation(
                    rules.POSTS_FTE,
                    "hard",
                    prison=prison,
                    amount=fte / 100,
                    limit=post.posts_fte,
                    message=f"{prison} gets {fte_text(fte)} FTE for {post.posts_fte:g} FTE of "
                    "posts",
                )
            )
    return found


def _leavers(data: ProblemData, plan: DeployPlan) -> dict[str, tuple[int, int]]:
    """LDU -> (officers leaving, their FTE in hundredths)."""
    found: dict[str, tuple[int, int]] = {}
    for sid in plan.placements:
        member = data.staff_by_id.get(sid)
        if member is not None:
            heads, fte = found.get(member.location, (0, 0))
            found[member.location] = (heads + 1, fte + hundredths(member.fte))
    return found


def _ldu(ldu: LduStaffing, heads: int, fte: int, gap_pct: float) -> list[Violation]:
    """ldu_min_fte, ldu_max_leavers and ldu_fair_share of one LDU."""
    found = []
    after = ldu.before - fte
    already = " (already short before the plan)"
    if ldu.short(fte):
        note = already if ldu.short(0) else ""
        found.append(
            Violation(
                rules.LDU_MIN_FTE,
                "hard",
                ldu=ldu.ldu,
                amount=after / 100,
                limit=(ldu.min_fte or 0) / 100,
                message=f"{ldu.ldu} keeps {fte_text(after)} FTE, below its minimum "
                f"{fte_text(ldu.min_fte or 0)}{note}",
                before_plan=bool(note),
            )
        )
    if ldu.leavers_over(heads):
        found.append(
            Violation(
                rules.LDU_MAX_LEAVERS,
                "hard",
                ldu=ldu.ldu,
                amount=heads,
                limit=ldu.max_leavers,
                message=f"{heads} officers leave {ldu.ldu}; at most {ldu.max_leavers} may",
            )
        )
    if ldu.gap_over(fte):
        gap = ldu.vacancy + fte
        share = 100 * gap / ldu.establishment if ldu.establishment else 100.0
        note = " (its vacancies alone are over the limit)" if ldu.gap_over(0) else ""
        found.append(
            Violation(
                rules.LDU_FAIR_SHARE,
                "hard",
                ldu=ldu.ldu,
                amount=round(share, 1),
                limit=gap_pct,
                message=f"{ldu.ldu}'s vacancies plus leavers are {fte_text(gap)} FTE, "
                f"{share:.1f} % of its establishment of {fte_text(ldu.establishment)}; "
                f"the limit is {gap_pct:g} %{note}",
                before_plan=bool(note),
            )
        )
    return found


def _spans(data: ProblemData, plan: DeployPlan) -> tuple[list[Violation], int]:
    """spo_span of every team in a prison with posts; the total excess in hundredths."""
    added: dict[str, int] = defaultdict(int)
    for sid, placement in plan.placements.items():
        member = data.staff_by_id.get(sid)
        if placement.spo_id and member:
            added[placement.spo_id] += hundredths(member.fte)
    found, total = [], 0
    for teams in receiving_teams(data).values():
        for team in teams:
            after = team.before + added.get(team.spo_id, 0)
            if after <= team.limit:
                continue
            total += after - team.limit
            note = " (already over before the plan)" if team.before > team.limit else ""
            found.append(
                Violation(
                    rules.SPO_SPAN,
                    "hard",
                    prison=team.prison,
                    spo_id=team.spo_id,
                    amount=after / 100,
                    limit=team.limit / 100,
                    message=f"SPO {team.spo_id}'s team in {team.prison} is {fte_text(after)} FTE, "
                    f"over its span of {fte_text(team.limit)}{note}",
                    before_plan=bool(note),
                )
            )
    return found, total


def _values(
    data: ProblemData,
    plan: DeployPlan,
    staffing: dict[str, LduStaffing],
    leavers: dict[str, tuple[int, int]],
    span_excess: int,
) -> dict[str, int]:
    """The value of each optimisation stage, as the model counts it."""
    breach = span_excess
    share = 0
    for ldu in staffing.values():
        heads, fte = leavers.get(ldu.ldu, (0, 0))
        breach += ldu.short(fte) + 100 * ldu.leavers_over(heads) + ldu.gap_over(fte)
        if fte and ldu.before:
            share = max(share, math.ceil(SHARE_SCALE * fte / ldu.before))
    values = {"hard rules": breach, rules.POSTS_FILLED: 0, rules.SELECTION_SCORE: 0}
    for rank in sorted({i.preference for rows in officer_interests(data).values() for i in rows}):
        values[f"{rules.PREFERENCE} {rank}"] = 0
    chose = {(i.staff_id, i.prison): i for i in data.interests}
    for sid, placement in plan.placements.items():
        fte = hundredths(data.staff_by_id[sid].fte) if sid in data.staff_by_id else 0
        interest = chose.get((sid, placement.prison))
        values[rules.POSTS_FILLED] += fte
        if interest is not None:
            key = f"{rules.PREFERENCE} {interest.preference}"
            values[key] = values.get(key, 0) + fte
            values[rules.SELECTION_SCORE] += fte * score_units(interest.selection_score)
    values[rules.LDU_BALANCE] = share
    return values
