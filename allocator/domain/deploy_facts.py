"""Deployment planning's domain figures: who can be deployed, LDU staffing, receiving teams.

Shared by the deployment model, the reasons and the independent checker, as
``allocator.domain.workload`` is for allocation: these are the domain's formulas, not the
solver's bookkeeping. FTE is counted in hundredths (integers) so that the model
and the checker add up exactly the same numbers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from allocator.domain.enums import HIGH_ROSH, Estate, Grade, Role, RuleMode, Status
from allocator.domain.problem import Case, Interest, ProblemData, Staff
from allocator.domain.workload import span_limit

_EPS = 1e-9


def hundredths(fte: float) -> int:
    """FTE as whole hundredths (0.8 -> 80)."""
    return round(fte * 100)


def score_units(score: float | None) -> int:
    """A selection score in tenths (blank = 0), so scores x FTE stay whole numbers."""
    return 0 if score is None else round(score * 10)


def fte_text(value: int) -> str:
    """Hundredths of FTE as the user writes FTE (80 -> '0.8', 250 -> '2.5')."""
    text = f"{value / 100:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def can_be_deployed(member: Staff) -> bool:
    """A probation officer (PO) in a community team who is not away long-term."""
    return (
        member.role is Role.COM
        and member.grade is Grade.PO
        and member.status is not Status.INACTIVE
    )


def officer_interests(data: ProblemData) -> dict[str, list[Interest]]:
    """Interests that count, by officer in input order: deployable officers, prisons with posts.

    Each officer's interests are sorted by preference (input order among equals).
    """
    found: dict[str, list[Interest]] = defaultdict(list)
    for interest in data.interests:
        member = data.staff_by_id.get(interest.staff_id)
        if member and can_be_deployed(member) and interest.prison in data.post_by_prison:
            found[interest.staff_id].append(interest)
    return {sid: sorted(rows, key=lambda i: i.preference) for sid, rows in found.items()}


@dataclass(frozen=True, slots=True)
class LduStaffing:
    """An LDU's staffing before the plan and the limits it must keep (hundredths of FTE)."""

    ldu: str
    before: int  # COMs in post (status not inactive)
    vacancy: int
    min_fte: int | None
    max_leavers: int | None
    gap_limit: int  # most vacancies plus leavers under ldu_max_gap_pct

    @property
    def establishment(self) -> int:
        """Posts in the LDU: in post plus vacant."""
        return self.before + self.vacancy

    def short(self, leavers_fte: int) -> int:
        """FTE below the minimum after ``leavers_fte`` leave (0 when kept)."""
        return 0 if self.min_fte is None else max(0, self.min_fte - (self.before - leavers_fte))

    def leavers_over(self, leavers: int) -> int:
        """Officers over max_leavers (0 when kept)."""
        return 0 if self.max_leavers is None else max(0, leavers - self.max_leavers)

    def gap_over(self, leavers_fte: int) -> int:
        """FTE of vacancies plus leavers over the fair-share limit (0 when kept)."""
        return max(0, self.vacancy + leavers_fte - self.gap_limit)


def ldu_staffing(data: ProblemData, ldus: Iterable[str]) -> dict[str, LduStaffing]:
    """The staffing of each of these LDUs, from Staff and the LDUs sheet."""
    in_post: dict[str, int] = defaultdict(int)
    for member in data.staff:
        if member.role is Role.COM and member.status is not Status.INACTIVE:
            in_post[member.location] += hundredths(member.fte)
    result = {}
    for code in ldus:
        row = data.ldu_by_code.get(code)
        vacancy = hundredths(row.vacancy_fte) if row else 0
        before = in_post.get(code, 0)
        pct = data.settings.ldu_max_gap_pct
        result[code] = LduStaffing(
            ldu=code,
            before=before,
            vacancy=vacancy,
            min_fte=hundredths(row.min_fte) if row else None,
            max_leavers=row.max_leavers if row else None,
            gap_limit=math.floor(pct * (before + vacancy) / 100 + _EPS),
        )
    return result


def plan_ldus(data: ProblemData, officers: Iterable[str]) -> list[str]:
    """The LDUs a plan covers: those listed in LDUs, then those of the officers, in order."""
    codes = [row.ldu for row in data.ldus]
    codes += [data.staff_by_id[sid].location for sid in officers]
    return list(dict.fromkeys(codes))


@dataclass(frozen=True, slots=True)
class Team:
    """An SPO team in a prison with posts: its FTE before the plan and its span limit."""

    spo_id: str
    prison: str
    before: int
    limit: int


def receiving_teams(data: ProblemData) -> dict[str, list[Team]]:
    """The SPO teams of each prison with posts (SPOs whose location is the prison)."""
    prisons = set(data.prisons) | {c.prison for c in data.cases} | set(data.post_by_prison)
    teams: dict[str, list[Staff]] = defaultdict(list)
    for member in data.staff:
        if member.spo:
            teams[member.spo].append(member)
    result: dict[str, list[Team]] = {code: [] for code in data.post_by_prison}
    for spo in data.spos:
        if spo.location not in result:
            continue
        team = teams.get(spo.spo_id, [])
        all_poms = bool(team) and all(m.role is Role.POM for m in team)
        limit = span_limit(spo.location, spo.span_limit_fte, all_poms, prisons, data.settings)
        before = sum(hundredths(m.fte) for m in team)
        result[spo.location].append(Team(spo.spo_id, spo.location, before, hundredths(limit)))
    return result


def before_go_live(data: ProblemData, prison: str) -> bool:
    """Whether the run date is before the prison goes live (a blank date: not yet fixed)."""
    go_live: date | None = data.post_by_prison[prison].go_live_date
    return go_live is None or data.run_date < go_live


def shadow_target(data: ProblemData, prison: str) -> int:
    """Shadow cases an officer going to this prison should hold before go-live."""
    settings = data.settings
    if data.prison(prison).estate is Estate.HIGH_SECURITY:
        return min(settings.shadow_cases, settings.shadow_cases_high_security)
    return settings.shadow_cases


def current_com_can_keep(data: ProblemData, case: Case) -> bool:
    """Whether the case's COM before the plan could keep it (so taking it away is a move)."""
    member = data.staff_by_id.get(case.current_com or "")
    if member is None or member.role is not Role.COM or member.status is Status.INACTIVE:
        return False
    if member.location != case.ldu or member.staff_id in case.excluded_staff:
        return False
    hard = data.settings.high_risk_rule is RuleMode.HARD
    return not (hard and case.rosh in HIGH_ROSH and not member.qualified)
