"""Commands about input workbooks: template, sample, validate."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from allocator.cli.common import RUN_DATE, WORKBOOK, refuse_overwrite


@click.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def template(out: Path) -> None:
    """Write an empty input workbook with every sheet, column, dropdown and setting."""
    from reports.template import write_template

    write_template(out)
    click.echo(f"template written to {out}")


@click.command()
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
@click.option(
    "--eoi",
    is_flag=True,
    help="Add an expression-of-interest round (Posts, Interests, LDUs) for allocator deploy.",
)
@click.option(
    "--ldus",
    type=click.IntRange(1, 40),
    default=None,
    help="Merge the regions' LDUs into this many larger ones (default: 40 regional LDUs).",
)
@click.option(
    "--com-missing-pct",
    type=click.FloatRange(0, 100),
    default=8.0,
    show_default=True,
    help="Of the cases whose state involves a COM, the % with no COM yet (COM decisions).",
)
@click.option(
    "--staffing-pct",
    type=click.FloatRange(10, 200),
    default=100.0,
    show_default=True,
    help="Staff hired, as a % of what the workload needs (below 100: staff over capacity).",
)
def sample(
    out: Path,
    prisons: int,
    seed: int,
    run_date: date | None,
    eoi: bool,
    ldus: int | None,
    com_missing_pct: float,
    staffing_pct: float,
) -> None:
    """Write realistic synthetic input data (deterministic by seed, run date and shape)."""
    from inputs.sample.generate import Shape  # the generator loads only here
    from reports.sample import write_sample  # and the workbook writer with it

    day = run_date or date.today()
    shape = Shape(ldus, com_missing_pct, staffing_pct)
    summary = write_sample(out, prisons=prisons, seed=seed, run_date=day, eoi=eoi, shape=shape)
    click.echo(f"sample written to {out}: {summary}")


@click.command()
@WORKBOOK
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
    from allocator.job.workflows import validate_workbook

    if output is not None:
        refuse_overwrite(workbook, output)
    code = validate_workbook(workbook, output, run_date, quiet)
    sys.exit(code)
