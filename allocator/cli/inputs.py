"""Commands about input workbooks: template, sample, validate."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from allocator.cli.common import RUN_DATE, WORKBOOK, refuse_overwrite, writable
from allocator.cli.console import Terminal


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path), callback=writable)
def template(out: Path) -> None:
    """Write an empty input workbook with every sheet, column, dropdown and setting."""
    from reports.template import write_template  # lazily: `allocator --help` stays fast

    write_template(out)
    click.echo(f"template written to {out}")


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path), callback=writable)
@click.option(
    "--prisons",
    type=click.IntRange(1, 124),
    default=1,
    show_default=True,
    help="How many prisons (124 = all of England and Wales).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@RUN_DATE
@click.option(
    "--eoi",
    is_flag=True,
    help="Add an expression-of-interest round (Posts, Interests, LDUs) for allocator deploy.",
)
def sample(out: Path, prisons: int, seed: int, run_date: date | None, eoi: bool) -> None:
    """Write realistic synthetic input data (deterministic by seed and run date)."""
    from reports.sample import write_sample  # lazily: `allocator --help` stays fast

    day = run_date or date.today()
    summary = write_sample(out, prisons=prisons, seed=seed, run_date=day, eoi=eoi)
    click.echo(f"sample written to {out}: {summary}")


@click.command()
@WORKBOOK
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=writable,
    help="Also write the problems and each case's derived OMiC state to this workbook.",
)
@RUN_DATE
@click.option("--quiet", is_flag=True, help="Print only errors and the summary line.")
def validate(workbook: Path, output: Path | None, run_date: date | None, quiet: bool) -> None:
    """Check an input workbook and show what the OMiC rules derive for every case."""
    from allocator.validate.job import (
        validate_workbook,  # lazily: `allocator --help` stays fast without the solver
    )

    if output is not None:
        refuse_overwrite(workbook, output)
    code = validate_workbook(workbook, output, run_date, quiet, Terminal(quiet))
    sys.exit(code)
