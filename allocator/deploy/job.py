"""The deployment workflow: read, plan, choose shadow caseloads, check, write the report."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import click

from allocator.allocate.job import checksum
from allocator.check.deploy import DeployCheck, check_plan
from allocator.domain.deployment import DeployPlan
from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem, Severity
from allocator.job.workflows import EXIT_INPUT, EXIT_OK
from inputs import read
from reports.deploy_tables import too_few_text

EXIT_HARD = 1


@dataclass(frozen=True)
class DeployOptions:
    """The command line's choices for one deployment run."""

    run_date: date | None = None
    time_limit: float | None = None
    quiet: bool = False


def plan_deployment(
    data: ProblemData,
    derivations: Sequence[Derivation] | None = None,
    time_limit: float | None = None,
) -> tuple[DeployPlan, DeployCheck]:
    """Deploy officers, choose shadow caseloads, and check the whole plan."""
    from solvers.deploy.plan import solve
    from solvers.deploy.shadow import solve_shadow

    derivations = derivations or derive_all(data)
    plan = solve(data, time_limit)
    plan = replace(plan, shadow=solve_shadow(data, derivations, plan, time_limit))
    return plan, check_plan(data, derivations, plan)


def _nothing_to_plan(data: ProblemData) -> str:
    """Why a valid workbook cannot be planned ('' when it can)."""
    if not data.posts:
        return "the workbook has no Posts: there is nothing to deploy to"
    if not data.interests:
        return "the workbook has no Interests: no officer has expressed interest"
    return ""


def deploy_workbook(workbook: Path, output: Path, options: DeployOptions) -> int:
    """The whole run; returns the exit code."""
    from allocator.domain.result import RunInfo
    from reports.deployment import write_deployment_report

    started = time.perf_counter()
    result = read(workbook, {"run_date": options.run_date} if options.run_date else None)
    _print_problems(result.problems, options.quiet)
    data = result.data
    if data is None:
        click.echo("The workbook has errors: nothing written.", err=True)
        return EXIT_INPUT
    empty = _nothing_to_plan(data)
    if empty:
        click.echo(f"{empty}; nothing written.", err=True)
        return EXIT_INPUT
    derivations = derive_all(data)
    plan, check = plan_deployment(data, derivations, options.time_limit)
    info = RunInfo(
        workbook.name,
        checksum(workbook),
        data.run_date,
        data.settings.non_defaults(),
        time.perf_counter() - started,
    )
    write_deployment_report(output, data, derivations, plan, check, result.problems, info)
    _print_summary(data, plan, check, output, time.perf_counter() - started)
    return EXIT_HARD if check.hard else EXIT_OK


def _print_problems(problems: Sequence[Problem], quiet: bool) -> None:
    """Errors, and warnings unless quiet; notes are only counted (the report lists them)."""
    for problem in problems:
        if problem.severity is Severity.ERROR or (
            problem.severity is Severity.WARNING and not quiet
        ):
            click.echo(str(problem))
    counts = Counter(p.severity for p in problems)
    click.echo(
        f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
        f"{counts[Severity.NOTE]} notes"
    )


def _print_summary(
    data: ProblemData, plan: DeployPlan, check: DeployCheck, output: Path, seconds: float
) -> None:
    """One screenful: who was deployed, what is left, what broke, where the report is."""
    posts = sum(p.posts_fte for p in data.posts)
    filled = sum(data.staff_by_id[sid].fte for sid in plan.placements)
    first = sum(1 for p in plan.placements.values() if p.preference == 1)
    click.echo(
        f"{len(plan.placements)} of {len(plan.officers)} officers deployed ({first} at their "
        f"first choice); {filled:.1f} of {posts:.1f} FTE of posts filled, "
        f"{posts - filled:.1f} left for the next EOI round"
    )
    click.echo(
        f"{len(plan.shadow.cases)} shadow cases of {sum(plan.shadow.targets.values())} targeted"
    )
    few = too_few_text(check)
    if few:
        click.echo(f"  too few cases to shadow (cases for target): {few}")
    click.echo(f"{len(check.hard)} hard and {len(check.soft)} soft violations")
    for rule, count in sorted(Counter(v.rule for v in check.hard).items()):
        click.echo(f"  hard: {rule}: {count}")
    click.echo(f"plan {plan.status.lower()} in {plan.seconds:.2f} s")
    click.echo(f"report written to {output} in {seconds:.1f} s")
