"""Reading Posts, Interests and LDUs: typed records, and every problem in one pass.

Each problem names the sheet, the Excel row, the column, the value and what was
expected, like every other sheet of the contract.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from allocator.domain.problem import Interest, Ldu, Post
from inputs import Severity, read
from tests.conftest import Rows, found, good_sheets, message

Make = Callable[..., Path]


def deploy_sheets() -> dict[str, Rows]:
    """The conftest workbook with an officer and the three deployment sheets."""
    sheets = good_sheets()
    sheets["Staff"].append(["O1", "Olu One", "COM", "PO", "L1", 1.0, "active", None])
    sheets["Staff"].append(["O2", "Ola Two", "COM", "PO", "L1", 0.5, None, None])
    sheets["SPOs"].append(["S2", "Sue Spo", "WNI", 1.0])
    sheets["Posts"] = [
        ["prison", "posts_fte", "go_live_date"],
        ["LEI", 2.5, date(2026, 1, 5)],
        ["WNI", 1, None],
    ]
    sheets["Interests"] = [
        ["staff_id", "prison", "preference", "selection_score"],
        ["O1", "LEI", 1, 72.5],
        ["O1", "WNI", 2, 60],
        ["O2", "LEI", 1, 80],
    ]
    sheets["LDUs"] = [["ldu", "min_fte", "max_leavers", "vacancy_fte"], ["L1", 1.0, 1, 0.3]]
    return sheets


def test_good_deployment_sheets_are_read(xlsx: Make) -> None:
    result = read(xlsx(deploy_sheets()))
    assert result.ok
    assert [p for p in result.problems if p.severity is not Severity.NOTE] == []
    data = result.data
    assert data is not None
    assert data.posts == (Post("LEI", 2.5, date(2026, 1, 5), 2), Post("WNI", 1.0, None, 3))
    assert data.interests[0] == Interest("O1", "LEI", 1, 72.5, 2)
    assert data.ldus == (Ldu("L1", 1.0, 1, 0.3, 2),)
    assert data.post_by_prison["WNI"].posts_fte == 1.0
    assert data.ldu_by_code["L1"].max_leavers == 1


def test_a_workbook_without_them_reads_as_before(xlsx: Make) -> None:
    result = read(xlsx())
    assert result.data is not None
    assert (result.data.posts, result.data.interests, result.data.ldus) == ((), (), ())


def broken_sheets() -> dict[str, Rows]:
    """Every kind of deployment problem, one per row."""
    sheets = deploy_sheets()
    sheets["Staff"].append(["O5", "Oz Five", "COM", "PO", "L1", 1.0, None, None])
    sheets["Posts"] += [
        ["LEI", 1, None],  # row 4: duplicate prison
        ["XYZ", 0, None],  # row 5: posts_fte 0
        ["ABC", "two", "soon"],  # row 6: not a number, not a date
    ]
    sheets["Interests"] += [
        ["o1", "LEI", 3, None],  # row 5: unknown staff (o1 for O1)
        ["P1", "LEI", 1, None],  # row 6: a POM
        ["C1", "LEI", 1, None],  # row 7: a PSO
        ["O2", "LEE", 2, None],  # row 8: no posts at LEE
        ["O1", "LEI", 3, None],  # row 9: O1 names LEI twice
        ["O2", "WNI", 0, -5],  # row 10: preference 0, a negative score
        ["O5", "WNI", "first", None],  # row 11: not a whole number
    ]
    sheets["LDUs"] += [
        ["L1", 2, None, None],  # row 3: duplicate LDU
        ["L2", -1, 1.5, -2],  # row 4: negative, not whole, negative; L2 is unknown
    ]
    return sheets


EXPECTED_ERRORS = [
    ("Posts", 4, "prison", "duplicate prison 'LEI': also on row 2; each must appear once"),
    (
        "Posts",
        5,
        "posts_fte",
        "posts_fte must be more than 0 (delete the row if there are no posts)",
    ),
    ("Posts", 6, "posts_fte", "'two' is not a number"),
    ("Posts", 6, "go_live_date", "'soon' is not a date; write it as 31/03/2025 or 2025-03-31"),
    (
        "Interests",
        5,
        "staff_id",
        "unknown staff id 'o1': add the officer to Staff; did you mean 'O1'?",
    ),
    (
        "Interests",
        6,
        "staff_id",
        "'P1' is a POM: only officers in community teams (COM) are deployed",
    ),
    (
        "Interests",
        7,
        "staff_id",
        "'C1' is grade PSO: only probation officers (PO) fill these posts",
    ),
    ("Interests", 8, "prison", "no posts at 'LEE': add it to the Posts sheet; did you mean 'LEI'?"),
    ("Interests", 9, "prison", "O1 already names LEI on row 2; each officer names a prison once"),
    ("Interests", 10, "preference", "preference must be 1 (first choice) or more"),
    ("Interests", 10, "selection_score", "selection_score must be 0 or more (higher is better)"),
    ("Interests", 11, "preference", "'first' is not a number"),
    ("LDUs", 3, "ldu", "duplicate ldu 'L1': also on row 2; each must appear once"),
    ("LDUs", 4, "max_leavers", "'1.5' is not a whole number"),  # cells first, then checks
    ("LDUs", 4, "min_fte", "min_fte must not be negative"),
    ("LDUs", 4, "vacancy_fte", "vacancy_fte must not be negative"),
]


def test_every_problem_is_found_in_one_pass(xlsx: Make) -> None:
    result = read(xlsx(broken_sheets()))
    assert not result.ok
    assert found(result) == [(sheet, row, column) for sheet, row, column, _ in EXPECTED_ERRORS]


@pytest.mark.parametrize("sheet,row,column,text", EXPECTED_ERRORS, ids=lambda x: str(x))
def test_each_problem_says_what_was_expected(
    xlsx: Make, sheet: str, row: int, column: str, text: str
) -> None:
    result = read(xlsx(broken_sheets()))
    assert message(result, sheet, row, column) == text


def test_problems_name_the_cell(xlsx: Make) -> None:
    result = read(xlsx(broken_sheets()))
    cells = {(p.sheet, p.row, p.column): p.cell for p in result.problems}
    assert cells[("Posts", 5, "posts_fte")] == "B5"
    assert cells[("Interests", 10, "preference")] == "C10"


def test_warnings_and_notes(xlsx: Make) -> None:
    sheets = deploy_sheets()
    sheets["Staff"].append(["O3", "Old Three", "COM", "PO", "L2", 1.0, "inactive", None])
    sheets["Staff"].append(["O4", "Ora Four", "COM", "PO", "L3", 1.0, None, None])
    sheets["Interests"] += [
        ["O3", "LEI", 1, 50],  # row 5: inactive
        ["O4", "WNI", 1, None],  # row 6: WNI scored for nobody else... and L3 not in LDUs
        ["O4", "LEI", 1, 40],  # row 7: the same preference as row 6
    ]
    sheets["Posts"].append(["BMI", 1, None])  # row 4: not in Prisons, and no SPO works there
    sheets["LDUs"].append(["LX", 1, None, None])  # row 3: no COM or case names LX
    result = read(xlsx(sheets))
    assert result.ok, [str(p) for p in result.problems]
    warnings = {
        (p.sheet, p.row, p.column): p.problem
        for p in result.problems
        if p.severity is Severity.WARNING
    }
    notes = {(p.sheet, p.row, p.column): p.problem for p in result.problems if p.severity == "note"}
    assert "inactive (away long-term)" in warnings[("Interests", 5, "staff_id")]
    assert warnings[("Interests", 7, "preference")] == (
        "O4 also gives preference 1 to WNI (row 6); both count as choice 1"
    )
    assert warnings[("Posts", 4, "prison")].startswith("no SPO in the SPOs sheet works at BMI")
    assert "no COM in Staff works in this LDU" in warnings[("LDUs", 3, "ldu")]
    assert "LDU L3 is not in the LDUs sheet" in notes[("Interests", 6, "staff_id")]
    assert notes[("Posts", 4, "prison")].startswith("not in the Prisons sheet")


def test_mixed_scores_in_one_prison_are_warned_once(xlsx: Make) -> None:
    sheets = deploy_sheets()
    sheets["Interests"].append(["C1", "WNI", 1, None])  # a PSO: an error, but scores count too
    sheets["Interests"][2][3] = None  # O1's WNI score blank; O1's LEI and O2's LEI scored
    sheets["Interests"][3][3] = None  # O2's LEI blank: LEI has one scored, one blank
    result = read(xlsx(sheets))
    mixed = [p for p in result.problems if p.column == "selection_score"]
    assert [(p.sheet, p.row, p.severity) for p in mixed] == [("Interests", 4, Severity.WARNING)]
    assert mixed[0].problem == (
        "1 interests in LEI have a selection_score and 1 do not; a blank score counts as 0"
    )


def test_interests_without_a_posts_sheet_is_one_error(xlsx: Make) -> None:
    sheets = deploy_sheets()
    del sheets["Posts"]
    result = read(xlsx(sheets))
    errors = [(p.sheet, p.row, p.problem) for p in result.problems if p.severity is Severity.ERROR]
    assert errors == [
        ("Interests", 2, "there is no Posts sheet: interests need the posts they are for")
    ]


def test_required_columns_are_required(xlsx: Make) -> None:
    sheets = deploy_sheets()
    sheets["Interests"] = [[c for c in row[:2]] + row[3:] for row in sheets["Interests"]]
    result = read(xlsx(sheets))
    assert ("Interests", 1, "preference") in found(result)


def test_sheet_names_match_ignoring_case(xlsx: Make) -> None:
    sheets: dict[str, Any] = deploy_sheets()
    sheets[" posts "] = sheets.pop("Posts")
    sheets["ldus"] = sheets.pop("LDUs")
    result = read(xlsx(sheets))
    assert result.data is not None and len(result.data.posts) == 2 and len(result.data.ldus) == 1
