"""The allocate, check and demo commands end to end, through click's test runner.

The input is the small valid workbook of ``tests/conftest.py``: at LEI, A1111AA (RoSH
high, held by P1, a PO, with COM C1, a PSO: one hard violation whatever is allocated, so
a written report exits 1) and A2222BB (held by P2, a PRO; P1 is excluded from it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner, Result

from allocator.cli.app import cli
from tests.conftest import good_sheets, set_cell
from tests.reports.helpers import leftovers, records

Make = Callable[..., Path]


def run(*args: str | Path) -> Result:
    """One command line, as the user types it (after ``allocator``)."""
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def workbook(xlsx: Make) -> Path:
    return xlsx()


def test_allocate_writes_the_report(workbook: Path, tmp_path: Path) -> None:
    result = run("allocate", workbook, "-o", tmp_path / "report.xlsx", "--solver", "greedy")
    assert result.exit_code == 1, result.output  # written, with the hard violation listed
    assert "hard: high_risk_needs_qualified: 1" in result.output
    assert f"report written to {tmp_path / 'report.xlsx'}" in result.output
    names = openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames
    assert names[:2] == ["Summary", "Allocations"]
    assert {"Staff", "SPOs", "Violations", "Problems"} <= set(names)


def test_check_finds_what_a_managers_edit_broke(workbook: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    assert run("allocate", workbook, "-o", report, "--solver", "greedy").exit_code == 1
    clean = run("check", workbook, report)
    assert clean.exit_code == 1, clean.output
    assert "1 hard and 0 soft violations" in clean.output
    assert "excluded_staff" not in clean.output

    book = openpyxl.load_workbook(report)
    sheet = book["Allocations"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "A2222BB")
    sheet.cell(row, header.index("pom") + 1).value = "P1"  # P1 is excluded from A2222BB
    book.save(report)

    edited = run("check", workbook, report)
    assert edited.exit_code == 1, edited.output
    assert "2 hard" in edited.output
    (line,) = [x for x in edited.output.splitlines() if x.startswith("hard: excluded_staff:")]
    assert "A2222BB" in line and "P1" in line


def test_check_names_a_typo_in_the_edit(workbook: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    run("allocate", workbook, "-o", report, "--solver", "greedy")
    book = openpyxl.load_workbook(report)
    book["Allocations"]["I2"] = "P7"
    book.save(report)
    result = run("check", workbook, report)
    assert result.exit_code == 65
    assert "P7" in result.output and "Traceback" not in result.output


def test_split_by_prison(workbook: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    result = run("allocate", workbook, "-o", folder, "--split-by", "prison", "--solver", "greedy")
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "national-summary.xlsx",
        "prison-LEI.xlsx",
        "prison-WNI.xlsx",
    ]
    assert "2 prison reports" in result.output


def test_split_by_needs_a_folder(workbook: Path, tmp_path: Path) -> None:
    file = tmp_path / "report.xlsx"
    file.write_bytes(b"")
    result = run("allocate", workbook, "-o", file, "--split-by", "prison")
    assert result.exit_code == 2
    assert "names a folder" in result.output


def test_write_back(workbook: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.xlsx"
    result = run(
        "allocate", workbook, "-o", tmp_path / "r.xlsx", "--write-back", copy, "--solver", "greedy"
    )
    assert result.exit_code == 1, result.output
    assert f"write-back copy written to {copy}" in result.output
    proposals = {r["case_id"]: r["proposed_pom"] for r in records(copy, "Cases")}
    assert proposals["A2222BB"] == "P2"


def test_write_back_is_never_in_place(workbook: Path, tmp_path: Path) -> None:
    before = workbook.read_bytes()
    result = run("allocate", workbook, "-o", tmp_path / "r.xlsx", "--write-back", workbook)
    assert result.exit_code == 2
    assert "is the input workbook" in result.output
    assert workbook.read_bytes() == before
    assert not (tmp_path / "r.xlsx").exists()


def test_a_bad_workbook_writes_nothing(xlsx: Make, tmp_path: Path) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "tier", "Z")
    bad = xlsx(sheets)
    result = run("allocate", bad, "-o", tmp_path / "r.xlsx", "--write-back", tmp_path / "c.xlsx")
    assert result.exit_code == 65
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.xlsx"]


def test_not_a_workbook_writes_nothing(tmp_path: Path) -> None:
    fake = tmp_path / "cases.xlsx"
    fake.write_text("case_id,prison\nA1,LEI\n")
    result = run("allocate", fake, "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 65
    assert "text or CSV" in result.output
    assert not (tmp_path / "r.xlsx").exists()
    assert leftovers(tmp_path) == []


def test_demo_writes_the_sample_and_the_report(tmp_path: Path) -> None:
    result = run("demo", tmp_path / "demo")
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (tmp_path / "demo").iterdir())
    assert files == ["report.xlsx", "sample-input.xlsx"]
    assert f"report written to {tmp_path / 'demo' / 'report.xlsx'}" in result.output
    assert f"demo files are in {tmp_path / 'demo'}" in result.output


def test_an_unwritable_place_is_said_plainly(workbook: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = run("allocate", workbook, "-o", blocker / "report.xlsx", "--solver", "greedy")
    assert result.exit_code == 2
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_a_workbook_openpyxl_cannot_edit_gets_no_copy(
    workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    def unreadable(*args: object, **kwargs: object) -> None:
        raise KeyError("There is no item named 'xl/sharedStrings.xml' in the archive")

    monkeypatch.setattr(openpyxl, "load_workbook", unreadable)
    copy = tmp_path / "copy.xlsx"
    result = run(
        "allocate", workbook, "-o", tmp_path / "r.xlsx", "--write-back", copy, "--solver", "greedy"
    )
    assert result.exit_code == 1  # the report is written; its hard violation stands
    assert "no write-back copy written" in result.output
    assert not copy.exists() and (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("command", ["allocate", "capacity", "deploy"])
@pytest.mark.parametrize("limit", ["nan", "NaN", "inf"])
def test_a_time_limit_that_is_not_a_number_is_a_usage_error(
    workbook: Path, tmp_path: Path, command: str, limit: str
) -> None:
    result = run(command, workbook, "-o", tmp_path / "out.xlsx", "--time-limit", limit)
    assert result.exit_code == 2, result.output
    assert "--time-limit" in result.output  # inf is above the range, nan not a number
    assert not (tmp_path / "out.xlsx").exists()


@pytest.fixture
def unwritable(tmp_path: Path) -> Path:
    """A folder no one may write to (for root, who may write anywhere, a sysfs folder)."""
    if os.geteuid() == 0:
        if not Path("/sys/kernel").is_dir():
            pytest.skip("no folder is closed to root here")
        return Path("/sys/kernel")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@pytest.mark.parametrize("option", ["-o", "--write-back"])
def test_an_output_in_a_read_only_folder_is_refused_before_solving(
    workbook: Path, tmp_path: Path, unwritable: Path, option: str
) -> None:
    target = unwritable / "report.xlsx"
    others = ["-o", str(tmp_path / "report.xlsx")] if option == "--write-back" else []
    result = run("allocate", workbook, option, target, *others, "--solver", "greedy")
    assert result.exit_code == 2, result.output
    assert f"cannot write {target} (Permission denied)" in result.output
    assert "POM allocations" not in result.output  # refused before anything was solved
    assert ".report-" not in result.output


def test_a_long_report_name_is_written(workbook: Path, tmp_path: Path) -> None:
    target = tmp_path / f"{'r' * 245}.xlsx"  # 250 characters: the file system takes 255
    result = run("allocate", workbook, "-o", target, "--solver", "greedy")
    assert result.exit_code == 1, result.output
    assert [p.name for p in tmp_path.iterdir() if p.name != workbook.name] == [target.name]


def test_a_name_too_long_for_the_disk_is_refused_before_solving(
    workbook: Path, tmp_path: Path
) -> None:
    target = tmp_path / f"{'r' * 260}.xlsx"
    result = run("allocate", workbook, "-o", target, "--solver", "greedy")
    assert result.exit_code == 2, result.output
    assert f"cannot write {target} (File name too long)" in result.output
    assert "POM allocations" not in result.output


def test_check_lists_every_problem_of_an_edited_report_in_one_pass(
    workbook: Path, tmp_path: Path
) -> None:
    report = tmp_path / "edited.xlsx"
    book = xlsxwriter.Workbook(str(report))
    sheet = book.add_worksheet("Allocations")
    sheet.write_row(0, 0, ["case_id", "pom", "com"])
    sheet.write_string(1, 0, "A1111AA")
    sheet.write_formula(1, 1, "=NA()", None, "#N/A")  # an error cell
    sheet.write_string(2, 0, "A2222BB")
    sheet.write_datetime(2, 1, datetime(2025, 6, 1), book.add_format({"num_format": "d/m/yy"}))
    sheet.write_row(3, 0, ["A3333CC", "NOSUCH1"])  # a staff id not in the input
    sheet.write_row(4, 0, ["Z9999ZZ", "P1"])  # a case not in the input
    book.close()
    result = run("check", workbook, report, "--run-date", "2025-06-01")
    assert result.exit_code == 65, result.output
    assert "the cell shows the Excel error #N/A" in result.output
    assert "is a date or time, not an id" in result.output
    assert "pom NOSUCH1 of case A3333CC is not in the input's Staff sheet" in result.output
    assert "case Z9999ZZ is not in the input's Cases sheet" in result.output
    assert "4 errors" in result.output
