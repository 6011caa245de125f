"""An old copy of a sheet, hidden or very hidden, beside the visible one of the same name.

Generated workbooks: the small valid input of ``tests/conftest.py`` plus an old
``cases `` sheet (one case that is not in the real ``Cases``) that Excel does not show.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inputs import read
from tests.conftest import Layout, good_sheets, message

Make = Callable[..., Path]
OLD = [["case_id", "prison", "sentence_type"], ["Z9999ZZ", "LEI", "remand"]]


def _with_old_copy(xlsx: Make, layout: Layout) -> object:
    """Staff comes first: the first sheet is the one Excel opens on, which cannot be hidden."""
    sheets = good_sheets()
    sheets = {"Staff": sheets.pop("Staff"), **sheets, "cases ": OLD}
    return read(xlsx(sheets, layout))


def test_a_very_hidden_old_copy_gives_way_to_the_visible_sheet(xlsx: Make) -> None:
    result = _with_old_copy(xlsx, Layout(very_hidden=["cases "]))
    assert result.ok, result.problems  # type: ignore[attr-defined]
    ids = [case.case_id for case in result.data.cases]  # type: ignore[attr-defined]
    assert "Z9999ZZ" not in ids and len(ids) == 3
    text = message(result, "cases ", None, "")
    assert text.startswith(
        "two sheets are called 'Cases' and 'cases ' (names ignore case and outer spaces); "
        "the visible 'Cases' is read. 'cases ' is very hidden: Excel's Unhide does not list it"
    )
    assert "Alt+F11" in text
    problem = next(p for p in result.problems if p.sheet == "cases ")  # type: ignore[attr-defined]
    assert problem.severity == "warning"


def test_a_hidden_old_copy_says_how_to_unhide_it(xlsx: Make) -> None:
    result = _with_old_copy(xlsx, Layout(hidden=["cases "]))
    assert result.ok  # type: ignore[attr-defined]
    assert "right-click any sheet tab and choose Unhide" in message(result, "cases ", None, "")


def test_when_the_visible_one_is_the_copy_it_is_still_the_one_read(xlsx: Make) -> None:
    result = _with_old_copy(xlsx, Layout(very_hidden=["Cases"]))
    assert result.ok  # type: ignore[attr-defined]
    ids = [case.case_id for case in result.data.cases]  # type: ignore[attr-defined]
    assert ids == ["Z9999ZZ"]
    assert "'Cases' is very hidden" in message(result, "Cases", None, "")


def test_two_visible_sheets_of_one_name_are_an_error(xlsx: Make) -> None:
    result = _with_old_copy(xlsx, Layout())
    assert not result.ok  # type: ignore[attr-defined]
    assert message(result, "cases ", None, "").endswith("rename or delete one")


def test_two_hidden_sheets_of_one_name_say_which_are_hidden(xlsx: Make) -> None:
    result = _with_old_copy(xlsx, Layout(hidden=["Cases"], very_hidden=["cases "]))
    assert not result.ok  # type: ignore[attr-defined]
    text = message(result, "cases ", None, "")
    assert "'Cases' is hidden: right-click" in text
    assert "'cases ' is very hidden" in text
