"""The sample EOI round, and its plan checked by the independent checker.

A division of ten prisons and seventeen LDUs: the plan must place every officer
in a prison they chose, never over-fill a post, and keep every LDU minimum or
report it. The last test re-checks those three things with nothing but the rows.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import inputs
from allocator.check.deploy import DeployCheck
from allocator.deploy.job import plan_deployment
from allocator.domain import rules
from allocator.domain.deployment import DeployPlan
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Severity
from inputs.sample.generate import generate
from reports.sample import write_sample

RUN = date(2026, 11, 23)
Sheets = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def sheets() -> Sheets:
    """Ten prisons with an EOI round."""
    return generate(10, seed=1, run_date=RUN, eoi=True)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ProblemData:
    """The same division written to a workbook and read back."""
    path = tmp_path_factory.mktemp("eoi") / "division.xlsx"
    summary = write_sample(path, prisons=10, seed=1, run_date=RUN, eoi=True)
    result = inputs.read(path)
    assert result.ok
    assert [p for p in result.problems if p.severity is not Severity.NOTE] == []
    assert result.data is not None
    assert (summary.posts, summary.interests) == (10, len(result.data.interests))
    return result.data


@pytest.fixture(scope="module")
def planned(data: ProblemData) -> tuple[DeployPlan, DeployCheck]:
    """The division's plan and the checker's report."""
    return plan_deployment(data)


def test_the_round_is_deterministic_and_leaves_the_rest_alone(sheets: Sheets) -> None:
    assert generate(10, seed=1, run_date=RUN, eoi=True) == sheets
    plain = generate(10, seed=1, run_date=RUN)
    for name in ("Cases", "Staff", "Prisons", "Settings"):
        assert sheets[name] == plain[name]
    spos = sheets["SPOs"]
    assert spos[: len(plain["SPOs"])] == plain["SPOs"]  # only new SPO posts are added
    assert 0 < len(spos) - len(plain["SPOs"]) <= 10


def test_a_division_of_ten_prisons_and_about_fifteen_ldus(sheets: Sheets) -> None:
    assert len(sheets["Posts"]) == 10
    assert 14 <= len(sheets["LDUs"]) <= 18
    go_live = [row["go_live_date"] for row in sheets["Posts"]]
    assert any(day > RUN for day in go_live)


def test_interest_comes_from_probation_officers_in_preference_order(sheets: Sheets) -> None:
    staff = {row["staff_id"]: row for row in sheets["Staff"]}
    by_officer: dict[str, list[int]] = defaultdict(list)
    for row in sheets["Interests"]:
        member = staff[row["staff_id"]]
        assert (member["role"], member["grade"]) == ("COM", "PO")
        assert member["status"] != "inactive"
        by_officer[row["staff_id"]].append(row["preference"])
    assert all(ranks == list(range(1, len(ranks) + 1)) for ranks in by_officer.values())


def test_some_prisons_are_over_and_some_under_subscribed(sheets: Sheets) -> None:
    staff = {row["staff_id"]: row["fte"] for row in sheets["Staff"]}
    wanted: dict[str, float] = defaultdict(float)
    for row in sheets["Interests"]:
        wanted[row["prison"]] += staff[row["staff_id"]]
    posts = {row["prison"]: row["posts_fte"] for row in sheets["Posts"]}
    assert any(wanted[p] > fte for p, fte in posts.items())
    assert any(wanted[p] < fte for p, fte in posts.items())


def test_some_ldus_are_already_short(
    data: ProblemData, planned: tuple[DeployPlan, DeployCheck]
) -> None:
    _, check = planned
    short = [v for v in check.hard if v.rule == rules.LDU_MIN_FTE]
    assert short and all(v.before_plan for v in short)


def test_scores_are_given_for_all_of_a_prisons_interests_or_none(sheets: Sheets) -> None:
    scored: dict[str, set[bool]] = defaultdict(set)
    for row in sheets["Interests"]:
        scored[row["prison"]].add(row["selection_score"] is not None)
    assert all(len(kinds) == 1 for kinds in scored.values())


def test_the_plan_is_optimal_and_breaks_nothing_itself(
    planned: tuple[DeployPlan, DeployCheck],
) -> None:
    plan, check = planned
    assert plan.status == "OPTIMAL"
    assert plan.placements
    assert [v for v in check.hard if not v.before_plan] == []
    for stage in plan.stages:
        assert check.values[stage.name] == stage.value
    assert check.values["shadow"] == plan.shadow.objective
    assert plan.shadow.cases


def test_the_sample_plan_passes_a_check_from_the_rows_alone(
    data: ProblemData, planned: tuple[DeployPlan, DeployCheck]
) -> None:
    """Each officer in a prison they chose; no post over-filled; each LDU minimum kept or
    reported as already short before the plan."""
    plan, check = planned
    chose = {(i.staff_id, i.prison) for i in data.interests}
    assert all((sid, p.prison) in chose for sid, p in plan.placements.items())
    filled: dict[str, float] = defaultdict(float)
    leaving: dict[str, float] = defaultdict(float)
    for sid, p in plan.placements.items():
        filled[p.prison] += data.staff_by_id[sid].fte
        leaving[data.staff_by_id[sid].location] += data.staff_by_id[sid].fte
    posts = {p.prison: p.posts_fte for p in data.posts}
    assert all(fte <= posts[prison] + 1e-9 for prison, fte in filled.items())
    in_post: dict[str, float] = defaultdict(float)
    for member in data.staff:
        if member.role == "COM" and member.status != "inactive":
            in_post[member.location] += member.fte
    reported = {v.ldu for v in check.hard if v.rule == rules.LDU_MIN_FTE and v.before_plan}
    for ldu in data.ldus:
        if in_post[ldu.ldu] - leaving[ldu.ldu] < ldu.min_fte - 1e-9:
            assert ldu.ldu in reported and leaving[ldu.ldu] == 0


def test_the_checker_imports_no_ortools() -> None:
    code = (
        "import sys; import allocator.check.deploy, reports.deploy_tables; "
        "print('ortools' in ' '.join(sys.modules))"
    )
    root = Path(__file__).parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert out.stdout.strip() == "False", out.stderr


def test_the_same_division_gives_the_same_plan(
    data: ProblemData, planned: tuple[DeployPlan, DeployCheck]
) -> None:
    plan, _ = planned
    again, _ = plan_deployment(data)
    assert again.placements == plan.placements
    assert again.shadow.cases == plan.shadow.cases
