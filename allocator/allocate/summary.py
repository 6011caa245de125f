"""What a weekly allocation says on the console: one screen, also for the whole country."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from allocator.check.allocation import CheckReport
from allocator.domain.problem import ProblemData
from allocator.domain.result import SubResult
from allocator.job.console import Console
from reports.tables import violation_location

FULL_LIST_LINES = 12  # up to this many capacity lines are printed as they are
WORST = 5  # then only this many places are named
_CONFLICT = "conflicts with "  # the diagnosis line that names the rules in conflict


def say_summary(
    console: Console, data: ProblemData, subs: Sequence[SubResult], report: CheckReport
) -> None:
    """What was decided, what broke, where capacity is short, how the sub-problems ended."""
    kpis = report.kpis
    console.say(
        f"{int(kpis['new_pom_allocations'])} POM allocations, {int(kpis['pom_moves'])} POM moves, "
        f"{int(kpis['unallocated'])} cases without a POM, "
        f"{int(kpis['com_unallocated'])} without a needed COM"
    )
    console.say(f"{len(report.hard)} hard and {len(report.soft)} soft violations")
    for rule, count in sorted(Counter(v.rule for v in report.hard).items()):
        console.say(f"  hard: {rule}: {count}")
    for line in capacity_lines(data, subs, report):
        console.say(line)
    statuses = Counter(s.status for s in subs)
    console.say(
        "sub-problems: " + ", ".join(f"{n} {s.lower()}" for s, n in sorted(statuses.items()))
    )


def capacity_lines(data: ProblemData, subs: Sequence[SubResult], report: CheckReport) -> list[str]:
    """Every capacity note when they fit a screen; else who is short, of what, the worst five."""
    lines = [f"  capacity: {line}" for sub in subs for line in sub.diagnosis]
    if len(lines) <= FULL_LIST_LINES:
        return lines
    short = [sub for sub in subs if sub.diagnosis]
    return [
        _short_line(subs, short),
        _rules_line(short),
        _worst_line(data, short, report),
        "  every capacity note is under 'Capacity notes' on the report's Summary sheet",
    ]


def _short_line(subs: Sequence[SubResult], short: Sequence[SubResult]) -> str:
    """'capacity: 6 of 10 prisons and 4 of 17 LDUs are short of staff for every hard rule'."""
    parts = []
    for kind, places in (("pom", "prisons"), ("com", "LDUs")):
        total = sum(1 for sub in subs if sub.kind == kind)
        parts.append(f"{sum(1 for sub in short if sub.kind == kind)} of {total} {places}")
    return f"capacity: {' and '.join(parts)} cannot keep every hard rule with today's staff"


def _rules_line(short: Sequence[SubResult]) -> str:
    """'  short of: points_cap in 10, caseload_cap in 5, ...' from the diagnosis' conflicts."""
    counts: Counter[str] = Counter()
    for sub in short:
        for line in sub.diagnosis:
            if _CONFLICT in line:
                counts.update(line.split(_CONFLICT, 1)[1].split(", "))
    named = ", ".join(f"{rule} in {n}" for rule, n in counts.most_common())
    return f"  conflicting rules: {named or 'none named'}"


def _worst_line(data: ProblemData, short: Sequence[SubResult], report: CheckReport) -> str:
    """The places with the most hard violations, worst first."""
    places = {sub.name for sub in short}
    hard = Counter(violation_location(data, v) for v in report.hard)
    worst = sorted(places, key=lambda place: (-hard[place], place))[:WORST]
    return "  worst: " + ", ".join(f"{place} ({hard[place]} hard)" for place in worst)
