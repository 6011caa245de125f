"""Write-back: a copy of the user's own workbook with the proposal added, keeping theirs.

The user's workbook is the small valid input of ``tests/conftest.py`` written with
openpyxl, dressed the way a head of OM's sheet is: a title row above the header, an
Excel table, a dropdown, a conditional format, a note, a frozen header, a formula sheet
with a defined name. A case ``=1+2`` held by POM ``=P3`` checks that text stays text.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from inputs import read
from reports import writeback
from reports.writeback import PROPOSAL_COLUMNS, write_back
from tests.conftest import Rows, good_sheets, set_cell
from tests.reports.helpers import leftovers, report_from


def users_sheets() -> dict[str, Rows]:
    """The conftest input plus a case ``=1+2`` at LEI held by POM ``=P3``."""
    sheets = good_sheets()
    row = len(sheets["Cases"]) + 1
    for column, value in {
        "case_id": "=1+2",
        "prison": "LEI",
        "sentence_type": "determinate",
        "tier": "D",
        "rosh": "low",
        "sentence_start": date(2024, 1, 1),
        "crd": date(2030, 1, 1),
        "ldu": "L1",
        "current_pom": "=P3",
    }.items():
        set_cell(sheets, "Cases", row, column, value)
    sheets["Staff"].append(["=P3", "Pip Three", "POM", "PRO", "LEI", 1.0, "active", "S1"])
    return sheets


def _put(sheet: Any, row: int, column: int, value: Any) -> None:
    """A cell as a person typed it: text is text (even ``=1+2``), dates are dates."""
    if value is None:
        return
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
    if isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"


def users_workbook(path: Path) -> Path:
    """The dressed-up workbook described in the module's docstring."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in users_sheets().items():
        sheet = book.create_sheet(name)
        top = 2 if name == "Cases" else 1
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                _put(sheet, top + r, c + 1, value)
    cases = book["Cases"]
    cases["A1"] = "Leeds caseload, week 23"
    cases["A1"].font = Font(bold=True, size=14)
    for cell in cases[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")
    last = openpyxl.utils.get_column_letter(cases.max_column)
    cases.add_table(Table(displayName="CasesTable", ref=f"A2:{last}{cases.max_row}"))
    rosh = DataValidation(type="list", formula1='"low,medium,high,very high"')
    cases.add_data_validation(rosh)
    rosh.add("E3:E100")
    cases.conditional_formatting.add(
        "D3:D100", CellIsRule(operator="equal", formula=['"A"'], font=Font(color="FF0000"))
    )
    cases["B3"].comment = Comment("moved here last week", "Head of OM")
    cases.freeze_panes = "B3"
    cases.column_dimensions["A"].width = 17
    notes = book.create_sheet("Notes")
    notes["A1"] = "=COUNTA(Cases!A:A)"
    notes["A2"] = "=1+2"
    notes["A2"].data_type = "s"
    book.defined_names["case_count"] = DefinedName("case_count", attr_text="Notes!$A$1")
    book.save(path)
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    folder = tmp_path_factory.mktemp("writeback")
    source = users_workbook(folder / "mine.xlsx")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    lost = write_back(source, folder / "copy.xlsx", report_from(source))
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # never in place
    return source, folder / "copy.xlsx", lost


def test_nothing_is_lost_from_a_plain_workbook(written: tuple[Path, Path, list[str]]) -> None:
    assert written[2] == []
    assert leftovers(written[1].parent) == []


def test_proposal_columns_in_cases(written: tuple[Path, Path, list[str]]) -> None:
    sheet = openpyxl.load_workbook(written[1])["Cases"]
    header = [c.value for c in sheet[2]]
    assert header[-3:] == list(PROPOSAL_COLUMNS)
    rows = {sheet.cell(r, 1).value: [c.value for c in sheet[r]][-3:] for r in range(3, 7)}
    assert rows["A1111AA"][:2] == ["P1", "C1"]
    assert rows["A2222BB"][0] == "P2"  # P1 is excluded from this case
    assert rows["A3333CC"][2].startswith("out of scope")
    assert rows["=1+2"][0] == "=P3"
    proposed = sheet.cell(6, header.index("proposed_pom") + 1)
    assert proposed.data_type == "s"


def test_their_workbook_is_kept(written: tuple[Path, Path, list[str]]) -> None:
    source, copy, _ = written
    mine, theirs = openpyxl.load_workbook(source), openpyxl.load_workbook(copy)
    assert theirs.sheetnames[: len(mine.sheetnames)] == mine.sheetnames
    for name in mine.sheetnames:
        for row in mine[name].iter_rows():
            for cell in row:
                kept = theirs[name][cell.coordinate]
                assert (kept.value, kept.data_type) == (cell.value, cell.data_type)
                assert (kept.font.b, kept.font.sz) == (cell.font.b, cell.font.sz)
                assert kept.fill.fgColor.rgb == cell.fill.fgColor.rgb
                assert kept.number_format == cell.number_format
    cases = theirs["Cases"]
    assert theirs["Notes"]["A1"].data_type == "f"
    assert "case_count" in theirs.defined_names
    assert [str(dv.sqref) for dv in cases.data_validations.dataValidation] == ["E3:E100"]
    assert [str(cf.sqref) for cf in cases.conditional_formatting] == ["D3:D100"]
    assert cases["B3"].comment.text == "moved here last week"
    assert cases.freeze_panes == "B3"
    assert cases.column_dimensions["A"].width == 17


def test_their_table_takes_the_new_columns(written: tuple[Path, Path, list[str]]) -> None:
    table = openpyxl.load_workbook(written[1])["Cases"].tables["CasesTable"]
    assert [c.name for c in table.tableColumns][-3:] == list(PROPOSAL_COLUMNS)
    last = openpyxl.utils.get_column_letter(len(table.tableColumns))
    assert table.ref == f"A2:{last}6"


def test_report_sheets_are_appended(written: tuple[Path, Path, list[str]]) -> None:
    book = openpyxl.load_workbook(written[1])
    added = book.sheetnames[-8:]
    assert added == [
        "Report Summary",
        "Report Allocations",
        "Report Prisons",  # LEI, and WNI where the remand case is
        "Report Staff",
        "Report SPOs",
        "Report Violations",
        "Report HQ returns",
        "Report Problems",
    ]
    allocations = book["Report Allocations"]
    assert allocations.freeze_panes == "A2"
    assert allocations["A1"].font.b
    assert allocations.page_setup.orientation == "landscape"
    ids = [allocations.cell(r, 1).value for r in range(2, allocations.max_row + 1)]
    assert ids == ["A1111AA", "A2222BB", "=1+2"]
    assert allocations.cell(4, 1).data_type == "s"
    assert book["Report Summary"]._charts  # the utilisation chart


def test_the_copy_is_still_a_valid_input(written: tuple[Path, Path, list[str]]) -> None:
    assert read(written[1]).data is not None


def test_a_second_write_back_replaces_its_own_columns_and_sheets(
    written: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    copy = written[1]
    again = tmp_path / "again.xlsx"
    write_back(copy, again, report_from(copy))
    book = openpyxl.load_workbook(again)
    assert [c.value for c in book["Cases"][2]].count("proposed_pom") == 1
    assert book.sheetnames == openpyxl.load_workbook(copy).sheetnames


def test_their_own_sheet_named_like_ours_is_kept(tmp_path: Path) -> None:
    source = users_workbook(tmp_path / "mine.xlsx")
    book = openpyxl.load_workbook(source)
    book.create_sheet("Report Summary")["A1"] = "my own notes"
    book.save(source)
    copy = tmp_path / "copy.xlsx"
    write_back(source, copy, report_from(source))
    result = openpyxl.load_workbook(copy)
    assert result["Report Summary"]["A1"].value == "my own notes"
    assert "Report Summary (2)" in result.sheetnames


def test_a_failed_save_leaves_no_file(tmp_path: Path, monkeypatch: Any) -> None:
    source = users_workbook(tmp_path / "mine.xlsx")
    report = report_from(source)

    def broken(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError):
        write_back(source, tmp_path / "copy.xlsx", report)
    assert not (tmp_path / "copy.xlsx").exists()
    assert leftovers(tmp_path) == []


def _png() -> bytes:
    """A one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def xlsxwriter_workbook(path: Path, extras: bool = True, vba: Path | None = None) -> Path:
    """The conftest input written by xlsxwriter, with a sparkline, a picture and a text box."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in good_sheets().items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
    if extras:
        notes = book.add_worksheet("Notes")
        notes.write_row(0, 0, [1, 2, 3])
        notes.add_sparkline("D1", {"range": "Notes!A1:C1"})
        image = path.with_suffix(".png")
        image.write_bytes(_png())
        notes.insert_image("F2", str(image))
        notes.insert_textbox("F8", "Ask Sam before moving high-risk cases")
    if vba is not None:
        book.add_vba_project(str(vba))
    book.close()
    return path


def test_what_openpyxl_cannot_keep_is_named(tmp_path: Path) -> None:
    source = xlsxwriter_workbook(tmp_path / "mine.xlsx")
    lost = write_back(source, tmp_path / "copy.xlsx", report_from(source))
    assert "sparklines" in lost
    assert "1 of 1 pictures" in lost
    assert "1 of 1 shapes and text boxes" in lost


@pytest.mark.parametrize(("suffix", "kept"), [(".xlsx", False), (".xlsm", True)])
def test_macros_are_kept_only_in_an_xlsm_copy(tmp_path: Path, suffix: str, kept: bool) -> None:
    vba = tmp_path / "vbaProject.bin"
    vba.write_bytes(b"\xd0\xcf\x11\xe0 not a real VBA project")
    source = xlsxwriter_workbook(tmp_path / "mine.xlsm", extras=False, vba=vba)
    copy = tmp_path / f"copy{suffix}"
    lost = write_back(source, copy, report_from(source))
    with zipfile.ZipFile(copy) as archive:
        assert ("xl/vbaProject.bin" in archive.namelist()) is kept
    assert any("macros" in thing for thing in lost) is not kept


def test_no_cases_header_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Cases"
    with pytest.raises(writeback.WriteBackError, match="no header row naming case_id"):
        writeback.add_proposal(book.active, {})


def test_notes_right_of_the_table_are_not_overwritten(tmp_path: Path) -> None:
    source = users_workbook(tmp_path / "mine.xlsx")
    book = openpyxl.load_workbook(source)
    cases = book["Cases"]
    width = cases.max_column
    cases.cell(4, width + 2, "ask Sam")  # a note beside the table
    cases.merge_cells(start_row=6, start_column=width + 1, end_row=6, end_column=width + 3)
    book.save(source)
    copy = tmp_path / "copy.xlsx"
    write_back(source, copy, report_from(source))
    sheet = openpyxl.load_workbook(copy)["Cases"]
    assert sheet.cell(4, width + 2).value == "ask Sam"
    header = [c.value for c in sheet[2]]
    assert header.index("proposed_pom") + 1 > width + 3


def test_a_second_write_back_does_not_warn_about_its_own_chart(
    written: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    copy = written[1]
    assert zipfile.ZipFile(copy).read("xl/charts/chart1.xml")  # the first run's own chart
    lost = write_back(copy, tmp_path / "again.xlsx", report_from(copy))
    assert lost == []


def _full_width(tmp_path: Path, column: str) -> Path:
    """The user's workbook with a note right of the table (so the new columns go after
    the sheet's last used column) and a value in ``column`` of a Cases row."""
    source = users_workbook(tmp_path / "mine.xlsx")
    book = openpyxl.load_workbook(source)
    cases = book["Cases"]
    cases.cell(3, cases.max_column + 1, "a note beside the table")
    cases[f"{column}4"] = "kept far out"
    book.save(source)
    return source


def test_a_sheet_that_uses_the_last_column_gets_a_message_not_a_broken_copy(
    tmp_path: Path,
) -> None:
    source = _full_width(tmp_path, "XFD")
    before = source.read_bytes()
    with pytest.raises(writeback.WriteBackError, match="up to XFD, and Excel stops at XFD"):
        write_back(source, tmp_path / "copy.xlsx", report_from(source))
    assert not (tmp_path / "copy.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.xlsx"]
    assert source.read_bytes() == before


def test_three_columns_that_just_fit_before_xfd_are_written(tmp_path: Path) -> None:
    source = _full_width(tmp_path, "XFA")
    write_back(source, tmp_path / "copy.xlsx", report_from(source))
    header = [c.value for c in openpyxl.load_workbook(tmp_path / "copy.xlsx")["Cases"][2]]
    assert header[-3:] == list(PROPOSAL_COLUMNS)
    assert len(header) == 16384


def test_the_proposal_goes_to_the_visible_cases_sheet(tmp_path: Path) -> None:
    source = users_workbook(tmp_path / "mine.xlsx")
    book = openpyxl.load_workbook(source)
    old = book.create_sheet("cases ", 0)  # an old copy, very hidden, before the real one
    old["A1"], old["A2"] = "case_id", "Z9999ZZ"
    old.sheet_state = "veryHidden"
    book.active = book.index(book["Staff"])
    book.save(source)
    write_back(source, tmp_path / "copy.xlsx", report_from(source))
    copy = openpyxl.load_workbook(tmp_path / "copy.xlsx")
    assert [c.value for c in copy["cases "][1]] == ["case_id"]
    assert "proposed_pom" in [c.value for c in copy["Cases"][2]]
