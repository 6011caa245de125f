"""Each change applied to the input: what the scenario's data holds, and what stays shared."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from allocator.domain.enums import Grade, Role, Status
from allocator.domain.problem import ProblemData
from allocator.domain.scenario_types import Change, NewStaff, Scenario
from allocator.whatif.apply import apply_scenario
from tests.builders import case, com, pom, problem
from tests.whatif.builders import sample


def scenario(*changes: tuple[str, tuple[str, ...], Any], name: str = "s") -> Scenario:
    """A scenario of changes on rows 2, 3, ..."""
    rows = tuple(
        Change(name, kind, target, value, row)
        for row, (kind, target, value) in enumerate(changes, start=2)
    )
    return Scenario(name, (), rows, 2)


def team() -> ProblemData:
    """Two POMs at LEI (SPO S1), one COM in N1; P1 holds A1 (COM C1), P2 holds A2."""
    return problem(
        [case("A1", current_pom="P1", current_com="C1"), case("A2", current_pom="P2")],
        [
            pom("P1", Grade.PO, spo="S1", reduction_hours=10.0),
            pom("P2", Grade.PRO, spo="S1"),
            pom("P3", Grade.PO, spo="S2"),
            com("C1"),
        ],
    )


def test_no_change_is_the_input_itself() -> None:
    base = team()
    assert apply_scenario(base, scenario()).data is base


def test_a_setting_changes_and_nothing_else_is_copied() -> None:
    base = team()
    applied = apply_scenario(base, scenario(("setting", ("po_cases_per_fte",), 70)))
    assert applied.data.settings.po_cases_per_fte == 70
    assert applied.data.settings.pro_cases_per_fte == 80
    assert applied.data.cases is base.cases and applied.data.staff is base.staff
    assert [e.text for e in applied.effects] == ["po_cases_per_fte: 80 -> 70"]
    assert base.settings.po_cases_per_fte == 80  # the baseline is untouched


def test_settings_apply_before_other_changes_whatever_their_row() -> None:
    # P1 has 10 reduction hours. The hours_per_fte of 20 (a later row) applies first, so
    # 0.5 FTE is 0.5 x 20 = 10 hours: not more than the reduction, an error.
    applied = apply_scenario(
        team(),
        scenario(("staff_fte", ("P1",), 0.5), ("setting", ("hours_per_fte",), 20.0)),
    )
    assert [e.change.kind for e in applied.effects] == ["setting", "staff_fte"]
    assert [(p.row, p.column) for p in applied.problems] == [(2, "value")]


@pytest.mark.parametrize(
    ("kind", "value", "field"),
    [
        ("staff_status", Status.INACTIVE, "status"),
        ("staff_fte", 0.6, "fte"),
        ("staff_grade", Grade.PQIP, "grade"),
    ],
)
def test_staff_fields_change_for_every_target(kind: str, value: Any, field: str) -> None:
    applied = apply_scenario(team(), scenario((kind, ("P2", "P3"), value)))
    staff = applied.data.staff_by_id
    assert getattr(staff["P2"], field) == value and getattr(staff["P3"], field) == value
    assert staff["P1"] == team().staff_by_id["P1"]
    assert [m.staff_id for m in applied.data.staff] == ["P1", "P2", "P3", "C1"]  # order kept


def test_an_fte_too_small_for_the_reduction_hours_is_an_error() -> None:
    # P1 has 10 reduction hours; 0.2 FTE is 0.2 x 37.5 = 7.5 hours.
    applied = apply_scenario(team(), scenario(("staff_fte", ("P1",), 0.2)))
    assert [(p.row, p.column) for p in applied.problems] == [(2, "value")]
    assert "10 reduction hours" in applied.problems[0].problem


def test_removed_staff_leave_their_cases_needing_a_new_worker() -> None:
    applied = apply_scenario(team(), scenario(("remove_staff", ("P1", "C1"), None)))
    data = applied.data
    assert "P1" not in data.staff_by_id and "C1" not in data.staff_by_id
    a1, a2 = data.cases
    assert (a1.current_pom, a1.current_com) == (None, None)
    assert a2 == team().cases[1]
    assert applied.effects[0].text == "removed P1, C1 (1 cases held)"


def test_a_change_to_someone_removed_earlier_is_an_error() -> None:
    applied = apply_scenario(
        team(), scenario(("remove_staff", ("P2",), None), ("staff_fte", ("P2",), 0.5))
    )
    assert [(p.row, p.column, p.value) for p in applied.problems] == [(3, "target", "P2")]
    assert "removed by row 2" in applied.problems[0].problem


def test_added_staff_are_active_empty_and_in_the_usual_spos_team() -> None:
    new = NewStaff(2, Role.POM, Grade.PO, 0.8)
    applied = apply_scenario(team(), scenario(("add_staff", ("LEI",), new)))
    added = [m for m in applied.data.staff if m.staff_id.startswith("LEI-NEW")]
    assert [m.staff_id for m in added] == ["LEI-NEW1", "LEI-NEW2"]
    # S1 manages two of LEI's POMs, S2 one.
    assert {(m.role, m.grade, m.fte, m.status, m.spo, m.location) for m in added} == {
        (Role.POM, Grade.PO, 0.8, Status.ACTIVE, "S1", "LEI")
    }
    assert "added 2 POM PO 0.8 FTE at LEI: LEI-NEW1, LEI-NEW2, SPO S1" in applied.effects[0].text


def test_new_ids_skip_ids_already_taken() -> None:
    base = team()
    base = base.replace(staff=(*base.staff, pom("LEI-NEW1", Grade.PO)))
    new = NewStaff(1, Role.COM, Grade.PSO, 1.0)
    applied = apply_scenario(base, scenario(("add_staff", ("LEI",), new)))
    assert applied.data.staff[-1].staff_id == "LEI-NEW2"
    assert applied.data.staff[-1].spo is None  # no COM at LEI has an SPO


@pytest.fixture(scope="module")
def two_prisons(tmp_path_factory: pytest.TempPathFactory) -> ProblemData:
    """The 2-prison sample (ASH 1,200 and BRW 900 people)."""
    return sample(tmp_path_factory.mktemp("sample"))[1]


def test_growth_adds_new_people_with_the_sample_mix(two_prisons: ProblemData) -> None:
    base = two_prisons
    applied = apply_scenario(base, scenario(("grow_prison", ("ASH",), 0.1)))
    data = applied.data
    held = [c for c in base.cases if c.prison == "ASH"]
    new = data.cases[len(base.cases) :]
    assert len(new) == round(0.1 * len(held)) == 120
    assert data.cases[: len(base.cases)] == base.cases  # everyone else as they were
    assert {c.prison for c in new} == {"ASH"}
    assert all(c.current_pom is None and c.current_com is None for c in new)
    assert len({c.case_id for c in data.cases}) == len(data.cases)  # ids unique
    # Home LDUs are those of ASH's current cases.
    assert {c.ldu for c in new if c.ldu} <= {c.ldu for c in held}
    assert applied.effects[0].text == "ASH +10%: 1,200 -> 1,320 cases (+120)"


def test_growth_is_the_same_every_run(two_prisons: ProblemData) -> None:
    change = scenario(("grow_prison", ("all",), 0.05))
    first = apply_scenario(two_prisons, change).data.cases
    again = apply_scenario(two_prisons, change).data.cases
    assert first == again


def test_growth_follows_the_prisons_kind(two_prisons: ProblemData) -> None:
    # BRW is a category C prison: hardly any remand. ASH is a local: about a fifth remand.
    data = apply_scenario(two_prisons, scenario(("grow_prison", ("all",), 1.0))).data
    new = data.cases[len(two_prisons.cases) :]
    remand = Counter(c.prison for c in new if c.sentence_type == "remand")
    assert remand["ASH"] > 150 and remand["BRW"] < 30


def test_shrinking_removes_a_seeded_share(two_prisons: ProblemData) -> None:
    change = scenario(("shrink_prison", ("BRW",), -0.1))
    data = apply_scenario(two_prisons, change).data
    gone = {c.case_id for c in two_prisons.cases} - {c.case_id for c in data.cases}
    assert len(gone) == 90
    assert {two_prisons.case_by_id[cid].prison for cid in gone} == {"BRW"}
    again = apply_scenario(two_prisons, change).data
    assert again.cases == data.cases


def test_an_inherited_growth_draws_the_same_people(two_prisons: ProblemData) -> None:
    grow = Change("grow", "grow_prison", ("ASH",), 0.1, 2)
    parent = Scenario("grow", (), (grow,), 2)
    child = Scenario("grow+", ("grow",), (grow,), 3)
    assert apply_scenario(two_prisons, parent).data.cases == (
        apply_scenario(two_prisons, child).data.cases
    )


def test_growth_of_a_prison_outside_the_sample_uses_its_estate(tmp_path: Path) -> None:
    base = problem([case(f"X{i}") for i in range(20)], [pom("P1", Grade.PO)], female=("LEI",))
    data = apply_scenario(base, scenario(("grow_prison", ("LEI",), 0.5))).data
    new = data.cases[20:]
    assert len(new) == 10
    # The women's mix: complexity is recorded for everyone in scope.
    assert all(c.complexity is not None for c in new if c.sentence_type != "remand")
    assert {c.ldu for c in new if c.ldu} <= {"N1"}
