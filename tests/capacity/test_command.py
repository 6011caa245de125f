"""``allocator capacity`` end to end: exit codes, the report's sheets and columns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner

from allocator.cli.app import cli
from reports.capacity import SHEETS
from reports.capacity_tables import CAPACITY_COLUMNS, CAPS_COLUMNS, OVERLOAD_COLUMNS
from tests.conftest import good_sheets, set_cell

Make = Callable[..., Path]


def invoke(*args: str) -> Any:
    """Run the command line."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def table(path: Path, sheet: str) -> list[dict[str, Any]]:
    """A report sheet as dicts by header."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_writes_every_sheet_and_column(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "capacity.xlsx"
    result = invoke("capacity", str(xlsx()), "-o", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    for sheet, columns in (
        ("Capacity", CAPACITY_COLUMNS),
        ("Caps needed", CAPS_COLUMNS),
        ("Over caps today", OVERLOAD_COLUMNS),
    ):
        header = next(book[sheet].iter_rows(max_row=1, values_only=True))
        assert header == columns
        assert book[sheet].freeze_panes == "A2"
    assert "report written to" in result.output


def test_one_row_per_prison_and_ldu_with_a_plain_explanation(xlsx: Make, tmp_path: Path) -> None:
    # good_sheets: LEI has a PO (P1, 1.0) and a PRO (P2, 0.5), both cases already held,
    # the PO's high-risk case kept; WNI holds only a remand case; LDU L1 has a PSO.
    out = tmp_path / "capacity.xlsx"
    invoke("capacity", str(xlsx()), "-o", str(out), "--quiet")
    rows = {(r["prison_or_ldu"], r["role"]): r for r in table(out, "Capacity")}
    lei = rows["LEI", "POM"]
    assert (lei["fte_po"], lei["fte_pro"], lei["add_fte_total"]) == (1.0, 0.5, 0.0)
    assert lei["status"] == "nothing to allocate"
    caps = next(r for r in table(out, "Caps needed") if r["prison_or_ldu"] == "LEI")
    assert caps["status"] == "nothing to allocate"
    assert rows["WNI", "POM"]["cases_held"] == 0
    summary = [r["figure"] for r in table(out, "Summary")]
    assert "What each figure means" in summary
    assert "additional FTE needed (total)" in summary


def test_a_short_prison_is_marked_and_explained(xlsx: Make, tmp_path: Path) -> None:
    # A new high-risk arrival at LEI; P1 (the only PO) is capped at 1 case (max_cases),
    # which it already holds: 0.1 FTE of a PO is needed.
    sheets = good_sheets()
    sheets["Staff"][0].append("max_cases")
    sheets["Staff"][1].append(1)
    row = len(sheets["Cases"]) + 1
    for column, value in (
        ("case_id", "A4444DD"),
        ("prison", "LEI"),
        ("sentence_type", "determinate"),
        ("tier", "C"),
        ("rosh", "very high"),
        ("sentence_start", "2024-01-10"),
        ("crd", "2029-06-01"),
        ("ldu", "L1"),
    ):
        set_cell(sheets, "Cases", row, column, value)
    out = tmp_path / "capacity.xlsx"
    assert invoke("capacity", str(xlsx(sheets)), "-o", str(out), "--quiet").exit_code == 0
    lei = next(r for r in table(out, "Capacity") if r["prison_or_ldu"] == "LEI")
    assert (lei["add_fte_po"], lei["add_fte_pro"], lei["status"]) == (0.1, 0.0, "short")
    assert "0.1 FTE more" in lei["explanation"] and lei["proof"] == "proven least"
    caps = next(r for r in table(out, "Caps needed") if r["prison_or_ldu"] == "LEI")
    # P1's personal max_cases does not move with the uniform caps: none is enough.
    assert caps["status"] == "no cap is enough" and "max_cases" in caps["explanation"]


def test_invalid_input_writes_nothing(xlsx: Make, tmp_path: Path) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Staff", 2, "fte", "lots")
    out = tmp_path / "capacity.xlsx"
    result = invoke("capacity", str(xlsx(sheets)), "-o", str(out), "--quiet")
    assert result.exit_code == 65 and not out.exists()


def test_an_unknown_prison_is_a_usage_error(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "capacity.xlsx"
    result = invoke("capacity", str(xlsx()), "-o", str(out), "--prison", "XXX")
    assert result.exit_code == 2 and not out.exists()


def test_the_input_is_never_overwritten(xlsx: Make) -> None:
    path = xlsx()
    result = CliRunner().invoke(cli, ["capacity", str(path), "-o", str(path)])
    assert result.exit_code == 2


def test_one_prison_and_no_respread(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "capacity.xlsx"
    args = ("capacity", str(xlsx()), "-o", str(out), "--prison", "LEI", "--no-respread")
    assert invoke(*args, "--quiet").exit_code == 0
    names = {r["prison_or_ldu"] for r in table(out, "Capacity")}
    assert names == {"LEI", "L1"}
    assert {r["respread_proof"] for r in table(out, "Over caps today")} == {"not measured"}
