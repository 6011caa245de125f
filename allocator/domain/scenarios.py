"""The ``change`` vocabulary of the ``Scenarios`` sheet: what each change does and takes.

One table, used by the schema (the template's dropdown and Read me), by validation
(what ``target`` and ``value`` must be) and by the README's vocabulary table (a test
keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass

INHERIT = "inherit"
SETTING = "setting"
STAFF_STATUS = "staff_status"
STAFF_FTE = "staff_fte"
STAFF_GRADE = "staff_grade"
ADD_STAFF = "add_staff"
REMOVE_STAFF = "remove_staff"
GROW_PRISON = "grow_prison"
SHRINK_PRISON = "shrink_prison"

BASELINE = "baseline"  # the input as it is; every scenario is compared with it
ALL_PRISONS = "all"  # a grow_prison / shrink_prison target meaning every prison


@dataclass(frozen=True, slots=True)
class ChangeKind:
    """One word of the vocabulary: what ``target`` and ``value`` hold, and what it does."""

    name: str
    target: str
    value: str
    text: str


CHANGE_KINDS: tuple[ChangeKind, ...] = (
    ChangeKind(
        INHERIT,
        "another scenario's name",
        "blank",
        "Start from that scenario's changes (applied before this scenario's own rows).",
    ),
    ChangeKind(
        SETTING,
        "a setting name (as on the Settings sheet)",
        "the new value (blank = the documented default)",
        "Change one policy setting, e.g. po_cases_per_fte 70 or high_risk_rule soft.",
    ),
    ChangeKind(
        STAFF_STATUS,
        "staff ids (; separated)",
        "active, unavailable or inactive",
        "Change staff status: unavailable staff keep their cases but take no new ones; the "
        "cases of inactive staff are re-allocated.",
    ),
    ChangeKind(
        STAFF_FTE,
        "staff ids (; separated)",
        "0.1 to 1.0",
        "Change working patterns (caps and capacity scale with FTE).",
    ),
    ChangeKind(
        STAFF_GRADE,
        "staff ids (; separated)",
        "PO, PSO, PQiP or PRO",
        "Change grades, e.g. a PQiP who qualifies becomes PO.",
    ),
    ChangeKind(
        ADD_STAFF,
        "a prison code (adds POMs) or an LDU code (adds COMs)",
        "[count x] grade [FTE], e.g. 'PO', '2 x PRO 0.8' (write POM or COM before the grade "
        "for a code that is both a prison and an LDU)",
        "Add new staff, active, with no cases, managed by the SPO who manages most of that "
        "team; ids are LOCATION-NEW1, LOCATION-NEW2, ...",
    ),
    ChangeKind(
        REMOVE_STAFF,
        "staff ids (; separated)",
        "blank",
        "Staff leave: they are taken off the Staff sheet and their SPO's team, and their cases "
        "need a new POM or COM (counted as new allocations, not moves).",
    ),
    ChangeKind(
        GROW_PRISON,
        "prison codes (; separated) or all",
        "a share, e.g. 10% or 0.1 (a negative share shrinks)",
        "More people held: new cases drawn with the sample generator's case mix for that kind "
        "of prison (home LDUs in the proportions of the prison's current cases), arriving "
        "without a POM or COM.",
    ),
    ChangeKind(
        SHRINK_PRISON,
        "prison codes (; separated) or all",
        "a share, e.g. 10% or 0.1",
        "Fewer people held: that share of the prison's cases, drawn at random (the same draw "
        "every run), leave.",
    ),
)
CHANGES: tuple[str, ...] = tuple(kind.name for kind in CHANGE_KINDS)
KIND_BY_NAME: dict[str, ChangeKind] = {kind.name: kind for kind in CHANGE_KINDS}


def vocabulary_table() -> str:
    """The README's Markdown table of the vocabulary (a test keeps the README in step)."""
    lines = ["| change | target | value | what it does |", "|---|---|---|---|"]
    lines += [f"| `{k.name}` | {k.target} | {k.value} | {k.text} |" for k in CHANGE_KINDS]
    return "\n".join(lines) + "\n"
