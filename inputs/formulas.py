"""Formulas saved without a calculated value: read as blank, and said so.

A workbook saved by a script (openpyxl, pandas) or by Excel in manual calculation
mode can hold formulas whose value was never calculated. The file has no value to
read, so such a cell reads as blank: a release date computed by a formula would
silently leave a case out of scope. One warning per sheet names the cells in
the columns the allocator reads (a required one is also an error of its row).
"""

from __future__ import annotations

from allocator.domain.problems import Problem, column_letter, warning
from inputs.sheets import ParsedSheet
from inputs.workbook import RawSheet

_LISTED = 10  # cells named in the warning; the rest are counted
CAUSE = (
    "a formula saved without its calculated value (by a program, or by Excel in manual "
    "calculation mode)"
)
FIX = "open the workbook in Excel, press F9 (Formulas > Calculate Now) and save it"


def uncalculated_cells(raw: RawSheet | None, parsed: ParsedSheet) -> list[Problem]:
    """One warning naming the sheet's uncalculated formulas in the columns it reads."""
    if raw is None or not raw.uncalculated or parsed.header_row is None:
        return []
    read = set(parsed.positions.values())
    cells = sorted(
        (row, column)
        for row, column in raw.uncalculated
        if column in read and row >= parsed.header_row
    )
    if not cells:
        return []
    names = [f"{column_letter(column)}{row + 1}" for row, column in cells]
    listed = ", ".join(names[:_LISTED]) + (
        f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
    )
    text = (
        f"{len(names)} cell{'' if len(names) == 1 else 's'} ({listed}) hold {CAUSE}, so they "
        f"are read as blank; {FIX}"
    )
    return [warning(parsed.sheet.name, None, "", "", text)]
