"""``allocator whatif`` end to end: exit codes, the comparison, nothing written on errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from allocator.check.allocation import check
from allocator.cli.app import cli
from inputs import read
from inputs.report_reader import read_allocation
from reports.template import write_template
from tests.whatif.builders import Make, sample, with_scenarios

SCENARIOS = (
    ["cap", "setting", "pro_cases_per_fte", 1],
    ["away", "staff_status", "P1", "unavailable"],
    ["both", "inherit", "cap"],
    ["both", "inherit", "away"],
)


def invoke(*args: str) -> Any:
    """Run the command line."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def table(path: Path, sheet: str) -> list[dict[str, Any]]:
    """A sheet's rows as dicts keyed by the header."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_comparison_workbook(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "whatif.xlsx"
    result = invoke(
        "whatif", str(xlsx(with_scenarios(*SCENARIOS))), "-o", str(out), "--workers", "1"
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Comparison", "Charts", "Changes", "baseline", "cap", "away", "both"]
    rows = table(out, "Comparison")
    assert [r["scenario"] for r in rows] == ["baseline", "cap", "away", "both"]
    assert rows[3]["inherits"] == "cap; away"
    # A cap of 1 case per FTE for prison officers: P2 (PRO, 0.5 FTE: cap 0) holds A2222BB,
    # which excludes P1, the only other POM at LEI.
    assert rows[1]["POMs over their case cap"] == 1
    assert rows[1]["POMs over their case cap vs baseline"] == 1
    assert rows[0]["hard breaches vs baseline"] == 0
    assert "sub-problems" in rows[0]["solver status"]
    assert len(book["Charts"]._charts) == 4
    assert "comparison written to" in result.output


def test_the_changes_sheet_says_what_each_change_did(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "whatif.xlsx"
    invoke("whatif", str(xlsx(with_scenarios(*SCENARIOS))), "-o", str(out), "--workers", "1")
    changes = [
        (r["scenario"], r["row"], r["change"], r["what it did"]) for r in table(out, "Changes")
    ]
    assert changes == [
        ("cap", 2, "setting pro_cases_per_fte 1", "pro_cases_per_fte: 80 -> 1"),
        ("away", 3, "staff_status P1 unavailable", "status: P1 active -> unavailable"),
        ("both", 2, "setting pro_cases_per_fte 1 (from cap)", "pro_cases_per_fte: 80 -> 1"),
        ("both", 3, "staff_status P1 unavailable (from away)", "status: P1 active -> unavailable"),
    ]


def test_breaches_new_in_a_scenario_are_marked(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "whatif.xlsx"
    invoke("whatif", str(xlsx(with_scenarios(*SCENARIOS))), "-o", str(out), "--workers", "1")
    caps = [r for r in table(out, "cap") if r["rule"] == "caseload_cap"]
    assert caps and all(r["in_baseline"] == "no" and r["severity"] == "hard" for r in caps)
    baseline = {r["rule"] for r in table(out, "baseline")}
    assert "caseload_cap" not in baseline


def test_scenarios_from_their_own_workbook(xlsx: Make, tmp_path: Path) -> None:
    scenarios = xlsx({"Scenarios": with_scenarios(*SCENARIOS)["Scenarios"]}, name="s.xlsx")
    out = tmp_path / "whatif.xlsx"
    result = invoke("whatif", str(xlsx()), "--scenarios", str(scenarios), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [r["scenario"] for r in table(out, "Comparison")][1:] == ["cap", "away", "both"]


def test_invalid_scenarios_write_nothing_and_exit_65(xlsx: Make, tmp_path: Path) -> None:
    scenarios = xlsx({"Scenarios": [["scenario", "change"], ["s", "grow_prisn"]]}, name="s.xlsx")
    out = tmp_path / "whatif.xlsx"
    result = invoke("whatif", str(xlsx()), "--scenarios", str(scenarios), "-o", str(out))
    assert result.exit_code == 65
    assert (
        "s.xlsx: error: Scenarios row 2, column change (cell B2): unknown change" in result.output
    )
    assert "did you mean 'grow_prison'?" in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["input.xlsx", "s.xlsx"]


def test_an_invalid_input_writes_nothing(xlsx: Make, tmp_path: Path) -> None:
    sheets = with_scenarios(*SCENARIOS)
    sheets["Staff"][1][3] = "Boss"  # not a grade
    out = tmp_path / "whatif.xlsx"
    result = invoke("whatif", str(xlsx(sheets)), "-o", str(out))
    assert result.exit_code == 65
    assert "Staff row 2, column grade" in result.output
    assert not out.exists()


def test_an_unknown_prison_is_a_usage_error(xlsx: Make, tmp_path: Path) -> None:
    path = xlsx(with_scenarios(*SCENARIOS))
    result = invoke("whatif", str(path), "-o", str(tmp_path / "o.xlsx"), "--prison", "XYZ")
    assert result.exit_code == 2
    assert "--prison XYZ: no case is held there" in result.output


def test_the_input_is_never_overwritten(xlsx: Make) -> None:
    path = xlsx(with_scenarios(*SCENARIOS))
    result = CliRunner().invoke(cli, ["whatif", str(path), "-o", str(path)])
    assert result.exit_code == 2
    assert "is the input workbook" in result.output


def test_an_unreachable_cluster_is_a_usage_error(
    xlsx: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("solvers.executors.CONNECT_TIMEOUT", "1s")
    path = xlsx(with_scenarios(*SCENARIOS))
    out = tmp_path / "o.xlsx"
    result = invoke("whatif", str(path), "-o", str(out), "--cluster", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert "cannot reach a Dask scheduler at tcp://127.0.0.1:1" in result.output
    assert not out.exists()


def test_a_malformed_cluster_address_is_a_usage_error(xlsx: Make, tmp_path: Path) -> None:
    path = xlsx(with_scenarios(*SCENARIOS))
    result = invoke("whatif", str(path), "-o", str(tmp_path / "o.xlsx"), "--cluster", "myhost")
    assert result.exit_code == 2
    assert "tcp://HOST:PORT" in result.output


def test_the_baseline_reproduces_allocate(tmp_path: Path) -> None:
    path, data = sample(tmp_path, prisons=1)
    scenarios = tmp_path / "s.xlsx"
    from tests.conftest import write_xlsx

    write_xlsx(
        scenarios,
        {"Scenarios": with_scenarios(["cap", "setting", "po_cases_per_fte", 70])["Scenarios"]},
    )
    report, out = tmp_path / "report.xlsx", tmp_path / "whatif.xlsx"
    assert invoke("allocate", str(path), "-o", str(report), "--time-limit", "10").exit_code in (
        0,
        1,
    )
    result = invoke(
        "whatif", str(path), "--scenarios", str(scenarios), "-o", str(out),
        "--time-limit", "10", "--workers", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    allocation, problems = read_allocation(report)
    assert allocation is not None and not problems
    baseline = table(out, "Comparison")[0]
    assert baseline["objective"] == check(data, allocation).objective
    checked = check(data, allocation)
    assert baseline["hard breaches"] == len(checked.hard)
    assert baseline["POM moves"] == checked.kpis["pom_moves"]


def test_the_template_has_a_scenarios_sheet_that_reads_back(tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    write_template(template)
    book = openpyxl.load_workbook(template)
    assert [c.value for c in book["Scenarios"][1]] == ["scenario", "change", "target", "value"]
    book["Cases"].append(["A1234BC", "LEI", "determinate", "B", "low"])
    book["Staff"].append(["P1", "Sam", "POM", "PO", "LEI", 1.0])
    book["Scenarios"].append(["leave", "staff_status", "P1", "inactive"])
    book.save(template)
    from allocator.whatif.job import load_scenarios

    applied, problems = load_scenarios(template, read(template), None)
    assert [a.scenario.name for a in applied] == ["leave"]
    assert not [p for p in problems if p.severity == "error"]
