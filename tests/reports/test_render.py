"""Rendering a Book with xlsxwriter: the bulk path and the cell-by-cell path agree, every
sheet has the house layout, text is never a formula, and a failed write leaves nothing."""

from __future__ import annotations

import math
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reports import bulk, render
from reports.book import Book, Chart, Highlight, Link, Sheet, row_height
from tests.reports.helpers import formulas, leftovers, values

TRICKY: list[Any] = [
    "plain",
    "=1+2",
    "+44 1234",
    "-3",
    "@SUM(A1)",
    '=HYPERLINK("http://x","y")',
    "a & b < c > d",
    "_x0041_ stays as typed",
    "bell\x07here",
    "  spaces around  ",
    "line one\nline two",
    "naïve café 😀",
    "x" * 40_000,
]
NUMBERS: list[Any] = [0, 7, -2.5, 1e-7, 123456789012, math.nan, math.inf, True, False]
DATES: list[Any] = [date(2025, 3, 31), datetime(2026, 1, 2, 12, 0), None, ""]


def _sheet(name: str, rows: list[list[Any]], links: bool) -> Sheet:
    return Sheet(
        name,
        ("text", "number", "when"),
        rows,
        (20, 10, 12),
        dates=frozenset({"when"}),
        wrap=frozenset({"text"}),
        links=links,
    )


def _rows() -> list[list[Any]]:
    length = max(len(TRICKY), len(NUMBERS), len(DATES))
    return [
        [
            TRICKY[i] if i < len(TRICKY) else None,
            NUMBERS[i] if i < len(NUMBERS) else None,
            DATES[i] if i < len(DATES) else None,
        ]
        for i in range(length)
    ]


@pytest.fixture
def both(tmp_path: Path) -> Path:
    """The same rows written by the bulk path (Fast) and cell by cell (Slow)."""
    path = tmp_path / "both.xlsx"
    render.render(Book([_sheet("Fast", _rows(), False), _sheet("Slow", _rows(), True)]), path)
    return path


def test_bulk_and_cell_paths_give_the_same_cells(both: Path) -> None:
    assert values(both, "Fast") == values(both, "Slow")


def test_text_is_kept_exactly_and_never_a_formula(both: Path) -> None:
    fast = [row[0] for row in values(both, "Fast")[1:]]
    expected = [t[: bulk.MAX_TEXT] for t in TRICKY]
    assert fast == expected  # control characters too (Excel's _xHHHH_ escape round-trips)
    assert formulas(both) == []
    book = openpyxl.load_workbook(both)
    for name in ("Fast", "Slow"):
        kinds = {book[name].cell(r, 1).data_type for r in range(2, len(TRICKY) + 2)}
        assert kinds == {"s"}


def test_numbers_dates_and_yes_no(both: Path) -> None:
    rows = values(both, "Fast")[1:]
    # NaN and infinity have no Excel form: the cell is left blank; True/False read yes/no.
    assert [row[1] for row in rows[: len(NUMBERS)]] == [
        0,
        7,
        -2.5,
        1e-7,
        123456789012,
        None,
        None,
        "yes",
        "no",
    ]
    assert rows[0][2] == date(2025, 3, 31)
    assert rows[1][2] == datetime(2026, 1, 2, 12, 0)
    sheet = openpyxl.load_workbook(both)["Fast"]
    assert sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet["C2"].is_date


def test_a_date_outside_a_date_column_is_text_in_the_bulk_path(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    sheet = Sheet("T", ("value",), [[date(2025, 3, 31)], ["x"]], (12,))
    render.render(Book([sheet]), path)
    assert values(path, "T")[1] == ["31/03/2025"]


def test_every_sheet_has_the_house_layout(both: Path) -> None:
    book = openpyxl.load_workbook(both)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:C{len(_rows()) + 1}"
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth in (1, None)  # 1 is the default openpyxl omits
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.column_dimensions["A"].width == pytest.approx(20, abs=1)


def test_wrapped_text_gets_a_taller_row(both: Path) -> None:
    book = openpyxl.load_workbook(both)
    for name in ("Fast", "Slow"):
        sheet = book[name]
        assert sheet.row_dimensions[2].height is None  # "plain" fits on one line
        assert sheet.row_dimensions[12].height == 30  # two lines
        assert sheet.row_dimensions[14].height > 1000  # 32,767 characters


def test_row_height_counts_lines_by_width() -> None:
    wrapped = [(0, 10.0)]  # 12 characters a line
    assert row_height(["short"], wrapped) is None
    assert row_height(["x" * 13], wrapped) == 30
    assert row_height(["a\nb\nc"], wrapped) == 45
    assert row_height([None], wrapped) is None


def test_highlights_become_conditional_formats(tmp_path: Path) -> None:
    path = tmp_path / "h.xlsx"
    sheet = Sheet(
        "T",
        ("who", "changed", "load"),
        [["a", "yes", 95], ["b", "no", 120]],
        (8, 8, 8),
        highlights=(
            Highlight("changed", "equals", "yes", "changed"),
            Highlight("load", "at_least", 100, "red", whole_row=False),
        ),
    )
    render.render(Book([sheet]), path)
    rules = openpyxl.load_workbook(path)["T"].conditional_formatting
    found = {str(r.sqref): [rule.formula[0] for rule in r.rules] for r in rules}
    assert found == {"A2:C3": ['$B2="yes"'], "C2:C3": ["AND(ISNUMBER($C2),$C2>=100)"]}


def test_links_jump_to_the_row(tmp_path: Path) -> None:
    path = tmp_path / "l.xlsx"
    target = Sheet("Cases", ("case_id",), [["A1"], ["=B2"]], (10,))
    links = Sheet(
        "Links",
        ("case_id", "file"),
        [[Link("=B2", "Cases", 3), Link("other.xlsx", "", 0, file="other.xlsx")]],
        (10, 14),
        links=True,
    )
    render.render(Book([target, links]), path)
    sheet = openpyxl.load_workbook(path)["Links"]
    assert sheet["A2"].value == "=B2" and sheet["A2"].data_type == "s"
    assert sheet["A2"].hyperlink.location == "'Cases'!A3"
    assert sheet["B2"].hyperlink.target == "other.xlsx"


def test_past_excels_limit_links_are_plain_text(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(render, "MAX_LINKS", 1)
    path = tmp_path / "l.xlsx"
    rows = [[Link(f"C{i}", "Links", 2)] for i in range(3)]
    render.render(Book([Sheet("Links", ("case_id",), rows, (10,), links=True)]), path)
    sheet = openpyxl.load_workbook(path)["Links"]
    assert [sheet.cell(r, 1).hyperlink is not None for r in (2, 3, 4)] == [True, False, False]
    assert [sheet.cell(r, 1).value for r in (2, 3, 4)] == ["C0", "C1", "C2"]


def test_summary_layout_side_table_and_chart(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    side = Sheet("chart", ("pom", "utilisation_pct", "limit_pct"), [["Ann", 120, 100]], (10, 10, 8))
    chart = Chart("POM utilisation", "pom", "utilisation_pct", "limit_pct", "%")
    summary = Sheet(
        "Summary",
        ("figure", "value"),
        [["The run", ""], ["run date", date(2025, 6, 1)]],
        (20, 30),
        bold_rows=frozenset({0}),
        side=side,
        chart=chart,
    )
    render.render(Book([summary]), path)
    sheet = openpyxl.load_workbook(path)["Summary"]
    assert sheet["A2"].font.b and not sheet["A3"].font.b
    top = render.SIDE_TOP + 1  # the side table's header, as an Excel row number
    assert [sheet.cell(top, c).value for c in (4, 5, 6)] == ["pom", "utilisation_pct", "limit_pct"]
    assert [sheet.cell(top + 1, c).value for c in (4, 5, 6)] == ["Ann", 120, 100]
    with zipfile.ZipFile(path) as archive:
        chart_xml = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart_xml and "<c:lineChart>" in chart_xml
    assert f"<c:f>Summary!$E${top + 1}</c:f>" in chart_xml  # the bars: utilisation_pct


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: Any
) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"the previous report")

    def broken(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(render, "splice", broken)
    with pytest.raises(OSError):
        render.render(Book([_sheet("Fast", _rows(), False)]), path)
    assert path.read_bytes() == b"the previous report"
    assert leftovers(tmp_path) == []


def test_sheet_parts_follow_the_workbook_relationships(both: Path) -> None:
    parts = bulk.sheet_parts(both)
    assert set(parts) == {"Fast", "Slow"}
    with zipfile.ZipFile(both) as archive:
        assert all(part in archive.namelist() for part in parts.values())


def test_escape_follows_excel() -> None:
    assert bulk.escape("a&b<c>") == "a&amp;b&lt;c&gt;"
    assert bulk.escape("_x0041_") == "_x005F_x0041_"
    assert bulk.escape("\x01") == "_x0001_"
