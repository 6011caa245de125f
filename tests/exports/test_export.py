"""A workbook shaped like a real export runs to a report; only its bad rows are held back.

``tests/exports/fixture.py`` builds the sample prison (1,200 cases) under export headers and
values, with A0-D3/S tiers, two POMs who have left and three bad case rows. The checker is the
oracle: every case but the three is allocated exactly as in the same workbook without them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from allocator.check.allocation import check
from allocator.cli.app import cli
from allocator.domain.omic import derive_all
from allocator.domain.problem import ProblemData
from inputs import read
from solvers import SolveOptions, solve
from tests.exports.fixture import Export, build_export

TIME_LIMIT = "2"  # deterministic time: the same sub-problem gives the same answer


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def sheet(path: Path, name: str) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path, read_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    return build_export(tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def report(export: Export, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("report") / "report.xlsx"
    result = run("allocate", export.path, "-o", out, "--time-limit", TIME_LIMIT, "--quiet")
    assert result.exit_code == 1, result.output  # written; the quarantined cases are hard
    yield out


def test_exactly_the_three_bad_rows_are_quarantined_with_their_cells(
    export: Export, report: Path
) -> None:
    violations = [v for v in sheet(report, "Violations") if v["rule"] == "invalid_data"]
    assert {v["case_id"] for v in violations} == set(export.bad)
    for v in violations:
        header, cell = export.bad[v["case_id"]]
        assert f"cell {cell} ({_column(header)})" in v["message"], v["message"]
        assert v["severity"] == "hard"
    rows = {r["case_id"]: r for r in sheet(report, "Allocations")}
    for case_id in export.bad:
        assert rows[case_id]["pom"] in (None, "") and rows[case_id]["com"] in (None, "")
        assert rows[case_id]["reason"].startswith("Not allocated (quarantined)")
    problems = [p for p in sheet(report, "Problems") if "quarantined" in str(p["problem"])]
    assert len(problems) == 3
    summary = openpyxl.load_workbook(report, read_only=True)["Summary"]
    figures = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert figures["cases quarantined (bad data, not allocated)"] == 3


def _column(header: str) -> str:
    """The contract's name of an export header of the fixture."""
    return {"RoSH level": "rosh", "DOB": "date_of_birth", "POM": "current_pom"}[header]


def test_leavers_are_re_allocated_with_a_warning(export: Export, report: Path) -> None:
    rows = {r["case_id"]: r for r in sheet(report, "Allocations")}
    warnings = [p for p in sheet(report, "Problems") if p["severity"] == "warning"]
    for case_id, left in export.leavers.items():
        row = rows[case_id]
        assert row["previous_pom"] == left and row["pom"] not in (None, "", left)
        assert row["pom_changed"] == "yes"
        assert "not on the Staff sheet (left)" in row["reason"]
        assert any(p["value"] == left and "leaver" in p["problem"] for p in warnings)


def test_aliases_are_noted_once_each(report: Path) -> None:
    notes = [
        p["problem"] for p in sheet(report, "Problems") if str(p["problem"]).startswith("read '")
    ]
    assert "read 'Prison number' as case_id" in notes
    assert "read 'Staff number' as staff_id" in notes
    assert len(notes) == len(set(notes))


def test_points_by_sub_tier_are_in_allocations(export: Export, report: Path) -> None:
    rows = sheet(report, "Allocations")
    by_tier: dict[str, set[int]] = {}
    for row in rows:
        if row["tier"] and row["points"] is not None:
            by_tier.setdefault(row["tier"], set()).add(row["points"])
    assert all(row["tier"] == export.tiers.get(row["case_id"], row["tier"]) for row in rows)
    # X0 and S sub-tiers carry no points; the others at least their seed figure.
    assert all(points == {0} for tier, points in by_tier.items() if tier[1] == "0" or "S" in tier)
    # B2 = 59 x 48 / 59 = 48, C2 = 30 x 24 / 30 = 24 for a case without uplifts.
    assert 48 in by_tier["B2"] and 24 in by_tier["C2"] and 75 in by_tier["A3"]


def test_utilisation_counts_the_sub_tier_points(report: Path) -> None:
    held: dict[str, int] = {}
    for row in sheet(report, "Allocations"):
        if row["pom"]:
            held[row["pom"]] = held.get(row["pom"], 0) + row["points"]
    for member in sheet(report, "Staff"):
        if member["role"] == "POM":
            assert member["points"] == held.get(member["staff_id"], 0), member


def _solved(path: Path) -> tuple[ProblemData, Any, Any]:
    data = read(path).data
    assert data is not None
    derivations = derive_all(data)
    how = SolveOptions(time_budget=float(TIME_LIMIT), derivations=derivations, workers=1)
    result = solve(data, how)
    return data, result, check(data, result.allocation, derivations=derivations)


def test_every_other_case_is_allocated_as_if_the_bad_rows_were_absent(export: Export) -> None:
    data, result, found = _solved(export.path)
    clean, clean_result, clean_found = _solved(export.without_bad_rows)
    assert {q.case_id for q in data.quarantined} == set(export.bad)
    assert clean.quarantined == ()
    assert [c.case_id for c in data.cases] == [c.case_id for c in clean.cases]
    assert result.allocation.pom == clean_result.allocation.pom
    assert result.allocation.com == clean_result.allocation.com
    assert found.objective == clean_found.objective
    others = [v for v in found.violations if v.rule != "invalid_data"]
    assert others == list(clean_found.violations)
    assert len(found.violations) - len(others) == 3


def test_strict_stops_naming_every_problem_and_writes_nothing(
    export: Export, tmp_path: Path
) -> None:
    out = tmp_path / "report.xlsx"
    result = run("allocate", export.path, "-o", out, "--strict")
    assert result.exit_code == 65, result.output
    assert not out.exists()
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 5, errors  # three bad cells and two leavers
    for _header, cell in export.bad.values():
        assert any(f"(cell {cell})" in line for line in errors)
    for left in export.leavers.values():
        assert any(left in line for line in errors)


def test_write_back_finds_the_export_header_and_names_the_quarantine(
    export: Export, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.xlsx"
    out = tmp_path / "report.xlsx"
    result = run("allocate", export.path, "-o", out, "--write-back", copy, "--solver", "greedy")
    assert result.exit_code == 1, result.output
    rows = {r["Prison number"]: r for r in sheet(copy, "Cases")}
    for case_id, (_header, cell) in export.bad.items():
        assert rows[case_id]["proposed_pom"] is None
        assert f"cell {cell}" in rows[case_id]["reason"]
    for case_id in export.leavers:
        assert rows[case_id]["proposed_pom"]
