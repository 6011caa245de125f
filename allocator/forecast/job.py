"""The forecast workflow: read, take the starting allocation, step the weeks, check, write.

The starting allocation is the workbook's own (``current_pom``, ``current_com``) or,
with ``from_report``, the POM and COM of a report's Allocations sheet (cases it does not
list keep the workbook's). Nothing is re-allocated on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from allocator.check.forecast import check_forecast
from allocator.domain.forecast_totals import Forecast, Workers, forecast, forecast_workers
from allocator.domain.problems import has_errors
from allocator.job.console import SILENT, Console
from allocator.job.exits import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from allocator.job.start import Started, say_problems, start_job
from inputs.report_reader import read_allocation, read_run_date, unknown_ids
from reports.forecast import ForecastReport, write_forecast_report
from reports.forecast_tables import crossings, note
from reports.returns import from_forecast

DEFAULT_WEEKS = 12


@dataclass(frozen=True)
class ForecastOptions:
    """The command line's choices for one forecast."""

    run_date: date | None = None
    weeks: int = DEFAULT_WEEKS
    from_report: Path | None = None
    quiet: bool = False


def forecast_workbook(
    workbook: Path, output: Path, options: ForecastOptions, console: Console = SILENT
) -> int:
    """The whole run; returns the exit code."""
    run_date = options.run_date
    if run_date is None and options.from_report is not None:
        run_date = read_run_date(options.from_report)  # the day the proposal was made for
    job = start_job(workbook, console, run_date)
    if isinstance(job, int):
        return job
    workers = _workers(job, options.from_report, console)
    if workers is None:
        return EXIT_INPUT
    with console.progress("forecasting") as bar:
        result = forecast(job.data, options.weeks, workers, progress=bar)
    disagreements = check_forecast(job.data, workers, result)
    if disagreements:
        for line in disagreements[:20]:
            console.warn(f"check: {line}")
        console.warn("The forecast and its independent check disagree: this is a bug.")
        return EXIT_INTERNAL
    start = (
        f"the report {options.from_report.name} (its pom and com)"
        if options.from_report
        else "the workbook (current_pom and current_com)"
    )
    report = ForecastReport(
        result,
        job.data,
        from_forecast(job.data, result.start, *workers),
        job.problems,
        job.info(),
        start,
    )
    try:
        write_forecast_report(output, report)
    except OSError as exc:  # a full disk, a folder we may not write to, a file open in Excel
        console.warn(
            f"cannot write {exc.filename or output} ({exc.strerror or exc}): close it if it is "
            "open in Excel, or choose another place"
        )
        return EXIT_USAGE
    _say_summary(console, result, output, job.seconds())
    return EXIT_OK


def _workers(job: Started, report: Path | None, console: Console) -> Workers | None:
    """Each case's POM and COM to start from (None: the report has errors, said)."""
    if report is None:
        return forecast_workers(job.data)
    allocation, problems = read_allocation(report)
    if allocation is not None:
        problems += unknown_ids(job.data, allocation)
    if allocation is None or has_errors(problems):
        say_problems(console, problems, quiet=True)
        console.warn(f"The report {report.name} has errors: nothing written.")
        return None
    return forecast_workers(job.data, allocation.pom, allocation.com)


def _say_summary(console: Console, fc: Forecast, output: Path, seconds: float) -> None:
    """One screenful: who crosses, the first notes, where the workbook is."""
    found = crossings(fc)
    over = {c.staff_id for c in found if c.threshold == 100}
    handovers = sum(1 for e in fc.events if e.kind in ("handover_start", "handover"))
    console.say(
        f"{fc.weeks} weeks from {fc.days[0]:%d/%m/%Y}: {len(over)} staff reach 100 % "
        f"utilisation, {handovers} handovers fall in the window"
    )
    for crossing in [c for c in found if c.threshold == 100][:5]:
        console.say(f"  {note(crossing)}")
    console.say(f"forecast written to {output} in {seconds:.1f} s")
