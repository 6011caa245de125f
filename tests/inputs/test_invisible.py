"""Invisible characters pasted into a workbook: removed around values, shown inside them.

Each workbook is generated: the small valid input of ``tests/conftest.py`` with a
zero-width space, a byte-order mark or a non-breaking space put where a paste from a
web page or an e-mail puts them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inputs import read
from tests.conftest import found, good_sheets, message, set_cell

Make = Callable[..., Path]
ZWSP, BOM, NBSP = "\u200b", "\ufeff", "\u00a0"


def _notes(result: object) -> list[str]:
    return [p.problem for p in result.problems if p.severity == "note"]  # type: ignore[attr-defined]


def test_invisible_characters_around_values_are_removed_with_one_note(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "current_pom", f"P1{ZWSP}")
    set_cell(sheets, "Cases", 3, "current_pom", f"{BOM}P2")
    set_cell(sheets, "Cases", 2, "rosh", f"high{NBSP}")
    set_cell(sheets, "Cases", 3, "tier", f" {ZWSP}A ")
    result = read(xlsx(sheets))
    assert result.ok, result.problems
    assert [c.current_pom for c in result.data.cases[:2]] == ["P1", "P2"]  # type: ignore[union-attr]
    assert (
        _notes(result).count(
            "4 cells had invisible characters (zero-width spaces, byte-order marks or "
            "non-breaking spaces) before or after their text; they were removed"
        )
        == 1
    )


def test_a_byte_order_mark_in_a_header_is_removed(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets["Cases"][0][0] = f"{BOM}case_id"
    sheets["Staff"][0][2] = f"role{ZWSP}"
    result = read(xlsx(sheets))
    assert result.ok, result.problems
    once_a_sheet = [p.sheet for p in result.problems if p.problem.startswith("1 cell had invis")]
    assert once_a_sheet == ["Cases", "Staff"]


def test_an_invisible_character_inside_an_id_is_shown(xlsx: Make) -> None:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "current_pom", f"P{ZWSP}1")
    path = xlsx(sheets)
    result = read(path, strict=True)  # strict: an id not on Staff is an error, not a leaver
    assert ("Cases", 2, "current_pom") in found(result)
    text = message(result, "Cases", 2, "current_pom")
    assert text.startswith("unknown staff id 'P\\u200b1'")
    assert ZWSP not in str(result.problems[0])
    lenient = read(path)  # by default a leaver, with the same id shown written out
    assert "'P\\u200b1' is not on the Staff sheet" in message(lenient, "Cases", 2, "current_pom")


def test_a_sheet_name_with_an_invisible_character_is_matched(xlsx: Make) -> None:
    sheets = good_sheets()
    sheets[f"Staff{ZWSP}"] = sheets.pop("Staff")
    result = read(xlsx(sheets))
    assert result.ok, result.problems
    assert len(result.data.staff) == 3  # type: ignore[union-attr]


def test_a_clean_workbook_gets_no_note(xlsx: Make) -> None:
    assert not any("invisible" in text for text in _notes(read(xlsx())))
