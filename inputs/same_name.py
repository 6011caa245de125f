"""Two sheets whose names match (ignoring case and outer spaces): which one is read.

A workbook that has been through a few hands may keep an old copy of ``Cases``
(named ``cases `` or ``CASES``) hidden, or *very* hidden, which Excel's Unhide does
not even list. When exactly one of the two is visible, that is the sheet the user
sees and edits: it is read, with a warning naming the hidden one and how to find
it. Otherwise it cannot be told which is meant, and the error says which of them is
hidden.
"""

from __future__ import annotations

from allocator.domain.problems import Problem, error, warning
from inputs.workbook import RawSheet

_VERY_HIDDEN = (
    "very hidden: Excel's Unhide does not list it; to see it, open the Visual Basic editor "
    "(Alt+F11), select the sheet and set its Visible property to -1 - xlSheetVisible"
)
_HIDDEN = "hidden: right-click any sheet tab and choose Unhide to see it"


def one_of(first: RawSheet, second: RawSheet) -> tuple[RawSheet, Problem]:
    """The sheet to read of two with matching names, and the problem to report."""
    if first.hidden != second.hidden:
        shown, hidden = (second, first) if first.hidden else (first, second)
        text = (
            f"two sheets are called '{shown.name}' and '{hidden.name}' (names ignore case and "
            f"outer spaces); the visible '{shown.name}' is read. '{hidden.name}' is "
            f"{_how_hidden(hidden)}; delete it or rename it if it is an old copy"
        )
        return shown, warning(hidden.name, None, "", "", text)
    text = (
        f"two sheets are called '{first.name}' and '{second.name}' (names ignore case and "
        f"outer spaces); rename or delete one"
    )
    for sheet in (first, second):
        if sheet.hidden:
            text += f". '{sheet.name}' is {_how_hidden(sheet)}"
    return first, error(second.name, None, "", "", text)


def _how_hidden(sheet: RawSheet) -> str:
    """Very hidden or hidden, and how to find it in Excel."""
    return _VERY_HIDDEN if sheet.very_hidden else _HIDDEN
