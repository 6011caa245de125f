"""The what-if command: compare scenarios (settings, staffing, population) with the baseline."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from allocator.cli.common import (
    PRISONS,
    REBALANCE,
    RUN_DATE,
    STRICT,
    TIME_LIMIT,
    WORKBOOK,
    output_option,
    refuse_overwrite,
    workers_option,
)
from allocator.cli.console import Terminal


@click.command()
@WORKBOOK
@output_option("The comparison workbook to write.")
@click.option(
    "--scenarios",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A workbook whose Scenarios sheet to use (default: the input's Scenarios sheet).",
)
@RUN_DATE
@PRISONS
@REBALANCE
@TIME_LIMIT
@workers_option("Sub-problems (prisons x scenarios) solved in parallel local processes.")
@click.option(
    "--cluster",
    metavar="tcp://HOST:PORT",
    default=None,
    help="Solve on a running Dask cluster (its scheduler's address) instead of locally.",
)
@click.option(
    "--solver", type=click.Choice(["cpsat", "greedy"]), default="cpsat", show_default=True
)
@click.option("--quiet", is_flag=True, help="No progress lines.")
@STRICT
def whatif(
    workbook: Path,
    output: Path,
    scenarios: Path | None,
    run_date: date | None,
    prisons: tuple[str, ...],
    rebalance: bool,
    time_limit: float | None,
    workers: int,
    cluster: str | None,
    solver: str,
    quiet: bool,
    strict: bool,
) -> None:
    """Solve each scenario like a weekly allocation and compare it with the baseline."""
    from allocator.whatif.job import (  # lazily: `allocator --help` stays fast without the solver
        WhatifOptions,
        whatif_workbook,
    )

    refuse_overwrite(workbook, output)
    if scenarios is not None:
        refuse_overwrite(scenarios, output)
    options = WhatifOptions(
        run_date=run_date,
        prisons=prisons,
        rebalance=rebalance,
        time_limit=time_limit,
        workers=workers,
        solver=solver,
        quiet=quiet,
        strict=strict,
        scenarios=scenarios,
        cluster=cluster,
    )
    sys.exit(whatif_workbook(workbook, output, options, Terminal(quiet)))
