"""The demo: sample data, then a whole allocation run and its report."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from allocator.allocate.job import AllocateOptions, allocate_workbook
from allocator.job.console import SILENT, Console
from allocator.job.exits import EXIT_HARD, EXIT_OK
from reports.sample import write_sample


def run_demo(folder: Path | None, prisons: int, seed: int, console: Console = SILENT) -> int:
    """Write a sample workbook, allocate it, and say where the files are.

    The sample is built to have breaches (it is realistic), so the demo succeeds (exit 0)
    whenever the report is written.
    """
    folder = folder or Path(tempfile.mkdtemp(prefix="omic-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    workbook = folder / "sample-input.xlsx"
    summary = write_sample(workbook, prisons=prisons, seed=seed, run_date=date.today())
    plural = "s" if summary.prisons > 1 else ""
    console.say(
        f"sample input: {workbook} ({summary.prisons} prison{plural}, "
        f"{summary.cases:,} cases, {summary.staff:,} staff)"
    )
    report = folder / "report.xlsx"
    workers = 1 if prisons == 1 else min(os.cpu_count() or 1, 4)
    options = AllocateOptions(quiet=True, workers=workers)
    code = allocate_workbook(workbook, report, options, console)
    if code not in (EXIT_OK, EXIT_HARD):
        return code
    console.say(f"demo files are in {folder}; open {report.name} to see the proposal")
    return EXIT_OK
