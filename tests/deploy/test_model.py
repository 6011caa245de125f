"""The deployment model rule by rule: feasible, forced to break, just within.

Each test asserts stage values worked out by hand (FTE in hundredths, scores in
tenths x FTE hundredths, LDU shares in tenths of a percent) and the rule outcomes,
not one particular assignment where several are equally good. Every plan is also
run through the independent checker.
"""

from __future__ import annotations

from allocator.check.deploy import check_plan
from allocator.domain import rules
from allocator.domain.deployment import DeployPlan
from allocator.domain.omic import derive_all
from allocator.domain.problem import ProblemData
from solvers.deploy.plan import solve
from tests.builders import deploy_problem, ldu, officer, pom, post, spo, team, want

PREF1, PREF2 = f"{rules.PREFERENCE} 1", f"{rules.PREFERENCE} 2"


def run(data: ProblemData) -> DeployPlan:
    """Solve (one worker, the fixed seed) and check that the checker agrees."""
    plan = solve(data, time_limit=10)
    assert plan.status == "OPTIMAL"
    check = check_plan(data, derive_all(data), plan)
    assert [v for v in check.hard if not v.before_plan] == []
    for stage in plan.stages:
        assert check.values[stage.name] == stage.value, stage.name
    return plan


def values(plan: DeployPlan) -> dict[str, int]:
    """Stage name -> value."""
    return {stage.name: stage.value for stage in plan.stages}


def where(plan: DeployPlan) -> dict[str, str]:
    """Officer -> prison."""
    return {sid: p.prison for sid, p in plan.placements.items()}


# --- deploy_choice ------------------------------------------------------------------------


def test_an_officer_goes_to_a_prison_they_chose_at_that_preference() -> None:
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("LEI", 1), post("WNI", 1)],
        [want("A", "WNI", 2), want("A", "LEI", 1)],
    )
    plan = run(data)
    assert where(plan) == {"A": "LEI"}
    assert plan.placements["A"].preference == 1
    assert values(plan) == {
        "hard rules": 0,
        rules.POSTS_FILLED: 100,
        PREF1: 100,
        "ldu_balance": 100,
    }


def test_an_officer_is_deployed_at_most_once() -> None:
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("LEI", 1), post("WNI", 1)],
        [want("A", "LEI", 1), want("A", "WNI", 1)],
    )
    assert len(run(data).placements) == 1


def test_inactive_officers_are_not_considered() -> None:
    from allocator.domain.enums import Status

    data = deploy_problem(
        [officer("A", status=Status.INACTIVE), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
    )
    plan = run(data)
    assert plan.officers == () and plan.placements == {}


# --- posts_fte and posts_filled -------------------------------------------------------------


def test_oversubscribed_post_takes_one_officer() -> None:
    data = deploy_problem(
        [officer("A"), officer("B"), *team("N1", 18)],
        [post("LEI", 1)],
        [want("A", "LEI"), want("B", "LEI")],
    )
    plan = run(data)
    assert len(plan.placements) == 1
    assert values(plan)[rules.POSTS_FILLED] == 100


def test_two_part_timers_fill_one_post_just_within() -> None:
    data = deploy_problem(
        [officer("A", fte=0.5), officer("B", fte=0.5), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI"), want("B", "LEI")],
    )
    assert where(run(data)) == {"A": "LEI", "B": "LEI"}


def test_an_officer_too_large_for_what_is_left_is_not_placed() -> None:
    # 1.4 FTE of posts: the 1.0 and the 0.5 officer would make 1.5, over the posts.
    data = deploy_problem(
        [officer("A"), officer("B", fte=0.5), *team("N1", 18)],
        [post("LEI", 1.4)],
        [want("A", "LEI"), want("B", "LEI")],
    )
    plan = run(data)
    assert where(plan) == {"A": "LEI"}
    assert values(plan)[rules.POSTS_FILLED] == 100


def test_filling_posts_comes_before_first_choices() -> None:
    # A prefers LEI, B only wants LEI: A gives way so that both posts are filled.
    data = deploy_problem(
        [officer("A"), officer("B"), *team("N1", 18)],
        [post("LEI", 1), post("WNI", 1)],
        [want("A", "LEI", 1), want("A", "WNI", 2), want("B", "LEI", 1)],
    )
    plan = run(data)
    assert where(plan) == {"A": "WNI", "B": "LEI"}
    assert values(plan)[rules.POSTS_FILLED] == 200
    assert values(plan)[PREF1] == 100  # only B at a first choice


# --- preference -----------------------------------------------------------------------------


def test_first_choices_first_even_when_the_ranks_add_up_worse() -> None:
    # X: 1 LEI, 2 WNI. Y: 2 LEI, 4 WNI. Rank sums: X-LEI + Y-WNI = 5, X-WNI + Y-LEI = 4;
    # first choices first places X at LEI (1.0 FTE at first choices instead of none).
    data = deploy_problem(
        [officer("X"), officer("Y"), *team("N1", 18)],
        [post("LEI", 1), post("WNI", 1)],
        [want("X", "LEI", 1), want("X", "WNI", 2), want("Y", "LEI", 2), want("Y", "WNI", 4)],
    )
    plan = run(data)
    assert where(plan) == {"X": "LEI", "Y": "WNI"}
    assert values(plan)[PREF1] == 100
    assert values(plan)[PREF2] == 0


def test_preferences_come_before_selection_scores() -> None:
    # A names LEI first (score 50), B second (score 99): A is placed.
    # B's first choice WNI has only 0.5 FTE for B's 1.0, so B is not placed.
    data = deploy_problem(
        [officer("A"), officer("B"), *team("N1", 18)],
        [post("LEI", 1), post("WNI", 0.5)],
        [want("A", "LEI", 1, 50), want("B", "WNI", 1, 10), want("B", "LEI", 2, 99)],
    )
    plan = run(data)
    assert where(plan) == {"A": "LEI"}
    assert values(plan)[rules.SELECTION_SCORE] == 50 * 10 * 100


# --- selection_score ------------------------------------------------------------------------


def test_the_higher_score_is_selected_where_oversubscribed() -> None:
    data = deploy_problem(
        [officer("A"), officer("B"), *team("N1", 18)],
        [post("LEI", 1)],
        [want("A", "LEI", 1, 80), want("B", "LEI", 1, 90)],
    )
    plan = run(data)
    assert where(plan) == {"B": "LEI"}
    assert values(plan)[rules.SELECTION_SCORE] == 90 * 10 * 100


def test_scores_count_per_fte_so_part_timers_gain_nothing_by_number() -> None:
    # One post: A (1.0 FTE, 90) against B and C (0.5 FTE each, 60): 90 x 1.0 > 60 x 1.0.
    data = deploy_problem(
        [officer("A"), officer("B", fte=0.5), officer("C", fte=0.5), *team("N1", 18)],
        [post("LEI", 1)],
        [want("A", "LEI", 1, 90), want("B", "LEI", 1, 60), want("C", "LEI", 1, 60)],
    )
    assert where(run(data)) == {"A": "LEI"}


# --- ldu_min_fte ----------------------------------------------------------------------------


def test_ldu_minimum_just_within() -> None:
    # N1 has 10.0 FTE (A, B and 8 others), minimum 9.0: one officer may go.
    data = deploy_problem(
        [officer("A"), officer("B"), *team("N1", 8)],
        [post("LEI", 2)],
        [want("A", "LEI"), want("B", "LEI")],
        [ldu("N1", 9)],
    )
    plan = run(data)
    assert len(plan.placements) == 1
    assert values(plan)["hard rules"] == 0


def test_ldu_minimum_forces_a_post_to_stay_empty() -> None:
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        [ldu("N1", 9.5)],
    )
    plan = run(data)
    assert plan.placements == {}
    assert values(plan)[rules.POSTS_FILLED] == 0


def test_an_ldu_already_short_gives_nobody_and_is_reported() -> None:
    # 8.0 FTE against a minimum of 9.0: 1.0 FTE short before the plan (stage 1 = 100).
    data = deploy_problem(
        [officer("A"), *team("N1", 7)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        [ldu("N1", 9)],
    )
    plan = run(data)
    assert plan.placements == {}
    assert values(plan)["hard rules"] == 100
    check = check_plan(data, derive_all(data), plan)
    (violation,) = check.hard
    assert (violation.rule, violation.ldu, violation.before_plan) == (rules.LDU_MIN_FTE, "N1", True)
    assert (violation.amount, violation.limit) == (8.0, 9.0)


# --- ldu_max_leavers ------------------------------------------------------------------------


def test_max_leavers_caps_the_officers_an_ldu_loses() -> None:
    data = deploy_problem(
        [officer("A"), officer("B"), officer("C"), *team("N1", 27)],
        [post("LEI", 3)],
        [want("A", "LEI"), want("B", "LEI"), want("C", "LEI")],
        [ldu("N1", 0, max_leavers=2)],
    )
    plan = run(data)
    assert len(plan.placements) == 2
    assert values(plan)[rules.POSTS_FILLED] == 200


# --- ldu_fair_share -------------------------------------------------------------------------


def test_fair_share_allows_a_fifth_of_the_establishment_just_within() -> None:
    # 10.0 FTE, no vacancies: 20 % is 2.0 FTE, so two of three officers may go.
    data = deploy_problem(
        [officer("A"), officer("B"), officer("C"), *team("N1", 7)],
        [post("LEI", 3)],
        [want("A", "LEI"), want("B", "LEI"), want("C", "LEI")],
    )
    assert len(run(data).placements) == 2


def test_vacancies_count_towards_the_fair_share() -> None:
    # 10.0 in post + 1.5 vacant = 11.5; 20 % = 2.3 FTE; 1.5 vacant leaves room for 0.8: no one.
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        [ldu("N1", 0, vacancy=1.5)],
    )
    plan = run(data)
    assert plan.placements == {}
    assert values(plan)["hard rules"] == 0


def test_an_ldu_with_vacancies_over_the_limit_gives_nobody_and_is_reported() -> None:
    # 10.0 in post + 3.0 vacant = 13.0; the limit is 2.6: 0.4 FTE over before the plan.
    data = deploy_problem(
        [officer("A"), *team("N1", 9)],
        [post("LEI", 1)],
        [want("A", "LEI")],
        [ldu("N1", 0, vacancy=3)],
    )
    plan = run(data)
    assert plan.placements == {}
    assert values(plan)["hard rules"] == 40
    (violation,) = check_plan(data, derive_all(data), plan).hard
    assert violation.rule == rules.LDU_FAIR_SHARE and violation.before_plan


def test_the_fair_share_limit_is_a_setting() -> None:
    data = deploy_problem(
        [officer("A"), officer("B"), officer("C"), *team("N1", 7)],
        [post("LEI", 3)],
        [want("A", "LEI"), want("B", "LEI"), want("C", "LEI")],
        ldu_max_gap_pct=30,
    )
    assert len(run(data).placements) == 3


# --- spo_span -------------------------------------------------------------------------------


def test_a_receiving_team_takes_officers_up_to_its_span() -> None:
    # S1's team is 12.5 FTE (limit 14): room for one full-time officer, not two.
    staff = [officer("A"), officer("B"), *team("N1", 18)]
    staff += [pom(f"P{i}", location="LEI", spo="S1") for i in range(12)] + [
        pom("P12", location="LEI", fte=0.5, spo="S1")
    ]
    data = deploy_problem(
        staff, [post("LEI", 2)], [want("A", "LEI"), want("B", "LEI")], spos=[spo("S1", "LEI")]
    )
    plan = run(data)
    assert len(plan.placements) == 1
    assert next(iter(plan.placements.values())).spo_id == "S1"


def test_officers_are_spread_over_the_teams_with_room() -> None:
    staff = [officer("A"), officer("B"), *team("N1", 18)]
    staff += [pom(f"P{i}", location="LEI", spo="S1") for i in range(13)]
    staff += [pom(f"Q{i}", location="LEI", spo="S2") for i in range(13)]
    spos = [spo("S1", "LEI"), spo("S2", "LEI")]
    data = deploy_problem(staff, [post("LEI", 2)], [want("A", "LEI"), want("B", "LEI")], spos=spos)
    plan = run(data)
    assert sorted(p.spo_id or "" for p in plan.placements.values()) == ["S1", "S2"]


def test_a_team_already_over_its_span_takes_nobody_and_is_reported() -> None:
    # S1 has 12.5 FTE against its own limit of 12: 0.5 over (stage 1 = 50).
    staff = [officer("A"), *team("N1", 9)]
    staff += [pom(f"P{i}", location="LEI", spo="S1") for i in range(12)] + [
        pom("P12", location="LEI", fte=0.5, spo="S1")
    ]
    data = deploy_problem(staff, [post("LEI", 1)], [want("A", "LEI")], spos=[spo("S1", "LEI", 12)])
    plan = run(data)
    assert plan.placements == {}
    assert values(plan)["hard rules"] == 50
    (violation,) = check_plan(data, derive_all(data), plan).hard
    assert (violation.rule, violation.spo_id, violation.before_plan) == (rules.SPO_SPAN, "S1", True)


def test_a_prison_without_an_spo_has_no_span_to_keep() -> None:
    data = deploy_problem([officer("A"), *team("N1", 9)], [post("LEI", 1)], [want("A", "LEI")])
    assert run(data).placements["A"].spo_id is None


# --- ldu_balance ----------------------------------------------------------------------------


def test_without_scores_the_smaller_share_of_an_ldu_decides() -> None:
    # A leaving N1 (10.0 FTE) is 10 %; B leaving N2 (20.0 FTE) is 5 %: B goes (share 50).
    data = deploy_problem(
        [officer("A"), officer("B", "N2"), *team("N1", 9), *team("N2", 19)],
        [post("LEI", 1)],
        [want("A", "LEI"), want("B", "LEI")],
    )
    plan = run(data)
    assert where(plan) == {"B": "LEI"}
    assert values(plan)[rules.LDU_BALANCE] == 50


def test_scores_come_before_the_ldu_balance() -> None:
    data = deploy_problem(
        [officer("A"), officer("B", "N2"), *team("N1", 9), *team("N2", 19)],
        [post("LEI", 1)],
        [want("A", "LEI", 1, 70), want("B", "LEI", 1, 60)],
    )
    plan = run(data)
    assert where(plan) == {"A": "LEI"}
    assert values(plan)[rules.LDU_BALANCE] == 100


# --- the run as a whole ---------------------------------------------------------------------


def test_no_interest_means_nothing_to_decide() -> None:
    plan = run(deploy_problem([*team("N1", 5)], [post("LEI", 1)], []))
    assert plan.placements == {} and plan.officers == ()
    assert values(plan)[rules.POSTS_FILLED] == 0


def test_the_same_input_gives_the_same_plan() -> None:
    staff = [officer(f"O{i}", f"N{i % 3}") for i in range(12)]
    staff += [m for i in range(3) for m in team(f"N{i}", 20)]
    posts = [post("LEI", 2), post("WNI", 3), post("BMI", 1.5)]
    interests = [want(f"O{i}", p, r) for i in range(12) for r, p in enumerate(("LEI", "WNI"), 1)]
    data = deploy_problem(staff, posts, interests)
    assert where(run(data)) == where(run(data))
