"""The report's content, worked out by hand on a tiny run.

Run date 15/06/2025. LEI has POMs P1 (prison officer, name looks like a formula) and
P2 (probation officer); LDU N1 has COM C1. SPO S1 manages P1 and P2 with a span limit
of 1 FTE (2 FTE: over). Cases:

- A1: tier C, held by P1, release 2030: kept.
- A2: tier A, RoSH high, no POM: needs a PO, so P2 (new).
- A3: released 01/12/2025, handover 18/03/2025 passed: COM responsible, held by P1
  (supporting); needs a COM: C1 (new).
- =1+2: CRD 15/03/2026, so handover 01/07/2025 (8 months 14 days before): due within
  8 weeks; POM responsible; held by P1.
- R1: remand, out of scope.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from allocator.domain.enums import Grade, Rosh, SentenceType, Tier
from allocator.domain.problem import Spo
from allocator.domain.problems import note, warning
from allocator.domain.result import RunInfo, SubResult
from inputs.report_reader import read_allocation, read_run_date
from reports.allocation import write
from reports.scope import ReportData
from reports.summary import status_text, stopping_rule
from tests.builders import RUN, case, com, com_case, pom, problem
from tests.reports.helpers import formulas, records, report_data, values


def tiny() -> ReportData:
    """The run described in the module's docstring."""
    data = problem(
        [
            case("A1", current_pom="P1"),
            case("A2", tier=Tier.A, rosh=Rosh.HIGH),
            com_case("A3", current_pom="P1"),
            case("=1+2", crd=date(2026, 3, 15), current_pom="P1"),
            case("R1", sentence_type=SentenceType.REMAND),
        ],
        [
            pom("P1", name="=cmd|' /C calc'!A0", spo="S1"),
            pom("P2", grade=Grade.PO, name="@SUM(1)", spo="S1"),
            com("C1"),
        ],
        spos=[Spo("S1", name="-Sam", location="LEI", span_limit_fte=1.0)],
    )
    problems = [
        warning("Cases", 4, "tier", "=EVIL()", "a warning about =EVIL()"),
        note("Staff", None, "", "", "the sheet has an unknown column"),
    ]
    return report_data(data, problems)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    write(path, tiny())
    return path


def test_sheets_in_contract_order(report: Path) -> None:
    names = openpyxl.load_workbook(report).sheetnames
    assert names == [
        "Summary",
        "Allocations",
        "Staff",
        "SPOs",
        "Violations",
        "HQ returns",
        "Problems",
    ]


def test_allocations(report: Path) -> None:
    rows = {r["case_id"]: r for r in records(report, "Allocations")}
    assert list(rows) == ["A1", "A2", "A3", "=1+2"]  # R1 is out of scope
    assert (rows["A1"]["pom"], rows["A1"]["pom_changed"]) == ("P1", "no")
    assert (rows["A2"]["pom"], rows["A2"]["pom_grade"], rows["A2"]["pom_changed"]) == (
        "P2",
        "PO",
        "yes",
    )
    assert (rows["A3"]["responsibility"], rows["A3"]["com"], rows["A3"]["com_changed"]) == (
        "COM",
        "C1",
        "yes",
    )
    assert rows["=1+2"]["handover_date"] == date(2025, 7, 1)
    assert all(r["reason"] for r in rows.values())


def test_summary_figures(report: Path) -> None:
    figures = {r["figure"]: r["value"] for r in records(report, "Summary")}
    assert figures["report for"] == "prison LEI"
    assert figures["run date"] == RUN
    assert figures["input file"] == "input.xlsx"
    assert figures["settings changed from the defaults"] == "run_date = 2025-06-15"
    assert figures["cases in scope"] == 4
    assert figures["cases with a POM"] == 4
    assert figures["cases without a POM"] == 0
    assert figures["new POM allocations"] == 1
    assert figures["held cases moved to another POM"] == 0
    assert figures["new COM allocations"] == 1
    assert figures["handovers to the COM in the next 8 weeks"] == 1
    assert figures["SPOs over their span"] == 1
    assert figures["POMs of prison LEI"].startswith("greedy (not optimised); 1 of 4 cases decided")
    assert read_run_date(report) == RUN


def test_staff_mix(report: Path) -> None:
    staff = {r["staff_id"]: r for r in records(report, "Staff")}
    p1, p2, c1 = staff["P1"], staff["P2"], staff["C1"]
    assert p1["name"] == "=cmd|' /C calc'!A0"
    assert (p1["cases"], p1["new_cases"], p1["tier_c"]) == (3, 0, 3)
    assert (p1["responsible"], p1["supporting"], p1["handovers_next_8_weeks"]) == (2, 1, 1)
    assert (p2["cases"], p2["new_cases"], p2["tier_a"], p2["high_risk_cases"]) == (1, 1, 1, 1)
    assert (c1["cases"], c1["new_cases"], c1["responsible"], c1["supporting"]) == (1, 1, 1, 0)
    assert p1["utilisation_pct"] == pytest.approx(
        100 * p1["points"] / p1["capacity_points"], abs=0.05
    )


def test_spos_and_violations(report: Path) -> None:
    (spo,) = records(report, "SPOs")
    assert (spo["span_fte"], spo["span_headcount"], spo["span_limit_fte"]) == (2, 2, 1)
    assert spo["over_limit"] == "yes"
    span = [v for v in records(report, "Violations") if v["rule"] == "spo_span"]
    assert span == [
        {
            "rule": "spo_span",
            "severity": "hard",
            "location": "LEI",
            "case_id": None,
            "staff_id": None,
            "spo_id": "S1",
            "amount": 2,
            "limit": 1,
            "message": span[0]["message"],
        }
    ]
    sheet = openpyxl.load_workbook(report)["Violations"]
    (row,) = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "spo_span"]
    assert sheet.cell(row, 6).hyperlink.location == "'SPOs'!A2"


def test_problems_are_listed(report: Path) -> None:
    rows = values(report, "Problems")
    assert rows[1][:5] == ["warning", "Cases", 4, "tier", "=EVIL()"]
    assert rows[2][0] == "note"


def test_no_cell_is_a_formula(report: Path) -> None:
    assert formulas(report) == []
    book = openpyxl.load_workbook(report)
    assert book["Allocations"]["A5"].value == "=1+2"
    assert book["Allocations"]["A5"].data_type == "s"
    assert book["SPOs"]["B2"].value == "-Sam"


def test_the_report_reads_back(report: Path) -> None:
    allocation, problems = read_allocation(report)
    assert problems == []
    assert allocation is not None
    assert allocation.pom == {"A1": "P1", "A2": "P2", "A3": "P1", "=1+2": "P1"}
    assert allocation.com["A3"] == "C1"


def test_write_report_keeps_its_signature(tmp_path: Path) -> None:
    from reports.allocation import write_report

    r = tiny()
    write_report(
        tmp_path / "r.xlsx", r.data, r.derivations, r.result, r.violations, r.problems, r.info
    )
    assert values(tmp_path / "r.xlsx", "Allocations")[1][0] == "A1"


def test_a_gap_reads_in_units_and_moves_not_only_as_a_percentage() -> None:
    close = SubResult("LEI", "pom", "FEASIBLE", 1_000_120, 1_000_000, 1.2, 900, 120, 30)
    far = SubResult("N01", "com", "FEASIBLE", 100_900, 100_000, 1.2, 900, 120, 30)
    assert status_text(close) == (
        "proven within 120 units — less than one move — of the best possible; "
        "120 of 900 cases decided; 1.2 s"
    )
    assert status_text(far).startswith(
        "proven within 900 units — 3.0 moves' worth (0.89 %) — of the best possible"
    )


def test_the_summary_names_the_stopping_rule_in_moves() -> None:
    default = RunInfo("in.xlsx", "ab" * 32, RUN, {}, 1.0)
    assert stopping_rule(default).startswith(
        "proven within 299 units — less than one case move (300) — of the best"
    )
    exact = RunInfo("in.xlsx", "ab" * 32, RUN, {"absolute_gap": 0}, 1.0)
    assert stopping_rule(exact).startswith("proven optimal, to the last unit")
