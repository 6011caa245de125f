"""Reading an allocation back from a report workbook, so that it can be re-checked.

``allocator check IN.xlsx REPORT.xlsx`` re-verifies the ``Allocations`` sheet of a
report: the allocator's own, or one a head of OM edited by hand (a POM changed,
a COM typed in). Only the ``case_id``, ``pom`` and ``com`` columns are read; the
others are the report's explanation and are ignored. A blank ``pom`` or ``com``
means no one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem, column_letter, error, has_errors, warning
from allocator.domain.result import Allocation
from inputs.values import BadValue, is_blank, parse_date, parse_id, shown, suggest
from inputs.workbook import CellError, NotAWorkbook, RawSheet, open_sheets, sheet_key

SHEET = "Allocations"
COLUMNS = ("case_id", "pom", "com")
_HEADER_SCAN_ROWS = 10  # a title or blank rows above the header are allowed
_SUGGESTIONS = 20  # "did you mean" for the first unknown ids only: each is a fuzzy search


@dataclass
class _Reading:
    """What has been read so far: the two maps, where each case was, and the problems."""

    sheet: str
    pom: dict[str, str | None]
    com: dict[str, str | None]
    rows: dict[str, int]
    problems: list[Problem]


def read_allocation(path: str | Path) -> tuple[Allocation | None, list[Problem]]:
    """The POM and COM of every case listed in a report's ``Allocations`` sheet.

    Returns the allocation (None when any problem is an error) and every problem:
    a file that is not a workbook, a missing sheet or column, a blank or repeated
    case id, or a cell that cannot be an id.
    """
    allocation, problems = read_good_rows(path)
    return (None if has_errors(problems) else allocation), problems


def read_good_rows(path: str | Path) -> tuple[Allocation | None, list[Problem]]:
    """As ``read_allocation``, but the allocation of the rows without problems is given
    also when other rows have errors (None only when the sheet cannot be read at all),
    so that its ids can be checked against the input in the same pass."""
    path = Path(path)
    try:
        sheets = open_sheets(path, wanted={sheet_key(SHEET)})
    except NotAWorkbook as bad:
        return None, [error("", None, "", path.name, str(bad))]
    raw = next((s for s in sheets if s.key == sheet_key(SHEET)), None)
    if raw is None:
        names = ", ".join(s.name for s in sheets)
        text = f"the {SHEET} sheet is missing (the workbook has: {names})"
        return None, [error(SHEET, None, "", "", text)]
    reading = _read_sheet(raw)
    if not reading.rows and has_errors(reading.problems):
        return None, reading.problems
    return Allocation(pom=reading.pom, com=reading.com), reading.problems


def _read_sheet(raw: RawSheet) -> _Reading:
    """Find the header, then read every data row."""
    reading = _Reading(raw.name, {}, {}, {}, [])
    found = _header(raw, reading.problems)
    if found is None:
        return reading
    header_at, positions = found
    for index in range(header_at + 1, len(raw.rows)):
        _read_row(raw.rows[index], index + 1, positions, reading)
    return reading


def _key(cell: Any) -> str:
    """Header matching: case-insensitive, outer spaces ignored, inner spaces as '_'."""
    return "_".join(str(cell).strip().lower().replace("-", " ").split())


def _header(raw: RawSheet, problems: list[Problem]) -> tuple[int, dict[str, int]] | None:
    """The header row and the position of each needed column (None: an error was added)."""
    for index, row in enumerate(raw.rows[:_HEADER_SCAN_ROWS]):
        keys = [_key(cell) if not is_blank(cell) else "" for cell in row]
        if set(COLUMNS).intersection(keys):
            positions, wrong = _positions(raw.name, index + 1, keys)
            problems.extend(wrong)
            return None if wrong else (index, positions)
    expected = ", ".join(COLUMNS)
    text = f"no header row found: the first row should name the columns ({expected}, ...)"
    problems.append(error(raw.name, 1, "", "", text))
    return None


def _positions(sheet: str, row: int, keys: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """The needed columns' positions, and a problem for each repeated or missing one."""
    positions: dict[str, int] = {}
    wrong: list[Problem] = []
    for position, key in enumerate(keys):
        if key in positions:
            wrong.append(_twice(sheet, row, key, positions[key], position))
        elif key in COLUMNS:
            positions[key] = position
    for column in COLUMNS:
        if column not in positions:
            wrong.append(error(sheet, row, column, "", f"column {column} is missing"))
    return positions, wrong


def _twice(sheet: str, row: int, key: str, first: int, again: int) -> Problem:
    """A needed column that appears twice: which one is meant is unclear."""
    text = (
        f"column {key} appears twice ({column_letter(first)} and {column_letter(again)}): "
        "delete or rename one"
    )
    return error(sheet, row, key, key, text)


def _read_row(cells: Sequence[Any], row: int, positions: dict[str, int], reading: _Reading) -> None:
    """One data row: a case id and its POM and COM (blank: no one)."""
    values = {c: cells[p] if p < len(cells) else None for c, p in positions.items()}
    if all(is_blank(v) for v in cells):
        return
    before = len(reading.problems)
    case_id, pom, com = (_id(values[c], row, c, positions, reading) for c in COLUMNS)
    if len(reading.problems) > before:
        return
    if case_id is None:
        reading.problems.append(_blank_case(pom or com, row, positions, reading.sheet))
    elif case_id in reading.rows:
        first = reading.rows[case_id]
        text = f"case {case_id} is listed twice (rows {first} and {row}): keep one row"
        reading.problems.append(_at(error(reading.sheet, row, "case_id", case_id, text), positions))
    else:
        reading.rows[case_id] = row
        reading.pom[case_id] = pom
        reading.com[case_id] = com


def _blank_case(worker: str | None, row: int, positions: dict[str, int], sheet: str) -> Problem:
    """A row without a case id: an error when it names a POM or COM, else ignored."""
    if worker is not None:
        text = "case_id is blank, so it is not known whose POM or COM this row gives"
        return _at(error(sheet, row, "case_id", "", text), positions)
    return _at(warning(sheet, row, "case_id", "", "case_id is blank: row ignored"), positions)


def _id(
    value: Any, row: int, column: str, positions: dict[str, int], reading: _Reading
) -> str | None:
    """An id cell (None when blank); a cell that cannot be an id is an error."""
    if isinstance(value, CellError):
        text = f"the cell shows the Excel error {value}: type the id or leave it blank"
        reading.problems.append(_at(error(reading.sheet, row, column, str(value), text), positions))
        return None
    if is_blank(value):
        return None
    try:
        return parse_id(value) or None
    except BadValue as bad:
        reading.problems.append(
            _at(error(reading.sheet, row, column, shown(value), str(bad)), positions)
        )
        return None


def _at(problem: Problem, positions: dict[str, int]) -> Problem:
    """The problem with its cell reference, e.g. ``I12``."""
    if problem.row is None or problem.column not in positions:
        return problem
    cell = f"{column_letter(positions[problem.column])}{problem.row}"
    return Problem(
        problem.severity,
        problem.sheet,
        problem.row,
        problem.column,
        problem.value,
        problem.problem,
        cell,
    )


def unknown_ids(data: ProblemData, allocation: Allocation) -> list[Problem]:
    """Case and staff ids of the allocation that the input workbook does not have.

    An unknown case cannot be checked and an unknown POM or COM is most often a
    typing slip, so each is an error, with a suggestion when a known id is close. A
    quarantined case (listed in the report without a POM) is not unknown.
    """
    problems: list[Problem] = []
    cases, staff = data.case_by_id, data.staff_by_id
    held = {case.case_id for case in data.quarantined}  # listed, never allocated: not checked
    for case_id in sorted(set(allocation.pom) | set(allocation.com)):
        if case_id not in cases and case_id not in held:
            text = f"case {case_id} is not in the input's Cases sheet"
            hinted = _hinted(text, case_id, cases, len(problems))
            problems.append(error(SHEET, None, "case_id", case_id, hinted))
    for column, chosen in (("pom", allocation.pom), ("com", allocation.com)):
        for case_id, staff_id in sorted(chosen.items()):
            if staff_id and staff_id not in staff:
                text = f"{column} {staff_id} of case {case_id} is not in the input's Staff sheet"
                hinted = _hinted(text, staff_id, staff, len(problems))
                problems.append(error(SHEET, None, column, staff_id, hinted))
    return problems


def _hinted(text: str, value: str, known: dict[str, Any], found: int) -> str:
    """The message with ``did you mean ...?`` when a known id is close (first few only)."""
    hint = suggest(value, known) if found < _SUGGESTIONS else ""
    return f"{text} ({hint})" if hint else text


def read_run_date(path: str | Path) -> date | None:
    """The run date a report was made for (its ``Summary`` figure), or None."""
    try:
        sheets = open_sheets(Path(path), wanted={sheet_key("Summary")})
    except NotAWorkbook:
        return None
    summary = next((s for s in sheets if s.key == sheet_key("Summary")), None)
    for row in summary.rows if summary else []:
        if len(row) > 1 and str(row[0]).strip().lower() == "run date":
            try:
                return parse_date(row[1])
            except BadValue:
                return None
    return None
