"""Property tests: on random small divisions the solver is optimal by the checker's count.

The brute force tries every plan (each officer: stay, or one of their choices in one
of the prison's SPO teams), keeps those the checker finds within the posts, and
ranks them by the stages in order using only the checker's values. The solver's
stage values must equal that best plan's. Shadowing is left out (the prisons are
live); a second property checks the shadow model against the checker.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.check.deploy import check_plan
from allocator.domain import rules
from allocator.domain.deployment import DeployPlan, Placement
from allocator.domain.omic import derive_all
from allocator.domain.problem import Interest, Ldu, Post, ProblemData, Spo, Staff
from solvers.deploy.plan import solve
from solvers.deploy.shadow import solve_shadow
from tests.builders import com_case, deploy_problem, officer, pom, team

LIVE = date(2025, 1, 1)
PRISONS = ("P0", "P1", "P2")
LDUS = ("N0", "N1")


@st.composite
def divisions(draw: Any, shadowing: bool = False) -> ProblemData:
    """A division of 1-4 officers, 1-3 prisons, 1-2 LDUs, with random limits."""
    prisons = PRISONS[: draw(st.integers(1, 3))]
    ldus = LDUS[: draw(st.integers(1, 2))]
    staff: list[Staff] = []
    interests: list[Interest] = []
    for i in range(draw(st.integers(1, 4))):
        sid = f"O{i}"
        staff.append(officer(sid, draw(st.sampled_from(ldus)), draw(st.sampled_from((0.5, 1.0)))))
        chosen = draw(st.lists(st.sampled_from(prisons), min_size=1, max_size=3, unique=True))
        for rank, prison in enumerate(chosen, start=1 + draw(st.integers(0, 1))):
            score = draw(st.one_of(st.none(), st.integers(40, 90)))
            interests.append(Interest(sid, prison, rank, score))
    for code in ldus:
        staff += team(code, draw(st.integers(0, 5)))
    spos, posts, limits = [], [], []
    for code in prisons:
        posts.append(
            Post(code, draw(st.sampled_from((0.5, 1.0, 1.5, 2.0))), None if shadowing else LIVE)
        )
        for t in range(draw(st.integers(0, 2))):
            spos.append(
                Spo(f"{code}S{t}", location=code, span_limit_fte=draw(st.sampled_from((None, 2.0))))
            )
            staff.append(
                pom(
                    f"{code}T{t}",
                    location=code,
                    fte=draw(st.sampled_from((0.5, 1.0, 1.5))) / 1.5,
                    spo=f"{code}S{t}",
                )
            )
    for code in ldus:
        if draw(st.booleans()):
            minimum = draw(st.sampled_from((0.0, 2.0, 4.0)))
            leavers = draw(st.sampled_from((None, 0, 1, 2)))
            limits.append(Ldu(code, minimum, leavers, draw(st.sampled_from((0.0, 0.5, 2.0)))))
    cases = [
        com_case(f"K{k}", draw(st.sampled_from(prisons)), draw(st.sampled_from(ldus)))
        for k in range(draw(st.integers(0, 6) if shadowing else st.just(0)))
    ]
    return deploy_problem(
        staff,
        posts,
        interests,
        limits,
        spos,
        cases,
        ldu_max_gap_pct=draw(st.sampled_from((20.0, 50.0))),
    )


def key(values: dict[str, int], ranks: list[int]) -> tuple[int, ...]:
    """The stages in priority order, each as a number to minimise."""
    prefs = [-values.get(f"{rules.PREFERENCE} {rank}", 0) for rank in ranks]
    return (
        values["hard rules"],
        -values[rules.POSTS_FILLED],
        *prefs,
        -values[rules.SELECTION_SCORE],
        values[rules.LDU_BALANCE],
    )


def brute_force(data: ProblemData) -> tuple[int, ...]:
    """The best stage values of any plan within the posts, by the checker alone."""
    derivations = derive_all(data)
    teams = {
        p.prison: [s.spo_id for s in data.spos if s.location == p.prison] or [None]
        for p in data.posts
    }
    officers = list(dict.fromkeys(i.staff_id for i in data.interests))
    choices = []
    for sid in officers:
        options: list[Placement | None] = [None]
        for i in (i for i in data.interests if i.staff_id == sid):
            options += [
                Placement(sid, i.prison, t, i.preference, i.selection_score)
                for t in teams[i.prison]
            ]
        choices.append(options)
    ranks = sorted({i.preference for i in data.interests})
    best: tuple[int, ...] | None = None
    for combo in itertools.product(*choices):
        plan = DeployPlan({p.staff_id: p for p in combo if p}, tuple(officers))
        report = check_plan(data, derivations, plan)
        if any(v.rule == rules.POSTS_FTE for v in report.violations):
            continue
        candidate = key(report.values, ranks)
        best = candidate if best is None or candidate < best else best
    assert best is not None
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(divisions())
def test_the_plan_is_lexicographically_optimal_by_the_checkers_count(data: ProblemData) -> None:
    plan = solve(data, time_limit=10)
    assert plan.status == "OPTIMAL"
    report = check_plan(data, derive_all(data), plan)
    assert [v for v in report.hard if not v.before_plan] == []
    for stage in plan.stages:
        assert report.values[stage.name] == stage.value, stage.name
    ranks = sorted({i.preference for i in data.interests})
    assert key(report.values, ranks) == brute_force(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(divisions(shadowing=True))
def test_shadow_caseloads_keep_every_hard_rule_and_agree_with_the_checker(
    data: ProblemData,
) -> None:
    derivations = derive_all(data)
    plan = solve(data, time_limit=10)
    plan = replace(plan, shadow=solve_shadow(data, derivations, plan, 10))
    report = check_plan(data, derivations, plan)
    assert [v for v in report.hard if not v.before_plan] == []
    assert report.values["shadow"] == plan.shadow.objective
    for sid in plan.shadow.targets:
        assert len(plan.shadow.of(sid)) <= max(plan.shadow.targets[sid], 0) or all(
            c.previous_com == sid for c in plan.shadow.of(sid)
        )
