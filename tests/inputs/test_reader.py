"""Reading real .xlsx files: layout, odd cells, headers, sheets and settings."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.domain.enums import Grade, RuleMode, Status, Tier
from inputs import Severity
from inputs import read as read_leniently
from inputs.reader import build
from inputs.workbook import CellError, RawSheet, open_sheets
from tests.conftest import Formula, Layout, add_column, found, good_sheets, message, set_cell

Make = Callable[..., Path]


def read(path: Any, overrides: Any = None) -> Any:
    """Read strictly: every error stops the run, so each message is seen as it is written
    (the lenient default, which quarantines single Cases rows, is in test_quarantine.py)."""
    return read_leniently(path, overrides, strict=True)


def test_good_workbook_reads_without_problems(xlsx: Make) -> None:
    result = read(xlsx())
    assert result.ok
    assert [p for p in result.problems if p.severity is not Severity.NOTE] == []
    data = result.data
    assert data is not None
    assert [c.case_id for c in data.cases] == ["A1111AA", "A2222BB", "A3333CC"]
    first = data.cases[0]
    assert (first.tier, first.mappa_level, first.recall) == (Tier.B, 2, False)
    assert first.sentence_start == date(2024, 1, 10)
    assert first.previous_poms == ("P2",)
    assert data.cases[1].recall is True
    assert data.staff_by_id["P2"].status is Status.ACTIVE  # blank = the default
    assert data.staff_by_id["C1"].grade is Grade.PSO
    assert data.settings.run_date == date(2025, 6, 1)
    assert set(data.prisons) == {"LEI", "WNI"}
    assert data.source.endswith("input.xlsx")
    assert [c.row for c in data.cases] == [2, 3, 4]


def test_cell_positions_start_at_a1(xlsx: Make) -> None:
    """python-calamine with skip_empty_area=False keeps the empty rows and columns above/left."""
    path = xlsx({"Cases": [["case_id"], ["A1"]]}, Layout(origin={"Cases": (2, 1)}))
    (sheet,) = open_sheets(path)
    assert sheet.rows[2][1] == "case_id"
    assert sheet.rows[3][1] == "A1"
    assert sheet.rows[0] == ["", ""]


def test_data_starting_at_b3_reports_excel_rows(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 3, "tier", "X")  # the sheet's 3rd row, shown by Excel as row 5
    result = read(xlsx(sheets, Layout(origin={"Cases": (2, 1)})))
    assert found(result) == [("Cases", 5, "tier")]
    assert result.problems[0].cell == "E5"  # tier is the 4th column, from B


def test_title_row_above_the_header(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "rosh", "Hgh")
    sheets["Cases"] = [["Cases at HMP Leeds, June 2025"], [], *sheets["Cases"]]
    result = read(xlsx(sheets))
    assert found(result) == [("Cases", 4, "rosh")]
    assert message(result, "Cases", 4, "rosh") == "'Hgh' is not a RoSH level; did you mean 'high'?"


def test_headers_match_ignoring_case_and_spaces(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases"][0][:3] = ["  Case ID ", "PRISON", "Sentence-Type"]
    sheets["Staff"][0][0] = "Staff_ID"
    result = read(xlsx(sheets))
    assert result.ok
    assert result.data is not None and result.data.cases[0].case_id == "A1111AA"


def test_sheet_names_match_ignoring_case_and_spaces(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets = {" cases ": sheets["Cases"], "STAFF": sheets["Staff"]}
    assert read(xlsx(sheets)).ok


def test_hidden_sheets_are_read_with_a_note(xlsx: Make) -> None:
    result = read(xlsx(layout=Layout(hidden=["Staff"])))
    assert result.ok
    assert message(result, "Staff", None, "") == "the sheet is hidden in Excel; it is read"


def test_unknown_columns_and_sheets_are_notes(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "comments", "moved wing")
    add_column(sheets, "Cases", "Rsoh level")
    sheets["Lookups"] = [["a", "b"], [1, 2]]
    result = read(xlsx(sheets))
    assert result.ok
    assert found(result, "note") == [
        ("Lookups", None, ""),
        ("Cases", 1, "comments"),
        ("Cases", 1, "Rsoh level"),
    ]
    assert message(result, "Lookups", None, "") == "unknown sheet, ignored"
    assert message(result, "Cases", 1, "comments") == "unknown column, ignored"


def test_unknown_column_close_to_a_missing_one_gets_a_suggestion(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases"][0][4] = "rsoh"  # rosh misspelt: its column is lost
    result = read(xlsx(sheets))
    assert message(result, "Cases", 1, "rsoh") == "unknown column, ignored; did you mean 'rosh'?"


def test_missing_required_sheet(xlsx: Make) -> None:
    sheets = good_sheets()
    del sheets["Staff"]
    result = read(xlsx(sheets))
    assert result.data is None
    assert found(result) == [("Staff", None, "")]
    assert message(result, "Staff", None, "") == "the Staff sheet is missing"


def test_missing_sheet_names_a_near_miss(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Case list"] = sheets.pop("Cases")
    result = read(xlsx(sheets))
    assert message(result, "Cases", None, "") == (
        "the Cases sheet is missing; is the sheet 'Case list' meant to be it? Rename it Cases"
    )


def test_missing_optional_sheets_are_fine(xlsx: Make) -> None:
    sheets = good_sheets()
    for name in ("SPOs", "Prisons", "Settings"):
        del sheets[name]
    for row in sheets["Staff"][1:]:
        row[7] = None  # no SPO named, so no warning about the missing SPOs sheet
    assert read(xlsx(sheets)).problems == []


def test_missing_required_column(xlsx: Make) -> None:
    sheets = good_sheets()
    for row in sheets["Staff"]:
        del row[4]  # location
    result = read(xlsx(sheets))
    assert found(result) == [("Staff", 1, "location")]
    assert message(result, "Staff", 1, "location") == "required column location is missing"


def test_missing_required_column_names_a_near_miss_header(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases"][0][0] = "cse_id"
    result = read(xlsx(sheets))
    assert message(result, "Cases", 1, "case_id") == (
        "required column case_id is missing; is column A ('cse_id') meant to be it? "
        "Rename it case_id"
    )


def test_column_twice(xlsx: Make) -> None:
    sheets = good_sheets()
    add_column(sheets, "Cases", "Tier ")
    result = read(xlsx(sheets))
    assert found(result) == [("Cases", 1, "tier")]
    assert message(result, "Cases", 1, "tier") == (
        "column tier appears twice (also column D); delete or rename one"
    )


def test_no_header_row(xlsx: Make) -> None:
    result = read(xlsx({**good_sheets(), "Staff": [["P1", "POM"], ["P2", "COM"]]}))
    assert message(result, "Staff", None, "").startswith("no header row found in the first 10 rows")


def test_completely_empty_required_sheet(xlsx: Make) -> None:
    result = read(xlsx({**good_sheets(), "Cases": []}))
    assert message(result, "Cases", None, "").startswith("the sheet is empty; its first row")


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [[None, None], [None]],
        [["  ", " "], [" "]],
    ],
    ids=["header only", "header and empty rows", "header and rows of spaces"],
)
def test_cases_sheet_without_cases(xlsx: Make, rows: list[list[Any]]) -> None:
    sheets = good_sheets()
    sheets["Cases"] = [sheets["Cases"][0], *rows]
    result = read(xlsx(sheets))
    assert result.data is None
    assert found(result) == [("Cases", None, "")]
    assert message(result, "Cases", None, "") == "the Cases sheet has no cases"


def test_staff_sheet_without_staff_is_a_warning(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Staff"] = sheets["Staff"][:1]
    result = read(xlsx(sheets))
    assert found(result, "warning") == [("Staff", None, "")]
    assert message(result, "Staff", None, "") == (
        "the Staff sheet has no staff: no case can be allocated"
    )


def test_blank_rows_between_cases_are_skipped(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases"].insert(2, [])
    sheets["Cases"].insert(2, ["", "  "])
    result = read(xlsx(sheets))
    assert result.ok
    assert result.data is not None
    assert [c.row for c in result.data.cases] == [2, 5, 6]


def test_repeated_header_row_is_one_error(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases"].append(list(sheets["Cases"][0]))
    result = read(xlsx(sheets))
    assert found(result) == [("Cases", 5, "")]
    assert message(result, "Cases", 5, "") == "the header row is repeated here; delete this row"


@pytest.mark.parametrize("code", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?"])
def test_excel_error_cells_are_reported(xlsx: Make, code: str) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "current_pom", Formula("=VLOOKUP(A2,Lookup!A:B,2,0)", code))
    set_cell(sheets, "Cases", 3, "crd", Formula("=1/0", code))
    result = read(xlsx(sheets))
    assert found(result) == [("Cases", 2, "current_pom"), ("Cases", 3, "crd")]
    text = f"the cell shows the Excel error {code}; correct the formula or type the value"
    assert message(result, "Cases", 2, "current_pom") == text
    assert result.problems[0].value == code


def test_error_cells_in_unknown_columns_and_headers_are_ignored(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "lookup", Formula("=NA()", "#N/A"))
    sheets["Cases"][0].append(Formula("=NA()", "#N/A"))
    assert read(xlsx(sheets)).ok


def test_error_cells_written_by_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Cases"
    for row in good_sheets()["Cases"]:
        sheet.append(row)
    sheet["E3"] = "#REF!"  # openpyxl stores this as an error value, not text
    book.save(tmp_path / "errors.xlsx")
    result = read(tmp_path / "errors.xlsx")
    assert message(result, "Cases", 3, "rosh").startswith("the cell shows the Excel error #REF!")


def test_error_cells_without_a_position_are_one_warning(xlsx: Make, tmp_path: Path) -> None:
    """A cell element may leave out its reference; the error is then counted, not placed."""
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "tier", Formula("=NA()", "#N/A"))
    source, path = xlsx(sheets), tmp_path / "unplaced.xlsx"
    with zipfile.ZipFile(source) as good, zipfile.ZipFile(path, "w") as changed:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="D2" t="e">', b'<c t="e">')
            changed.writestr(item, data)
    result = read(path)
    assert found(result, "warning") == [("Cases", None, "")]
    assert message(result, "Cases", None, "").startswith("1 cells show Excel errors")


def test_true_and_1_in_one_column_are_told_apart(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "ldu", 1)
    set_cell(sheets, "Cases", 3, "ldu", True)
    set_cell(sheets, "Cases", 4, "ldu", 1.0)
    result = read(xlsx(sheets))
    assert found(result) == [("Cases", 3, "ldu")]
    assert message(result, "Cases", 3, "ldu") == "'TRUE' is TRUE/FALSE, not an id"


def test_formula_values_are_read(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "tier", Formula('=LEFT("B2",1)', "B"))
    result = read(xlsx(sheets))
    assert result.data is not None and result.data.cases[0].tier == Tier.B


def test_merged_cells_say_why_a_value_is_missing(xlsx: Make) -> None:
    sheets = good_sheets()
    for row in (2, 3):
        set_cell(sheets, "Cases", row, "prison", None)
    result = read(xlsx(sheets, Layout(merged={"Cases": [("B2:B3", "LEI")]})))
    assert found(result) == [("Cases", 3, "prison")]
    assert message(result, "Cases", 3, "prison") == (
        "prison is required (the cell is part of merged cells B2:B3: "
        "unmerge them and fill in every row)"
    )


def test_merged_cells_in_a_title_do_no_harm(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases"] = [[None], *sheets["Cases"]]
    result = read(xlsx(sheets, Layout(merged={"Cases": [("A1:F1", "Cases for June")]})))
    assert result.ok


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        ("case_id", 1234567.0, "1234567"),
        ("prison", 12, "12"),
        ("ldu", True, None),
        ("recall", True, True),
        ("recall", 0, False),
        ("pinned", "Y", True),
        ("tier", "b", Tier.B),
        ("tier", " Tier c ", Tier.C),
        ("mappa_level", "3", 3),
        ("sentence_start", 45000, date(2023, 3, 15)),
        ("sentence_start", "15/03/2023", date(2023, 3, 15)),
    ],
)
def test_odd_cells_in_typed_columns(xlsx: Make, column: str, cell: Any, expected: Any) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 3, column, cell)
    result = read(xlsx(sheets))
    if expected is None:
        assert found(result) == [("Cases", 3, column)]
    else:
        assert result.data is not None, result.problems
        assert getattr(result.data.cases[1], column) == expected


def test_very_long_text_is_kept(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Staff", 2, "name", "N" * 32_000)
    set_cell(sheets, "Cases", 2, "rosh", "r" * 32_000)
    result = read(xlsx(sheets))
    assert found(result) == [("Cases", 2, "rosh")]
    assert len(message(result, "Cases", 2, "rosh")) < 200


def test_many_problems_are_found_in_one_pass(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "rosh", "Hgh")
    set_cell(sheets, "Cases", 2, "crd", date(2020, 1, 1))  # before sentence_start
    set_cell(sheets, "Cases", 2, "current_pom", "P9")
    set_cell(sheets, "Cases", 3, "sentence_type", "life sentence")
    set_cell(sheets, "Cases", 4, "case_id", "A1111AA")
    set_cell(sheets, "Staff", 3, "fte", 1.5)
    set_cell(sheets, "SPOs", 2, "fte", "full")
    set_cell(sheets, "Prisons", 3, "estate", "womens prison")
    set_cell(sheets, "Settings", 3, "setting", "high_risk")
    result = read(xlsx(sheets))
    assert found(result) == [
        ("Cases", 2, "rosh"),
        ("Cases", 2, "crd"),
        ("Cases", 2, "current_pom"),
        ("Cases", 3, "sentence_type"),
        ("Cases", 4, "case_id"),
        ("Staff", 3, "fte"),
        ("SPOs", 2, "fte"),
        ("Prisons", 3, "estate"),
        ("Settings", 3, "setting"),
    ]


def test_every_problem_names_its_cell(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Staff", 4, "grade", "PS0")
    result = read(xlsx(sheets))
    (problem,) = [p for p in result.problems if p.severity is Severity.ERROR]
    assert (problem.sheet, problem.row, problem.column, problem.cell) == ("Staff", 4, "grade", "D4")
    assert problem.value == "PS0"
    assert problem.problem == "'PS0' is not a grade; did you mean 'PSO'?"
    assert str(problem) == (
        "error: Staff row 4, column grade (cell D4): 'PS0' is not a grade; did you mean 'PSO'?"
    )


def test_two_sheets_with_one_name(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases "] = [["case_id"]]
    result = read(xlsx(sheets))
    assert message(result, "Cases ", None, "").startswith(
        "two sheets are called 'Cases' and 'Cases '"
    )


# Settings -------------------------------------------------------------------------------


def with_settings(*rows: list[Any]) -> dict[str, list[list[Any]]]:
    """The good workbook with these Settings rows instead of its own."""
    sheets = good_sheets()
    sheets["Settings"] = [["setting", "value"], *rows]
    return sheets


def test_settings_are_read(xlsx: Make) -> None:
    sheets = with_settings(
        ["Run Date", date(2025, 7, 1)],
        ["high_risk_rule", "Soft"],
        ["po_cases_per_fte", "60"],
        ["time_limit_s", 2.5],
        ["random_seed", None],  # blank = the default
    )
    result = read(xlsx(sheets))
    assert result.data is not None, result.problems
    chosen = result.data.settings
    assert chosen.run_date == date(2025, 7, 1)
    assert chosen.high_risk_rule is RuleMode.SOFT
    assert (chosen.po_cases_per_fte, chosen.time_limit_s, chosen.random_seed) == (60, 2.5, 1)


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        (["run_dat", "2025-01-01"], "setting", "unknown setting; did you mean 'run_date'?"),
        (["colour", "blue"], "setting", "unknown setting; see the list in the template's Settings"),
        (["run_date", "31/02/2025"], "value", "run_date: '31/02/2025' is not a real date"),
        (["high_risk_rule", "hrad"], "value", "high_risk_rule: 'hrad' is not a valid value; "
                                              "did you mean 'hard'?"),
        (["po_cases_per_fte", 0], "value", "po_cases_per_fte: '0' is out of range: "
                                           "it must be from 1 to 500"),
        (["po_cases_per_fte", 80.5], "value", "po_cases_per_fte: '80.5' is not a whole number"),
        (["time_limit_s", "soon"], "value", "time_limit_s: 'soon' is not a number"),
    ],
)  # fmt: skip
def test_bad_settings(xlsx: Make, row: list[Any], column: str, text: str) -> None:
    result = read(xlsx(with_settings(row)))
    assert result.data is None
    assert found(result) == [("Settings", 2, column)]
    assert message(result, "Settings", 2, column).startswith(text)


def test_setting_twice(xlsx: Make) -> None:
    result = read(xlsx(with_settings(["run_date", "2025-01-01"], [" Run_Date", "2025-02-01"])))
    assert found(result) == [("Settings", 3, "setting")]
    assert message(result, "Settings", 3, "setting") == "run_date is set twice (also row 2)"


def test_overrides_win(xlsx: Make) -> None:
    result = read(xlsx(), {"run_date": date(2030, 1, 1), "high_risk_rule": "off"})
    assert result.data is not None
    assert result.data.settings.run_date == date(2030, 1, 1)
    assert result.data.settings.high_risk_rule is RuleMode.OFF


def test_an_overridden_bad_cell_is_only_a_warning(xlsx: Make) -> None:
    sheets = with_settings(["run_date", "soon"])
    result = read(xlsx(sheets), {"run_date": date(2030, 1, 1)})
    assert result.ok
    assert found(result, "warning") == [("Settings", 2, "value")]
    assert message(result, "Settings", 2, "value").endswith(
        "; ignored, as the command line sets it"
    )


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"run_dat": date(2030, 1, 1)}, "unknown setting run_dat given on the command line; "
                                        "did you mean 'run_date'?"),
        ({"po_cases_per_fte": 0}, "po_cases_per_fte on the command line: '0' is out of range"),
        ({"run_date": "someday"}, "run_date on the command line: 'someday' is not a date"),
    ],
)  # fmt: skip
def test_bad_overrides_are_errors_not_exceptions(
    xlsx: Make, overrides: dict[str, Any], text: str
) -> None:
    result = read(xlsx(), overrides)
    assert result.data is None
    (problem,) = result.problems
    assert problem.problem.startswith(text)


def test_none_override_is_ignored(xlsx: Make) -> None:
    result = read(xlsx(), {"run_date": None})
    assert result.data is not None and result.data.settings.run_date == date(2025, 6, 1)


def test_settings_sheet_without_a_value_column(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Settings"] = [["setting", "default"], ["run_date", "today"]]
    result = read(xlsx(sheets))
    assert message(result, "Settings", 1, "value") == "required column value is missing"


def test_problems_are_sorted_errors_first(xlsx: Make) -> None:
    sheets = good_sheets()
    add_column(sheets, "Cases", "extra")
    set_cell(sheets, "Settings", 2, "value", "bad date")
    set_cell(sheets, "Cases", 3, "tier", "Z")
    result = read(xlsx(sheets))
    severities = [p.severity for p in result.problems]
    assert severities == sorted(
        severities, key=[Severity.ERROR, Severity.WARNING, Severity.NOTE].index
    )
    assert found(result) == [("Cases", 3, "tier"), ("Settings", 2, "value")]


# Robustness: any cell the engine can return, anywhere -----------------------------------

CELL = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=12),
    st.sampled_from(["yes", "P1", "LEI", "high", "31/02/2026", "A1111AA", "case_id", "  "]),
    st.floats(allow_nan=False),
    st.integers(-5, 100_000),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.sampled_from([CellError("#N/A"), CellError("#REF!")]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_build_never_raises_on_odd_cells(data: st.DataObject) -> None:
    sheets = good_sheets()
    for name, rows in sheets.items():
        width = len(rows[0])
        extra = data.draw(st.lists(st.lists(CELL, max_size=width + 2), max_size=3), label=name)
        for row in rows[1:]:
            column = data.draw(st.integers(0, width - 1))
            row[column] = data.draw(CELL)
        rows.extend(extra)
    raw = [RawSheet(name, [list(row) for row in rows]) for name, rows in sheets.items()]
    result = build(raw, None)
    assert (result.data is None) == any(p.severity is Severity.ERROR for p in result.problems)
    for problem in result.problems:
        assert str(problem)


def test_mixed_tier_models_are_one_error_naming_the_column(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "tier", "B2")  # the other rows use letters
    result = read(xlsx(sheets))
    assert result.data is None
    errors = [p for p in result.problems if p.severity.value == "error"]
    assert [(p.sheet, p.row, p.column) for p in errors] == [("Cases", None, "tier")]
    assert "mixes tier models" in errors[0].problem and "row 2 'B2'" in errors[0].problem


def test_a_tier_outside_the_set_model_is_an_error_of_its_row(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Settings", 3, "setting", "tier_model")
    set_cell(sheets, "Settings", 3, "value", "a0_d3")
    result = read(xlsx(sheets))
    rows = {(p.sheet, p.row, p.column) for p in result.problems if p.severity.value == "error"}
    assert ("Cases", 2, "tier") in rows
