"""The empty input workbook written by ``allocator template``.

Every sheet and column comes from the contract in ``inputs.schema`` and every
setting from ``allocator.domain.settings.SETTING_SPECS``, so the template can never
drift from what the reader accepts. Columns carry their formats (dates as
dd/mm/yyyy, ids as text so ``00123`` keeps its zeros), dropdowns and number
checks for the first ``ROWS`` data rows, and a comment with their meaning; a
``Read me`` sheet explains the whole workbook in plain English.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from allocator.domain.settings import SETTING_SPECS, SettingSpec
from inputs.schema import SETTINGS, SHEETS, Column, Sheet
from reports.xlsx import DATE_FORMAT, Formats, finish_sheet, new_workbook

ROWS = 10_000
"""Data rows (Excel rows 2 to 10001) that get dropdowns, checks and formats."""

READ_ME = "Read me"
_TEXT_KINDS = frozenset({"id", "ids", "text"})
_FIRST_DATE = date(1900, 1, 1)
_LAST_DATE = date(2199, 12, 31)
_TITLE_MAX = 32  # Excel's limit for validation titles
_MESSAGE_MAX = 255  # ... and for validation messages
_README_WIDTHS = (24.0, 11.0, 44.0, 62.0)


@dataclass(frozen=True, slots=True)
class _NumberRule:
    """A whole/decimal data validation and how the Read me describes it."""

    validate: str
    criteria: str
    value: float
    maximum: float | None
    says: str

    def options(self) -> dict[str, Any]:
        """The xlsxwriter data_validation options of this rule."""
        options: dict[str, Any] = {
            "validate": self.validate,
            "criteria": self.criteria,
            "value": self.value,
        }
        if self.maximum is not None:
            options["maximum"] = self.maximum
        return options


_NUMBER_RULES = {
    "fte": _NumberRule("decimal", "between", 0.1, 1.0, "a number from 0.1 to 1.0"),
    "span_limit_fte": _NumberRule("decimal", ">", 0, None, "a number more than 0"),
    "reduction_hours": _NumberRule("decimal", ">=", 0, None, "hours, 0 or more"),
    "posts_fte": _NumberRule("decimal", ">", 0, None, "a number more than 0"),
    "preference": _NumberRule("whole", ">=", 1, None, "a whole number, 1 (first choice) or more"),
}
_WHOLE = _NumberRule("whole", ">=", 0, None, "a whole number, 0 or more")
_NUMBER = _NumberRule("decimal", ">=", 0, None, "a number, 0 or more")


@dataclass(frozen=True, slots=True)
class _Styles:
    """The house formats plus the few the Read me needs."""

    house: Formats
    heading: Format
    cell: Format
    label: Format
    paragraph: Format
    value: Format
    value_date: Format
    default: Format


def _styles(book: Workbook) -> _Styles:
    """Formats of one template workbook."""
    wrap = {"text_wrap": True, "valign": "top"}
    value = {"bg_color": "#FFF2CC", "border": 1, "border_color": "#BFBFBF", "align": "left"}
    return _Styles(
        house=Formats(book),
        heading=book.add_format({"bold": True, "font_size": 12, "bottom": 1}),
        cell=book.add_format({**wrap, "border": 1, "border_color": "#BFBFBF"}),
        label=book.add_format({**wrap, "border": 1, "border_color": "#BFBFBF", "bold": True}),
        paragraph=book.add_format(wrap),
        value=book.add_format(value),
        value_date=book.add_format({**value, "num_format": DATE_FORMAT}),
        default=book.add_format({"align": "left"}),
    )


def write_template(path: str | Path) -> None:
    """Write the empty input workbook, atomically, to ``path``."""
    with new_workbook(path) as book:
        styles = _styles(book)
        _write_read_me(book.add_worksheet(READ_ME), styles)
        for spec in SHEETS:
            sheet = book.add_worksheet(spec.name)
            if spec is SETTINGS:
                _write_header(sheet, spec, styles.house, rows=len(SETTING_SPECS))
                _write_settings(sheet, styles)
            else:
                _write_header(sheet, spec, styles.house, rows=1)
                _add_column_checks(sheet, spec)


# --- data sheets -------------------------------------------------------------


def _write_header(sheet: Worksheet, spec: Sheet, formats: Formats, rows: int) -> None:
    """Header row with a comment per column, column formats, frozen and filtered."""
    for index, column in enumerate(spec.columns):
        sheet.write_string(0, index, column.name, formats.header)
        sheet.write_comment(0, index, _comment(column), {"x_scale": 2.2, "y_scale": 1.6})
    widths = [_width(column, spec) for column in spec.columns]
    finish_sheet(sheet, len(spec.columns), rows, widths)
    for index, column in enumerate(spec.columns):
        sheet.set_column(index, index, widths[index], _column_format(column, spec, formats))


def _column_format(column: Column, spec: Sheet, formats: Formats) -> Format | None:
    """Dates as dd/mm/yyyy, ids and text as text; the Settings description wraps."""
    if spec is SETTINGS:
        return formats.wrap if column.name == "description" else None
    if column.kind == "date":
        return formats.date
    return formats.text if column.kind in _TEXT_KINDS else None


def _width(column: Column, spec: Sheet) -> float:
    """A width that shows the header (with its filter button) and typical values."""
    if spec is SETTINGS:
        return {"setting": 32.0, "description": 72.0}.get(column.name, 14.0)
    typical = {"date": 12, "ids": 20, "text": 24}.get(column.kind, 10)
    longest_choice = max((len(choice) for choice in column.choices), default=0)
    return float(min(30, max(len(column.name) + 4, typical, longest_choice + 4)))


def _add_column_checks(sheet: Worksheet, spec: Sheet) -> None:
    """A dropdown, number or date check (or just a help message) on every column."""
    for index, column in enumerate(spec.columns):
        _validate(sheet, 1, index, ROWS, _column_validation(column))


def _column_validation(column: Column) -> dict[str, Any]:
    """The data validation of one column: what may be typed and the help shown."""
    help_text = _input_help(column.name, column.text)
    if column.choices:
        return {**_list_options(column.name, column.choices), **help_text}
    if column.kind == "date":
        return {**_date_options(column.name), **help_text}
    if column.kind in ("number", "whole"):
        rule = _number_rule(column)
        error = {"error_title": "Not allowed", "error_message": f"{column.name}: {rule.says}."}
        return {**rule.options(), **error, **help_text}
    return {"validate": "any", **help_text}


def _number_rule(column: Column) -> _NumberRule:
    """The number check of a number or whole-number column."""
    default = _WHOLE if column.kind == "whole" else _NUMBER
    return _NUMBER_RULES.get(column.name, default)


def _list_options(name: str, choices: tuple[str, ...]) -> dict[str, Any]:
    """A dropdown that refuses anything not in the list and names the allowed values."""
    return {
        "validate": "list",
        "source": list(choices),
        "error_title": _clip("Not an allowed value", _TITLE_MAX),
        "error_message": _clip(f"{name} must be one of: {', '.join(choices)}.", _MESSAGE_MAX),
    }


def _date_options(name: str) -> dict[str, Any]:
    """A date check that warns (text dates such as 2025-03-31 are still accepted)."""
    return {
        "validate": "date",
        "criteria": "between",
        "value": _FIRST_DATE,
        "maximum": _LAST_DATE,
        "error_type": "warning",
        "error_title": "Not a date",
        "error_message": f"{name}: enter a date as dd/mm/yyyy, e.g. 31/03/2025.",
    }


def _input_help(name: str, text: str) -> dict[str, Any]:
    """The message shown when a cell is selected."""
    return {"input_title": _clip(name, _TITLE_MAX), "input_message": _clip(text, _MESSAGE_MAX)}


def _validate(sheet: Worksheet, row: int, col: int, last_row: int, options: dict[str, Any]) -> None:
    """Add a data validation; xlsxwriter only warns on bad options, so fail loudly instead."""
    if sheet.data_validation(row, col, last_row, col, options) != 0:
        raise ValueError(f"bad data validation for {sheet.name} column {col}: {options}")


def _clip(text: str, limit: int) -> str:
    """Text cut to Excel's length limit, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _comment(column: Column) -> str:
    """The header comment: meaning, whether required, and the allowed values."""
    need = "Required." if column.required else "Optional."
    values = _values_text(column)
    return f"{column.text}\n{need} {values[:1].upper()}{values[1:]}."


def _values_text(column: Column) -> str:
    """Allowed values or format of a column, in plain English."""
    if column.choices and column.kind == "yesno":
        return "yes or no (also y/n, true/false, 1/0)"
    if column.choices:
        return "one of: " + ", ".join(column.choices)
    if column.kind in ("number", "whole"):
        return _number_rule(column).says
    return {
        "date": "a date, dd/mm/yyyy (2025-03-31 also works)",
        "id": "an id (text: leading zeros are kept)",
        "ids": "ids separated by ; or ,",
        "text": "text",
    }.get(column.kind, "depends on the setting: see its default")


# --- the Settings sheet --------------------------------------------------------


def _write_settings(sheet: Worksheet, styles: _Styles) -> None:
    """One row per setting: name, blank shaded value (= the default), default, description."""
    for row, spec in enumerate(SETTING_SPECS, start=1):
        sheet.write_string(row, 0, spec.name, styles.house.text)
        sheet.write_blank(row, 1, None, styles.value_date if spec.kind is date else styles.value)
        _write_default(sheet, row, spec.default, styles.default)
        sheet.write_string(row, 3, spec.text, styles.house.wrap)
        _validate(sheet, row, 1, row, _setting_validation(spec))


def _write_default(sheet: Worksheet, row: int, default: Any, style: Format) -> None:
    """The documented default as it would be typed; a blank run date means today."""
    if default is None:
        sheet.write_string(row, 2, "today", style)
    elif isinstance(default, (int, float)) and not isinstance(default, bool):
        sheet.write_number(row, 2, default, style)
    else:
        sheet.write_string(row, 2, str(default), style)


def _setting_validation(spec: SettingSpec) -> dict[str, Any]:
    """A dropdown, date check or bounded number check for one setting's value."""
    help_text = _input_help(spec.name, f"{spec.text}. Leave blank for the default.")
    if spec.choices:
        return {**_list_options(spec.name, spec.choices), **help_text}
    if spec.kind is date:
        return {**_date_options(spec.name), **help_text}
    if spec.low is None or spec.high is None:
        return {"validate": "any", **help_text}
    says = f"{spec.name} must be between {spec.low:g} and {spec.high:g}."
    return {
        "validate": "whole" if spec.kind is int else "decimal",
        "criteria": "between",
        "value": spec.low,
        "maximum": spec.high,
        "error_title": "Out of range",
        "error_message": says,
        **help_text,
    }


# --- the Read me sheet ---------------------------------------------------------

_INTRO = (
    "This workbook is the input of the OMiC allocator. Put one row per person in custody on "
    "Cases and one row per POM or COM on Staff; SPOs, Prisons and Settings are optional. The "
    "allocator reads this workbook, checks it, and writes its allocation to a separate report "
    "workbook.",
    "For deployment planning before a go-live (allocator deploy), also fill in Posts (the "
    "posts to fill in each prison), Interests (which probation officers would move where, in "
    "preference order) and LDUs (the staffing each community team must keep).",
)
_HOW_TO = (
    "Keep the sheet names and the header rows. Columns may be in any order; names are matched "
    "ignoring upper/lower case and surrounding spaces. Extra columns and extra sheets (such as "
    "this one) are ignored and reported as a note.",
    "Required columns must be present and filled in on every row; a blank optional cell takes "
    "its default.",
    "Dates: real Excel dates, or text such as 31/03/2025 or 2025-03-31. Id columns are "
    "formatted as text, so ids such as 00123 keep their leading zeros.",
    "yes/no columns also accept y/n, true/false and 1/0. Lists of staff ids are separated by "
    "; or ,.",
    f"Dropdowns and checks cover rows 2 to {ROWS + 1:,}. Pasted values are not checked by "
    "Excel, but the allocator checks every cell and lists each problem with its sheet, row "
    "and column.",
    "Point at a column's header to see its meaning, or see the tables below.",
)
_SETTINGS_NOTE = (
    "Each row is one setting. Type a value in the value column to change it; a blank value "
    "keeps the default. The default and description columns are for reference only. A setting "
    "the allocator does not know is an error, so do not rename the settings."
)
_TABLE_HEADER = ("column", "required", "values / format", "meaning")


def _write_read_me(sheet: Worksheet, styles: _Styles) -> None:
    """The plain-English guide: purpose, how to fill in, and every sheet and column."""
    for index, width in enumerate(_README_WIDTHS):
        sheet.set_column(index, index, width)
    sheet.hide_gridlines(2)
    sheet.write_string(0, 0, "OMiC allocator: input workbook", styles.house.title)
    row = _paragraphs(sheet, 2, _INTRO, styles)
    row = _heading(sheet, row + 1, "How to fill it in", styles)
    row = _paragraphs(sheet, row, tuple(f"•  {text}" for text in _HOW_TO), styles)
    for spec in SHEETS:
        row = _sheet_section(sheet, row + 1, spec, styles)
    _print_setup(sheet, row)


def _sheet_section(sheet: Worksheet, row: int, spec: Sheet, styles: _Styles) -> int:
    """A sheet's heading, purpose and column table; returns the next free row."""
    need = "required" if spec.required else "optional"
    row = _heading(sheet, row, f"{spec.name} sheet ({need})", styles)
    text = (spec.text, _SETTINGS_NOTE) if spec is SETTINGS else (spec.text,)
    row = _paragraphs(sheet, row, text, styles)
    sheet.write_row(row, 0, _TABLE_HEADER, styles.house.header)
    for offset, column in enumerate(spec.columns, start=1):
        _column_row(sheet, row + offset, column, styles)
    return row + len(spec.columns) + 1


def _column_row(sheet: Worksheet, row: int, column: Column, styles: _Styles) -> None:
    """One line of a sheet's column table: name, required, values, meaning."""
    values = _values_text(column)
    sheet.write_string(row, 0, column.name, styles.label)
    sheet.write_string(row, 1, "yes" if column.required else "no", styles.cell)
    sheet.write_string(row, 2, values, styles.cell)
    sheet.write_string(row, 3, column.text, styles.cell)
    sheet.set_row(row, _height((values, column.text), _README_WIDTHS[2:]))


def _heading(sheet: Worksheet, row: int, text: str, styles: _Styles) -> int:
    """A bold section heading across the page; returns the next row."""
    sheet.merge_range(row, 0, row, len(_README_WIDTHS) - 1, text, styles.heading)
    sheet.set_row(row, 20)
    return row + 1


def _paragraphs(sheet: Worksheet, row: int, texts: tuple[str, ...], styles: _Styles) -> int:
    """Wrapped paragraphs across the page, each row tall enough; returns the next row."""
    for offset, text in enumerate(texts):
        last = len(_README_WIDTHS) - 1
        sheet.merge_range(row + offset, 0, row + offset, last, text, styles.paragraph)
        sheet.set_row(row + offset, _height((text,), (sum(_README_WIDTHS),)))
    return row + len(texts)


def _height(texts: tuple[str, ...], widths: tuple[float, ...]) -> float:
    """Row height in points for wrapped texts in columns of these widths.

    Neither Excel nor LibreOffice reliably grows rows of a generated file (merged
    cells never), so the height is set from a word-wrap estimate of about 1.2
    characters per unit of column width.
    """
    lines = max(
        len(textwrap.wrap(text, width=int(width * 1.2)))
        for text, width in zip(texts, widths, strict=True)
    )
    return 15.0 * max(lines, 1) + 2


def _print_setup(sheet: Worksheet, rows: int) -> None:
    """Landscape A4, fit to the page width, with the print area set."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.print_area(0, 0, rows, len(_README_WIDTHS) - 1)
