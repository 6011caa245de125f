"""Stage one of reading: each sheet's rows parsed into typed records with problems.

A record is a dict of canonical column name to normalised value, holding only
the cells that were filled in, plus ``row``: the row number Excel shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from inputs.problems import Problem, error, note
from inputs.schema import Column, Sheet
from inputs.values import BadValue, is_blank, suggest
from inputs.workbook import RawSheet

_HEADER_SCAN_ROWS = 10  # a title or blank rows above the header are allowed


@dataclass
class ParsedSheet:
    """The good records of a sheet and what was wrong with the rest."""

    sheet: Sheet
    present: bool
    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: int = 0


def column_key(text: Any) -> str:
    """Header matching: case-insensitive, surrounding spaces ignored, inner spaces as '_'."""
    return "_".join(str(text).strip().lower().replace("-", " ").split())


def parse_sheet(spec: Sheet, raw: RawSheet | None) -> ParsedSheet:
    """Parse one sheet against its contract (a missing optional sheet is empty)."""
    if raw is None:
        result = ParsedSheet(spec, present=False)
        if spec.required:
            result.problems.append(
                error(spec.name, None, "", "", f"the {spec.name} sheet is missing")
            )
        return result
    result = ParsedSheet(spec, present=True)
    header_at, columns = _header(spec, raw, result.problems)
    if header_at is None:
        return result
    for index in range(header_at + 1, len(raw.rows)):
        _parse_row(spec, raw.rows[index], index + 1, columns, result)
    return result


def _header(
    spec: Sheet, raw: RawSheet, problems: list[Problem]
) -> tuple[int | None, dict[int, Column]]:
    """Find the header row and map cell positions to canonical column names."""
    known = {c.name for c in spec.columns}
    for index, row in enumerate(raw.rows[:_HEADER_SCAN_ROWS]):
        keys = [column_key(cell) if not is_blank(cell) else "" for cell in row]
        if known.intersection(keys):
            return index, _map_columns(spec, raw.name, index + 1, row, keys, problems)
    expected = ", ".join(c.name for c in spec.columns if c.required)
    problems.append(
        error(
            raw.name,
            1,
            "",
            "",
            f"no header row found; the first row should name the columns ({expected}, ...)",
        )
    )
    return None, {}


def _map_columns(
    spec: Sheet, name: str, row: int, cells: list[Any], keys: list[str], problems: list[Problem]
) -> dict[int, Column]:
    """Known columns by position; unknown ones noted; duplicates and missing ones are errors."""
    known = {c.name: c for c in spec.columns}
    columns: dict[int, Column] = {}
    for position, key in enumerate(keys):
        if not key:
            continue
        if any(c.name == key for c in columns.values()):
            problems.append(error(name, row, key, cells[position], f"column {key} appears twice"))
        elif key in known:
            columns[position] = known[key]
        else:
            hint = suggest(key, known)
            problems.append(
                note(
                    name,
                    row,
                    str(cells[position]),
                    cells[position],
                    "unknown column, ignored" + (f" ({hint})" if hint else ""),
                )
            )
    for column in spec.columns:
        if column.required and column not in columns.values():
            problems.append(
                error(name, row, column.name, "", f"required column {column.name} is missing")
            )
    return columns


def _parse_row(
    spec: Sheet, cells: list[Any], row: int, columns: dict[int, Column], result: ParsedSheet
) -> None:
    """Parse one data row; fully blank rows are skipped."""
    record: dict[str, Any] = {}
    problems: list[Problem] = []
    width = len(cells)
    for position, column in columns.items():
        value = cells[position] if position < width else None
        if value is None or value == "" or is_blank(value):
            continue
        try:
            record[column.name] = column.parse(value)
        except BadValue as bad:
            problems.append(error(spec.name, row, column.name, value, str(bad)))
    if not record and not problems:
        return
    for column in columns.values():
        if column.required and column.name not in record and not _failed(problems, column.name):
            problems.append(error(spec.name, row, column.name, "", f"{column.name} is required"))
    if problems:
        result.problems.extend(problems)
        result.bad_rows += 1
        return
    record["row"] = row
    result.records.append(record)


def _failed(problems: list[Problem], column: str) -> bool:
    """Whether this column already has a problem on this row."""
    return any(p.column == column for p in problems)
