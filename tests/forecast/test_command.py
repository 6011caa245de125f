"""``allocator forecast`` end to end: exit codes, the workbook's sheets, --from-report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from allocator.cli.app import cli
from reports.forecast import SHEETS
from reports.forecast_tables import HANDOVER_COLUMNS, WEEK_COLUMNS
from reports.sample import write_sample
from tests.conftest import good_sheets, set_cell

Make = Callable[..., Path]
RUN = date(2026, 11, 23)


def invoke(*args: Any) -> Any:
    """Run the command line."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def table(path: Path, sheet: str) -> list[dict[str, Any]]:
    """A sheet as dicts by header."""
    rows = list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forecast") / "sample.xlsx"
    write_sample(path, prisons=1, seed=1, run_date=RUN)
    return path


@pytest.fixture(scope="module")
def written(sample: Path) -> Path:
    out = sample.parent / "forecast.xlsx"
    result = invoke("forecast", sample, "-o", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert f"forecast written to {out}" in result.output
    return out


def test_every_sheet(written: Path) -> None:
    assert openpyxl.load_workbook(written, read_only=True).sheetnames == list(SHEETS)


def test_one_row_per_person_and_week(written: Path, sample: Path) -> None:
    rows = table(written, "Weeks")
    staff = table(sample, "Staff")
    assert tuple(rows[0]) == WEEK_COLUMNS
    assert len(rows) == len(staff) * 13
    assert {r["week"] for r in rows} == set(range(13))


def test_handovers_are_the_list_an_ldu_wants(written: Path) -> None:
    rows = table(written, "Handovers")
    assert rows and tuple(rows[0]) == HANDOVER_COLUMNS
    assert [r["ldu"] for r in rows] == sorted(r["ldu"] for r in rows)
    assert all(r["com"] for r in rows)  # a COM's id, or "needs a COM"
    assert any(r["com"] == "needs a COM" for r in rows)


def test_prisons_and_ldus_week_by_week(written: Path) -> None:
    prisons = table(written, "Prisons")
    assert [r["week"] for r in prisons] == list(range(13))
    assert sum(r["release"] for r in prisons) > 0
    ldus = table(written, "LDUs")
    assert {r["week"] for r in ldus} == set(range(13))


def test_the_summary_says_where_arrivals_come_from(written: Path) -> None:
    figures = {r["figure"]: r["value"] for r in table(written, "Summary")}
    assert figures["weeks ahead"] == 12
    assert figures["arrivals expected from"].startswith("none")


def test_fewer_weeks(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    result = invoke("forecast", sample, "-o", out, "--weeks", 3, "--quiet")
    assert result.exit_code == 0, result.output
    assert {r["week"] for r in table(out, "Prisons")} == {0, 1, 2, 3}


def test_weekly_receptions_from_the_settings_sheet(xlsx: Make, tmp_path: Path) -> None:
    sheets = good_sheets()
    sheets["Settings"].append(["weekly_receptions", 2])
    out = tmp_path / "forecast.xlsx"
    result = invoke("forecast", xlsx(sheets), "-o", out, "--weeks", 3, "--quiet")
    assert result.exit_code == 0, result.output
    arrivals = {(r["prison"], r["week"]): r["arrivals_so_far"] for r in table(out, "Prisons")}
    assert [arrivals["LEI", k] for k in range(4)] == [0, 2, 4, 6]
    figures = {r["figure"]: r["value"] for r in table(out, "Summary")}
    assert figures["arrivals expected from"].startswith("2 a week into each prison")


def test_from_a_report(xlsx: Make, tmp_path: Path) -> None:
    workbook = xlsx()
    report = tmp_path / "report.xlsx"
    assert invoke("allocate", workbook, "-o", report, "--solver", "greedy").exit_code in (0, 1)
    out = tmp_path / "forecast.xlsx"
    result = invoke("forecast", workbook, "-o", out, "--from-report", report, "--quiet")
    assert result.exit_code == 0, result.output
    allocations = {r["case_id"]: r["pom"] for r in table(report, "Allocations")}
    held = {r["staff_id"]: r["cases"] for r in table(out, "Weeks") if r["week"] == 0}
    for staff_id in {p for p in allocations.values() if p}:
        assert held[staff_id] >= sum(1 for p in allocations.values() if p == staff_id)
    figures = {r["figure"]: r["value"] for r in table(out, "Summary")}
    assert figures["starting allocation"].startswith("the report report.xlsx")


def test_a_report_naming_unknown_staff_writes_nothing(xlsx: Make, tmp_path: Path) -> None:
    workbook = xlsx()
    report = tmp_path / "report.xlsx"
    invoke("allocate", workbook, "-o", report, "--solver", "greedy")
    book = openpyxl.load_workbook(report)
    sheet = book["Allocations"]
    column = [c.value for c in sheet[1]].index("pom") + 1
    sheet.cell(row=2, column=column, value="NOBODY")
    book.save(report)
    out = tmp_path / "forecast.xlsx"
    result = invoke("forecast", workbook, "-o", out, "--from-report", report)
    assert result.exit_code == 65 and not out.exists()
    assert "NOBODY" in result.output


def test_invalid_input_writes_nothing(xlsx: Make, tmp_path: Path) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Staff", 2, "fte", "lots")
    out = tmp_path / "forecast.xlsx"
    result = invoke("forecast", xlsx(sheets), "-o", out, "--quiet")
    assert result.exit_code == 65 and not out.exists()
    assert "nothing written" in result.output


@pytest.mark.parametrize("weeks", ["0", "53", "many"])
def test_weeks_out_of_range_is_a_usage_error(xlsx: Make, tmp_path: Path, weeks: str) -> None:
    out = tmp_path / "forecast.xlsx"
    result = invoke("forecast", xlsx(), "-o", out, "--weeks", weeks)
    assert result.exit_code == 2 and not out.exists()


def test_the_input_is_never_overwritten(xlsx: Make) -> None:
    path = xlsx()
    result = CliRunner().invoke(cli, ["forecast", str(path), "-o", str(path)])
    assert result.exit_code == 2
