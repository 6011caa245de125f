"""A national run split by prison: each head of OM's workbook holds only their prison.

Two prisons: LEI (POM P1, cases L1 and L2) and WNI (POM W1, case W2). C1, a COM of
LDU N1, holds L2 and W2. SPO S1 manages P1, SPO S2 manages W1.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from allocator.domain.problem import Spo
from reports.scope import ReportData
from reports.split import SUMMARY_FILE, prison_files, write_split
from solvers.executors import processes
from tests.builders import case, com, com_case, pom, problem
from tests.reports.helpers import formulas, leftovers, records


def national() -> ReportData:
    """The two-prison run described above."""
    from tests.reports.helpers import report_data

    data = problem(
        [
            case("L1", current_pom="P1"),
            com_case("L2", current_pom="P1", current_com="C1"),
            com_case("W2", prison="WNI", current_pom="W1", current_com="C1"),
        ],
        [pom("P1", spo="S1"), pom("W1", location="WNI", spo="S2"), com("C1")],
        spos=[Spo("S1", location="LEI"), Spo("S2", location="WNI", span_limit_fte=0.5)],
    )
    return report_data(data)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("split")
    write_split(out, national())
    return out


def test_files(folder: Path) -> None:
    names = sorted(p.name for p in folder.iterdir())
    assert names == [SUMMARY_FILE, "prison-LEI.xlsx", "prison-WNI.xlsx"]
    assert leftovers(folder) == []


def test_each_prison_gets_only_its_own_cases(folder: Path) -> None:
    lei = [r["case_id"] for r in records(folder / "prison-LEI.xlsx", "Allocations")]
    wni = [r["case_id"] for r in records(folder / "prison-WNI.xlsx", "Allocations")]
    assert (lei, wni) == (["L1", "L2"], ["W2"])


def test_staff_spos_and_breaches_follow_the_prison(folder: Path) -> None:
    staff = [r["staff_id"] for r in records(folder / "prison-WNI.xlsx", "Staff")]
    assert staff == ["W1"]  # its POM; C1's load is for probation (the national summary)
    national = [r["staff_id"] for r in records(folder / SUMMARY_FILE, "Staff")]
    assert national == ["P1", "W1", "C1"]
    assert [r["spo_id"] for r in records(folder / "prison-WNI.xlsx", "SPOs")] == ["S2"]
    assert [r["spo_id"] for r in records(folder / "prison-LEI.xlsx", "SPOs")] == ["S1"]
    lei_rules = {r["rule"] for r in records(folder / "prison-LEI.xlsx", "Violations")}
    wni_rules = {r["rule"] for r in records(folder / "prison-WNI.xlsx", "Violations")}
    assert "spo_span" in wni_rules and "spo_span" not in lei_rules


def test_national_summary(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / SUMMARY_FILE)
    assert book.sheetnames == [
        "Summary",
        "Prisons",
        "Staff",
        "SPOs",
        "Violations",
        "HQ returns",
        "Problems",
    ]
    prisons = records(folder / SUMMARY_FILE, "Prisons")
    assert [(p["prison"], p["cases_in_scope"], p["report"]) for p in prisons] == [
        ("LEI", 2, "prison-LEI.xlsx"),
        ("WNI", 1, "prison-WNI.xlsx"),
    ]
    assert book["Prisons"]["N2"].hyperlink.target == "prison-LEI.xlsx"
    figures = {r["figure"]: r["value"] for r in records(folder / SUMMARY_FILE, "Summary")}
    assert figures["report for"] == "2 prisons"
    assert figures["cases in scope"] == 3
    assert formulas(folder / SUMMARY_FILE) == []


def test_per_prison_summary_has_its_own_figures(folder: Path) -> None:
    figures = {r["figure"]: r["value"] for r in records(folder / "prison-LEI.xlsx", "Summary")}
    assert figures["report for"] == "prison LEI"
    assert figures["cases in scope"] == 2
    assert "POMs of prison LEI" in figures and "POMs of prison WNI" not in figures


def test_parallel_writing_gives_the_same_workbooks(tmp_path: Path, folder: Path) -> None:
    with processes(2) as pool:
        write_split(tmp_path, national(), pool)
    for name in (SUMMARY_FILE, "prison-LEI.xlsx", "prison-WNI.xlsx"):
        for sheet in ("Summary", "Staff", "Violations"):
            assert _untimed(records(tmp_path / name, sheet)) == _untimed(
                records(folder / name, sheet)
            )


def _untimed(rows: list[dict[object, object]]) -> list[dict[object, object]]:
    """The rows without the solve time, which two runs of the same solve need not share."""
    return [row for row in rows if row.get("figure") != "solve time (s)"]


def test_prison_file_names_are_safe_and_distinct() -> None:
    assert prison_files(["LEI", "a/b", "a_b", "../x", "LEI "]) == {
        "LEI": "prison-LEI.xlsx",
        "a/b": "prison-a_b.xlsx",
        "a_b": "prison-a_b-2.xlsx",
        "../x": "prison-x.xlsx",
        "LEI ": "prison-LEI-2.xlsx",
    }
