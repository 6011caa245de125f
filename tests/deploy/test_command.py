"""``allocator deploy`` end to end: exit codes, the report's sheets, nothing written on errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from allocator.cli.app import cli
from tests.conftest import Rows, good_sheets

Make = Callable[..., Path]
SHEETS = [
    "Summary",
    "Deployment",
    "Unfilled posts",
    "LDU impact",
    "Shadow caseload",
    "Violations",
    "Problems",
]


def eoi_sheets(min_fte: float = 0.5) -> dict[str, Rows]:
    """Two officers of L1 for LEI (one post) and WNI (none wanted); a case to shadow."""
    sheets = good_sheets()
    sheets["Staff"] += [
        ["O1", "Olu One", "COM", "PO", "L1", 1.0, "active", None],
        ["O2", "Ola Two", "COM", "PO", "L1", 1.0, "active", None],
    ]
    sheets["SPOs"].append(["S2", "Sue Spo", "WNI", 1.0])
    sheets["Cases"][1][sheets["Cases"][0].index("crd")] = date(2025, 9, 1)  # COM responsible
    sheets["Cases"][1][sheets["Cases"][0].index("current_com")] = None
    sheets["Posts"] = [
        ["prison", "posts_fte", "go_live_date"],
        ["LEI", 1, date(2026, 1, 5)],
        ["WNI", 2, None],
    ]
    sheets["Interests"] = [
        ["staff_id", "prison", "preference", "selection_score"],
        ["O1", "LEI", 1, 60],
        ["O2", "LEI", 1, 75],
    ]
    sheets["LDUs"] = [["ldu", "min_fte", "max_leavers", "vacancy_fte"], ["L1", min_fte, None, None]]
    return sheets


def invoke(*args: str) -> Any:
    """Run the command line."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    """A report sheet's rows (header first)."""
    book = openpyxl.load_workbook(path)
    return list(book[sheet].iter_rows(values_only=True))


def test_a_plan_is_written_with_every_sheet(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    # L1 is 2.8 FTE (C1 0.8, O1, O2): 20 % is 0.56, so nobody could go; allow 40 %.
    sheets = eoi_sheets()
    sheets["Settings"].append(["ldu_max_gap_pct", 40])
    result = invoke("deploy", str(xlsx(sheets)), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 of 2 officers deployed (1 at their first choice)" in result.output
    assert "1.0 of 3.0 FTE of posts filled, 2.0 left for the next EOI round" in result.output
    assert openpyxl.load_workbook(out).sheetnames == SHEETS
    deployment = {row[0]: row for row in rows(out, "Deployment")[1:]}
    assert deployment["O2"][4:6] == ("yes", "LEI")  # the higher score
    assert deployment["O2"][7] == "S1"
    assert "1st choice, selected over 1 other applicant(s)" in deployment["O2"][-1]
    assert deployment["O1"][4] == "no"
    assert (
        "LEI: its 1.0 FTE went to O2 (1st choice, score 75); your score 60" in deployment["O1"][-1]
    )
    unfilled = rows(out, "Unfilled posts")
    assert [r[0] for r in unfilled[1:]] == ["WNI"]
    assert unfilled[1][-1] == "no expressions of interest"
    shadow = rows(out, "Shadow caseload")
    # Both LEI cases of L1 involve a COM (A1111AA's release is near; A2222BB is a recall).
    assert sorted((r[0], r[2], r[4]) for r in shadow[1:]) == [
        ("O2", "LEI", "A1111AA"),
        ("O2", "LEI", "A2222BB"),
    ]


def test_the_ldu_impact_sheet_has_the_figures_and_a_chart(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    sheets = eoi_sheets()
    sheets["Settings"].append(["ldu_max_gap_pct", 40])
    invoke("deploy", str(xlsx(sheets)), "-o", str(out))
    impact = rows(out, "LDU impact")
    assert impact[0][:6] == ("ldu", "fte_before", "leavers", "leavers_fte", "fte_after", "min_fte")
    assert impact[1][:6] == ("L1", 2.8, 1, 1, 1.8, 0.5)
    assert impact[1][-1] == "kept"
    book = openpyxl.load_workbook(out)
    assert len(book["LDU impact"]._charts) == 1


def test_an_ldu_already_short_is_a_hard_violation_exit_1(xlsx: Make, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = invoke("deploy", str(xlsx(eoi_sheets(min_fte=3))), "-o", str(out))
    assert result.exit_code == 1
    assert "hard: ldu_min_fte: 1" in result.output
    violations = rows(out, "Violations")
    assert violations[1][:2] == ("ldu_min_fte", "hard")
    assert violations[1][violations[0].index("before_plan")] == "yes"


def test_invalid_input_writes_nothing_and_exits_65(xlsx: Make, tmp_path: Path) -> None:
    sheets = eoi_sheets()
    sheets["Interests"].append(["C1", "LEI", 1, None])  # a PSO
    out = tmp_path / "plan.xlsx"
    result = invoke("deploy", str(xlsx(sheets)), "-o", str(out))
    assert result.exit_code == 65
    assert "Interests row 4, column staff_id (cell A4): 'C1' is grade PSO" in result.output
    assert not out.exists()


@pytest.mark.parametrize("sheet", ["Posts", "Interests"])
def test_nothing_to_plan_exits_65(xlsx: Make, tmp_path: Path, sheet: str) -> None:
    sheets = eoi_sheets()
    if sheet == "Posts":
        del sheets["Interests"]
    del sheets[sheet]
    out = tmp_path / "plan.xlsx"
    result = invoke("deploy", str(xlsx(sheets)), "-o", str(out))
    assert result.exit_code == 65
    assert f"the workbook has no {sheet}" in result.output
    assert not out.exists()


def test_the_input_is_never_overwritten(xlsx: Make) -> None:
    path = xlsx(eoi_sheets())
    result = CliRunner().invoke(cli, ["deploy", str(path), "-o", str(path)])
    assert result.exit_code == 2
    assert "is the input workbook" in result.output


def test_sample_with_eoi_then_deploy(tmp_path: Path) -> None:
    sample, out = tmp_path / "sample.xlsx", tmp_path / "plan.xlsx"
    result = invoke("sample", str(sample), "--prisons", "3", "--eoi", "--run-date", "2026-11-23")
    assert result.exit_code == 0 and "posts=3" in result.output
    result = invoke("deploy", str(sample), "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    assert "plan optimal" in result.output
    summary = dict(rows(out, "Summary")[1:])
    assert summary["plan status"] == "OPTIMAL"
    assert summary["prisons with posts"] == 3


def test_warnings_are_printed_unless_quiet(xlsx: Make, tmp_path: Path) -> None:
    sheets = eoi_sheets()
    sheets["Posts"].append(["BMI", 1, None])  # no SPO works at BMI: a warning
    path, out = xlsx(sheets), tmp_path / "plan.xlsx"
    loud = invoke("deploy", str(path), "-o", str(out))
    assert "warning: Posts row 4, column prison" in loud.output
    quiet = invoke("deploy", str(path), "-o", str(out), "--quiet")
    assert "warning:" not in quiet.output
    assert "0 errors, 1 warnings" in quiet.output
