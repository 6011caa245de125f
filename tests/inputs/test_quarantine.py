"""Quarantine: one bad Cases row leaves its case out; problems of the whole workbook stop it.

The small workbook of ``tests/conftest.py`` has three cases, so one bad row is 33 % of them:
more than the default ``max_invalid_pct`` of 2 %, and the run stops. With the setting at 50 %
the row is quarantined instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.check.allocation import check
from allocator.cli.app import cli
from allocator.domain.result import Allocation
from inputs import read
from tests.conftest import Rows, found, good_sheets, set_cell

Make = Callable[..., Path]


def lenient(sheets: dict[str, Rows], pct: float = 50) -> dict[str, Rows]:
    set_cell(sheets, "Settings", 3, "setting", "max_invalid_pct")
    set_cell(sheets, "Settings", 3, "value", pct)
    return sheets


def test_a_bad_row_is_quarantined_and_the_rest_read(xlsx: Make) -> None:
    sheets = lenient(good_sheets())
    set_cell(sheets, "Cases", 2, "rosh", "hgih")
    result = read(xlsx(sheets))
    assert result.data is not None, result.problems
    assert [c.case_id for c in result.data.cases] == ["A2222BB", "A3333CC"]
    (held,) = result.data.quarantined
    assert (held.case_id, held.prison, held.row, held.current_pom) == ("A1111AA", "LEI", 2, "P1")
    assert [(c.column, c.cell, c.value) for c in held.cells] == [("rosh", "E2", "hgih")]
    assert found(result, "warning") == [("Cases", 2, "rosh")]
    assert "quarantined" in next(p.problem for p in result.problems if p.column == "rosh")


def test_the_checker_reports_a_hard_invalid_data_violation_naming_the_cell(xlsx: Make) -> None:
    sheets = lenient(good_sheets())
    set_cell(sheets, "Cases", 2, "date_of_birth", date(2025, 1, 1))  # after sentence start
    data = read(xlsx(sheets)).data
    assert data is not None
    report = check(data, Allocation({}, {}))
    (violation,) = [v for v in report.violations if v.rule == "invalid_data"]
    assert violation.severity == "hard" and violation.case_id == "A1111AA"
    assert "cell H2 (date_of_birth) '01/01/2025'" in violation.message
    assert report.objective == check(data.replace(quarantined=()), Allocation({}, {})).objective


def test_more_than_max_invalid_pct_stops_the_run(xlsx: Make) -> None:
    sheets = good_sheets()  # 1 of 3 rows bad: 33 % > 2 %
    set_cell(sheets, "Cases", 2, "rosh", "hgih")
    result = read(xlsx(sheets))
    assert result.data is None
    assert ("Cases", 2, "rosh") in found(result)
    assert any("more than max_invalid_pct (2 %)" in p.problem for p in result.problems)


def test_a_leaver_is_a_warning_and_the_case_stays(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "current_pom", "GONE1")
    result = read(xlsx(sheets))
    assert result.data is not None
    assert found(result, "warning") == [("Cases", 2, "current_pom")]
    assert result.data.case_by_id["A1111AA"].current_pom == "GONE1"
    strict = read(xlsx(sheets), strict=True)
    assert strict.data is None and found(strict) == [("Cases", 2, "current_pom")]


def test_restricted_to_names_staff_on_the_sheet(xlsx: Make) -> None:
    sheets = lenient(good_sheets())
    set_cell(sheets, "Cases", 2, "restricted_to", "P1;P7")
    result = read(xlsx(sheets))
    assert result.data is not None
    assert result.data.quarantined[0].cells[0].column == "restricted_to"


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value"),
    [
        pytest.param("Cases", 3, "case_id", "A1111AA", id="duplicate-case-id"),
        pytest.param("Cases", 1, "prison", "establishment_x", id="missing-required-column"),
        pytest.param("Staff", 2, "fte", 3, id="staff-error"),
        pytest.param("Prisons", 2, "estate", "castle", id="prisons-error"),
        pytest.param("Settings", 2, "value", "not a date", id="settings-error"),
        pytest.param("Cases", 3, "tier", "B2", id="mixed-tier-models"),
        pytest.param("SPOs", 2, "fte", 0, id="spos-error"),
    ],
)
def test_problems_of_the_whole_workbook_still_exit_65(
    xlsx: Make, tmp_path: Path, sheet: str, row: int, column: str, value: object
) -> None:
    sheets = lenient(good_sheets(), 100)  # even when every row may be quarantined
    if row == 1:
        sheets[sheet][0][sheets[sheet][0].index(column)] = value
    else:
        set_cell(sheets, sheet, row, column, value)
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(cli, ["allocate", str(xlsx(sheets)), "-o", str(out)])
    assert result.exit_code == 65, result.output
    assert not out.exists()


def test_a_missing_sheet_and_an_unreadable_file_exit_65(xlsx: Make, tmp_path: Path) -> None:
    sheets = lenient(good_sheets())
    del sheets["Staff"]
    out = tmp_path / "report.xlsx"
    runner = CliRunner()
    assert runner.invoke(cli, ["allocate", str(xlsx(sheets)), "-o", str(out)]).exit_code == 65
    bad = tmp_path / "bad.xlsx"
    bad.write_text("case_id,prison\n")
    assert runner.invoke(cli, ["allocate", str(bad), "-o", str(out)]).exit_code == 65
    assert not out.exists()


def test_validate_shows_quarantine_as_warnings_and_strict_as_errors(xlsx: Make) -> None:
    sheets = lenient(good_sheets())
    set_cell(sheets, "Cases", 2, "rosh", "hgih")
    path = str(xlsx(sheets))
    runner = CliRunner()
    lenient_run = runner.invoke(cli, ["validate", path])
    assert lenient_run.exit_code == 0, lenient_run.output
    assert "warning: Cases row 2, column rosh (cell E2)" in lenient_run.output
    strict_run = runner.invoke(cli, ["validate", path, "--strict"])
    assert strict_run.exit_code == 65
    assert "error: Cases row 2, column rosh (cell E2)" in strict_run.output
