"""The command line's workflows, free of click so that tests can call them directly."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from allocator.domain.omic import Derivation, derive_all
from allocator.domain.problems import Problem, Severity
from inputs import read

EXIT_OK, EXIT_HARD, EXIT_INPUT = 0, 1, 65


def print_problems(problems: Sequence[Problem], quiet: bool) -> None:
    """Every error and warning (and, unless quiet, every note), then one count line."""
    counts = Counter(p.severity for p in problems)
    for problem in problems:
        if problem.severity is Severity.ERROR or not quiet:
            click.echo(str(problem))
    click.echo(
        f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
        f"{counts[Severity.NOTE]} notes"
    )


def summarise(derivations: Sequence[Derivation]) -> str:
    """Headline figures of the OMiC derivation."""
    scope = [d for d in derivations if d.in_scope]
    states = Counter(str(d.responsibility) for d in scope)
    needs_com = sum(d.needs_com for d in scope)
    overdue = sum(d.com_overdue for d in scope)
    return (
        f"{len(derivations)} cases: {len(scope)} in scope, "
        f"{sum(d.allocatable for d in scope)} allocatable, "
        f"{len(scope) - sum(d.allocatable for d in scope)} missing information; "
        f"responsible: POM {states['POM']}, POM+COM {states['POM+COM']}, COM {states['COM']}; "
        f"{needs_com} need a COM ({overdue} overdue)"
    )


def validate_workbook(
    workbook: Path, output: Path | None, run_date: date | None, quiet: bool
) -> int:
    """Read, report problems, derive; write the Problems/Derived workbook when asked."""
    from reports.validation import write_validation_report

    started = time.perf_counter()
    result = read(workbook, {"run_date": run_date} if run_date else None)
    print_problems(result.problems, quiet)
    if result.data is None:
        click.echo("The workbook has errors: nothing written.", err=True)
        return EXIT_INPUT
    derivations = derive_all(result.data)
    click.echo(f"run date {result.data.run_date:%d/%m/%Y}: {summarise(derivations)}")
    if output is not None:
        write_validation_report(output, result.problems, derivations)
        click.echo(f"written to {output}")
    if not quiet:
        click.echo(f"done in {time.perf_counter() - started:.1f} s", err=True)
    return EXIT_OK


def run_demo(folder: Path | None, prisons: int, seed: int) -> int:
    """Sample data, then a whole allocation run and its report; says where the files are.

    The sample is built to have breaches (it is realistic), so the demo succeeds (exit 0)
    whenever the report is written.
    """
    from allocator.allocate.job import AllocateOptions, allocate_workbook
    from reports.sample import write_sample

    folder = folder or Path(tempfile.mkdtemp(prefix="omic-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / "sample-input.xlsx"
    summary = write_sample(workbook, prisons=prisons, seed=seed, run_date=date.today())
    plural = "s" if summary.prisons > 1 else ""
    click.echo(
        f"sample input: {workbook} ({summary.prisons} prison{plural}, "
        f"{summary.cases:,} cases, {summary.staff:,} staff)"
    )
    report = folder / "report.xlsx"
    workers = 1 if prisons == 1 else min(os.cpu_count() or 1, 4)
    options = AllocateOptions(quiet=True, workers=workers)
    code = allocate_workbook(workbook, report, options)
    if code not in (EXIT_OK, EXIT_HARD):
        return code
    click.echo(f"demo files are in {folder}; open {report.name} to see the proposal")
    return EXIT_OK


class ProgressBar:
    """A progress bar on stderr for runs of more than two sub-problems (none when quiet)."""

    def __init__(self, quiet: bool, label: str = "solving") -> None:
        self.quiet = quiet
        self.label = label
        self.bar: Any = None

    def __call__(self, _done: object, total: int) -> None:
        """One more sub-problem of ``total`` is finished."""
        if self.quiet or total <= 2:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        """End the bar's line."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
