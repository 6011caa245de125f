"""The capacity planning workflow: read, derive, measure every prison and LDU, write the report.

"How much more staff would let every hard rule hold?" per prison (POMs) and per
LDU (COMs), with the caps today's staff would need instead, and today's overload.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from allocator.allocate.job import checksum
from allocator.domain.capacity import CapacityRun, SubCapacity, fte
from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problem import ProblemData
from allocator.domain.result import RunInfo
from allocator.job.workflows import EXIT_INPUT, EXIT_OK, ProgressBar, print_problems
from inputs import read
from reports.capacity_tables import SHORT, status

EXIT_USAGE = 2


@dataclass(frozen=True)
class CapacityOptions:
    """The command line's choices for one capacity run."""

    run_date: date | None = None
    prisons: tuple[str, ...] = ()
    time_limit: float | None = None
    workers: int = 1
    respread: bool = True
    quiet: bool = False


def plan_capacity(
    data: ProblemData,
    derivations: Sequence[Derivation] | None = None,
    prisons: Sequence[str] | None = None,
    time_limit: float | None = None,
    workers: int = 1,
    respread: bool = True,
    progress: Callable[[SubCapacity, int], None] | None = None,
) -> CapacityRun:
    """Every covered prison's and LDU's capacity figures.

    The sub-problems are exactly those of the weekly allocation (no rebalancing);
    with ``respread`` the same prisons and LDUs are measured again with every
    case free to move, for the figure that also clears today's overload.
    """
    from solvers.allocation.build import build_plan
    from solvers.capacity.run import CapacityTask, measure_all

    started = time.perf_counter()
    derivations = derivations or derive_all(data)
    plan = build_plan(data, derivations, prisons)
    spread = {}
    if respread:
        moved = build_plan(data, derivations, prisons, rebalance=True)
        spread = {(sp.kind, sp.name): sp for sp in moved.subproblems}
    limit = time_limit if time_limit is not None else data.settings.time_limit_s
    tasks = [CapacityTask(sp, spread.get((sp.kind, sp.name)), limit) for sp in plan.subproblems]
    subs = measure_all(tasks, workers, progress)
    return CapacityRun(tuple(subs), time.perf_counter() - started, plan.covered)


def capacity_workbook(workbook: Path, output: Path, options: CapacityOptions) -> int:
    """The whole run; returns the exit code."""
    from reports.capacity import write_capacity_report

    started = time.perf_counter()
    result = read(workbook, {"run_date": options.run_date} if options.run_date else None)
    print_problems(result.problems, quiet=True)
    data = result.data
    if data is None:
        click.echo("The workbook has errors: nothing written.", err=True)
        return EXIT_INPUT
    unknown = sorted(set(options.prisons) - {c.prison for c in data.cases})
    if unknown:
        click.echo(f"--prison {', '.join(unknown)}: no case is held there", err=True)
        return EXIT_USAGE
    bar = ProgressBar(options.quiet, "measuring")
    try:
        run = plan_capacity(
            data,
            None,
            options.prisons or None,
            options.time_limit,
            options.workers,
            options.respread,
            bar,
        )
    finally:
        bar.close()
    info = RunInfo(
        workbook.name,
        checksum(workbook),
        data.run_date,
        data.settings.non_defaults(),
        time.perf_counter() - started,
    )
    write_capacity_report(output, run, data.settings, result.problems, info)
    _print_summary(run, output, time.perf_counter() - started)
    return EXIT_OK


def _print_summary(run: CapacityRun, output: Path, seconds: float) -> None:
    """One screenful: who is short and by how much, where the report is."""
    for kind, places in (("pom", "prisons"), ("com", "LDUs")):
        subs = [s for s in run.subs if s.kind == kind]
        short = [s for s in subs if status(s.posts) == SHORT]
        added = fte(sum(s.posts.total_tenths for s in subs))
        over = sum(s.overload.staff for s in subs)
        click.echo(
            f"{len(short)} of {len(subs)} {places} short: {added:.1f} FTE more needed; "
            f"{over} staff already over a hard cap"
        )
    raised = sum(1 for s in run.subs if (s.caps.raise_pct or 0) > 0)
    click.echo(f"{raised} prisons and LDUs would need caps above the settings with today's staff")
    click.echo(f"report written to {output} in {seconds:.1f} s")
