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

from allocator.domain.capacity import CapacityRun, SubCapacity, fte
from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problem import ProblemData
from allocator.job.console import SILENT, Console
from allocator.job.exits import EXIT_OK
from allocator.job.start import start_job
from reports.capacity import write_capacity_report
from reports.capacity_tables import SHORT, status
from solvers.allocation.build import build_plan
from solvers.capacity.run import CapacityTask, measure_all


@dataclass(frozen=True)
class CapacityOptions:
    """The command line's choices for one capacity run."""

    run_date: date | None = None
    prisons: tuple[str, ...] = ()
    time_limit: float | None = None
    workers: int = 1
    respread: bool = True
    quiet: bool = False
    strict: bool = False  # any input error stops the run (no quarantine)


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


def capacity_workbook(
    workbook: Path, output: Path, options: CapacityOptions, console: Console = SILENT
) -> int:
    """The whole run; returns the exit code."""
    job = start_job(workbook, console, options.run_date, options.prisons, strict=options.strict)
    if isinstance(job, int):
        return job
    with console.progress("measuring") as bar:
        run = plan_capacity(
            job.data,
            None,
            options.prisons or None,
            options.time_limit,
            options.workers,
            options.respread,
            bar,
        )
    write_capacity_report(output, run, job.data.settings, job.problems, job.info())
    _say_summary(console, run, output, job.seconds())
    return EXIT_OK


def _say_summary(console: Console, run: CapacityRun, output: Path, seconds: float) -> None:
    """One screenful: who is short and by how much, where the report is."""
    for kind, places in (("pom", "prisons"), ("com", "LDUs")):
        subs = [s for s in run.subs if s.kind == kind]
        short = [s for s in subs if status(s.posts) == SHORT]
        added = fte(sum(s.posts.total_tenths for s in subs))
        over = sum(s.overload.staff for s in subs)
        console.say(
            f"{len(short)} of {len(subs)} {places} short: {added:.1f} FTE more needed; "
            f"{over} staff already over a hard cap"
        )
    raised = sum(1 for s in run.subs if (s.caps.raise_pct or 0) > 0)
    console.say(f"{raised} prisons and LDUs would need caps above the settings with today's staff")
    console.say(f"report written to {output} in {seconds:.1f} s")
