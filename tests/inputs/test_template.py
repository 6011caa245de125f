"""The empty input workbook written by ``allocator template``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.worksheet import Worksheet

import inputs
from allocator.domain.problems import Severity
from allocator.domain.settings import SETTING_SPECS
from inputs.schema import SETTINGS, SHEETS, Column, Sheet
from reports.template import READ_ME, ROWS, write_template

DATA_SHEETS = tuple(spec for spec in SHEETS if spec is not SETTINGS)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template, written once for the whole module."""
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    write_template(path)
    return path


@pytest.fixture(scope="module")
def book(template: Path) -> Workbook:
    """The template opened with openpyxl."""
    return openpyxl.load_workbook(template)


def validation_of(sheet: Worksheet, cell: str) -> DataValidation:
    """The one data validation that covers a cell."""
    found = [dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"{sheet.title}!{cell}: {len(found)} validations"
    return found[0]


def column_letter(spec: Sheet, column: Column) -> str:
    """The letter of a column in its sheet."""
    return str(get_column_letter(spec.columns.index(column) + 1))


def dimension(sheet: Worksheet, spec: Sheet, column: Column) -> ColumnDimension:
    """The column settings covering a column (Excel stores runs of alike columns once)."""
    index = spec.columns.index(column) + 1
    found = [d for d in sheet.column_dimensions.values() if d.min <= index <= d.max]
    assert len(found) == 1, f"{sheet.title} {column.name}"
    return found[0]


def list_items(validation: DataValidation) -> tuple[str, ...]:
    """The items of an inline list validation such as '"a,b,c"'."""
    formula: str = validation.formula1
    assert formula.startswith('"') and formula.endswith('"')
    return tuple(formula[1:-1].split(","))


def test_every_sheet_in_contract_order_after_the_read_me(book: Workbook) -> None:
    assert book.sheetnames == [READ_ME, *(spec.name for spec in SHEETS)]


@pytest.mark.parametrize("spec", SHEETS, ids=lambda spec: spec.name)
def test_header_has_every_column_in_order_bold_frozen_filtered(book: Workbook, spec: Sheet) -> None:
    sheet = book[spec.name]
    header = [cell.value for cell in sheet[1]]
    assert header == [column.name for column in spec.columns]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.page_setup.orientation == "landscape"


@pytest.mark.parametrize("spec", SHEETS, ids=lambda spec: spec.name)
def test_header_comments_carry_the_descriptions(book: Workbook, spec: Sheet) -> None:
    sheet = book[spec.name]
    for index, column in enumerate(spec.columns, start=1):
        comment = sheet.cell(1, index).comment
        assert comment is not None and column.text in comment.text
        assert ("Required." if column.required else "Optional.") in comment.text


@pytest.mark.parametrize("spec", DATA_SHEETS, ids=lambda spec: spec.name)
def test_widths_are_set(book: Workbook, spec: Sheet) -> None:
    sheet = book[spec.name]
    for column in spec.columns:
        width = dimension(sheet, spec, column).width
        assert len(column.name) < width <= 32


def _choice_columns() -> list[tuple[Sheet, Column]]:
    return [(spec, column) for spec in DATA_SHEETS for column in spec.columns if column.choices]


@pytest.mark.parametrize(
    ("spec", "column"), _choice_columns(), ids=lambda value: getattr(value, "name", "")
)
def test_dropdown_with_exactly_the_schemas_choices(
    book: Workbook, spec: Sheet, column: Column
) -> None:
    sheet = book[spec.name]
    letter = column_letter(spec, column)
    validation = validation_of(sheet, f"{letter}2")
    assert validation.type == "list"
    assert list_items(validation) == column.choices
    assert f"{letter}2:{letter}{ROWS + 1}" in str(validation.sqref)
    assert validation.errorStyle in (None, "stop")
    assert all(choice in validation.error for choice in column.choices)
    assert validation.prompt


def test_every_enumerated_and_yes_no_column_has_choices() -> None:
    for spec in DATA_SHEETS:
        for column in spec.columns:
            if column.kind in ("enum", "yesno"):
                assert column.choices, column.name


@pytest.mark.parametrize("sheet_name", ["Staff", "SPOs"])
def test_fte_must_be_between_a_tenth_and_one(book: Workbook, sheet_name: str) -> None:
    spec = next(s for s in SHEETS if s.name == sheet_name)
    validation = validation_of(book[sheet_name], f"{column_letter(spec, spec.column('fte'))}2")
    assert validation.type == "decimal"
    assert validation.operator in (None, "between")  # "between" is the file format's default
    assert (float(validation.formula1), float(validation.formula2)) == (0.1, 1.0)


def test_mappa_level_offers_0_to_3(book: Workbook) -> None:
    spec = SHEETS[0]
    validation = validation_of(book["Cases"], f"{column_letter(spec, spec.column('mappa_level'))}2")
    assert list_items(validation) == ("0", "1", "2", "3")


@pytest.mark.parametrize("column", ["max_cases", "other_points"])
def test_whole_number_columns_refuse_negatives(book: Workbook, column: str) -> None:
    spec = next(s for s in SHEETS if s.name == "Staff")
    validation = validation_of(book["Staff"], f"{column_letter(spec, spec.column(column))}2")
    assert (validation.type, validation.operator, validation.formula1) == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )


@pytest.mark.parametrize("spec", DATA_SHEETS, ids=lambda spec: spec.name)
def test_dates_are_formatted_and_ids_are_text(book: Workbook, spec: Sheet) -> None:
    sheet = book[spec.name]
    for column in spec.columns:
        number_format = dimension(sheet, spec, column).number_format
        if column.kind == "date":
            assert number_format == "dd/mm/yyyy", column.name
        elif column.kind in ("id", "ids", "text"):
            assert number_format == "@", column.name


def _settings_rows(book: Workbook) -> dict[str, tuple[Any, ...]]:
    rows = book["Settings"].iter_rows(min_row=2, values_only=True)
    return {row[0]: row for row in rows}


def test_every_setting_is_listed_in_order_with_a_blank_value_and_its_default(
    book: Workbook,
) -> None:
    rows = _settings_rows(book)
    assert list(rows) == [spec.name for spec in SETTING_SPECS]
    for spec in SETTING_SPECS:
        _, value, default, description = rows[spec.name]
        assert value is None
        assert default == ("today" if spec.default is None else spec.default), spec.name
        assert description == spec.text


def test_enumerated_settings_have_a_dropdown_of_their_choices(book: Workbook) -> None:
    sheet = book["Settings"]
    for row, spec in enumerate(SETTING_SPECS, start=2):
        validation = validation_of(sheet, f"B{row}")
        if spec.choices:
            assert validation.type == "list"
            assert list_items(validation) == spec.choices
        else:
            assert validation.type != "list"


def test_numeric_settings_are_checked_against_their_bounds(book: Workbook) -> None:
    sheet = book["Settings"]
    for row, spec in enumerate(SETTING_SPECS, start=2):
        if spec.low is None or spec.high is None:
            continue
        validation = validation_of(sheet, f"B{row}")
        assert validation.type == ("whole" if spec.kind is int else "decimal")
        assert (float(validation.formula1), float(validation.formula2)) == (spec.low, spec.high)


def test_run_date_value_is_formatted_as_a_date(book: Workbook) -> None:
    row = [spec.name for spec in SETTING_SPECS].index("run_date") + 2
    assert book["Settings"][f"B{row}"].number_format == "dd/mm/yyyy"


def test_read_me_explains_every_sheet_and_column(book: Workbook) -> None:
    sheet = book[READ_ME]
    text = "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell)
    for spec in SHEETS:
        assert f"{spec.name} sheet" in text
        assert spec.text in text
        for column in spec.columns:
            assert column.name in text and column.text in text
            assert all(choice in text for choice in column.choices)


def test_read_me_is_readable_and_prints_landscape_fit_to_width(book: Workbook) -> None:
    sheet = book[READ_ME]
    assert sheet["A1"].font.b
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the file format's default
    assert sheet.page_setup.fitToHeight == 0
    assert all(sheet.column_dimensions[letter].width >= 10 for letter in "ABCD")
    long = [cell for row in sheet.iter_rows() for cell in row if len(str(cell.value or "")) > 40]
    assert long and all(cell.alignment.wrap_text for cell in long)


def test_reading_it_back_gives_only_the_no_cases_error(template: Path) -> None:
    result = inputs.read(template)
    assert not result.ok
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert [(p.sheet, p.problem) for p in errors] == [("Cases", "the Cases sheet has no cases")]
    others = [p for p in result.problems if p.severity is not Severity.ERROR]
    assert [(p.severity, p.sheet) for p in others] == [(Severity.NOTE, READ_ME)]


def test_a_filled_in_template_reads_without_errors(template: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(template)
    book["Cases"].append(["A1234BC", "LEI", "determinate", "B", "low"])
    book["Staff"].append(["00123", "Sam", "POM", "PO", "LEI", 1.0])
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    result = inputs.read(filled)
    assert result.ok, [str(p) for p in result.problems]
    assert result.data is not None
    assert [member.staff_id for member in result.data.staff] == ["00123"]


def test_writing_replaces_an_existing_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "template.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"old")
    write_template(target)
    assert [p.name for p in target.parent.iterdir()] == ["template.xlsx"]
    assert openpyxl.load_workbook(target).sheetnames[0] == READ_ME
