"""The deployment workflow: read, plan, choose shadow caseloads, check, write the report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from allocator.check.deploy import DeployCheck, check_plan
from allocator.domain.deployment import DeployPlan
from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problem import ProblemData
from allocator.job.console import SILENT, Console
from allocator.job.exits import EXIT_HARD, EXIT_INPUT, EXIT_OK
from allocator.job.start import start_job
from reports.deploy_tables import too_few_text
from reports.deployment import write_deployment_report
from solvers.deploy.plan import solve
from solvers.deploy.shadow import solve_shadow


@dataclass(frozen=True)
class DeployOptions:
    """The command line's choices for one deployment run."""

    run_date: date | None = None
    time_limit: float | None = None
    quiet: bool = False
    strict: bool = False  # any input error stops the run (no quarantine)


def plan_deployment(
    data: ProblemData,
    derivations: Sequence[Derivation] | None = None,
    time_limit: float | None = None,
) -> tuple[DeployPlan, DeployCheck]:
    """Deploy officers, choose shadow caseloads, and check the whole plan."""
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


def deploy_workbook(
    workbook: Path, output: Path, options: DeployOptions, console: Console = SILENT
) -> int:
    """The whole run; returns the exit code."""
    job = start_job(workbook, console, options.run_date, quiet=options.quiet, strict=options.strict)
    if isinstance(job, int):
        return job
    empty = _nothing_to_plan(job.data)
    if empty:
        console.warn(f"{empty}; nothing written.")
        return EXIT_INPUT
    derivations = derive_all(job.data)
    plan, check = plan_deployment(job.data, derivations, options.time_limit)
    info = job.info()
    write_deployment_report(output, job.data, derivations, plan, check, job.problems, info)
    _say_summary(console, job.data, plan, check, output, job.seconds())
    return EXIT_HARD if check.hard else EXIT_OK


def _say_summary(
    console: Console,
    data: ProblemData,
    plan: DeployPlan,
    check: DeployCheck,
    output: Path,
    seconds: float,
) -> None:
    """One screenful: who was deployed, what is left, what broke, where the report is."""
    posts = sum(p.posts_fte for p in data.posts)
    filled = sum(data.staff_by_id[sid].fte for sid in plan.placements)
    first = sum(1 for p in plan.placements.values() if p.preference == 1)
    console.say(
        f"{len(plan.placements)} of {len(plan.officers)} officers deployed ({first} at their "
        f"first choice); {filled:.1f} of {posts:.1f} FTE of posts filled, "
        f"{posts - filled:.1f} left for the next EOI round"
    )
    console.say(
        f"{len(plan.shadow.cases)} shadow cases of {sum(plan.shadow.targets.values())} targeted"
    )
    few = too_few_text(check)
    if few:
        console.say(f"  too few cases to shadow (cases for target): {few}")
    console.say(f"{len(check.hard)} hard and {len(check.soft)} soft violations")
    for rule, count in sorted(Counter(v.rule for v in check.hard).items()):
        console.say(f"  hard: {rule}: {count}")
    console.say(f"plan {plan.status.lower()} in {plan.seconds:.2f} s")
    console.say(f"report written to {output} in {seconds:.1f} s")
