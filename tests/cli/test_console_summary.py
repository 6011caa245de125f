"""The allocation's console summary fits a screen, also for a national run."""

from __future__ import annotations

from allocator.allocate.summary import FULL_LIST_LINES, WORST, capacity_lines
from allocator.domain.result import SubResult
from tests.builders import case, pom, problem, run


def _sub(name: str, kind: str, lines: int, conflict: str = "points_cap") -> SubResult:
    notes = tuple(f"{name}: note {i}" for i in range(lines - 1))
    notes += (f"{name}: giving every case a worker conflicts with {conflict}",)
    return SubResult(name, kind, "OPTIMAL", diagnosis=notes if lines else ())


def test_a_few_notes_are_printed_as_they_are() -> None:
    data = problem([case("A1")], [pom("P1")])
    subs = [_sub("LEI", "pom", 4), _sub("N1", "com", 0)]
    lines = capacity_lines(data, subs, run(data))
    assert lines == [f"  capacity: {note}" for note in subs[0].diagnosis]


def test_many_notes_become_a_count_the_rules_and_the_worst_five() -> None:
    # 40 prisons with 4 notes each (160 lines), the last 10 also short of qualified staff.
    subs = [_sub(f"P{i:02}", "pom", 4) for i in range(30)]
    subs += [
        _sub(f"P{i:02}", "pom", 4, "high_risk_needs_qualified, points_cap") for i in range(30, 40)
    ]
    subs += [_sub("L1", "com", 0), _sub("L2", "com", 3)]
    cases = [case(f"A{i}", prison=f"P{i:02}") for i in range(40)]
    data = problem(cases, [pom("X", location="P39")])  # nobody elsewhere: every case unallocated
    lines = capacity_lines(data, subs, run(data))
    assert len(lines) == 4 < FULL_LIST_LINES
    assert lines[0] == (
        "capacity: 40 of 40 prisons and 1 of 2 LDUs cannot keep every hard rule with today's staff"
    )
    assert lines[1] == "  conflicting rules: points_cap in 41, high_risk_needs_qualified in 10"
    assert lines[2].startswith("  worst: ") and lines[2].count("hard)") == WORST
    assert "P39" not in lines[2]  # the one prison whose case found a POM has no hard breach
