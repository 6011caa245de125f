"""The command that measures staffing: the least extra FTE for every hard rule to hold."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from allocator.cli.common import (
    QUIET,
    RUN_DATE,
    STRICT,
    WORKBOOK,
    Seconds,
    output_option,
    refuse_overwrite,
    workers_option,
)
from allocator.cli.console import Terminal


@click.command()
@WORKBOOK
@output_option("The report workbook to write.")
@RUN_DATE
@click.option(
    "--prison",
    "prisons",
    multiple=True,
    metavar="CODE",
    help="Measure only this prison and its cases' LDUs (repeat for several; default: all).",
)
@click.option(
    "--time-limit",
    type=Seconds(0.1, 3600),
    default=None,
    help="Seconds per model (default: the time_limit_s setting).",
)
@workers_option("Prisons and LDUs measured in parallel processes.")
@click.option(
    "--no-respread",
    is_flag=True,
    help="Skip the figure that re-spreads every case to clear today's overload (faster).",
)
@QUIET
@STRICT
def capacity(
    workbook: Path,
    output: Path,
    run_date: date | None,
    prisons: tuple[str, ...],
    time_limit: float | None,
    workers: int,
    no_respread: bool,
    quiet: bool,
    strict: bool,
) -> None:
    """The least extra FTE by grade, per prison and LDU, for every hard rule to hold."""
    from allocator.capacity.job import (  # lazily: `allocator --help` stays fast without the solver
        CapacityOptions,
        capacity_workbook,
    )

    refuse_overwrite(workbook, output)
    respread = not no_respread
    options = CapacityOptions(run_date, prisons, time_limit, workers, respread, quiet, strict)
    sys.exit(capacity_workbook(workbook, output, options, Terminal(quiet)))
