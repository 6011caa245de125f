"""Checks across rows and sheets: duplicates, references, ranges and date order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inputs import ReadResult
from inputs import read as read_leniently
from tests.conftest import Rows, found, good_sheets, message, set_cell

Make = Callable[..., Path]


def read(path: Any, overrides: Any = None) -> Any:
    """Read strictly: every error stops the run, so each message is seen as it is written
    (the lenient default, which quarantines single Cases rows, is in test_quarantine.py)."""
    return read_leniently(path, overrides, strict=True)


def read_with(xlsx: Make, *changes: tuple[str, int, str, Any]) -> ReadResult:
    """Read the good workbook with some cells changed: (sheet, row, column, value)."""
    sheets = good_sheets()
    for sheet, row, column, value in changes:
        set_cell(sheets, sheet, row, column, value)
    return read(xlsx(sheets))


def add_case(sheets: dict[str, Rows], **cells: Any) -> int:
    """Append a case row (a remand case at LEI unless told otherwise); its Excel row."""
    row = len(sheets["Cases"]) + 1
    values = {"case_id": f"X{row}", "prison": "LEI", "sentence_type": "remand", **cells}
    for column, value in values.items():
        set_cell(sheets, "Cases", row, column, value)
    return row


# Duplicates -----------------------------------------------------------------------------


def test_duplicate_case_ids(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 4, "case_id", "A1111AA"))
    assert found(result) == [("Cases", 4, "case_id")]
    assert message(result, "Cases", 4, "case_id") == (
        "duplicate case_id 'A1111AA': also on row 2; each must appear once"
    )


def test_duplicate_of_a_row_with_another_error_is_still_found(xlsx: Make) -> None:
    """The first row has a bad tier; the duplicate of its id must be reported too."""
    result = read_with(xlsx, ("Cases", 2, "tier", "Z"), ("Cases", 4, "case_id", "A1111AA"))
    assert found(result) == [("Cases", 2, "tier"), ("Cases", 4, "case_id")]


def test_duplicate_whose_second_row_has_another_error(xlsx: Make) -> None:
    result = read_with(
        xlsx, ("Cases", 4, "case_id", "A1111AA"), ("Cases", 4, "sentence_type", "???")
    )
    assert found(result) == [("Cases", 4, "sentence_type"), ("Cases", 4, "case_id")]


def test_every_later_duplicate_names_the_first_row(xlsx: Make) -> None:
    sheets = good_sheets()
    rows = [add_case(sheets, case_id="A1111AA") for _ in range(2)]
    result = read(xlsx(sheets))
    assert found(result) == [("Cases", rows[0], "case_id"), ("Cases", rows[1], "case_id")]
    assert all("also on row 2" in message(result, "Cases", r, "case_id") for r in rows)


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value"),
    [
        ("Staff", 4, "staff_id", "P1"),
        ("SPOs", 3, "spo_id", "S1"),
        ("Prisons", 3, "prison", "LEI"),
    ],
)
def test_duplicate_ids_in_other_sheets(
    xlsx: Make, sheet: str, row: int, column: str, value: str
) -> None:
    sheets = good_sheets()
    set_cell(sheets, sheet, row, column, value)
    if sheet == "Staff":  # keep the rest valid: C1's cases now point at a POM
        set_cell(sheets, "Cases", 2, "current_com", None)
    result = read(xlsx(sheets))
    assert (sheet, row, column) in found(result)
    assert message(result, sheet, row, column).startswith(f"duplicate {column} '{value}'")


def test_ids_differing_only_in_spaces_are_the_same(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 4, "case_id", " A1111AA "))
    assert found(result) == [("Cases", 4, "case_id")]


# References -----------------------------------------------------------------------------


def test_unknown_current_pom(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 2, "current_pom", "P9"))
    assert found(result) == [("Cases", 2, "current_pom")]
    assert message(result, "Cases", 2, "current_pom") == (
        "unknown staff id 'P9': not on the Staff sheet; add them to Staff (status inactive if "
        "they have left)"
    )


def test_unknown_staff_id_differing_in_case_gets_a_suggestion(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 2, "current_com", "c1"))
    assert message(result, "Cases", 2, "current_com").endswith("; did you mean 'C1'?")


def test_current_worker_with_the_wrong_role(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 2, "current_pom", "C1"), ("Cases", 3, "current_com", "P1"))
    assert message(result, "Cases", 2, "current_pom") == "'C1' is a COM, not a POM"
    assert message(result, "Cases", 3, "current_com") == "'P1' is a POM, not a COM"


def test_reference_to_a_staff_row_with_an_error_is_not_unknown(xlsx: Make) -> None:
    """P1's row has a bad FTE: cases naming P1 must not also say P1 is unknown."""
    result = read_with(xlsx, ("Staff", 2, "fte", "full time"), ("Staff", 2, "role", "boss"))
    assert found(result) == [("Staff", 2, "role"), ("Staff", 2, "fte")]


def test_no_staff_sheet_gives_one_error_not_one_per_case(xlsx: Make) -> None:
    sheets = good_sheets()
    del sheets["Staff"]
    assert found(read(xlsx(sheets))) == [("Staff", None, "")]


def test_former_staff_in_lists_are_notes(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 2, "previous_poms", "P2; P7 ,P8"))
    assert result.ok
    assert message(result, "Cases", 2, "previous_poms") == (
        "not in the Staff sheet (left the service?); ignored"
    )
    assert [p.value for p in result.problems if p.column == "previous_poms"] == ["P7;P8"]


def test_current_pom_also_excluded_is_a_warning(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 2, "excluded_staff", "P1"))
    assert result.ok
    assert found(result, "warning") == [("Cases", 2, "current_pom")]


def test_unknown_spo(xlsx: Make) -> None:
    result = read_with(xlsx, ("Staff", 3, "spo", "s1 "), ("Staff", 4, "spo", "S7"))
    assert message(result, "Staff", 3, "spo") == (
        "unknown SPO 's1': not in the SPOs sheet; did you mean 'S1'?"
    )
    assert message(result, "Staff", 4, "spo") == "unknown SPO 'S7': not in the SPOs sheet"


def test_spos_named_without_an_spos_sheet_is_one_warning(xlsx: Make) -> None:
    sheets = good_sheets()
    del sheets["SPOs"]
    result = read(xlsx(sheets))
    assert result.ok
    assert found(result, "warning") == [("Staff", 2, "spo")]


def test_case_prison_missing_from_prisons_is_noted_once(xlsx: Make) -> None:
    sheets = good_sheets()
    first = add_case(sheets, prison="HMI")
    add_case(sheets, prison="HMI")
    result = read(xlsx(sheets))
    assert result.ok
    assert found(result, "note") == [("Cases", first, "prison")]


# Staff ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fte", [0.1, 0.5, 1.0, "0.8"])
def test_fte_in_range(xlsx: Make, fte: Any) -> None:
    assert read_with(xlsx, ("Staff", 2, "fte", fte)).ok


@pytest.mark.parametrize(
    ("fte", "text"),
    [
        (0, "FTE must be from 0.1 to 1.0 (1.0 = full time, 37.5 hours)"),
        (0.05, "FTE must be from 0.1 to 1.0"),
        (-1, "FTE must be from 0.1 to 1.0"),
        (1.01, "FTE must be from 0.1 to 1.0"),
        (30, "if 30 is weekly hours, write 0.8"),
        (37.5, "if 37.5 is weekly hours, write 1.0"),
        (100, "FTE must be from 0.1 to 1.0 (1.0 = full time, 37.5 hours)"),
    ],
)
def test_fte_out_of_range(xlsx: Make, fte: float, text: str) -> None:
    result = read_with(xlsx, ("Staff", 2, "fte", fte))
    assert found(result) == [("Staff", 2, "fte")]
    assert text in message(result, "Staff", 2, "fte")
    assert result.problems[0].value == fte


def test_spo_fte_and_span_limit(xlsx: Make) -> None:
    result = read_with(xlsx, ("SPOs", 2, "fte", 2), ("SPOs", 2, "span_limit_fte", 0))
    assert found(result) == [("SPOs", 2, "fte"), ("SPOs", 2, "span_limit_fte")]


@pytest.mark.parametrize(("hours", "ok"), [(0, True), (18.5, True), (-1, False), (37.5, False)])
def test_reduction_hours(xlsx: Make, hours: float, ok: bool) -> None:
    result = read_with(xlsx, ("Staff", 2, "reduction_hours", hours))
    assert result.ok is ok
    if not ok:
        assert message(result, "Staff", 2, "reduction_hours") == (
            "must be at least 0 and less than the contracted 37.5 hours a week"
        )


def test_negative_caps(xlsx: Make) -> None:
    result = read_with(xlsx, ("Staff", 2, "max_cases", -1), ("Staff", 3, "other_points", -5))
    assert found(result) == [("Staff", 2, "max_cases"), ("Staff", 3, "other_points")]


def test_pom_located_in_an_ldu(xlsx: Make) -> None:
    result = read_with(xlsx, ("Staff", 2, "location", "L1"))
    assert message(result, "Staff", 2, "location") == (
        "a POM must work in a prison; 'L1' is an LDU, not a prison; "
        "add it to the Prisons sheet if it is a prison"
    )


def test_pom_located_nowhere_known(xlsx: Make) -> None:
    result = read_with(xlsx, ("Staff", 2, "location", "LE1"))
    assert message(result, "Staff", 2, "location").startswith(
        "a POM must work in a prison; 'LE1' is not a prison in this workbook (did you mean 'LEI'?)"
    )


def test_pom_in_a_prison_known_only_from_cases(xlsx: Make) -> None:
    sheets = good_sheets()
    del sheets["Prisons"]
    set_cell(sheets, "Staff", 3, "location", "WNI")  # a prison of case A3333CC
    assert read(xlsx(sheets)).ok


def test_com_may_work_anywhere(xlsx: Make) -> None:
    assert read_with(xlsx, ("Staff", 4, "location", "NEW-LDU")).ok


# Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("column", ["crd", "ped", "ard", "ted", "thd", "open_conditions_date"])
def test_release_dates_before_sentence_start(xlsx: Make, column: str) -> None:
    result = read_with(xlsx, ("Cases", 2, column, date(2023, 12, 31)))
    assert found(result) == [("Cases", 2, column)]
    assert message(result, "Cases", 2, column) == (
        f"{column} 31/12/2023 is before sentence_start 10/01/2024"
    )


def test_release_date_on_sentence_start_is_fine(xlsx: Make) -> None:
    assert read_with(xlsx, ("Cases", 2, "crd", date(2024, 1, 10))).ok


def test_birth_after_sentence_start(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 2, "date_of_birth", "01/02/2024"))
    assert message(result, "Cases", 2, "date_of_birth") == (
        "date_of_birth 01/02/2024 is not before sentence_start 10/01/2024"
    )


def test_date_order_is_checked_on_rows_with_other_errors(xlsx: Make) -> None:
    result = read_with(
        xlsx,
        ("Cases", 2, "rosh", "hihg"),
        ("Cases", 2, "crd", "01/01/2020"),
        ("Cases", 2, "current_pom", "P42"),
    )
    assert found(result) == [
        ("Cases", 2, "rosh"),
        ("Cases", 2, "crd"),
        ("Cases", 2, "current_pom"),
    ]


def test_impossible_date_in_a_row(xlsx: Make) -> None:
    result = read_with(xlsx, ("Cases", 2, "sentence_start", "31/02/2026"))
    assert message(result, "Cases", 2, "sentence_start") == (
        "'31/02/2026' is not a real date: February 2026 has 28 days"
    )
