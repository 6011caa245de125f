"""Reading the Scenarios sheet: every change word, every mistake named with its cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.domain.enums import Grade, Role, Status
from allocator.domain.scenario_types import NewStaff
from inputs import read
from tests.whatif.builders import Make, errors, load, texts, with_scenarios


def test_every_change_word_is_read_with_its_value(xlsx: Make) -> None:
    path = xlsx(
        with_scenarios(
            ["cap", "setting", "po_cases_per_fte", 70],
            ["cap", "setting", "high_risk_rule", "Soft"],
            ["staff", "staff_status", "P1; P2", "inactive"],
            ["staff", "staff_fte", "P2", 0.5],
            ["staff", "staff_grade", "C1", "PO"],
            ["staff", "add_staff", "LEI", "2 x PRO 0.8"],
            ["staff", "add_staff", "L1", "PSO"],
            ["staff", "remove_staff", "C1", None],
            ["people", "grow_prison", "LEI", "10%"],
            ["people", "shrink_prison", "all", 0.25],
        )
    )
    applied, problems = load(path)
    assert errors(problems) == []
    cap, staff, people = (a.scenario for a in applied)
    assert [(c.kind, c.target, c.value) for c in cap.changes] == [
        ("setting", ("po_cases_per_fte",), 70),
        ("setting", ("high_risk_rule",), "soft"),
    ]
    assert [c.value for c in staff.changes] == [
        Status.INACTIVE,
        0.5,
        Grade.PO,
        NewStaff(2, Role.POM, Grade.PRO, 0.8),
        NewStaff(1, Role.COM, Grade.PSO, 1.0),
        None,
    ]
    assert staff.changes[0].target == ("P1", "P2")
    # Shares are signed: growth positive, shrinking negative.
    assert [(c.target, c.value) for c in people.changes] == [(("LEI",), 0.1), (("all",), -0.25)]


def test_a_blank_setting_value_is_the_documented_default(xlsx: Make) -> None:
    path = xlsx(with_scenarios(["s", "setting", "po_cases_per_fte", None]))
    applied, _ = load(path)
    assert applied[0].scenario.changes[0].value == 80


def test_change_words_ignore_case_spaces_and_hyphens(xlsx: Make) -> None:
    path = xlsx(with_scenarios(["s", "Staff-Status", "P1", "unavailable"]))
    applied, problems = load(path)
    assert errors(problems) == []
    assert applied[0].scenario.changes[0].kind == "staff_status"


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [
        (["s", "staf_status", "P1", "inactive"], "change", "did you mean 'staff_status'?"),
        (["s", "setting", "po_case_per_fte", 70], "target", "did you mean 'po_cases_per_fte'?"),
        (["s", "setting", "po_cases_per_fte", 0], "value", "out of range: it must be from 1"),
        (["s", "setting", "high_risk_rule", "hardish"], "value", "did you mean 'hard'?"),
        (["s", "staff_status", "p1", "inactive"], "target", "did you mean 'P1'?"),
        (["s", "staff_status", "P1", "inactiv"], "value", "did you mean 'inactive'?"),
        (["s", "staff_status", "P1", None], "value", "value is required"),
        (["s", "staff_fte", "P1", 1.5], "value", "FTE must be from 0.1 to 1.0"),
        (["s", "staff_fte", "P1", "half"], "value", "is not a number"),
        (["s", "staff_grade", "C1", "PRO"], "value", "'C1' is a COM"),
        (["s", "staff_grade", "P1", "PQP"], "value", "did you mean 'PQiP'?"),
        (["s", "add_staff", "LEE", "PO"], "target", "did you mean 'LEI'?"),
        (["s", "add_staff", "LEI", "POX"], "value", "is not a grade"),
        (["s", "add_staff", "LEI", "0 x PO"], "value", "add from 1 to 50 staff"),
        (["s", "add_staff", "LEI", "PO 1.5"], "value", "FTE must be from 0.1 to 1.0"),
        (["s", "add_staff", "L1", "PRO"], "value", "a COM is PO, PSO or PQiP"),
        (["s", "add_staff", "LEI", None], "value", "value is required"),
        (["s", "remove_staff", None, None], "target", "target is required: staff ids"),
        (["s", "remove_staff", "P1", "yes"], "value", "takes no value"),
        (["s", "grow_prison", "LEX", "10%"], "target", "did you mean 'LEI'?"),
        (["s", "grow_prison", "LEI", 10], "value", "ambiguous: write 10% or 0.1"),
        (["s", "grow_prison", "LEI", "lots"], "value", "not a share"),
        (["s", "grow_prison", "LEI", 0], "value", "a share of 0 changes nothing"),
        (["s", "grow_prison", "LEI", "600%"], "value", "at most 500%"),
        (["s", "shrink_prison", "LEI", "100%"], "value", "less than 100%"),
        (["s", "inherit", "t", None], "target", "no scenario is called 't'"),
    ],
)
def test_a_mistake_is_named_with_its_column_and_a_hint(
    xlsx: Make, row: list[object], column: str, expected: str
) -> None:
    applied, problems = load(xlsx(with_scenarios(row)))
    assert applied == []
    assert errors(problems) == [(2, column)]
    assert expected in texts(problems)


def test_the_problem_names_the_cell(xlsx: Make) -> None:
    _, problems = load(xlsx(with_scenarios(["s", "staff_fte", "P1", 2])))
    assert [p.cell for p in problems] == ["D2"]
    assert str(problems[0]).startswith("error: Scenarios row 2, column value (cell D2)")


def test_every_problem_is_found_in_one_pass(xlsx: Make) -> None:
    path = xlsx(
        with_scenarios(
            ["a", "staf_status", "P1", "inactive"],
            ["a", "staff_fte", "P9", 3],  # both cells wrong: two errors
            ["b", "inherit", "c", None],
            ["baseline", "setting", "po_cases_per_fte", 70],
        )
    )
    applied, problems = load(path)
    assert applied == []
    assert sorted(errors(problems), key=str) == sorted(
        [(2, "change"), (3, "target"), (3, "value"), (4, "target"), (5, "scenario")], key=str
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Baseline", "is the input as it is"),
        ("charts", "is the name of a report sheet"),
        ("x" * 32, "at most 31"),
        ("cap/70", "cannot hold /"),
        ("'quoted'", "cannot hold '"),
    ],
)
def test_a_scenario_name_must_work_as_a_sheet_name(xlsx: Make, name: str, expected: str) -> None:
    _, problems = load(xlsx(with_scenarios([name, "setting", "po_cases_per_fte", 70])))
    assert errors(problems) == [(2, "scenario")]
    assert expected in texts(problems)


def test_names_differing_only_in_case_are_refused(xlsx: Make) -> None:
    path = xlsx(
        with_scenarios(["Cap", "setting", "po_cases_per_fte", 70], ["cap", "remove_staff", "P1"])
    )
    _, problems = load(path)
    assert errors(problems) == [(3, "scenario")]
    assert "differ only in upper/lower case" in texts(problems)


def test_inheritance_applies_the_parents_changes_first_each_once(xlsx: Make) -> None:
    path = xlsx(
        with_scenarios(
            ["base", "setting", "po_cases_per_fte", 70],
            ["left", "inherit", "base"],
            ["left", "staff_status", "P1", "unavailable"],
            ["right", "inherit", "base"],
            ["both", "staff_fte", "P2", 0.5],
            ["both", "inherit", "left"],
            ["both", "inherit", "right"],
        )
    )
    applied, problems = load(path)
    assert errors(problems) == []
    both = applied[-1].scenario
    assert both.parents == ("left", "right")
    # base's row once (through left and right), then left's own, then both's own.
    assert [c.row for c in both.changes] == [2, 4, 6]


def test_inheriting_the_baseline_changes_nothing(xlsx: Make) -> None:
    applied, problems = load(xlsx(with_scenarios(["same", "inherit", "baseline"])))
    assert errors(problems) == []
    assert applied[0].scenario.changes == ()


@pytest.mark.parametrize(
    "rows",
    [
        [["a", "inherit", "a"]],
        [["a", "inherit", "b"], ["b", "inherit", "a"]],
    ],
)
def test_an_inheritance_loop_is_refused(xlsx: Make, rows: list[list[object]]) -> None:
    _, problems = load(xlsx(with_scenarios(*rows)))
    assert "a loop" in texts(problems)
    assert all(column == "target" for _, column in errors(problems))


def test_a_workbook_without_scenarios_says_where_they_come_from(xlsx: Make) -> None:
    applied, problems = load(xlsx())
    assert applied == []
    assert "there is no Scenarios sheet" in texts(problems)
    assert "--scenarios" in texts(problems)


def test_an_empty_scenarios_sheet_is_an_error(xlsx: Make) -> None:
    _, problems = load(xlsx(with_scenarios()))
    assert "has no scenarios" in texts(problems)


def test_scenarios_from_a_separate_workbook(xlsx: Make) -> None:
    path = xlsx()
    scenarios = xlsx(
        {"Scenarios": with_scenarios(["s", "remove_staff", "P2"])["Scenarios"]}, name="s.xlsx"
    )
    applied, problems = load(path, scenarios)
    assert errors(problems) == []
    assert [a.scenario.name for a in applied] == ["s"]


def test_a_separate_workbook_has_its_layout_checked(xlsx: Make) -> None:
    sheet = [["scenario", "chnage", "target"], ["s", "remove_staff", "P1"]]
    _, problems = load(xlsx(), xlsx({"Scenarios": sheet}, name="s.xlsx"))
    assert "required column change is missing" in texts(problems)
    assert "is column B ('chnage') meant to be it?" in texts(problems)


def test_a_separate_file_that_is_not_a_workbook(xlsx: Make, tmp_path: Path) -> None:
    text = tmp_path / "s.xlsx"
    text.write_text("scenario,change\n", encoding="utf-8")
    _, problems = load(xlsx(), text)
    assert "is a text or CSV file" in texts(problems)


def test_layout_problems_of_the_inputs_own_sheet_are_the_readers_not_repeated(
    xlsx: Make,
) -> None:
    path = xlsx(with_scenarios(["s", None, "P1", None]))
    result = read(path)
    assert [(p.sheet, p.row, p.column) for p in result.problems if p.severity == "error"] == [
        ("Scenarios", 2, "change")
    ]
    assert result.data is None  # the input workbook is invalid as a whole, as for any sheet
    _, problems = load(path)
    assert errors(problems) == []


def test_references_are_not_checked_when_the_input_cannot_be_read(xlsx: Make) -> None:
    sheets = with_scenarios(["s", "remove_staff", "NOBODY"])
    sheets["Cases"][1][0] = None  # case_id missing: the input has an error
    _, problems = load(xlsx(sheets))
    assert errors(problems) == []
