"""The command that plans deployment from expressions of interest."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from allocator.cli.common import (
    RUN_DATE,
    STRICT,
    WORKBOOK,
    Seconds,
    output_option,
    refuse_overwrite,
)
from allocator.cli.console import Terminal


@click.command()
@WORKBOOK
@output_option("The report workbook to write.")
@RUN_DATE
@click.option(
    "--time-limit",
    type=Seconds(0.1, 3600),
    default=None,
    help="Seconds per optimisation stage (default: the time_limit_s setting).",
)
@click.option("--quiet", is_flag=True, help="Print only errors (not warnings) and the summary.")
@STRICT
def deploy(
    workbook: Path,
    output: Path,
    run_date: date | None,
    time_limit: float | None,
    quiet: bool,
    strict: bool,
) -> None:
    """Plan who moves to which prison from expressions of interest, with shadow caseloads."""
    from allocator.deploy.job import (  # lazily: `allocator --help` stays fast without the solver
        DeployOptions,
        deploy_workbook,
    )

    refuse_overwrite(workbook, output)
    options = DeployOptions(run_date, time_limit, quiet, strict)
    sys.exit(deploy_workbook(workbook, output, options, Terminal(quiet)))
