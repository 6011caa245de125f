"""Commands that allocate: allocate, check, demo."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from allocator.cli.common import (
    PRISONS,
    QUIET,
    REBALANCE,
    RUN_DATE,
    STRICT,
    TIME_LIMIT,
    WORKBOOK,
    output_option,
    refuse_overwrite,
    workers_option,
    writable,
)
from allocator.cli.console import Terminal

if TYPE_CHECKING:  # only named in annotations: no command pays for loading it
    from concurrent.futures import Executor


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--prisons", type=click.IntRange(1, 124), default=1, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def demo(folder: Path | None, prisons: int, seed: int) -> None:
    """Run the whole path on sample data and say where the results are."""
    from allocator.allocate.demo import (
        run_demo,  # lazily: `allocator --help` stays fast without the solver
    )

    sys.exit(run_demo(folder, prisons, seed, Terminal()))


@click.command()
@WORKBOOK
@output_option(
    "The report workbook to write (with --split-by: the folder to write into).", file_only=False
)
@RUN_DATE
@PRISONS
@REBALANCE
@TIME_LIMIT
@workers_option(
    "Sub-problems solved (and, with --split-by, workbooks written) in parallel processes."
)
@click.option(
    "--solver", type=click.Choice(["cpsat", "greedy"]), default="cpsat", show_default=True
)
@QUIET
@click.option(
    "--split-by",
    type=click.Choice(["prison"]),
    default=None,
    help="Write a national summary and one report per prison into the folder given with -o.",
)
@click.option(
    "--write-back",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="COPY.xlsx",
    callback=writable,
    help="Also write a copy of the input workbook with the proposal added "
    "(proposed_pom, proposed_com and reason in Cases, and the report's sheets).",
)
@STRICT
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
    split_by: str | None,
    write_back: Path | None,
    strict: bool,
) -> None:
    """Propose POMs and COMs for every case that needs one, and report every breach."""
    _check_output(workbook, output, split_by)
    if write_back is not None:
        refuse_overwrite(workbook, write_back)
        if write_back.resolve() == output.resolve():
            raise click.UsageError("--write-back and -o name the same file; choose another name")
    with _solver_process(workers, solver) as warm:
        from allocator.allocate.job import (  # lazily: after the solver's process has started
            AllocateOptions,
            allocate_workbook,
        )

        options = AllocateOptions(
            run_date=run_date,
            prisons=prisons,
            rebalance=rebalance,
            time_limit=time_limit,
            workers=workers,
            solver=solver,
            quiet=quiet,
            strict=strict,
            split_by=split_by,
            write_back=write_back,
        )
        code = allocate_workbook(workbook, output, options, Terminal(quiet), warm)
    sys.exit(code)


@contextmanager
def _solver_process(workers: int, solver: str) -> Iterator[Executor | None]:
    """A worker process that loads OR-Tools while this one loads the job and reads the
    workbook; a small run is solved there (None: with one worker, everything runs here;
    the greedy solver needs no OR-Tools)."""
    if workers <= 1 or solver != "cpsat":
        yield None
        return
    # lazily, as every job here: `allocator --help` starts no process and loads no solver
    from solvers.allocation import WORKER_MODULES
    from solvers.executors import warm  # with the line above, for the same reason

    with warm(1, WORKER_MODULES) as pool:
        yield pool


def _check_output(workbook: Path, output: Path, split_by: str | None) -> None:
    """-o is a workbook, or with --split-by a folder."""
    refuse_overwrite(workbook, output)
    if split_by and output.is_file():
        raise click.UsageError(f"with --split-by, -o names a folder; {output} is a file")
    if not split_by and output.is_dir():
        raise click.UsageError(f"{output} is a folder; give the report's file name")


@click.command()
@WORKBOOK
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@RUN_DATE
def check(workbook: Path, report: Path, run_date: date | None) -> None:
    """Re-verify a report against its input workbook (also one edited by hand)."""
    from allocator.allocate.job import (
        check_report,  # lazily: `allocator --help` stays fast without the solver
    )

    sys.exit(check_report(workbook, report, run_date, Terminal()))
