"""One ``Scenarios`` row checked: its change word, target and value, against the input.

Each check names the row, the column and the value, says what was expected and
suggests the near miss (a setting, staff id, prison or change word). Targets are
checked against the input workbook when it could be read (``Refs``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from allocator.domain.enums import Grade, Role, Status
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem, error
from allocator.domain.scenario_types import Change, NewStaff
from allocator.domain.scenarios import (
    ADD_STAFF,
    ALL_PRISONS,
    CHANGES,
    GROW_PRISON,
    INHERIT,
    KIND_BY_NAME,
    REMOVE_STAFF,
    SETTING,
    SHRINK_PRISON,
    STAFF_FTE,
    STAFF_GRADE,
    STAFF_STATUS,
)
from allocator.domain.settings import SETTINGS_BY_NAME
from inputs import values as v
from inputs.schema import STAFF
from inputs.settings_sheet import parse_setting, setting_name

SHEET = "Scenarios"
_FTE_LOW, _FTE_HIGH = 0.1, 1.0
_MAX_ADDED = 50  # staff one add_staff row may add
_MAX_GROWTH = 5.0  # grow a prison to at most six times its population
_ADD = re.compile(
    r"^(?:(?P<count>\d+)\s*[x\u00d7*]\s*)?(?:(?P<role>pom|com)\s+)?(?P<grade>.+?)"
    r"(?:\s+(?P<fte>\d*\.?\d+))?$",
    re.IGNORECASE,
)
_PARSE_STATUS = STAFF.column("status").parse
_PARSE_GRADE = STAFF.column("grade").parse


@dataclass(frozen=True)
class Refs:
    """What a row may name: staff (with roles), prisons and LDUs; None = not checkable."""

    staff: dict[str, Role] | None = None
    prisons: frozenset[str] | None = None
    ldus: frozenset[str] | None = None

    @classmethod
    def of(cls, data: ProblemData | None) -> Refs:
        """The references of an input that was read (nothing is checked without one)."""
        if data is None:
            return cls()
        prisons = frozenset(data.prisons) | {case.prison for case in data.cases}
        ldus = frozenset(m.location for m in data.staff if m.role is Role.COM)
        return cls(
            staff={m.staff_id: m.role for m in data.staff},
            prisons=prisons,
            ldus=ldus | {case.ldu for case in data.cases if case.ldu},
        )


class _Bad(Exception):
    """A row's cell that cannot be used: the column and the message."""

    def __init__(self, column: str, value: Any, message: str) -> None:
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def change_word(text: str) -> str:
    """A change word as typed, normalised: case, outer spaces, inner spaces and '-' ignored."""
    return setting_name(text)


def check_change(record: dict[str, Any], refs: Refs) -> tuple[Change | None, list[Problem]]:
    """The row as a ``Change``, or None and its problems (target and value both checked).

    Parameters
    ----------
    record
        A good row of the sheet: ``scenario``, ``change``, maybe ``target`` and ``value``.
    refs
        What the input workbook holds.
    """
    row, word = record["row"], change_word(record["change"])
    if word not in KIND_BY_NAME:
        hint = v.suggest(word, CHANGES) or f"expected one of: {', '.join(CHANGES)}"
        return None, [error(SHEET, row, "change", record["change"], f"unknown change; {hint}")]
    target_check, value_check = _CHECKS[word]
    problems: list[Problem] = []
    target = _run(lambda: target_check(record.get("target"), refs), problems, row)
    value = _run(lambda: value_check(record.get("value"), target, refs), problems, row)
    if problems:
        return None, problems
    text = " ".join(v.shown(record[c]) for c in ("change", "target", "value") if c in record)
    return Change(record["scenario"], word, target, value, row, text), []


def _run(check: Callable[[], Any], problems: list[Problem], row: int) -> Any:
    """Run one cell's check, turning ``_Bad`` into an error on that row."""
    try:
        return check()
    except _Bad as bad:
        problems.append(error(SHEET, row, bad.column, bad.value, bad.message))
        return None


# --- targets -----------------------------------------------------------------------------


def _required(raw: Any, what: str) -> str:
    """The target's text; an error when it is blank."""
    if raw is None:
        raise _Bad("target", "", f"target is required: {what}")
    return str(raw).strip()


def _scenario_target(raw: Any, refs: Refs) -> tuple[str, ...]:
    """The scenario to inherit (checked once every name is known)."""
    return (v.parse_id(_required(raw, "the name of the scenario to inherit")),)


def _setting_target(raw: Any, refs: Refs) -> tuple[str, ...]:
    """A known setting name."""
    name = setting_name(_required(raw, "a setting name"))
    if name not in SETTINGS_BY_NAME:
        hint = v.suggest(name, SETTINGS_BY_NAME) or "see the list on the Settings sheet"
        raise _Bad("target", raw, f"unknown setting; {hint}")
    return (name,)


def _staff_target(raw: Any, refs: Refs) -> tuple[str, ...]:
    """Staff ids of the Staff sheet."""
    ids = v.parse_id_list(_required(raw, "staff ids (; separated)"))
    if refs.staff is None:
        return ids
    unknown = [sid for sid in ids if sid not in refs.staff]
    if unknown:
        hint = v.suggest(unknown[0], refs.staff)
        text = f"unknown staff id '{unknown[0]}': not on the Staff sheet"
        raise _Bad("target", raw, text + (f"; {hint}" if hint else ""))
    return ids


def _location_target(raw: Any, refs: Refs) -> tuple[str, ...]:
    """One prison or LDU code of the input."""
    location = v.parse_id(_required(raw, "a prison code (POMs) or an LDU code (COMs)"))
    if refs.prisons is None or refs.ldus is None:
        return (location,)
    if location not in refs.prisons and location not in refs.ldus:
        hint = v.suggest(location, refs.prisons | refs.ldus)
        text = f"'{location}' is neither a prison nor an LDU of the input"
        raise _Bad("target", raw, text + (f"; {hint}" if hint else ""))
    return (location,)


def _prisons_target(raw: Any, refs: Refs) -> tuple[str, ...]:
    """Prison codes of the input, or ``all``."""
    codes = v.parse_id_list(_required(raw, f"prison codes (; separated) or {ALL_PRISONS}"))
    if [code.lower() for code in codes] == [ALL_PRISONS]:
        return (ALL_PRISONS,)
    if refs.prisons is None:
        return codes
    unknown = [code for code in codes if code not in refs.prisons]
    if unknown:
        hint = v.suggest(unknown[0], [*refs.prisons, ALL_PRISONS])
        text = f"'{unknown[0]}' is not a prison of the input"
        raise _Bad("target", raw, text + (f"; {hint}" if hint else ""))
    return codes


# --- values ------------------------------------------------------------------------------


def _blank(raw: Any, target: Any, refs: Refs) -> None:
    """A change that takes no value."""
    if raw is not None and not v.is_blank(raw):
        raise _Bad("value", raw, "this change takes no value; leave the cell blank")


def _setting_value(raw: Any, target: Any, refs: Refs) -> Any:
    """The setting's value, of its kind and range (blank = the documented default)."""
    if target is None:
        return None
    spec = SETTINGS_BY_NAME[target[0]]
    if raw is None or v.is_blank(raw):
        return spec.default
    try:
        return parse_setting(spec, raw)
    except v.BadValue as bad:
        raise _Bad("value", raw, f"{spec.name}: {bad}") from None


def _parsed(parse: Callable[[Any], Any], what: str) -> Callable[[Any, Any, Refs], Any]:
    """A required value read with one of the Staff sheet's parsers."""

    def check(raw: Any, target: Any, refs: Refs) -> Any:
        if raw is None or v.is_blank(raw):
            raise _Bad("value", "", f"value is required: {what}")
        try:
            return parse(raw)
        except v.BadValue as bad:
            raise _Bad("value", raw, str(bad)) from None

    return check


def _fte_value(raw: Any, target: Any, refs: Refs) -> float:
    """A working pattern from 0.1 to 1.0."""
    fte = float(_parsed(v.parse_number, "an FTE from 0.1 to 1.0")(raw, target, refs))
    if not _FTE_LOW <= fte <= _FTE_HIGH:
        raise _Bad("value", raw, f"FTE must be from {_FTE_LOW} to {_FTE_HIGH} (1.0 = full time)")
    return fte


def _grade_value(raw: Any, target: Any, refs: Refs) -> Grade:
    """A grade; PRO (prison officer) only for POMs."""
    grade: Grade = _parsed(_PARSE_GRADE, "PO, PSO, PQiP or PRO")(raw, target, refs)
    coms = [sid for sid in target or () if refs.staff and refs.staff.get(sid) is Role.COM]
    if grade is Grade.PRO and coms:
        raise _Bad("value", raw, f"PRO is a prison officer POM grade; '{coms[0]}' is a COM")
    return grade


def _share_value(sign: int) -> Callable[[Any, Any, Refs], float]:
    """A share of a prison's population: 10% or 0.1 (signed: grow +, shrink -)."""

    def check(raw: Any, target: Any, refs: Refs) -> float:
        share = sign * parse_share(raw)
        if share == 0:
            raise _Bad("value", raw, "a share of 0 changes nothing; give e.g. 10% or 0.1")
        if share <= -1 or share > _MAX_GROWTH:
            limit = "less than 100%" if share < 0 else f"at most {_MAX_GROWTH:.0%}"
            raise _Bad("value", raw, f"the share must be {limit}")
        return share

    return check


def parse_share(raw: Any) -> float:
    """``10%`` or ``0.1`` as 0.1; a bare number above 1 is ambiguous and refused."""
    if raw is None or v.is_blank(raw):
        raise _Bad("value", "", "value is required: a share such as 10% or 0.1")
    text = v.shown(raw)
    try:
        if text.endswith("%"):
            return v.parse_number(text[:-1].strip()) / 100
        share = v.parse_number(raw)
    except v.BadValue:
        raise _Bad("value", raw, f"'{text}' is not a share; write e.g. 10% or 0.1") from None
    if abs(share) > 1:
        raise _Bad("value", raw, f"'{text}' is ambiguous: write {share:g}% or {share / 100:g}")
    return share


def _add_value(raw: Any, target: Any, refs: Refs) -> NewStaff:
    """``[count x] [POM|COM] grade [FTE]``: the staff to add."""
    text = v.shown(raw) if raw is not None and not v.is_blank(raw) else ""
    match = _ADD.match(text.strip())
    if match is None:
        raise _Bad("value", raw or "", "value is required: [count x] grade [FTE], e.g. 2 x PO 0.8")
    count = int(match["count"] or 1)
    fte = float(match["fte"] or 1.0)
    try:
        grade: Grade = _PARSE_GRADE(match["grade"])
    except v.BadValue as bad:
        raise _Bad("value", raw, f"{bad} (write [count x] grade [FTE], e.g. 2 x PO 0.8)") from None
    if not 1 <= count <= _MAX_ADDED:
        raise _Bad("value", raw, f"add from 1 to {_MAX_ADDED} staff in one row")
    if not _FTE_LOW <= fte <= _FTE_HIGH:
        raise _Bad("value", raw, f"FTE must be from {_FTE_LOW} to {_FTE_HIGH} (1.0 = full time)")
    role = _role(match["role"], target, refs, raw)
    if grade is Grade.PRO and role is Role.COM:
        raise _Bad("value", raw, "PRO is a prison officer POM grade; a COM is PO, PSO or PQiP")
    return NewStaff(count, role, grade, fte)


def _role(written: str | None, target: Any, refs: Refs, raw: Any) -> Role:
    """POM in a prison, COM in an LDU; a code that is both needs the role written."""
    if written:
        return Role(written.upper())
    location = target[0] if target else ""
    in_prisons = refs.prisons is None or location in refs.prisons
    in_ldus = refs.ldus is not None and location in refs.ldus
    if in_prisons and in_ldus:
        raise _Bad(
            "value", raw, f"'{location}' is both a prison and an LDU: write POM or COM first"
        )
    return Role.POM if in_prisons else Role.COM


def _status_value(raw: Any, target: Any, refs: Refs) -> Status:
    """A staff status."""
    status: Status = _parsed(_PARSE_STATUS, "active, unavailable or inactive")(raw, target, refs)
    return status


Target = Callable[[Any, Refs], tuple[str, ...]]
Value = Callable[[Any, Any, Refs], Any]
_CHECKS: dict[str, tuple[Target, Value]] = {
    INHERIT: (_scenario_target, _blank),
    SETTING: (_setting_target, _setting_value),
    STAFF_STATUS: (_staff_target, _status_value),
    STAFF_FTE: (_staff_target, _fte_value),
    STAFF_GRADE: (_staff_target, _grade_value),
    ADD_STAFF: (_location_target, _add_value),
    REMOVE_STAFF: (_staff_target, _blank),
    GROW_PRISON: (_prisons_target, _share_value(+1)),
    SHRINK_PRISON: (_prisons_target, _share_value(-1)),
}
