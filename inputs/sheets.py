"""Stage one of reading: each sheet's rows parsed into typed records with problems.

A record is a dict of canonical column name to normalised value, holding only
the cells that were filled in (and parsed), plus ``row``: the row number Excel
shows. Rows with a problem are kept too (with the cells that did parse), so that
the checks across rows see every id; ``ParsedSheet.records`` gives the good ones.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat, zip_longest
from operator import is_not
from typing import Any

from allocator.domain.problems import Problem, column_letter, error, note, warning
from inputs.aliases import HEADER_ALIASES
from inputs.schema import Column, Sheet
from inputs.values import BadValue, is_alias, is_blank, shown, suggest
from inputs.workbook import CellError, RawSheet

_HEADER_SCAN_ROWS = 10  # a title or blank rows above the header are allowed
_BLANK = object()


@dataclass(frozen=True, slots=True)
class _Bad:
    """A cell that could not be parsed, and why (cached like a parsed value)."""

    message: str


@dataclass
class ParsedSheet:
    """The rows of one sheet, parsed against its contract, and what was wrong with them.

    Attributes
    ----------
    sheet
        The contract of the sheet.
    present
        Whether the workbook has the sheet.
    rows
        Every non-blank data row: the cells that parsed, plus ``row``.
    bad
        Excel row numbers of the rows that have an error.
    problems
        Problems of the sheet, its header and its cells.
    positions
        Canonical column name -> 0-based column index in the sheet.
    header_row
        The Excel row number of the header, None when none was found.
    """

    sheet: Sheet
    present: bool
    rows: list[dict[str, Any]] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    header_row: int | None = None

    @property
    def records(self) -> list[dict[str, Any]]:
        """The rows without errors."""
        return [record for record in self.rows if record["row"] not in self.bad]

    @property
    def readable(self) -> bool:
        """The sheet is there and its header row was found."""
        return self.header_row is not None

    def has(self, column: str) -> bool:
        """Whether the sheet has that (canonical) column."""
        return column in self.positions


def column_key(text: Any) -> str:
    """Header matching: case-insensitive, surrounding spaces ignored, inner spaces as '_'."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return "_".join(str(text).strip().lower().replace("-", " ").split())


def parse_sheet(spec: Sheet, raw: RawSheet | None, others: Sequence[str] = ()) -> ParsedSheet:
    """Parse one sheet against its contract (a missing optional sheet is empty).

    Parameters
    ----------
    spec
        The sheet's contract.
    raw
        The sheet's cells, or None when the workbook has no such sheet.
    others
        Names of the workbook's sheets the contract does not know (for a near-miss hint).
    """
    if raw is None:
        result = ParsedSheet(spec, present=False)
        if spec.required:
            result.problems.append(_missing_sheet(spec, others))
        return result
    result = ParsedSheet(spec, present=True)
    result.problems.extend(_sheet_notes(spec, raw))
    header_at = _find_header(spec, raw, result.problems)
    if header_at is None:
        return result
    result.header_row = header_at + 1
    columns = _map_columns(spec, raw.rows[header_at], header_at + 1, result.problems)
    result.positions = {column.name: position for position, column in columns.items()}
    _parse_rows(raw, header_at + 1, columns, result)
    return result


def _missing_sheet(spec: Sheet, others: Sequence[str]) -> Problem:
    """The error for a required sheet that is not there, naming a near miss."""
    close = difflib.get_close_matches(spec.name.lower(), [o.strip().lower() for o in others])
    hint = ""
    if close:
        name = next(o for o in others if o.strip().lower() == close[0])
        hint = f"; is the sheet '{name}' meant to be it? Rename it {spec.name}"
    return error(spec.name, None, "", "", f"the {spec.name} sheet is missing{hint}")


def _sheet_notes(spec: Sheet, raw: RawSheet) -> list[Problem]:
    """A hidden sheet and error cells whose position the file does not say."""
    found = []
    if raw.hidden:
        found.append(note(spec.name, None, "", "", "the sheet is hidden in Excel; it is read"))
    if raw.unplaced_errors:
        found.append(
            warning(
                spec.name,
                None,
                "",
                "",
                f"{raw.unplaced_errors} cells show Excel errors (such as #N/A) and are read as "
                "blank; correct the formulas or type the values",
            )
        )
    if raw.invisible:
        found.append(note(spec.name, None, "", "", _invisible(raw.invisible)))
    return found


def _invisible(count: int) -> str:
    """The note for cells that had invisible characters around their text."""
    return (
        f"{count} cell{'' if count == 1 else 's'} had invisible characters (zero-width "
        "spaces, byte-order marks or non-breaking spaces) before or after their text; "
        "they were removed"
    )


def _header_keys(row: list[Any]) -> list[str]:
    """The canonical key of each header cell ('' for blank and error cells)."""
    return [
        "" if is_blank(cell) or isinstance(cell, CellError) else column_key(cell) for cell in row
    ]


def _find_header(spec: Sheet, raw: RawSheet, problems: list[Problem]) -> int | None:
    """The 0-based index of the header row: the early row naming most known columns."""
    known = header_lookup(spec)
    best, best_count = None, 0
    for index, row in enumerate(raw.rows[:_HEADER_SCAN_ROWS]):
        count = len(known.keys() & set(_header_keys(row)))
        if count > best_count:
            best, best_count = index, count
    if best is not None:
        return best
    expected = ", ".join(c.name for c in spec.columns if c.required)
    if not any(not is_blank(cell) for row in raw.rows for cell in row):
        message = f"the sheet is empty; its first row should name the columns ({expected}, ...)"
    else:
        message = (
            f"no header row found in the first {_HEADER_SCAN_ROWS} rows; "
            f"the header row names the columns ({expected}, ...)"
        )
    problems.append(error(spec.name, None, "", "", message))
    return None


def _map_columns(
    spec: Sheet, cells: list[Any], row: int, problems: list[Problem]
) -> dict[int, Column]:
    """Known columns by position; unknown ones noted; duplicates and missing ones are errors."""
    known = {c.name: c for c in spec.columns}
    lookup = header_lookup(spec)
    columns: dict[int, Column] = {}
    unknown: dict[str, int] = {}
    for position, key in enumerate(_header_keys(cells)):
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            unknown.setdefault(key, position)
        elif known[name] in columns.values():
            first = next(p for p, c in columns.items() if c.name == name)
            text = _twice(name, first) if key == name else _both(name, first, cells, position)
            twice = error(spec.name, row, name, cells[position], text)
            problems.append(_at(twice, f"{column_letter(position)}{row}"))
        else:
            columns[position] = known[name]
            if key != name:
                text = f"read '{shown(cells[position])}' as {name}"
                read_as = note(spec.name, row, name, cells[position], text)
                problems.append(_at(read_as, f"{column_letter(position)}{row}"))
    absent = [name for name, column in known.items() if column not in columns.values()]
    for key, position in unknown.items():
        hint = suggest(key, absent)
        text = "unknown column, ignored" + (f"; {hint}" if hint else "")
        value = cells[position]
        problems.append(
            _at(note(spec.name, row, shown(value), value, text), f"{column_letter(position)}{row}")
        )
    problems.extend(_missing_columns(spec, row, columns, unknown))
    return columns


def _both(name: str, first: int, cells: list[Any], position: int) -> str:
    """The message for two headers that both mean one column (one of them an alias)."""
    return (
        f"columns {column_letter(first)} ('{shown(cells[first])}') and "
        f"{column_letter(position)} ('{shown(cells[position])}') both mean {name}; "
        "delete or rename one"
    )


@functools.cache
def header_lookup(spec: Sheet) -> dict[str, str]:
    """Header key -> canonical column name: the contract's names, then their aliases."""
    lookup = {column.name: column.name for column in spec.columns}
    for name, aliases in HEADER_ALIASES.get(spec.name, {}).items():
        for alias in aliases:
            lookup.setdefault(column_key(alias), name)
    return lookup


def _twice(key: str, first: int) -> str:
    """The message for a column that appears twice in the header."""
    return f"column {key} appears twice (also column {column_letter(first)}); delete or rename one"


def _missing_columns(
    spec: Sheet, row: int, columns: dict[int, Column], unknown: dict[str, int]
) -> list[Problem]:
    """An error for each required column the header lacks, naming a near-miss header."""
    found = []
    present = {c.name for c in columns.values()}
    for column in spec.columns:
        if not column.required or column.name in present or column.instead in present:
            continue
        close = difflib.get_close_matches(column.name, list(unknown), n=1, cutoff=0.6)
        hint = ""
        if close:
            letter = column_letter(unknown[close[0]])
            hint = f"; is column {letter} ('{close[0]}') meant to be it? Rename it {column.name}"
        name = column.name + (f" (or {column.instead})" if column.instead else "")
        found.append(
            error(spec.name, row, column.name, "", f"required column {name} is missing{hint}")
        )
    return found


def _at(problem: Problem, cell: str) -> Problem:
    """The problem with its cell reference."""
    return dataclasses.replace(problem, cell=cell)


def _parse_rows(raw: RawSheet, start: int, columns: dict[int, Column], result: ParsedSheet) -> None:
    """Parse every data row below the header; fully blank rows are skipped.

    This is the hot path of reading a national workbook, so the cells are parsed
    a column at a time, each distinct value once, and rows are then put together.
    """
    order = sorted(columns.items())
    table = list(zip_longest(*raw.rows[start:]))
    count = len(raw.rows) - start
    cells = [table[p] if p < len(table) else (None,) * count for p, _ in order]
    outcomes = [
        _parse_column(values, column) for values, (_, column) in zip(cells, order, strict=True)
    ]
    result.problems.extend(_value_notes(result.sheet.name, start, order, cells))
    bad_offsets = set().union(*(_failed(column) for column in outcomes))
    names = [column.name for _, column in order]
    required = {column.name for _, column in order if column.required}
    blank = repeat(_BLANK)
    for offset, row_outcomes in enumerate(zip(*outcomes, strict=True)):
        record = dict(
            compress(zip(names, row_outcomes, strict=True), map(is_not, row_outcomes, blank))
        )
        if not record:
            continue
        record["row"] = start + offset + 1
        if offset in bad_offsets or not record.keys() >= required:
            values = [column[offset] for column in cells]
            if not _check_row(raw, record, values, order, result):
                continue
        result.rows.append(record)


def _value_notes(
    sheet: str,
    header_row: int,
    order: list[tuple[int, Column]],
    cells: Sequence[Sequence[Any]],
) -> list[Problem]:
    """A note for each value alias used (once per column and value): "read 'VH' as very
    high"."""
    found = []
    for (position, column), values in zip(order, cells, strict=True):
        if column.kind != "enum" and column.name != "mappa_level":
            continue
        for value in sorted(set(values), key=str):  # each distinct value once, in a set order
            outcome = _parse_cell(column, value)
            if outcome is _BLANK or outcome.__class__ is _Bad:
                continue
            if is_alias(value, outcome):
                text = f"read '{shown(value)}' as {outcome} (and in every row that has it)"
                read_as = note(sheet, header_row, column.name, value, text)
                found.append(_at(read_as, f"{column_letter(position)}{header_row}"))
    return found


def _check_row(
    raw: RawSheet,
    record: dict[str, Any],
    values: list[Any],
    order: list[tuple[int, Column]],
    result: ParsedSheet,
) -> bool:
    """Report a row's bad and missing cells; False when the row is to be dropped.

    The cells that failed are taken out of ``record``. A row that repeats the
    header is one problem, and is dropped so that no other check sees it.
    """
    spec, row = result.sheet, record["row"]
    bad = _bad_cells(record, values, [column.name for _, column in order])
    _missing_cells(raw, row, record, bad, order)
    if not bad:
        return True
    result.bad.add(row)
    if _repeats_header(bad):
        text = "the header row is repeated here; delete this row"
        result.problems.append(error(spec.name, row, "", "", text))
        return False
    result.problems.extend(
        error(spec.name, row, name, value, message) for name, (value, message) in bad.items()
    )
    return True


def _parse_column(values: Sequence[Any], column: Column) -> list[Any]:
    """Each cell's parsed value, ``_BLANK`` or ``_Bad``, parsing each distinct value once."""
    distinct = set(values)
    if (True in distinct or False in distinct) and bool in set(map(type, values)):
        return _parse_column_with_booleans(values, column)
    lookup = {value: _parse_cell(column, value) for value in distinct}
    return list(map(lookup.__getitem__, values))


def _parse_column_with_booleans(values: Sequence[Any], column: Column) -> list[Any]:
    """As ``_parse_column``, telling TRUE/FALSE apart from 1 and 0 (equal in Python)."""
    typed: dict[tuple[bool, Any], Any] = {}
    for value in values:
        key = (value.__class__ is bool, value)
        if key not in typed:
            typed[key] = _parse_cell(column, value)
    return [typed[(value.__class__ is bool, value)] for value in values]


def _failed(outcomes: list[Any]) -> set[int]:
    """Offsets of the cells that did not parse."""
    if not any(outcome.__class__ is _Bad for outcome in set(outcomes)):
        return set()
    return {offset for offset, outcome in enumerate(outcomes) if outcome.__class__ is _Bad}


def _bad_cells(
    record: dict[str, Any], values: list[Any], names: list[str]
) -> dict[str, tuple[Any, str]]:
    """Take the cells that did not parse out of a record: column -> (value, message).

    An error cell's value is its code, e.g. ``#N/A``.
    """
    bad = {}
    for name, value in zip(names, values, strict=True):
        outcome = record.get(name)
        if outcome.__class__ is _Bad:
            bad[name] = (str(value) if isinstance(value, CellError) else value, outcome.message)
            del record[name]
    return bad


def _missing_cells(
    raw: RawSheet,
    row: int,
    record: dict[str, Any],
    bad: dict[str, tuple[Any, str]],
    order: list[tuple[int, Column]],
) -> None:
    """Add an error for each required cell that is empty."""
    for position, column in order:
        name = column.name
        if column.required and name not in record and name not in bad:
            if column.instead and column.instead in record:
                continue  # e.g. hours given instead of fte
            hint = _merged_hint(raw, row - 1, position) + _formula_hint(raw, row - 1, position)
            bad[name] = ("", f"{name} is required{hint}")


def _parse_cell(column: Column, value: Any) -> Any:
    """The parsed value, ``_BLANK``, or ``_Bad`` with the message."""
    if value is None or value == "":
        return _BLANK
    if isinstance(value, CellError):
        return _Bad(
            f"the cell shows the Excel error {value.code}; correct the formula or type the value"
        )
    if is_blank(value):
        return _BLANK
    try:
        return column.parse(value)
    except BadValue as bad:
        return _Bad(str(bad))


def _formula_hint(raw: RawSheet, row: int, column: int) -> str:
    """For an empty required cell that is an uncalculated formula: say so (0-based cell)."""
    if (row, column) not in raw.uncalculated:
        return ""
    return (
        " (the cell holds a formula saved without its calculated value: open the workbook "
        "in Excel, press F9 and save it)"
    )


def _merged_hint(raw: RawSheet, index: int, position: int) -> str:
    """For an empty cell inside merged cells: say so, as merging hides the value."""
    merged = raw.merged_range(index, position)
    if not merged:
        return ""
    return f" (the cell is part of merged cells {merged}: unmerge them and fill in every row)"


def _repeats_header(bad: dict[str, tuple[Any, str]]) -> bool:
    """Whether most failed cells hold their own column's name."""
    echoed = sum(
        1
        for name, (value, _) in bad.items()
        if isinstance(value, str) and column_key(value) == name
    )
    return echoed >= 2 and echoed * 2 >= len(bad)
