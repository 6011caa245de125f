"""The weekly allocation workflow: read, derive, solve, check, write the report."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from allocator.domain.omic import derive_all
from allocator.domain.result import RunInfo, SubResult
from allocator.job.workflows import EXIT_INPUT, EXIT_OK, ProgressBar, print_problems
from inputs import read
from reports.scope import ReportData

EXIT_HARD = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class AllocateOptions:
    """The command line's choices for one allocation run."""

    run_date: date | None = None
    prisons: tuple[str, ...] = ()
    rebalance: bool = False
    time_limit: float | None = None
    workers: int = 1
    solver: str = "cpsat"
    quiet: bool = False
    split_by: str | None = None  # "prison": -o is a folder of one workbook per prison
    write_back: Path | None = None  # also write a copy of the input with the proposal


def checksum(path: Path) -> str:
    """SHA-256 of the input file, so a report names exactly what it was made from."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def allocate_workbook(workbook: Path, output: Path, options: AllocateOptions) -> int:
    """The whole run; returns the exit code."""
    # The checker and the solvers load only when a run starts: the other commands stay quick.
    from allocator.check.allocation import check
    from solvers import SolveOptions, solve  # as above: OR-Tools loads with the first model

    started = time.perf_counter()
    result = read(workbook, {"run_date": options.run_date} if options.run_date else None)
    print_problems(result.problems, quiet=True)
    data = result.data
    if data is None:
        click.echo("The workbook has errors: nothing written.", err=True)
        return EXIT_INPUT
    unknown = _unknown_prisons(options.prisons, {c.prison for c in data.cases})
    if unknown:
        click.echo(f"--prison {', '.join(unknown)}: no case is held there", err=True)
        return EXIT_USAGE
    derivations = derive_all(data)
    bar = ProgressBar(options.quiet, "solving")
    try:
        how = SolveOptions(
            solver=options.solver,
            prisons=options.prisons,
            rebalance=options.rebalance,
            time_budget=options.time_limit,
            workers=options.workers,
            progress=bar,
            derivations=derivations,
        )
        solved = solve(data, how)
    finally:
        bar.close()
    report = check(data, solved.allocation, solved.prisons, derivations=derivations)
    info = RunInfo(
        str(workbook.name),
        checksum(workbook),
        data.run_date,
        data.settings.non_defaults(),
        time.perf_counter() - started,
    )
    contents = ReportData(data, derivations, solved, report.violations, result.problems, info)
    _print_summary(solved.subresults, report)
    if not _deliver(workbook, output, contents, options, started):
        return EXIT_USAGE
    return EXIT_HARD if report.hard else EXIT_OK


def _deliver(
    workbook: Path, output: Path, contents: ReportData, options: AllocateOptions, started: float
) -> bool:
    """Write the report(s) and the write-back copy; False (said plainly) when a file cannot
    be written."""
    try:
        written = _write(output, contents, options)
        click.echo(f"{written} in {time.perf_counter() - started:.1f} s")
        if options.write_back is not None:
            _write_back(workbook, options.write_back, contents)
    except OSError as exc:  # a full disk, a folder we may not write to, a file open in Excel
        where = exc.filename or output
        click.echo(
            f"cannot write {where} ({exc.strerror or exc}): close it if it is open in Excel, "
            "or choose another place",
            err=True,
        )
        return False
    return True


def _write(output: Path, contents: ReportData, options: AllocateOptions) -> str:
    """The report, or the split reports; says what was written."""
    from reports.allocation import write
    from reports.split import write_split

    if options.split_by == "prison":
        written = write_split(output, contents, options.workers)
        said = (
            f"national summary written to {written.summary}, "
            f"and {len(written.prisons)} prison reports to {written.folder}"
        )
    else:
        write(output, contents)
        said = f"report written to {output}"
    return said


def _write_back(workbook: Path, target: Path, contents: ReportData) -> None:
    """The copy of the user's workbook; what could not be kept is a warning."""
    from reports.writeback import WriteBackError, write_back

    try:
        lost = write_back(workbook, target, contents)
    except WriteBackError as problem:
        click.echo(f"warning: no write-back copy written: {problem}", err=True)
        return
    for thing in lost:
        click.echo(f"warning: the write-back copy could not keep {thing}", err=True)
    click.echo(f"write-back copy written to {target}")


def _unknown_prisons(asked: Sequence[str], known: set[str]) -> list[str]:
    """Prisons named on the command line that hold no case."""
    return [p for p in asked if p not in known]


def _print_summary(subs: Sequence[SubResult], report: Any) -> None:
    """One screenful: what was decided and what broke."""
    statuses = Counter(s.status for s in subs)
    kpis = report.kpis
    click.echo(
        f"{int(kpis['new_pom_allocations'])} POM allocations, {int(kpis['pom_moves'])} POM moves, "
        f"{int(kpis['unallocated'])} cases without a POM, "
        f"{int(kpis['com_unallocated'])} without a needed COM"
    )
    click.echo(f"{len(report.hard)} hard and {len(report.soft)} soft violations")
    for rule, count in sorted(Counter(v.rule for v in report.hard).items()):
        click.echo(f"  hard: {rule}: {count}")
    for line in (line for sub in subs for line in sub.diagnosis):
        click.echo(f"  capacity: {line}")
    click.echo(
        "sub-problems: " + ", ".join(f"{n} {s.lower()}" for s, n in sorted(statuses.items()))
    )


def check_report(workbook: Path, report_path: Path, run_date: date | None) -> int:
    """Re-verify a report (also one edited by hand) against its input; returns the exit code."""
    from allocator.check.allocation import check
    from inputs.report_reader import read_allocation, read_run_date, unknown_ids

    run_date = run_date or read_run_date(report_path)
    result = read(workbook, {"run_date": run_date} if run_date else None)
    allocation, problems = read_allocation(report_path)
    data = result.data
    if data is not None and allocation is not None:
        problems += unknown_ids(data, allocation)
    print_problems([*result.problems, *problems], quiet=True)
    if data is None or allocation is None or any(p.severity.value == "error" for p in problems):
        click.echo("The input or the report has errors: nothing checked.", err=True)
        return EXIT_INPUT
    prisons = sorted({data.case_by_id[c].prison for c in allocation.pom if c in data.case_by_id})
    report = check(data, allocation, prisons)
    for violation in report.violations:
        click.echo(f"{violation.severity}: {violation.rule}: {violation.message}")
    click.echo(
        f"{len(report.hard)} hard and {len(report.soft)} soft violations; "
        f"objective {report.objective:,} (run date {data.run_date:%d/%m/%Y})"
    )
    return EXIT_HARD if report.hard else EXIT_OK
