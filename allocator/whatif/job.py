"""The what-if workflow: read the input and its scenarios, solve them all, write the comparison.

Exit codes: 0 the comparison is written (breaches are results to compare, not
failures); 2 a usage error (an unknown ``--prison``, an unreachable cluster); 65
the input or the Scenarios sheet is invalid, and nothing is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from allocator.domain.problems import Problem, Severity, has_errors
from allocator.job.console import SILENT, Console
from allocator.job.exits import EXIT_INPUT, EXIT_OK, EXIT_USAGE
from allocator.job.solving import SolvingChoices
from allocator.job.start import say_problems, unknown_prisons
from allocator.whatif.apply import Applied, apply_scenario
from allocator.whatif.kpis import summarise
from allocator.whatif.run import Outcome, run_whatif
from inputs import ReadResult, read
from inputs.scenarios import open_scenarios, read_scenarios
from reports.whatif import write_whatif_report
from reports.whatif_kpis import Summary
from solvers.executors import ClusterUnreachable, open_executor


@dataclass(frozen=True)
class WhatifOptions(SolvingChoices):
    """The command line's choices for one what-if run."""

    scenarios: Path | None = None
    cluster: str | None = None


def whatif_workbook(
    workbook: Path, output: Path, options: WhatifOptions, console: Console = SILENT
) -> int:
    """The whole what-if run; returns the exit code."""
    started = time.perf_counter()
    overrides = {"run_date": options.run_date} if options.run_date else None
    result = read(workbook, overrides, strict=options.strict)
    applied, problems = load_scenarios(workbook, result, options.scenarios)
    say_problems(console, result.problems, quiet=True)
    _say_scenario_problems(console, problems, (options.scenarios or workbook).name)
    if result.data is None or has_errors(problems):
        console.warn("The input or the scenarios have errors: nothing written.")
        return EXIT_INPUT
    unknown = unknown_prisons(options.prisons, (c.prison for c in result.data.cases))
    if unknown:
        console.warn(f"--prison {', '.join(unknown)}: no case is held there")
        return EXIT_USAGE
    try:
        with open_executor(options.workers, options.cluster) as executor:
            done = None if options.quiet else _progress(console)
            outcomes = run_whatif(result.data, applied, options.run(), executor, done)
    except ClusterUnreachable as exc:
        console.warn(str(exc))
        return EXIT_USAGE
    summaries = summaries_of(outcomes, applied)
    write_whatif_report(output, summaries, result.problems)
    _say_table(console, summaries)
    console.say(f"comparison written to {output} in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


def load_scenarios(
    workbook: Path, result: ReadResult, path: Path | None
) -> tuple[list[Applied], list[Problem]]:
    """Each scenario applied to the input, and every problem of the Scenarios sheet.

    The sheet comes from ``path`` when given, else from the input workbook (whose
    reader has already reported the sheet's layout and cells).
    """
    raw, others, problems = open_scenarios(path or workbook)
    if problems:
        return [], problems if path else []
    found = read_scenarios(raw, result.data, sheet_problems=path is not None, others=others)
    if result.data is None or has_errors(found.problems):
        return [], found.problems
    applied = [apply_scenario(result.data, scenario) for scenario in found.scenarios]
    late = [problem for a in applied for problem in a.problems]
    return applied, found.problems + list(dict.fromkeys(late))


def summaries_of(outcomes: Sequence[Outcome], applied: Sequence[Applied]) -> list[Summary]:
    """The baseline's summary, then each scenario's with its parents and effects."""
    summaries = [summarise(outcomes[0])]
    for outcome, scenario in zip(outcomes[1:], applied, strict=True):
        summaries.append(summarise(outcome, scenario.scenario.parents, scenario.effects))
    return summaries


def _say_scenario_problems(console: Console, problems: Sequence[Problem], source: str) -> None:
    """Errors and warnings of the Scenarios sheet, naming its file."""
    for problem in problems:
        if problem.severity is not Severity.NOTE:
            console.say(f"{source}: {problem}")
    errors = sum(p.severity is Severity.ERROR for p in problems)
    if problems:
        console.say(f"Scenarios ({source}): {errors} errors, {len(problems) - errors} others")


def _progress(console: Console) -> Callable[[Outcome], None]:
    """One line on stderr as each scenario finishes."""

    def said(outcome: Outcome) -> None:
        console.warn(
            f"{outcome.name}: {outcome.seconds:.1f} s, {outcome.solved} sub-problems solved, "
            f"{outcome.reused} unchanged from the baseline"
        )

    return said


_TABLE = (
    ("no POM", "unallocated", "{:.0f}"),
    ("no COM", "com_unallocated", "{:.0f}"),
    ("hard", "hard_breaches", "{:.0f}"),
    ("max util %", "max_utilisation_pct", "{:.1f}"),
    ("over cap", "pom_over_case_cap", "{:.0f}"),
    ("POM moves", "pom_moves", "{:.0f}"),
)


def _say_table(console: Console, summaries: Sequence[Summary]) -> None:
    """One line per scenario with the headline figures."""
    width = max(len(s.name) for s in summaries)
    console.say(f"{'scenario':<{width}}  " + "  ".join(f"{h:>10}" for h, _, _ in _TABLE))
    for summary in summaries:
        cells = (form.format(summary.figures[key]) for _, key, form in _TABLE)
        console.say(f"{summary.name:<{width}}  " + "  ".join(f"{c:>10}" for c in cells))
