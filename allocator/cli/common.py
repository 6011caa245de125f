"""Options and checks shared by the commands."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class RunDate(click.ParamType[date, Any]):
    """A date typed on the command line: 2025-03-31 or 31/03/2025."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        from inputs.values import BadValue, parse_date  # lazily: keeps start-up light

        if isinstance(value, date):
            return value
        try:
            return parse_date(value)
        except BadValue as bad:
            self.fail(str(bad), param, ctx)


class Seconds(click.FloatRange):
    """A number of seconds in a range; ``nan`` and ``inf`` are refused (a float range lets
    ``nan`` through, as no comparison with it is false)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return number


RUN_DATE = click.option(
    "--run-date",
    type=RunDate(),
    default=None,
    help="Evaluate the rules on this date (default: the workbook's run_date setting, else today).",
)


def refuse_overwrite(source: Path, target: Path) -> None:
    """The user's input workbook is never written over."""
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        raise click.UsageError(f"the output {target} is the input workbook; choose another name")


PRISONS = click.option(
    "--prison",
    "prisons",
    multiple=True,
    metavar="CODE",
    help="Allocate only this prison (repeat for several; default: all).",
)
REBALANCE = click.option("--rebalance", is_flag=True, help="Let the model move existing cases too.")
TIME_LIMIT = click.option(
    "--time-limit",
    type=Seconds(0.1, 3600),
    default=None,
    help="The run's solving budget in seconds of solver time, shared by its prisons and LDUs "
    "(default: the time_budget_s setting).",
)
QUIET = click.option("--quiet", is_flag=True, help="No progress bar.")
CORES = max(1, min(64, os.cpu_count() or 1))  # the default number of worker processes

STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Any input error stops the run: no Cases row is quarantined and a current POM or "
    "COM not on the Staff sheet is an error (exit 65, nothing written).",
)


WORKBOOK = click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))


def writable(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Check, before any work, that the output can be written (a click callback).

    A folder we may not write to or a name too long for the disk is found now, not
    after a long solve, and the message names the user's path.
    """
    from reports.files import write_problem  # lazily: `allocator --help` stays fast

    if value is None:
        return None
    try:
        target = value / "national-summary.xlsx" if value.is_dir() else value
    except OSError:  # a name too long to look up: write_problem says so in words
        target = value
    problem = write_problem(target)
    if problem:
        raise click.BadParameter(problem, ctx, param)
    return value


def output_option(help: str, file_only: bool = True) -> Callable[[F], F]:
    """The required ``-o/--output`` of a command that writes a workbook."""
    kind = click.Path(dir_okay=False, path_type=Path) if file_only else click.Path(path_type=Path)
    return click.option("-o", "--output", type=kind, required=True, callback=writable, help=help)


def workers_option(help: str) -> Callable[[F], F]:
    """``--workers``: parallel processes, by default one a core."""
    return click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=CORES,
        show_default="the machine's cores",
        help=help,
    )
