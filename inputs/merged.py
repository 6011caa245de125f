"""Merged cells over data: only the first cell holds the value, the others read blank.

A sheet tidied for printing often has one ``ldu`` merged over the sixteen rows of
its cases. Excel shows the value against every row, but the file keeps it in the
first cell only, so fifteen cases would be read without an LDU and no one told. A
merged range that covers a column the allocator reads is a warning naming the range
and the rows that read as blank (a required cell left blank is also an error of its
row, which says the same).
"""

from __future__ import annotations

from allocator.domain.problems import Problem, column_letter, warning
from inputs.sheets import ParsedSheet
from inputs.values import shown
from inputs.workbook import RawSheet


def merged_cells(raw: RawSheet | None, parsed: ParsedSheet) -> list[Problem]:
    """A warning for each merged range over the sheet's data in a column it reads."""
    if raw is None or not raw.merged or parsed.header_row is None:
        return []
    first_data = parsed.header_row  # 0-based index of the row below the header
    names = {position: name for name, position in parsed.positions.items()}
    found = []
    for top, left, bottom, right in raw.merged:
        # down a column every cell but the first reads blank; along a row, those right of it
        start = left if bottom > top else left + 1
        columns = [names[c] for c in range(start, right + 1) if c in names]
        if bottom < first_data or not columns:
            continue
        found.append(_warning(raw, parsed, (top, left, bottom, right), columns))
    return found


def _warning(
    raw: RawSheet, parsed: ParsedSheet, where: tuple[int, int, int, int], columns: list[str]
) -> Problem:
    """The warning for one merged range: which cells read as blank, and what to do."""
    top, left, bottom, right = where
    first = f"{column_letter(left)}{top + 1}"
    reference = f"{first}:{column_letter(right)}{bottom + 1}"
    value = raw.rows[top][left] if top < len(raw.rows) and left < len(raw.rows[top]) else ""
    held = f" ('{shown(value)}')" if value not in (None, "") else ""
    start = max(top + 1, parsed.header_row or 0) + 1  # Excel row numbers
    if bottom > top:
        rows = f"rows {start} to {bottom + 1}" if bottom + 1 > start else f"row {start}"
    else:
        rows = f"row {top + 1}"
    text = (
        f"cells {reference} are merged: only {first} holds the value{held}, so "
        f"{', '.join(columns)} {'reads' if len(columns) == 1 else 'read'} as blank in {rows}; "
        "unmerge them and fill in every cell"
    )
    row = top + 1 if top + 1 > (parsed.header_row or 0) else start
    return warning(parsed.sheet.name, row, columns[0], value, text)
