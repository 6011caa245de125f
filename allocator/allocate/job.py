"""The weekly allocation workflow: read, derive, solve, check, write the report."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from allocator.allocate.summary import say_summary
from allocator.check.allocation import check
from allocator.domain.omic import derive_all
from allocator.domain.problems import has_errors
from allocator.job.console import SILENT, Console
from allocator.job.exits import EXIT_HARD, EXIT_INPUT, EXIT_OK, EXIT_USAGE
from allocator.job.solving import SolvingChoices
from allocator.job.start import Started, say_problems, start_job
from inputs import read
from inputs.report_reader import read_good_rows, read_run_date, unknown_ids
from reports.allocation import write
from reports.scope import ReportData
from reports.split import write_split
from solvers import executors, solve


@dataclass(frozen=True)
class AllocateOptions(SolvingChoices):
    """The command line's choices for one allocation run."""

    split_by: str | None = None  # "prison": -o is a folder of one workbook per prison
    write_back: Path | None = None  # also write a copy of the input with the proposal


def allocate_workbook(
    workbook: Path,
    output: Path,
    options: AllocateOptions,
    console: Console = SILENT,
    warm: Executor | None = None,
) -> int:
    """The whole run; returns the exit code.

    ``warm``: a worker process started ahead, loading the solver while the workbook is
    read (``solvers.executors.warm``); a run too small for ``options.workers`` processes
    is solved there.
    """
    job = start_job(workbook, console, options.run_date, options.prisons, strict=options.strict)
    if isinstance(job, int):
        return job
    data = job.data
    derivations = derive_all(data)
    with console.progress("solving") as bar:
        how = options.run().solve_options(
            workers=options.workers, progress=bar, derivations=derivations, warm=warm
        )
        solved = solve(data, how)
    report = check(data, solved.allocation, solved.prisons, derivations=derivations)
    contents = ReportData(data, derivations, solved, report.violations, job.problems, job.info())
    say_summary(console, data, solved.subresults, report)
    if not _deliver(job, output, contents, options, console):
        return EXIT_USAGE
    return EXIT_HARD if report.hard else EXIT_OK


def _deliver(
    job: Started, output: Path, contents: ReportData, options: AllocateOptions, console: Console
) -> bool:
    """Write the report(s) and the write-back copy; False (said plainly) when a file cannot
    be written."""
    where = output
    try:
        written = _write(output, contents, options)
        console.say(f"{written} in {job.seconds():.1f} s")
        if options.write_back is not None:
            where = options.write_back
            _write_back(job.workbook, options.write_back, contents, console)
    except OSError as exc:  # a full disk, a folder we may not write to, a file open in Excel
        # named by the user's path: the error's own file name is our temporary file
        console.warn(
            f"cannot write {where} ({exc.strerror or exc}): close it if it is open in Excel, "
            "or choose another place"
        )
        return False
    return True


def _write(output: Path, contents: ReportData, options: AllocateOptions) -> str:
    """The report, or the split reports; says what was written."""
    if options.split_by == "prison":
        if options.workers > 1:
            with executors.processes(options.workers) as pool:
                written = write_split(output, contents, pool)
        else:
            written = write_split(output, contents)
        return (
            f"national summary written to {written.summary}, "
            f"and {len(written.prisons)} prison reports to {written.folder}"
        )
    write(output, contents)
    return f"report written to {output}"


def _write_back(workbook: Path, target: Path, contents: ReportData, console: Console) -> None:
    """The copy of the user's workbook; what could not be kept is a warning."""
    # openpyxl (a tenth of a second to load) only for a write-back, never for a plain run
    from reports.writeback import WriteBackError, write_back

    try:
        lost = write_back(workbook, target, contents)
    except WriteBackError as problem:
        console.warn(f"warning: no write-back copy written: {problem}")
        return
    for thing in lost:
        console.warn(f"warning: the write-back copy could not keep {thing}")
    console.say(f"write-back copy written to {target}")


def check_report(
    workbook: Path, report_path: Path, run_date: date | None, console: Console = SILENT
) -> int:
    """Re-verify a report (also one edited by hand) against its input; returns the exit code."""
    run_date = run_date or read_run_date(report_path)
    result = read(workbook, {"run_date": run_date} if run_date else None)
    allocation, problems = read_good_rows(report_path)  # every problem in one pass
    data = result.data
    if data is not None and allocation is not None:
        problems += unknown_ids(data, allocation)
    say_problems(console, [*result.problems, *problems], quiet=True)
    if data is None or allocation is None or has_errors(problems):
        console.warn("The input or the report has errors: nothing checked.")
        return EXIT_INPUT
    prisons = sorted({data.case_by_id[c].prison for c in allocation.pom if c in data.case_by_id})
    report = check(data, allocation, prisons)
    for violation in report.violations:
        console.say(f"{violation.severity}: {violation.rule}: {violation.message}")
    console.say(
        f"{len(report.hard)} hard and {len(report.soft)} soft violations; "
        f"objective {report.objective:,} (run date {data.run_date:%d/%m/%Y})"
    )
    return EXIT_HARD if report.hard else EXIT_OK
