"""The validate workflow: every problem of a workbook, and the OMiC derivation's headline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from allocator.domain.omic import Derivation, derive_all
from allocator.job.console import SILENT, Console
from allocator.job.exits import EXIT_OK
from allocator.job.start import start_job
from reports.validation import write_validation_report


def validate_workbook(
    workbook: Path,
    output: Path | None,
    run_date: date | None,
    quiet: bool,
    console: Console = SILENT,
    strict: bool = False,
) -> int:
    """Read, report problems, derive; write the Problems/Derived workbook when asked
    (``strict``: any error stops, as for ``allocate --strict``)."""
    job = start_job(workbook, console, run_date, quiet=quiet, strict=strict)
    if isinstance(job, int):
        return job
    derivations = derive_all(job.data)
    console.say(f"run date {job.data.run_date:%d/%m/%Y}: {summarise(derivations)}")
    if output is not None:
        write_validation_report(output, job.problems, derivations)
        console.say(f"written to {output}")
    if not quiet:
        console.warn(f"done in {job.seconds():.1f} s")
    return EXIT_OK


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
