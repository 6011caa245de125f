"""The checker's staff rules: caps, balance, spread and SPO teams.

Follows the violation table and objective terms 3, 6, 7 and 8 of
``docs/allocation-rules.md``. Part of the independent checker: no solver imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from allocator.check.context import POM, Context, Tally
from allocator.domain.enums import HIGH_ROSH, Complexity, Estate, RuleMode
from allocator.domain.problem import Spo, Staff
from allocator.domain.rules import (
    BALANCE,
    BALANCE_BANDS,
    CASELOAD_CAP,
    PEAK_STEPS,
    PEAK_UTILISATION,
    POINTS_CAP,
    SPO_HIGH_RISK_CAP,
    SPO_SPAN,
    SPREAD_COMPLEXITY,
    SPREAD_NEW,
    W_CASES_OVER,
    W_PEAK,
    W_POINTS_OVER,
    W_SPO_HIGH_RISK,
    W_SPREAD_COMPLEXITY,
    W_SPREAD_NEW,
)
from allocator.domain.workload import utilisation_pct

_FTE_EPS = 1e-9  # FTE sums of 0.1 steps must not breach a limit by rounding


def check_staff(ctx: Context, tally: Tally) -> None:
    """Caps and balance for every member of staff of the run."""
    for member in (*ctx.run_poms, *ctx.run_coms):
        _case_cap(ctx, member, tally)
        _points_cap(ctx, member, tally)
        tally.cost(BALANCE, balance_cost(ctx.load_points(member), ctx.capacity(member)))


def _who(member: Staff) -> str:
    """A member of staff as a head of OM knows them."""
    return f"{member.role} {member.staff_id} ({member.grade}, {member.location})"


def _case_cap(ctx: Context, member: Staff, tally: Tally) -> None:
    """More cases than the person's cap."""
    cap = ctx.case_cap(member)
    cases = len(ctx.load(member).cases)
    rule_mode = tally.mode(CASELOAD_CAP)
    if cap is None or cases <= cap or rule_mode is RuleMode.OFF:
        return
    tally.cost(CASELOAD_CAP, W_CASES_OVER[rule_mode] * (cases - cap))
    tally.report(
        CASELOAD_CAP,
        f"{_who(member)} holds {cases} cases, {cases - cap} above the cap of {cap}",
        staff_id=member.staff_id,
        amount=cases,
        limit=cap,
    )


def _points_cap(ctx: Context, member: Staff, tally: Tally) -> None:
    """More workload points than the person's capacity."""
    capacity = ctx.capacity(member)
    points = ctx.load_points(member)
    rule_mode = tally.mode(POINTS_CAP)
    if points <= capacity or rule_mode is RuleMode.OFF:
        return
    tally.cost(POINTS_CAP, W_POINTS_OVER[rule_mode] * (points - capacity))
    pct = utilisation_pct(points, capacity)
    other = f", {member.other_points:,} of them from outside" if member.other_points else ""
    tally.report(
        POINTS_CAP,
        f"{_who(member)} carries {points:,} workload points{other}, above the capacity of "
        f"{capacity:,} ({pct:.0f} %)",
        staff_id=member.staff_id,
        amount=points,
        limit=capacity,
    )


def balance_cost(points: int, capacity: int) -> int:
    """Points above 70 %, 85 % and 100 % of capacity, weighted by band (no capacity: 0)."""
    if capacity <= 0:
        return 0
    return sum(w * max(0, points - pct * capacity // 100) for pct, w in BALANCE_BANDS)


def check_spread(ctx: Context, tally: Tally, new_cases: dict[str, int]) -> None:
    """The most new cases one POM of a prison takes; the most high-complexity in women's."""
    by_prison = ctx.data.poms_by_prison
    for prison in sorted(ctx.prisons):
        poms = by_prison.get(prison, ())
        tally.cost(SPREAD_NEW, W_SPREAD_NEW * _most(new_cases.get(m.staff_id, 0) for m in poms))
        if ctx.data.prison(prison).estate is Estate.FEMALE:
            most = _most(_high_complexity(ctx, m) for m in poms)
            tally.cost(SPREAD_COMPLEXITY, W_SPREAD_COMPLEXITY * most)


def check_peak(ctx: Context, tally: Tally) -> None:
    """The highest utilisation above 100 % among the POMs of each prison and COMs of each LDU."""
    by_prison = ctx.data.poms_by_prison
    teams: list[Sequence[Staff]] = [by_prison.get(prison, ()) for prison in sorted(ctx.prisons)]
    by_ldu: dict[str, list[Staff]] = {}
    for member in ctx.run_coms:
        by_ldu.setdefault(member.location, []).append(member)
    teams += [by_ldu[ldu] for ldu in sorted(by_ldu)]
    for team in teams:
        highest = _most(_over_steps(ctx.load_points(m), ctx.capacity(m)) for m in team)
        tally.cost(PEAK_UTILISATION, W_PEAK * highest)


def _over_steps(points: int, capacity: int) -> int:
    """Utilisation above 100 % in tenths of a percentage point, rounded up (no capacity: 0)."""
    if capacity <= 0:
        return 0
    tenths = (PEAK_STEPS * points + capacity - 1) // capacity
    return max(0, tenths - PEAK_STEPS)


def _most(counts: Iterable[int]) -> int:
    """The largest count (0 for nobody)."""
    return max(counts, default=0)


def _high_complexity(ctx: Context, member: Staff) -> int:
    """High-complexity cases the POM holds."""
    return sum(case.complexity is Complexity.HIGH for case in ctx.load(member).cases)


def check_spos(ctx: Context, tally: Tally) -> None:
    """Span (FTE) and high-risk cap of every SPO with a team member among the run's staff."""
    teams: dict[str, list[Staff]] = {}
    for member in ctx.data.staff:
        if member.spo:
            teams.setdefault(member.spo, []).append(member)
    named = {m.spo for m in (*ctx.run_poms, *ctx.run_coms) if m.spo}
    prisons = _prison_codes(ctx)
    for spo_id in sorted(named):
        spo = ctx.data.spo_by_id.get(spo_id) or Spo(spo_id)
        team = teams[spo_id]
        _span(spo, team, span_limit(ctx, spo, team, prisons), tally)
        _high_risk_cap(ctx, spo, team, tally)


def _prison_codes(ctx: Context) -> frozenset[str]:
    """Every code known to be a prison: the Prisons sheet, cases' prisons, POMs' places."""
    data = ctx.data
    return frozenset({*data.prisons, *data.poms_by_prison, *(case.prison for case in data.cases)})


def span_limit(ctx: Context, spo: Spo, team: list[Staff], prisons: frozenset[str]) -> float:
    """The SPO's own limit, else the prison setting or the community one."""
    if spo.span_limit_fte is not None:
        return spo.span_limit_fte
    in_prison = spo.location in prisons if spo.location else all(m.role is POM for m in team)
    settings = ctx.settings
    return settings.spo_span_prison_fte if in_prison else settings.spo_span_community_fte


def team_fte(team: list[Staff]) -> float:
    """The team's FTE, rounded to hide float noise from 0.1 steps."""
    return round(sum(m.fte for m in team), 6)


def _span(spo: Spo, team: list[Staff], limit: float, tally: Tally) -> None:
    """A team above the SPO's span limit, in FTE (the headcount is shown too)."""
    fte = team_fte(team)
    if fte <= limit + _FTE_EPS:
        return
    tally.report(
        SPO_SPAN,
        f"SPO {spo.spo_id}'s team is {fte:g} FTE ({len(team)} people), above the span limit "
        f"of {limit:g} FTE",
        spo_id=spo.spo_id,
        amount=fte,
        limit=limit,
    )


def _high_risk_cap(ctx: Context, spo: Spo, team: list[Staff], tally: Tally) -> None:
    """High-risk cases held by the team's POMs above ``spo_high_risk_cap`` (when set)."""
    cap = ctx.settings.spo_high_risk_cap
    if cap <= 0:
        return
    held = sum(case.rosh in HIGH_ROSH for m in team if m.role is POM for case in ctx.load(m).cases)
    if held <= cap:
        return
    tally.cost(SPO_HIGH_RISK_CAP, W_SPO_HIGH_RISK * (held - cap))
    tally.report(
        SPO_HIGH_RISK_CAP,
        f"SPO {spo.spo_id}'s POMs hold {held} high-risk cases, {held - cap} above the cap of {cap}",
        spo_id=spo.spo_id,
        amount=held,
        limit=cap,
    )
