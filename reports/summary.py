"""The Summary sheet: the run, headline figures, solver status, and the utilisation chart."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from allocator.domain.result import Result, RunInfo, SubResult
from allocator.domain.rules import COM_UNALLOCATED, INVALID_DATA, W_MOVE
from allocator.domain.settings import Settings
from reports.book import Chart, Sheet
from reports.scope import Part
from reports.staff import HANDOVER_WEEKS, STAFF_COLUMNS, is_pom
from reports.tables import ALLOCATION_COLUMNS, SPO_COLUMNS

_A = {name: index for index, name in enumerate(ALLOCATION_COLUMNS)}
_S = {name: index for index, name in enumerate(STAFF_COLUMNS)}
_STATUS = {
    "OPTIMAL": "optimal",
    "FEASIBLE": "feasible",
    "UNKNOWN": "no solution within the time limit",
    "GREEDY": "greedy (not optimised)",
    "NOTHING_TO_DECIDE": "nothing to decide",
}
LIMIT = 100


def summary_sheet(part: Part, info: RunInfo, result: Result) -> Sheet:
    """Figures in sections (bold titles), with the utilisation chart and its data beside."""
    sections = [
        ("The run", _run(part, info, result)),
        ("Headline figures", _headline(part, info)),
        ("Solver, per sub-problem", [[_sub_label(s), status_text(s)] for s in part.subresults]),
        ("Capacity notes", [["capacity", line] for s in part.subresults for line in s.diagnosis]),
    ]
    rows: list[list[Any]] = []
    bold: set[int] = set()
    for title, lines in sections:
        if lines:
            bold.add(len(rows))
            rows.append([title, ""])
            rows.extend(lines)
    side, chart = utilisation(part)
    return Sheet(
        "Summary",
        ("figure", "value"),
        rows,
        (34, 70),
        wrap=frozenset({"value"}),
        bold_rows=frozenset(bold),
        side=side if side.rows else None,
        chart=chart if side.rows else None,
    )


def _run(part: Part, info: RunInfo, result: Result) -> list[list[Any]]:
    """What was run on what."""
    changed = "; ".join(f"{k} = {v}" for k, v in info.settings_changed.items()) or "none"
    return [
        ["report for", part.label],
        ["run date", info.run_date],
        ["input file", info.input_file],
        ["input file SHA-256", info.checksum],
        ["settings changed from the defaults", changed],
        ["solver", result.solver],
        ["stopping rule", stopping_rule(info)],
        ["solve time (s)", round(result.seconds, 1)],
        ["total time (s)", round(info.seconds, 1)],
    ]


def _headline(part: Part, info: RunInfo) -> list[list[Any]]:
    """Cases, changes, what is due, breaches and load."""
    rows = part.allocations
    with_pom = sum(1 for r in rows if r[_A["pom"]])
    hard = sum(1 for v in part.violations if v.severity == "hard")
    poms = [_util(r) for r in part.staff if is_pom(r) and r[_S["location"]] in part.prisons]
    held = sum(1 for v in part.violations if v.rule == INVALID_DATA and v.case_id)
    return [
        ["cases in scope", len(rows) - held],
        ["cases with a POM", with_pom],
        ["cases without a POM", len(rows) - held - with_pom],
        ["cases quarantined (bad data, not allocated)", held],
        ["new POM allocations", _count(rows, "pom_changed", "pom")],
        ["held cases moved to another POM", _count(rows, "pom_changed", "pom", "previous_pom")],
        ["new COM allocations", _count(rows, "com_changed", "com")],
        [
            "cases needing a COM without one",
            sum(1 for v in part.violations if v.rule == COM_UNALLOCATED),
        ],
        [f"handovers to the COM in the next {HANDOVER_WEEKS} weeks", _due(rows, info)],
        ["hard violations", hard],
        ["soft violations", len(part.violations) - hard],
        ["POMs at or over 100 % utilisation", sum(1 for u in poms if u is not None and u >= LIMIT)],
        ["POMs at 90 % to 100 %", sum(1 for u in poms if u is not None and 90 <= u < LIMIT)],
        [
            "SPOs over their span",
            sum(1 for r in part.spos if r[SPO_COLUMNS.index("over_limit")] == "yes"),
        ],
    ]


def _due(rows: Sequence[Sequence[Any]], info: RunInfo) -> int:
    """Cases whose handover date falls in the next weeks."""
    soon = info.run_date + timedelta(weeks=HANDOVER_WEEKS)
    dates = (r[_A["handover_date"]] for r in rows)
    return sum(1 for d in dates if d and info.run_date <= d <= soon)


def _count(rows: Sequence[Sequence[Any]], flag: str, *filled: str) -> int:
    """Rows whose flag column says yes and whose other columns are all filled in."""
    return sum(1 for r in rows if r[_A[flag]] == "yes" and all(r[_A[f]] for f in filled))


def _util(row: Sequence[Any]) -> float | None:
    """A Staff row's utilisation (None without capacity)."""
    value = row[_S["utilisation_pct"]]
    return float(value) if isinstance(value, (int, float)) else None


def _sub_label(sub: SubResult) -> str:
    """``POMs of prison LEI`` or ``COMs of LDU N01``."""
    return f"POMs of prison {sub.name}" if sub.kind == "pom" else f"COMs of LDU {sub.name}"


def status_text(sub: SubResult) -> str:
    """``optimal; 136 of 951 cases decided; 0.1 s`` (with the gap in units when not proven)."""
    status = _STATUS.get(sub.status, sub.status.lower())
    if sub.status == "FEASIBLE":
        status = gap_text(sub.gap, sub.gap_pct)
    return f"{status}; {sub.decided} of {sub.cases} cases decided; {sub.seconds:.1f} s"


def gap_text(gap: int, pct: float) -> str:
    """A gap in objective units and in case moves' worth, the percentage only beside them.

    ``proven within 120 units — less than one move — of the best possible``: a
    percentage of a large objective alone reads as "the answer may be that wrong".
    """
    move = W_MOVE[0]
    if gap < move:
        return f"proven within {gap:,} units — less than one move — of the best possible"
    return (
        f"proven within {gap:,} units — {gap / move:,.1f} moves' worth ({pct:.2f} %) — "
        "of the best possible"
    )


def stopping_rule(info: RunInfo) -> str:
    """The rule each prison's and LDU's search stopped on, in units of one case move."""
    gap = int(_setting(info, "absolute_gap"))
    pct = _setting(info, "relative_gap_pct")
    move = W_MOVE[0]
    if gap == 0 and pct == 0:
        rule = "proven optimal, to the last unit"
    elif gap < move:
        rule = f"proven within {gap:,} units — less than one case move ({move}) — of the best"
    else:
        rule = f"proven within {gap:,} units ({gap / move:,.1f} case moves of {move}) of the best"
    if pct > 0:
        rule += f", or within {pct:g} % of the objective"
    return rule + "; or at its share of the run's time budget"


def _setting(info: RunInfo, name: str) -> float:
    """A numeric setting of the run: changed, or its default."""
    value = info.settings_changed.get(name, getattr(Settings(), name))
    return float(value) if isinstance(value, (int, float)) else 0.0


def utilisation(part: Part) -> tuple[Sheet, Chart]:
    """The chart's data: per POM for one prison, else the mean POM utilisation per prison."""
    if len(part.prisons) == 1:
        return _per_pom(part)
    return _per_prison(part)


def _per_pom(part: Part) -> tuple[Sheet, Chart]:
    """Each POM of the prison, most loaded first."""
    named = [
        (str(r[_S["name"]] or r[_S["staff_id"]]), _util(r))
        for r in part.staff
        if is_pom(r) and r[_S["location"]] in part.prisons and r[_S["status"]] != "inactive"
    ]
    rows: list[list[Any]] = [[n, u, LIMIT] for n, u in named if u is not None]
    rows.sort(key=lambda r: -float(r[1]))
    sheet = Sheet("chart", ("pom", "utilisation_pct", "limit_pct"), rows, (18, 11, 9))
    chart = Chart(
        "POM utilisation after this run", "pom", "utilisation_pct", "limit_pct", "% of capacity"
    )
    return sheet, chart


def _per_prison(part: Part) -> tuple[Sheet, Chart]:
    """Mean and highest POM utilisation of each prison."""
    by_prison: dict[str, list[float]] = {p: [] for p in part.prisons}
    for r in part.staff:
        util = _util(r)
        if is_pom(r) and r[_S["location"]] in by_prison and util is not None:
            by_prison[str(r[_S["location"]])].append(util)
    rows = [
        [prison, round(statistics.fmean(u), 1), round(max(u), 1), LIMIT]
        for prison, u in by_prison.items()
        if u
    ]
    headers = ("prison", "mean_pom_utilisation_pct", "highest_pom_utilisation_pct", "limit_pct")
    sheet = Sheet("chart", headers, rows, (8, 12, 12, 8))
    chart = Chart(
        "Mean POM utilisation per prison after this run",
        "prison",
        "mean_pom_utilisation_pct",
        "limit_pct",
        "% of capacity",
    )
    return sheet, chart
