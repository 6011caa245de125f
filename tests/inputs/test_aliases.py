"""Headers and values under the names the MoJ's systems and common spreadsheets use.

The small valid workbook of ``tests/conftest.py`` with some headers renamed to export names:
every alias used is one note naming its cell, the data read is the same, and two headers
meaning one column are an error naming both.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inputs import read
from inputs.aliases import HEADER_ALIASES, aliases_table, render
from inputs.schema import SHEETS
from inputs.sheets import column_key
from tests.conftest import add_column, found, good_sheets, set_cell

Make = Callable[..., Path]
README = Path(__file__).resolve().parents[2] / "README.md"
EXPORT_NAMES = {
    "case_id": "Prison number",
    "sentence_start": "Sentence start date",
    "current_pom": "POM",
    "current_com": "COM",
    "crd": "Release date",
    "ldu": "PDU",
}


def _renamed(names: dict[str, str]) -> dict[str, list[list[object]]]:
    sheets = good_sheets()
    header = sheets["Cases"][0]
    for contract, export in names.items():
        header[header.index(contract)] = export
    return sheets


def test_export_headers_read_as_the_contract(xlsx: Make) -> None:
    plain = read(xlsx(good_sheets()))
    renamed = read(xlsx(_renamed(EXPORT_NAMES)))
    assert renamed.data is not None and plain.data is not None
    assert renamed.data.cases == plain.data.cases
    notes = {p.column: (p.cell, p.problem) for p in renamed.problems if "read '" in p.problem}
    assert notes["case_id"] == ("A1", "read 'Prison number' as case_id")
    assert notes["current_pom"][1] == "read 'POM' as current_pom"
    assert len(notes) == len(EXPORT_NAMES)


def test_two_headers_meaning_one_column_are_an_error_naming_both(xlsx: Make) -> None:
    sheets = good_sheets()
    add_column(sheets, "Cases", "NOMS number")  # beside case_id: which one is meant?
    result = read(xlsx(sheets))
    assert result.data is None
    assert found(result) == [("Cases", 1, "case_id")]
    text = next(p.problem for p in result.problems if p.severity == "error")
    assert "columns A ('case_id') and Q ('NOMS number') both mean case_id" in text


def test_value_aliases_are_read_and_noted_once(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "rosh", "VERY_HIGH")  # only separators: no note
    set_cell(sheets, "Cases", 3, "rosh", "VH")
    set_cell(sheets, "Cases", 2, "mappa_level", "M2")
    set_cell(sheets, "Cases", 3, "mappa_level", "M2")
    set_cell(sheets, "Cases", 4, "sentence_type", "Convicted unsentenced")
    result = read(xlsx(sheets))
    assert result.data is not None, result.problems
    cases = result.data.case_by_id
    assert (cases["A1111AA"].rosh, cases["A2222BB"].rosh) == ("very high", "very high")
    assert cases["A1111AA"].mappa_level == cases["A2222BB"].mappa_level == 2
    assert cases["A3333CC"].sentence_type == "remand"
    notes = sorted(p.problem for p in result.problems if p.problem.startswith("read '"))
    assert notes == [
        "read 'Convicted unsentenced' as remand (and in every row that has it)",
        "read 'M2' as 2 (and in every row that has it)",
        "read 'VH' as very high (and in every row that has it)",
    ]


def test_no_alias_is_another_column_of_its_sheet() -> None:
    for spec in SHEETS:
        names = {column.name for column in spec.columns}
        for column, aliases in HEADER_ALIASES.get(spec.name, {}).items():
            assert column in names, (spec.name, column)
            clashes = {column_key(alias) for alias in aliases} & names
            assert not clashes, (spec.name, column, clashes)


def test_the_readme_alias_table_is_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert aliases_table() in text and render(text) == text, "run: python -m inputs.aliases"


def test_weekly_hours_stand_in_for_fte(xlsx: Make) -> None:
    # 30 h of 37.5 -> 0.8; 40 h -> 1.0 (capped); 18.75 h -> 0.5; a row with both keeps fte.
    sheets = good_sheets()
    header = sheets["Staff"][0]
    header[header.index("fte")] = "Contracted hours"
    for row, hours in zip(sheets["Staff"][1:], (30, 40, 18.75), strict=True):
        row[header.index("Contracted hours")] = hours
    result = read(xlsx(sheets))
    assert result.data is not None, result.problems
    assert [s.fte for s in result.data.staff] == [0.8, 1.0, 0.5]
    assert any(p.problem == "read 'Contracted hours' as hours" for p in result.problems)


def test_too_few_hours_and_neither_column_are_errors(xlsx: Make) -> None:
    sheets = good_sheets()
    header = sheets["Staff"][0]
    header[header.index("fte")] = "hours"
    for row, hours in zip(sheets["Staff"][1:], (2, 37.5, 37.5), strict=True):
        row[header.index("hours")] = hours
    result = read(xlsx(sheets))
    assert found(result) == [("Staff", 2, "hours")]
    sheets = good_sheets()
    sheets["Staff"][0][sheets["Staff"][0].index("fte")] = "working time"
    missing = read(xlsx(sheets))
    assert "required column fte (or hours) is missing" in missing.problems[0].problem
