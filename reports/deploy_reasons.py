"""Why each officer went where they did, and why posts are left empty, in plain English.

Reasons are read off the plan and the state after it (posts left, LDU staffing,
span room), so they explain the outcome a manager sees: for every choice better
than the one an officer got, what stood in the way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from allocator.domain.deploy_facts import (
    LduStaffing,
    Team,
    fte_text,
    hundredths,
    ldu_staffing,
    officer_interests,
    plan_ldus,
    receiving_teams,
)
from allocator.domain.deployment import DeployPlan
from allocator.domain.problem import Interest, ProblemData


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass
class After:
    """The state after the plan: FTE left per prison, leavers per LDU, room per team."""

    left: dict[str, int]
    leavers: dict[str, tuple[int, int]]
    staffing: dict[str, LduStaffing]
    teams: dict[str, list[Team]]
    added: dict[str, int]
    placed: dict[str, list[str]]


def state_after(data: ProblemData, plan: DeployPlan) -> After:
    """Posts left, leavers, and team additions once the plan is carried out."""
    left = {post.prison: hundredths(post.posts_fte) for post in data.posts}
    leavers: dict[str, tuple[int, int]] = {}
    added: dict[str, int] = defaultdict(int)
    placed: dict[str, list[str]] = defaultdict(list)
    for sid, placement in plan.placements.items():
        member = data.staff_by_id[sid]
        fte = hundredths(member.fte)
        left[placement.prison] -= fte
        heads, total = leavers.get(member.location, (0, 0))
        leavers[member.location] = (heads + 1, total + fte)
        added[placement.spo_id or ""] += fte
        placed[placement.prison].append(sid)
    staffing = ldu_staffing(data, plan_ldus(data, officer_interests(data)))
    return After(left, leavers, staffing, receiving_teams(data), added, placed)


def ldu_block(after: After, ldu: str, fte: int) -> str:
    """What one more leaver of ``fte`` would break in the LDU ('' if nothing)."""
    staffing = after.staffing[ldu]
    heads, out = after.leavers.get(ldu, (0, 0))
    if staffing.short(out + fte) > staffing.short(out):
        kept, least = staffing.before - out, fte_text(staffing.min_fte or 0)
        return (
            f"LDU {ldu} would fall below its minimum of {least} FTE ({fte_text(kept)} left "
            f"after this plan, {fte_text(kept - fte)} if this officer went too)"
        )
    if staffing.leavers_over(heads + 1) > staffing.leavers_over(heads):
        return f"LDU {ldu} may lose at most {staffing.max_leavers} officer(s)"
    if staffing.gap_over(out + fte) > staffing.gap_over(out):
        return (
            f"LDU {ldu} would give up more than its fair share (vacancies plus leavers "
            f"{fte_text(staffing.vacancy + out)} of {fte_text(staffing.gap_limit)} FTE allowed)"
        )
    return ""


def span_block(after: After, prison: str, fte: int) -> str:
    """Whether no SPO team of the prison has room for ``fte`` more ('' if one has)."""
    teams = after.teams.get(prison, [])
    if not teams or any(t.before + after.added.get(t.spo_id, 0) + fte <= t.limit for t in teams):
        return ""
    return f"{prison}'s SPO teams would pass their span limit"


def _holders(data: ProblemData, after: After, prison: str) -> str:
    """Who took a prison's posts, with their preference and score."""
    scores = {(i.staff_id, i.prison): i for i in data.interests}
    parts = []
    for sid in after.placed.get(prison, []):
        interest = scores[(sid, prison)]
        score = "" if interest.selection_score is None else f", score {interest.selection_score:g}"
        parts.append(f"{sid} ({ordinal(interest.preference)} choice{score})")
    return ", ".join(parts)


def causes(data: ProblemData, after: After, plan: DeployPlan, interest: Interest) -> list[str]:
    """Everything that kept an officer from this choice, the post first."""
    member = data.staff_by_id[interest.staff_id]
    fte, prison = hundredths(member.fte), interest.prison
    found = []
    left = after.left[prison]
    if left < fte:
        score = interest.selection_score
        own = "" if score is None else f"; your score {score:g}"
        if left > 0:
            found.append(f"only {fte_text(left)} FTE left for your {fte_text(fte)} FTE{own}")
        else:
            posts = fte_text(hundredths(data.post_by_prison[prison].posts_fte))
            found.append(f"its {posts} FTE went to {_holders(data, after, prison)}{own}")
    if interest.staff_id not in plan.placements:
        blocked = ldu_block(after, member.location, fte)
        if blocked:
            found.append(blocked)
    blocked = span_block(after, prison, fte)
    if blocked:
        found.append(blocked)
    return found or ["the plan fills more posts or places more FTE at first choices another way"]


def why_not(data: ProblemData, after: After, plan: DeployPlan, interest: Interest) -> str:
    """Why an officer did not get this choice: 'LEI: cause; and cause'."""
    return f"{interest.prison}: " + "; and ".join(causes(data, after, plan, interest))


def officer_reasons(data: ProblemData, plan: DeployPlan) -> dict[str, str]:
    """A reason for every officer considered, deployed or not."""
    after = state_after(data, plan)
    interests = officer_interests(data)
    reasons = {}
    for sid in plan.officers:
        placement = plan.placements.get(sid)
        got = placement.preference if placement else None
        better = [i for i in interests[sid] if got is None or i.preference < got]
        missed = "; ".join(why_not(data, after, plan, i) for i in better)
        if placement is None:
            reasons[sid] = f"not deployed: {missed}"
            continue
        text = f"{ordinal(got or 0)} choice"
        rivals = _rivals(data, placement.prison, plan, sid)
        if rivals:
            text += f", selected over {rivals} other applicant(s)"
        text += f"; {_go_live(data, plan, sid)}"
        reasons[sid] = text + (f"; not placed at a higher choice: {missed}" if missed else "")
    return reasons


def _go_live(data: ProblemData, plan: DeployPlan, sid: str) -> str:
    """When the officer moves, and their shadow caseload until then."""
    prison = plan.placements[sid].prison
    go_live = data.post_by_prison[prison].go_live_date
    if sid not in plan.shadow.targets:
        when = f" on {go_live:%d/%m/%Y}" if go_live else ""
        return f"{prison} went live{when}: moves now"
    when = f"{go_live:%d/%m/%Y}" if go_live else "go-live (date not fixed)"
    shadowed, target = len(plan.shadow.of(sid)), plan.shadow.targets[sid]
    ldu = data.staff_by_id[sid].location
    return f"stays in {ldu} until {when}, shadowing {shadowed} case(s) (target {target})"


def _placed_in(plan: DeployPlan, sid: str) -> str | None:
    """The prison an officer was placed in (None if not deployed)."""
    placement = plan.placements.get(sid)
    return placement.prison if placement else None


def _rivals(data: ProblemData, prison: str, plan: DeployPlan, sid: str) -> int:
    """Officers who named this prison and were not placed there."""
    named = {i.staff_id for i in data.interests if i.prison == prison}
    considered = set(plan.officers)
    return sum(1 for o in named & considered - {sid} if _placed_in(plan, o) != prison)


def unfilled_reasons(data: ProblemData, plan: DeployPlan) -> dict[str, str]:
    """For each prison with FTE left, why the interest there did not fill it."""
    after = state_after(data, plan)
    named: dict[str, list[Interest]] = defaultdict(list)
    for rows in officer_interests(data).values():
        for interest in rows:
            named[interest.prison].append(interest)
    reasons = {}
    for prison, left in after.left.items():
        if left <= 0:
            continue
        others = [i for i in named[prison] if _placed_in(plan, i.staff_id) != prison]
        if not named[prison]:
            reasons[prison] = "no expressions of interest"
        elif not others:
            reasons[prison] = "every officer interested was placed here; too few applied"
        else:
            causes: dict[str, list[str]] = defaultdict(list)
            for interest in others:
                cause, who = _missed(data, after, plan, interest)
                causes[cause].append(who)
            reasons[prison] = "; ".join(
                f"{cause}: {', '.join(who)}" for cause, who in causes.items()
            )
    return reasons


def _missed(
    data: ProblemData, after: After, plan: DeployPlan, interest: Interest
) -> tuple[str, str]:
    """Why one interested officer is not filling a post in this prison: (cause, who)."""
    sid = interest.staff_id
    placement = plan.placements.get(sid)
    if placement is not None:
        better = placement.preference < interest.preference
        how = "went to a prison they preferred" if better else "went to another prison"
        return how, f"{sid} ({placement.prison})"
    cause = causes(data, after, plan, interest)[0]
    if cause.startswith("LDU"):
        cause = cause.split(" (", 1)[0]  # the same cause for every officer of the LDU
    return cause, sid
