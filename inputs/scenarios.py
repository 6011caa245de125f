"""Reading the ``Scenarios`` sheet: rows checked, grouped into scenarios, inheritance resolved.

The sheet is in the input workbook or in a workbook of its own. Every problem is
found in one pass and names the sheet, the Excel row, the column and the value,
with a suggestion for near misses; ``ScenarioRead.scenarios`` is empty when any is
an error. A scenario's changes are those of the scenarios it inherits (in the order
of its ``inherit`` rows, each row once), then its own, in row order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem, column_letter, error, has_errors
from allocator.domain.scenario_types import Change, Scenario
from allocator.domain.scenarios import BASELINE, INHERIT
from inputs import values as v
from inputs.scenarios_check import SHEET, Refs, check_change
from inputs.schema import SCENARIOS
from inputs.sheets import ParsedSheet, parse_sheet
from inputs.workbook import NotAWorkbook, RawSheet, open_sheets, sheet_key

RESERVED = ("Comparison", "Charts", "Changes", "Problems")  # sheets of the comparison report
MAX_NAME = 31  # Excel's limit for a sheet name: each scenario gets a sheet
_NOT_IN_NAMES = frozenset("[]:*?/\\")


@dataclass
class ScenarioRead:
    """The scenarios (empty when there is an error) and every problem found."""

    scenarios: tuple[Scenario, ...] = ()
    problems: list[Problem] = field(default_factory=list)


def open_scenarios(path: Path) -> tuple[RawSheet | None, list[str], list[Problem]]:
    """The Scenarios sheet of a workbook (None if it has none), its other sheets' names,
    and an error when the file is not a workbook."""
    try:
        sheets = open_sheets(path, {sheet_key(SHEET)})
    except NotAWorkbook as bad:
        return None, [], [error("", None, "", path.name, str(bad))]
    raw = next((sheet for sheet in sheets if sheet.key == sheet_key(SHEET)), None)
    return raw, [sheet.name for sheet in sheets if sheet is not raw], []


def read_scenarios(
    raw: RawSheet | None,
    data: ProblemData | None,
    *,
    sheet_problems: bool = True,
    others: Sequence[str] = (),
) -> ScenarioRead:
    """Check a Scenarios sheet against the input and resolve inheritance.

    Parameters
    ----------
    raw
        The sheet's cells (None: the workbook has no Scenarios sheet).
    data
        The input's problem data; None when it has errors (references are then not checked).
    sheet_problems
        Include the problems of the sheet's layout and cells (False when the input reader
        has reported them already, as for a Scenarios sheet in the input workbook).
    others
        The workbook's other sheet names, for a near-miss hint when the sheet is missing.
    """
    if raw is None:
        return ScenarioRead(problems=[_missing(others)])
    parsed = parse_sheet(SCENARIOS, raw)
    problems = list(parsed.problems) if sheet_problems else []
    if not parsed.readable:
        return ScenarioRead(problems=problems)
    names = _first_rows(parsed.rows)
    problems += check_names(names)
    changes: list[Change] = []
    refs = Refs.of(data)
    for record in parsed.records:
        if "scenario" not in record or "change" not in record:
            continue  # the header lacks a required column: reported with the layout
        change, found = check_change(record, refs)
        problems += found
        changes += [change] if change else []
    problems += _check_inherits(changes, names)
    problems = [_with_cell(problem, parsed) for problem in problems]
    if has_errors(problems):
        return ScenarioRead(problems=problems)
    return ScenarioRead(_resolve(names, changes), problems)


def _missing(others: Sequence[str]) -> Problem:
    """No Scenarios sheet: say where one comes from (and name a near miss)."""
    hint = v.suggest(SHEET, others)
    text = (
        "there is no Scenarios sheet: add one (allocator template writes it) or give "
        "--scenarios with a workbook that has one"
    )
    return error(SHEET, None, "", "", text + (f"; {hint}" if hint else ""))


def _first_rows(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Scenario name -> its first row, in sheet order (rows with errors count too)."""
    names: dict[str, int] = {}
    for record in rows:
        if "scenario" in record:
            names.setdefault(record["scenario"], record["row"])
    return names


def check_names(names: dict[str, int]) -> list[Problem]:
    """Each name works as a sheet name, is not reserved, and differs in more than case."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for name, row in names.items():
        text = _name_problem(name, seen.get(name.lower()))
        if text:
            problems.append(error(SHEET, row, "scenario", name, text))
        seen.setdefault(name.lower(), name)
    if not names:
        problems.append(error(SHEET, None, "", "", "the Scenarios sheet has no scenarios"))
    return problems


def _name_problem(name: str, same: str | None) -> str:
    """What is wrong with one scenario name, or ''."""
    if name.lower() == BASELINE:
        return f"'{BASELINE}' is the input as it is; give this scenario another name"
    if name.lower() in {reserved.lower() for reserved in RESERVED}:
        return f"'{name}' is the name of a report sheet ({', '.join(RESERVED)}); choose another"
    if len(name) > MAX_NAME:
        return f"the name has {len(name)} characters; at most {MAX_NAME} (it names a sheet)"
    bad = sorted(_NOT_IN_NAMES.intersection(name))
    if bad or name.startswith("'") or name.endswith("'"):
        shown = " ".join(bad) or "'"
        return f"a scenario name cannot hold {shown} (Excel sheet names cannot)"
    if same is not None:
        return f"'{name}' and '{same}' differ only in upper/lower case; use one spelling"
    return ""


def _check_inherits(changes: Sequence[Change], names: dict[str, int]) -> list[Problem]:
    """Inherited scenarios exist, and no scenario inherits itself, even indirectly."""
    parents = _parents(changes)
    problems: list[Problem] = []
    for change in changes:
        if change.kind != INHERIT:
            continue
        parent = change.target[0]
        if parent.lower() == BASELINE:
            continue
        if parent not in names:
            hint = v.suggest(parent, names) or f"the scenarios are: {', '.join(names)}"
            text = f"no scenario is called '{parent}'; {hint}"
            problems.append(error(SHEET, change.row, "target", parent, text))
        elif _reaches(parents, parent, change.scenario):
            text = f"'{change.scenario}' inherits '{parent}', which inherits '{change.scenario}'"
            problems.append(error(SHEET, change.row, "target", parent, text + ": a loop"))
    return problems


def _parents(changes: Iterable[Change]) -> dict[str, list[str]]:
    """Scenario -> the scenarios it inherits, in row order."""
    parents: dict[str, list[str]] = {}
    for change in changes:
        if change.kind == INHERIT and change.target[0].lower() != BASELINE:
            parents.setdefault(change.scenario, []).append(change.target[0])
    return parents


def _reaches(parents: dict[str, list[str]], start: str, goal: str) -> bool:
    """Whether ``start`` inherits ``goal`` (itself being ``goal`` counts)."""
    stack, seen = [start], set()
    while stack:
        name = stack.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            stack.extend(parents.get(name, ()))
    return False


def _resolve(names: dict[str, int], changes: Sequence[Change]) -> tuple[Scenario, ...]:
    """Every scenario with its effective changes (inheritance is loop-free by now)."""
    own: dict[str, list[Change]] = {name: [] for name in names}
    for change in changes:
        own[change.scenario].append(change)
    parents = _parents(changes)

    def effective(name: str) -> list[Change]:
        found = [c for parent in parents.get(name, ()) for c in effective(parent)]
        return found + [c for c in own[name] if c.kind != INHERIT]

    return tuple(
        Scenario(name, tuple(parents.get(name, ())), _once(effective(name)), row)
        for name, row in names.items()
    )


def _once(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Each row once (a scenario inherited twice through two parents applies once)."""
    return tuple(dict.fromkeys(changes))


def _with_cell(problem: Problem, parsed: ParsedSheet) -> Problem:
    """The problem with its cell reference (B4) when it names one cell."""
    position = parsed.positions.get(problem.column)
    if problem.cell or problem.row is None or position is None:
        return problem
    if problem.row == parsed.header_row:
        return problem
    return dataclasses.replace(problem, cell=f"{column_letter(position)}{problem.row}")
