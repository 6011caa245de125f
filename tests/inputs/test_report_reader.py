"""Reading an allocation back from a report's Allocations sheet, edited by hand or not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from allocator.check.allocation import check
from allocator.domain.problems import Severity
from allocator.domain.result import Allocation
from inputs.report_reader import read_allocation, unknown_ids
from tests.builders import case, com, com_case, pom, problem

#: The report's Allocations columns (workbook contract), in the report's order.
REPORT_COLUMNS = (
    "case_id",
    "prison",
    "responsibility",
    "handover_start_date",
    "handover_date",
    "recommended_pom_type",
    "pom",
    "pom_grade",
    "previous_pom",
    "pom_changed",
    "com",
    "com_changed",
    "points",
    "reason",
)


def _write(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    """A workbook with the given sheets, each a list of rows from A1 (None: empty cell)."""
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, book.add_format({"num_format": "dd/mm/yyyy"}))
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


def _report_row(case_id: str, pom: str | None, com: str | None) -> list[Any]:
    """A row as the allocator writes it (the explanation columns filled in)."""
    values = dict.fromkeys(REPORT_COLUMNS)
    values.update(
        case_id=case_id,
        prison="LEI",
        responsibility="POM",
        pom=pom,
        pom_grade="PRO" if pom else None,
        pom_changed="no",
        com=com,
        com_changed="no",
        points=30,
        reason="kept",
    )
    return [values[c] for c in REPORT_COLUMNS]


def _report(tmp_path: Path, rows: Sequence[Sequence[Any]], **others: Any) -> Path:
    """A report workbook: Summary, Allocations (header + rows), Violations."""
    return _write(
        tmp_path / "report.xlsx",
        {
            "Summary": [["figure", "value"], ["cases in scope", len(rows)]],
            "Allocations": [list(REPORT_COLUMNS), *rows],
            "Violations": [["rule", "severity"]],
            **others,
        },
    )


def _errors(problems: Sequence[Any]) -> list[str]:
    return [p.problem for p in problems if p.severity is Severity.ERROR]


def test_reads_the_pom_and_com_of_every_row(tmp_path: Path) -> None:
    path = _report(
        tmp_path,
        [
            _report_row("A1", "S1", None),
            _report_row("A2", None, None),
            _report_row("A3", "S2", "C1"),
        ],
    )
    allocation, problems = read_allocation(path)
    assert problems == []
    assert allocation == Allocation(
        pom={"A1": "S1", "A2": None, "A3": "S2"}, com={"A1": None, "A2": None, "A3": "C1"}
    )


def test_a_manager_changed_a_pom_by_hand_and_the_check_sees_it(tmp_path: Path) -> None:
    # The report kept A1 with S1; the head of OM typed S2 over it: a voluntary move (300)
    # and S2's one new case (spread 20).
    data = problem(
        [case("A1", current_pom="S1"), case("A2", current_pom="S1")], [pom("S1"), pom("S2")]
    )
    path = _report(tmp_path, [_report_row("A1", " S2 ", None), _report_row("A2", "S1", None)])
    allocation, problems = read_allocation(path)
    assert problems == [] and allocation is not None
    assert unknown_ids(data, allocation) == []
    report = check(data, allocation)
    assert [(v.rule, v.case_id, v.amount) for v in report.violations] == [("continuity", "A1", 300)]
    assert report.objective == 320


def test_headers_match_ignoring_case_and_spaces_with_a_title_above(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "edited.xlsx",
        {
            "ALLOCATIONS ": [
                ["Allocations for LEI, edited by the Head of OMU"],
                [],
                [" Case ID", "Prison", "POM ", "Com", "my notes"],
                ["A1", "LEI", "S1", "C1", "checked"],
            ]
        },
    )
    allocation, problems = read_allocation(path)
    assert problems == []
    assert allocation == Allocation({"A1": "S1"}, {"A1": "C1"})


def test_ids_typed_as_numbers_lose_the_decimal_point(tmp_path: Path) -> None:
    path = _report(tmp_path, [_report_row("A1", 1234, None)])  # type: ignore[arg-type]
    allocation, _ = read_allocation(path)
    assert allocation is not None and allocation.pom == {"A1": "1234"}


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    path = _report(
        tmp_path, [_report_row("A1", "S1", None), [], [None, None], _report_row("A2", None, None)]
    )
    allocation, problems = read_allocation(path)
    assert problems == [] and allocation is not None
    assert set(allocation.pom) == {"A1", "A2"}


def test_missing_sheet(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.xlsx", {"Summary": [["figure"]], "Staff": [["staff_id"]]})
    allocation, problems = read_allocation(path)
    assert allocation is None
    assert _errors(problems) == [
        "the Allocations sheet is missing (the workbook has: Summary, Staff)"
    ]


@pytest.mark.parametrize("column", ["case_id", "pom", "com"])
def test_missing_column(tmp_path: Path, column: str) -> None:
    header = [c for c in ("case_id", "prison", "pom", "com") if c != column]
    path = _write(tmp_path / "r.xlsx", {"Allocations": [header, ["x"] * len(header)]})
    allocation, problems = read_allocation(path)
    assert allocation is None
    assert [(p.column, p.problem) for p in problems] == [(column, f"column {column} is missing")]


def test_no_header_row(tmp_path: Path) -> None:
    path = _write(tmp_path / "r.xlsx", {"Allocations": [["A1", "S1"], ["A2", "S2"]]})
    allocation, problems = read_allocation(path)
    assert allocation is None
    assert "no header row" in _errors(problems)[0]


def test_a_column_twice(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "r.xlsx",
        {"Allocations": [["case_id", "pom", "com", "POM"], ["A1", "S1", "", "S2"]]},
    )
    allocation, problems = read_allocation(path)
    assert allocation is None
    assert _errors(problems) == ["column pom appears twice (B and D): delete or rename one"]


def test_duplicate_case_ids(tmp_path: Path) -> None:
    path = _report(
        tmp_path,
        [
            _report_row("A1", "S1", None),
            _report_row("A2", "S1", None),
            _report_row("A1", "S2", None),
        ],
    )
    allocation, problems = read_allocation(path)
    assert allocation is None
    assert [(p.row, p.column, p.cell, p.problem) for p in problems] == [
        (4, "case_id", "A4", "case A1 is listed twice (rows 2 and 4): keep one row")
    ]


def test_blank_case_id_with_a_pom_is_an_error(tmp_path: Path) -> None:
    path = _report(tmp_path, [_report_row("A1", "S1", None), _report_row("", "S2", None)])
    allocation, problems = read_allocation(path)
    assert allocation is None
    assert [(p.severity, p.row, p.column) for p in problems] == [(Severity.ERROR, 3, "case_id")]
    assert "case_id is blank" in problems[0].problem


def test_blank_case_id_without_a_worker_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = _report(tmp_path, [_report_row("A1", "S1", None), _report_row("  ", None, None)])
    allocation, problems = read_allocation(path)
    assert allocation == Allocation({"A1": "S1"}, {"A1": None})
    assert [(p.severity, p.row, p.problem) for p in problems] == [
        (Severity.WARNING, 3, "case_id is blank: row ignored")
    ]


def test_a_date_where_an_id_belongs(tmp_path: Path) -> None:
    row = _report_row("A1", None, None)
    row[REPORT_COLUMNS.index("pom")] = date(2025, 3, 1)
    allocation, problems = read_allocation(_report(tmp_path, [row]))
    assert allocation is None
    assert [(p.row, p.column, p.cell) for p in problems] == [(2, "pom", "G2")]
    assert "date" in problems[0].problem


def test_an_excel_error_in_a_cell(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Allocations")
    sheet.write_row(0, 0, ["case_id", "pom", "com"])
    sheet.write_row(1, 0, ["A1", "S1"])
    sheet.write_formula(1, 2, "=NA()", None, "#N/A")
    book.close()
    allocation, problems = read_allocation(path)
    assert allocation is None
    assert [(p.column, p.value) for p in problems] == [("com", "#N/A")]
    assert "Excel error" in problems[0].problem


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_text("case_id,pom,com\nA1,S1,\n")
    allocation, problems = read_allocation(path)
    assert allocation is None
    assert len(problems) == 1 and problems[0].severity is Severity.ERROR
    assert "CSV" in problems[0].problem


def test_unknown_ids() -> None:
    data = problem([com_case("A1"), case("A2")], [pom("S1"), pom("S22"), com("C1")])
    allocation = Allocation(
        pom={"A1": "S1", "A2": "S23", "Z9": None}, com={"A1": "C9", "A2": None, "Z9": None}
    )
    problems = unknown_ids(data, allocation)
    assert all(p.severity is Severity.ERROR and p.sheet == "Allocations" for p in problems)
    assert [(p.column, p.value) for p in problems] == [
        ("case_id", "Z9"),
        ("pom", "S23"),
        ("com", "C9"),
    ]
    assert "did you mean 'S22'?" in problems[1].problem
    assert unknown_ids(data, Allocation({"A1": "S1"}, {"A1": "C1"})) == []
