"""Merged cells in the data of a sheet: a warning names the range and the rows read blank.

Generated workbooks: the small valid input of ``tests/conftest.py`` with cells merged
the way a sheet tidied for printing has them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inputs import read
from tests.conftest import Layout, good_sheets, message, set_cell

Make = Callable[..., Path]


def test_an_ldu_merged_over_three_cases_is_a_warning(xlsx: Make) -> None:
    # ldu is column L; the cases are on rows 2 to 4
    sheets = good_sheets()
    set_cell(sheets, "Cases", 3, "ldu", None)
    result = read(xlsx(sheets, Layout(merged={"Cases": [("L2:L4", "L1")]})))
    assert result.ok
    assert message(result, "Cases", 2, "ldu") == (
        "cells L2:L4 are merged: only L2 holds the value ('L1'), so ldu reads as blank in "
        "rows 3 to 4; unmerge them and fill in every cell"
    )
    problem = next(p for p in result.problems if p.column == "ldu")
    assert problem.severity == "warning"
    assert [c.ldu for c in result.data.cases] == ["L1", None, None]  # type: ignore[union-attr]


def test_cells_merged_along_a_row_name_the_columns_read_blank(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 4, "recall", None)
    # rosh (E) to recall (G) merged on the remand case's row
    result = read(xlsx(sheets, Layout(merged={"Cases": [("E4:G4", "low")]})))
    assert message(result, "Cases", 4, "mappa_level") == (
        "cells E4:G4 are merged: only E4 holds the value ('low'), so mappa_level, recall "
        "read as blank in row 4; unmerge them and fill in every cell"
    )


def test_merged_cells_outside_the_data_are_not_reported(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases"].insert(0, ["Cases for June"])
    sheets["Cases"][1].append("notes")
    layout = Layout(merged={"Cases": [("A1:F1", "Cases for June"), ("Q3:Q5", "see Sam")]})
    result = read(xlsx(sheets, layout))
    assert result.ok
    assert not any("merged" in p.problem for p in result.problems)
