"""The plain-English explanations a head of OM and a union representative will read."""

from __future__ import annotations

from typing import Any

from allocator.domain.capacity import CapsAnswer, Overload, PostsAnswer, SubCapacity
from allocator.domain.enums import Grade
from reports.capacity_tables import capacity_row, caps_row, overload_row
from reports.capacity_text import caps_explanation, overload_explanation, posts_explanation

PO, PRO = Grade.PO, Grade.PRO


def sub(**changes: Any) -> SubCapacity:
    """A prison with 12 cases to allocate (3 high-risk) needing 0.1 PO and 0.2 PRO."""
    fields: dict[str, Any] = {
        "name": "LEI",
        "kind": "pom",
        "cases": 500,
        "to_allocate": 12,
        "high_risk": 3,
        "points": 400,
        "fte": {PO: 2.0, PRO: 3.5},
        "fte_away": 0.0,
        "posts": PostsAnswer("OPTIMAL", {PRO: 2, PO: 1}, 3),
        "caps": CapsAnswer(
            "OPTIMAL",
            {"po_cases_per_fte": 84, "pro_cases_per_fte": 0, "pom_points_per_fte": 2300},
            {"po_cases_per_fte": 80, "pro_cases_per_fte": 80, "pom_points_per_fte": 2176},
        ),
        "overload": Overload(2, 5, 120),
        "respread": PostsAnswer("FEASIBLE", {PRO: 4, PO: 0}, 2),
    }
    fields.update(changes)
    return SubCapacity(**fields)


def test_a_short_prison_says_how_much_of_which_grade_and_why_po() -> None:
    text = posts_explanation(sub())
    assert text.startswith("12 cases need a POM in this run (3 high-risk).")
    assert "needs at least 0.3 FTE more: 0.2 FTE prison-officer POM and 0.1 FTE PO" in text
    assert "PO time is added only where high-risk cases need a probation officer" in text
    assert text.endswith("Proven: no smaller addition would do.")


def test_an_unproven_figure_gives_what_is_certainly_needed() -> None:
    text = posts_explanation(sub(posts=PostsAnswer("FEASIBLE", {PRO: 5, PO: 0}, 3)))
    assert "at least 0.3 FTE is certainly needed" in text


def test_enough_staff() -> None:
    text = posts_explanation(sub(posts=PostsAnswer("OPTIMAL", {PRO: 0, PO: 0}, 0)))
    assert text.endswith("no extra staff needed.")


def test_overload_and_the_range_of_the_re_spread_figure() -> None:
    text = overload_explanation(sub())
    assert text.startswith("2 POMs already hold more than a hard cap allows")
    assert "(5 cases and 120 points over in all)" in text
    assert "between 0.2 and 0.4 FTE" in text


def test_caps_in_a_fixed_order_with_the_tightest_change() -> None:
    text = caps_explanation(sub())
    po = text.index("a full-time PO POM could hold 84 cases (set: 80)")
    pro = text.index("prison-officer POMs need take no new case")
    points = text.index("a full-time POM 2,300 workload points (set: 2,176)")
    assert po < pro < points
    assert "The tightest of these is 5.7% above its setting." in text  # 2,300 / 2,176


def test_rows_line_up_with_their_columns() -> None:
    from reports.capacity_tables import CAPACITY_COLUMNS, CAPS_COLUMNS, OVERLOAD_COLUMNS

    assert len(capacity_row(sub())) == len(CAPACITY_COLUMNS)
    assert len(caps_row(sub())) == len(CAPS_COLUMNS)
    assert len(overload_row(sub())) == len(OVERLOAD_COLUMNS)
    row = dict(zip(CAPACITY_COLUMNS, capacity_row(sub()), strict=True))
    assert (row["add_fte_po"], row["add_fte_pro"], row["add_fte_pso"]) == (0.1, 0.2, None)
    assert (row["add_fte_total"], row["status"]) == (0.3, "short")
