"""The HQ returns sheet: its figures equal an independent count from the Allocations sheet
read back from a written report; waiting days and overdue COMs worked by hand."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from allocator.domain.enums import Grade, Rosh
from allocator.domain.omic import derive_all
from allocator.domain.result import Allocation, Result, RunInfo
from reports.allocation import write
from reports.returns import ALL, RETURN_COLUMNS, SHEET, from_allocations, return_rows
from reports.sample import write_sample
from reports.scope import ReportData, Tables
from tests.builders import com, forecast_problem, held_case, pom
from tests.reports.helpers import report_from

HIGH = {"high", "very high"}


def table(path: Path, sheet: str) -> list[dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("returns")
    write_sample(folder / "in.xlsx", prisons=2, seed=4, run_date=date(2026, 11, 23))
    path = folder / "report.xlsx"
    write(path, report_from(folder / "in.xlsx"))
    return path


def independent_count(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The returns' figures counted straight from Allocations rows (not waiting days or
    overdue COMs, which the Allocations sheet does not show)."""
    tiers = Counter((r["tier"] or "")[:1] for r in rows)
    state = Counter(r["responsibility"] for r in rows)
    high = [r for r in rows if r["rosh"] in HIGH]
    held = [r for r in rows if r["pom"]]
    officer = [r for r in held if r["pom_grade"] != "PO"]

    def high_risk(po: bool, supporting: bool) -> int:
        return sum(
            1
            for r in high
            if r["pom"]
            and (r["pom_grade"] == "PO") is po
            and (r["responsibility"] == "COM") is supporting
        )

    points = sum(r["points"] for r in held)
    officer_points = sum(r["points"] for r in officer)
    return {
        "cases_in_scope": len(rows),
        "tier_a": tiers["A"],
        "tier_b": tiers["B"],
        "tier_c": tiers["C"],
        "tier_d": tiers["D"],
        "tier_missing": tiers[""],
        "pom_responsible": state["POM"],
        "com_supporting": state["POM+COM"],
        "com_responsible": state["COM"],
        "high_risk": len(high),
        "high_risk_probation_pom_responsible": high_risk(True, False),
        "high_risk_probation_pom_supporting": high_risk(True, True),
        "high_risk_prison_officer_pom_responsible": high_risk(False, False),
        "high_risk_prison_officer_pom_supporting": high_risk(False, True),
        "high_risk_without_pom": sum(1 for r in high if not r["pom"]),
        "cases_with_pom": len(held),
        "cases_prison_officer_pom": len(officer),
        "prison_officer_cases_pct": round(100 * len(officer) / len(held), 1),
        "pom_points": points,
        "prison_officer_points": officer_points,
        "prison_officer_points_pct": round(100 * officer_points / points, 1),
        "waiting_for_pom": len(rows) - len(held),
        "needs_com_without_com": sum(
            1 for r in rows if r["responsibility"] != "POM" and not r["com"]
        ),
    }


def test_returns_equal_an_independent_count_of_allocations(report: Path) -> None:
    allocations = table(report, "Allocations")
    returns = {r["prison"]: r for r in table(report, SHEET)}
    by_prison: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in allocations:
        by_prison[row["prison"]].append(row)
    assert set(returns) == {*by_prison, ALL}
    for prison, rows in [*by_prison.items(), (ALL, allocations)]:
        expected = independent_count(rows)
        got = {k: returns[prison][k] for k in expected}
        assert got == pytest.approx(expected), prison
    assert returns[ALL]["high_risk"] > 0 and returns[ALL]["waiting_for_pom"] >= 0


def test_every_column_is_on_the_sheet(report: Path) -> None:
    assert tuple(table(report, SHEET)[0]) == RETURN_COLUMNS


def test_waiting_days_and_overdue_coms_by_hand() -> None:
    # Run date 15 June 2025. Three cases wait for a POM: arrived 5 June (10 days), 1 June
    # (14 days) and 15 May (31 days); median 14, longest 31. One more waits without an
    # arrival date. CRD 1 October 2025: handover 1 October - 8 months - 14 days =
    # 18 January 2025; no COM by 1 February: overdue.
    cases = [
        held_case("W1", current_pom=None, arrival_date=date(2025, 6, 5)),
        held_case("W2", current_pom=None, arrival_date=date(2025, 6, 1)),
        held_case("W3", current_pom=None, arrival_date=date(2025, 5, 15)),
        held_case("W4", current_pom=None),
        held_case("HELD", arrival_date=date(2025, 1, 1), rosh=Rosh.HIGH, crd=date(2025, 10, 1)),
    ]
    data = forecast_problem(cases, [pom("P1", grade=Grade.PO), com("C1")])
    derivations = derive_all(data)
    result = Result(Allocation({"HELD": "P1"}, {}), {}, (), "none", 0.0, prisons=("LEI",))
    info = RunInfo("in.xlsx", "", data.run_date, {}, 0.0)
    contents = ReportData(data, derivations, result, (), (), info)
    rows = Tables(contents).part().allocations
    returns = from_allocations(rows, data, derivations)
    (lei, everyone) = return_rows(returns)
    figures = dict(zip(RETURN_COLUMNS, lei, strict=True))
    assert figures["waiting_for_pom"] == 4
    assert figures["waiting_with_arrival_date"] == 3
    assert figures["waited_days_median"] == statistics.median([10, 14, 31]) == 14
    assert figures["waited_days_longest"] == 31
    held = next(r for r in returns if r.pom)
    assert held.overdue and not held.com and figures["com_handovers_overdue"] == 1
    assert figures["high_risk_probation_pom_supporting"] == 1
    assert everyone[0] == ALL and everyone[1:] == lei[1:]
