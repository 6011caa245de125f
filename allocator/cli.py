"""The ``allocator`` command line.

Exit codes follow the workbook contract: 0 written with no hard violation, 1 written
with hard violations, 2 usage error, 65 input data invalid (nothing written),
70 internal error (a bug: a message and a hint, the traceback only with --debug).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

EXIT_OK = 0
EXIT_HARD_VIOLATIONS = 1
EXIT_USAGE = 2
EXIT_INPUT = 65
EXIT_INTERNAL = 70


class RunDate(click.ParamType[date, Any]):
    """A date typed on the command line: 2025-03-31 or 31/03/2025."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        from inputs.values import BadValue, parse_date

        if isinstance(value, date):
            return value
        try:
            return parse_date(value)
        except BadValue as bad:
            self.fail(str(bad), param, ctx)


RUN_DATE = click.option(
    "--run-date",
    type=RunDate(),
    default=None,
    help="Evaluate the rules on this date (default: the workbook's run_date setting, else today).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.version_option(package_name="omic-allocator")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Allocate Prison and Community Offender Managers under the OMiC rules."""
    ctx.obj = {"debug": debug}


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the command, turning any unexpected error into exit 70."""
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=argv, prog_name="allocator", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # the last line of defence: no traceback for users
        _internal_error(exc, debug)
    sys.exit(code or 0)


def _internal_error(exc: BaseException, debug: bool) -> None:
    """Report a bug plainly; the traceback only with --debug."""
    if debug:
        traceback.print_exc()
    click.echo(
        f"internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in the allocator, not in your workbook. Please report it with the "
        "command you ran (add --debug to see the details).",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


def refuse_overwrite(source: Path, target: Path) -> None:
    """The user's input workbook is never written over."""
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        raise click.UsageError(f"the output {target} is the input workbook; choose another name")


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def template(out: Path) -> None:
    """Write an empty input workbook with every sheet, column, dropdown and setting."""
    from inputs.template import write_template

    write_template(out)
    click.echo(f"template written to {out}")


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--prisons",
    type=click.IntRange(1, 124),
    default=1,
    show_default=True,
    help="How many prisons (124 = all of England and Wales).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@RUN_DATE
def sample(out: Path, prisons: int, seed: int, run_date: date | None) -> None:
    """Write realistic synthetic input data (deterministic by seed and run date)."""
    from inputs.sample import write_sample

    summary = write_sample(out, prisons=prisons, seed=seed, run_date=run_date or date.today())
    click.echo(f"sample written to {out}: {summary}")


@cli.command()
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the problems and each case's derived OMiC state to this workbook.",
)
@RUN_DATE
@click.option("--quiet", is_flag=True, help="Print only errors and the summary line.")
def validate(workbook: Path, output: Path | None, run_date: date | None, quiet: bool) -> None:
    """Check an input workbook and show what the OMiC rules derive for every case."""
    from allocator.workflows import validate_workbook

    if output is not None:
        refuse_overwrite(workbook, output)
    code = validate_workbook(workbook, output, run_date, quiet)
    sys.exit(code)


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--prisons", type=click.IntRange(1, 124), default=1, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def demo(folder: Path | None, prisons: int, seed: int) -> None:
    """Run the whole path on sample data and say where the results are."""
    from allocator.workflows import run_demo

    sys.exit(run_demo(folder, prisons, seed))


@cli.command()
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The report workbook to write.",
)
@RUN_DATE
@click.option(
    "--prison",
    "prisons",
    multiple=True,
    metavar="CODE",
    help="Allocate only this prison (repeat for several; default: all).",
)
@click.option("--rebalance", is_flag=True, help="Let the model move existing cases too.")
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1, 3600),
    default=None,
    help="Seconds per sub-problem (default: the time_limit_s setting).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Sub-problems solved in parallel processes.",
)
@click.option(
    "--solver", type=click.Choice(["cpsat", "greedy"]), default="cpsat", show_default=True
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def allocate(
    workbook: Path,
    output: Path,
    run_date: date | None,
    prisons: tuple[str, ...],
    rebalance: bool,
    time_limit: float | None,
    workers: int,
    solver: str,
    quiet: bool,
) -> None:
    """Propose POMs and COMs for every case that needs one, and report every breach."""
    from allocator.allocate import AllocateOptions, allocate_workbook

    refuse_overwrite(workbook, output)
    options = AllocateOptions(run_date, prisons, rebalance, time_limit, workers, solver, quiet)
    sys.exit(allocate_workbook(workbook, output, options))
