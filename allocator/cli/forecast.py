"""The command that looks ahead: a caseload forecast week by week, and the HQ returns."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from allocator.cli.common import QUIET, RUN_DATE, WORKBOOK, output_option, refuse_overwrite
from allocator.cli.console import Terminal


@click.command()
@WORKBOOK
@output_option("The forecast workbook to write.")
@click.option(
    "--weeks",
    type=click.IntRange(1, 52),
    default=12,
    show_default=True,
    help="Weeks to look ahead.",
)
@click.option(
    "--from-report",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="REPORT.xlsx",
    help="Start from the POM and COM of this report's Allocations sheet (a proposal) "
    "instead of the workbook's current ones.",
)
@RUN_DATE
@QUIET
def forecast(
    workbook: Path,
    output: Path,
    weeks: int,
    from_report: Path | None,
    run_date: date | None,
    quiet: bool,
) -> None:
    """Forecast each POM's, COM's, prison's and LDU's caseload week by week from the dates."""
    from allocator.forecast.job import (  # lazily: `allocator --help` stays fast
        ForecastOptions,
        forecast_workbook,
    )

    refuse_overwrite(workbook, output)
    if from_report is not None:
        refuse_overwrite(from_report, output)
    options = ForecastOptions(run_date, weeks, from_report, quiet)
    sys.exit(forecast_workbook(workbook, output, options, Terminal(quiet)))
