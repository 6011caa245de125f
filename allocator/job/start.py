"""The start every job shares: read the workbook, say its problems, check the prisons asked.

Read → problems → unknown ``--prison`` → checksum, written once for allocate,
capacity, deploy, what-if and validate.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem, Severity
from allocator.domain.result import RunInfo
from allocator.job.console import Console
from allocator.job.exits import EXIT_INPUT, EXIT_USAGE
from inputs import ReadResult, read

NOTHING_WRITTEN = "The workbook has errors: nothing written."


@dataclass(frozen=True)
class Started:
    """A workbook read without errors, ready for a job."""

    workbook: Path
    read: ReadResult
    data: ProblemData
    started: float = field(default_factory=time.perf_counter)

    @property
    def problems(self) -> list[Problem]:
        """The workbook's warnings and notes (errors stop the job before this)."""
        return list(self.read.problems)

    def info(self) -> RunInfo:
        """What the report's Summary says about this run, timed up to now."""
        return RunInfo(
            self.workbook.name,
            checksum(self.workbook),
            self.data.run_date,
            self.data.settings.non_defaults(),
            self.seconds(),
        )

    def seconds(self) -> float:
        """Seconds since the job started."""
        return time.perf_counter() - self.started


def start_job(
    workbook: Path,
    console: Console,
    run_date: date | None = None,
    prisons: Sequence[str] = (),
    quiet: bool = True,
    strict: bool = False,
) -> Started | int:
    """Read and check the workbook; the ``Started`` job, or the exit code that ends it.

    ``strict``: any input error stops the job (no ``Cases`` row is quarantined).
    """
    started = time.perf_counter()
    result = read(workbook, {"run_date": run_date} if run_date else None, strict=strict)
    say_problems(console, result.problems, quiet)
    if result.data is None:
        console.warn(NOTHING_WRITTEN)
        return EXIT_INPUT
    unknown = unknown_prisons(prisons, (c.prison for c in result.data.cases))
    if unknown:
        console.warn(f"--prison {', '.join(unknown)}: no case is held there")
        return EXIT_USAGE
    return Started(workbook, result, result.data, started)


def say_problems(console: Console, problems: Sequence[Problem], quiet: bool) -> None:
    """Every error and warning (and, unless quiet, every note), then one count line."""
    for problem in problems:
        if problem.severity is Severity.ERROR or not quiet:
            console.say(str(problem))
    counts = Counter(p.severity for p in problems)
    console.say(
        f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
        f"{counts[Severity.NOTE]} notes"
    )


def unknown_prisons(asked: Sequence[str], held: Iterable[str]) -> list[str]:
    """Prisons named on the command line that hold no case, in the order asked."""
    known = set(held)
    return [p for p in asked if p not in known]


def checksum(path: Path) -> str:
    """SHA-256 of the input file, so a report names exactly what it was made from."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
