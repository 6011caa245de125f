"""Stage two of reading: checks across rows and sheets (duplicates, references, ranges).

Every check returns problems naming the sheet, the Excel row, the column and the
value, so a manager can find and fix the cell. The checks read the parsed records
(dicts of the cells that parsed, plus ``row``) of every row, also rows with other
errors, so that one pass finds all problems; a check needing a cell that is
empty or wrong skips that row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from allocator.domain.enums import Role
from allocator.domain.problems import Problem, error, note, warning
from inputs.quarantine import LEAVER
from inputs.values import suggest

Record = dict[str, Any]
_RELEASE_DATES = ("ard", "crd", "ped", "ted", "thd", "hdced", "open_conditions_date")
_FTE_LOW, _FTE_HIGH = 0.1, 1.0


@dataclass(frozen=True)
class Known:
    """The ids rows may refer to, from every row that names one (rows with errors too).

    Attributes
    ----------
    staff
        Staff id -> role (None when the row's role is unreadable); None when the
        Staff sheet cannot be read, so that references are not checked.
    spos
        SPO ids; None when there is no readable SPOs sheet.
    prisons
        Prison codes in the Prisons sheet and the Cases sheet; None when neither
        can be read.
    listed_prisons
        Prison codes in the Prisons sheet; None when there is no Prisons sheet.
    ldus
        LDU codes of cases and COMs.
    """

    staff: dict[str, Role | None] | None
    spos: set[str] | None
    prisons: set[str] | None
    listed_prisons: set[str] | None
    ldus: set[str]

    @cached_property
    def _folded(self) -> dict[str, str]:
        """Staff and SPO ids by their spelling without case or spaces."""
        ids = [*(self.staff or ()), *(self.spos or ())]
        return {_fold(i): i for i in reversed(ids)}

    def same_id(self, value: str) -> str:
        """A staff or SPO id that differs from ``value`` only in case or spaces, or ''."""
        return self._folded.get(_fold(value), "")


def _fold(text: str) -> str:
    """An id without case or spaces."""
    return "".join(text.split()).lower()


def _meant(hint: str) -> str:
    """'; did you mean 'x'?' or ''."""
    return f"; did you mean '{hint}'?" if hint else ""


def duplicates(sheet: str, column: str, rows: Iterable[tuple[str, int]]) -> list[Problem]:
    """Each id after its first occurrence is an error naming the first row.

    Parameters
    ----------
    sheet, column
        Where the ids are.
    rows
        ``(id, Excel row)`` of every row that has the id, in row order.
    """
    first: dict[str, int] = {}
    problems = []
    for key, row in rows:
        if key in first:
            problems.append(
                error(
                    sheet,
                    row,
                    column,
                    key,
                    f"duplicate {column} '{key}': also on row {first[key]}; each must appear once",
                )
            )
        else:
            first[key] = row
    return problems


def check_staff(staff: Sequence[Record], known: Known, hours: float) -> list[Problem]:
    """FTE range, reduction hours, caps, and POMs placed in a prison."""
    problems: list[Problem] = []
    for member in staff:
        problems.extend(_check_member(member, hours))
        if member.get("role") is Role.POM and "location" in member and known.prisons is not None:
            problems.extend(_pom_location(member, known))
    return problems


def _check_member(member: Record, hours: float) -> list[Problem]:
    """The single-row checks of one staff member."""
    row, found = member["row"], []
    fte = member.get("fte")
    if fte is not None and not _FTE_LOW <= fte <= _FTE_HIGH:
        found.append(error("Staff", row, "fte", fte, _fte_message(fte, hours)))
    reduction = member.get("reduction_hours")
    if reduction is not None:
        contracted = min(max(fte or _FTE_HIGH, 0.0), _FTE_HIGH) * hours
        if reduction < 0 or reduction >= contracted:
            found.append(
                error(
                    "Staff",
                    row,
                    "reduction_hours",
                    reduction,
                    f"must be at least 0 and less than the contracted {contracted:g} hours a week",
                )
            )
    for column in ("max_cases", "other_points"):
        value = member.get(column)
        if value is not None and value < 0:
            found.append(error("Staff", row, column, value, f"{column} must not be negative"))
    return found


def _fte_message(fte: float, hours: float) -> str:
    """FTE out of range, with the working pattern when the cell looks like weekly hours."""
    message = f"FTE must be from {_FTE_LOW} to {_FTE_HIGH} (1.0 = full time, {hours:g} hours)"
    pattern = min(int(fte / hours * 10 + 1e-9) / 10, _FTE_HIGH)
    if _FTE_HIGH < fte <= hours * 1.5 and pattern >= _FTE_LOW:  # only a pattern that is valid
        message += f"; if {fte:g} is weekly hours, write {pattern:.1f}"
    return message


def _pom_location(member: Record, known: Known) -> list[Problem]:
    """A POM must work in a prison of this workbook."""
    prisons, location = known.prisons or set(), member["location"]
    if location in prisons:
        return []
    if location in known.ldus:
        what = "an LDU, not a prison"
    else:
        hint = suggest(location, prisons)
        what = "not a prison in this workbook" + (f" ({hint})" if hint else "")
    return [
        error(
            "Staff",
            member["row"],
            "location",
            location,
            f"a POM must work in a prison; '{location}' is {what}; "
            "add it to the Prisons sheet if it is a prison",
        )
    ]


def check_spo_links(staff: Sequence[Record], known: Known, spo_sheet: bool) -> list[Problem]:
    """Every staff member's SPO exists (one warning when there is no SPOs sheet at all)."""
    named = [member for member in staff if member.get("spo")]
    if known.spos is None:
        if named and not spo_sheet:
            first = named[0]
            return [
                warning(
                    "Staff",
                    first["row"],
                    "spo",
                    first["spo"],
                    "staff name SPOs but there is no SPOs sheet; spans cannot be checked",
                )
            ]
        return []
    spos = known.spos
    return [_unknown_spo(member, known) for member in named if member["spo"] not in spos]


def _unknown_spo(member: Record, known: Known) -> Problem:
    """An SPO id that is not in the SPOs sheet, with the id it was probably meant to be."""
    spo = member["spo"]
    text = f"unknown SPO '{spo}': not in the SPOs sheet" + _meant(known.same_id(spo))
    return error("Staff", member["row"], "spo", spo, text)


def check_spos(spos: Sequence[Record]) -> list[Problem]:
    """FTE range and positive span limits."""
    problems = []
    for spo in spos:
        fte, limit = spo.get("fte"), spo.get("span_limit_fte")
        if fte is not None and not _FTE_LOW <= fte <= _FTE_HIGH:
            problems.append(
                error("SPOs", spo["row"], "fte", fte, f"FTE must be from {_FTE_LOW} to {_FTE_HIGH}")
            )
        if limit is not None and limit <= 0:
            problems.append(
                error(
                    "SPOs",
                    spo["row"],
                    "span_limit_fte",
                    limit,
                    "span_limit_fte must be more than 0 (blank = the setting)",
                )
            )
    return problems


def check_cases(cases: Sequence[Record], known: Known) -> list[Problem]:
    """Dates in order, and staff references that resolve."""
    problems: list[Problem] = []
    staff = known.staff
    for case in cases:
        if "sentence_start" in case:
            problems.extend(_check_dates(case, case["sentence_start"]))
        if staff is not None:
            problems.extend(_check_refs(case, staff, known))
    return problems


def _check_dates(case: Record, start: date) -> list[Problem]:
    """Release and hearing dates cannot come before the sentence started, nor birth after it."""
    found = [
        error(
            "Cases",
            case["row"],
            column,
            day,
            f"{column} {day:%d/%m/%Y} is before sentence_start {start:%d/%m/%Y}",
        )
        for column in _RELEASE_DATES
        if (day := case.get(column)) is not None and day < start
    ]
    birth = case.get("date_of_birth")
    if birth is not None and birth >= start:
        found.append(
            error(
                "Cases",
                case["row"],
                "date_of_birth",
                birth,
                f"date_of_birth {birth:%d/%m/%Y} is not before sentence_start {start:%d/%m/%Y}",
            )
        )
    return found


def _check_refs(case: Record, staff: dict[str, Role | None], known: Known) -> list[Problem]:
    """Current POM/COM must be listed with the right role; other lists may name leavers."""
    found = [
        *_current(case, "current_pom", Role.POM, staff, known),
        *_current(case, "current_com", Role.COM, staff, known),
    ]
    for column in ("previous_poms", "excluded_staff"):
        unknown = [sid for sid in case.get(column, ()) if sid not in staff]
        if unknown:
            found.append(
                note(
                    "Cases",
                    case["row"],
                    column,
                    ";".join(unknown),
                    "not in the Staff sheet (left the service?); ignored",
                )
            )
    pom = case.get("current_pom")
    if pom and pom in case.get("excluded_staff", ()):
        found.append(
            warning(
                "Cases",
                case["row"],
                "current_pom",
                pom,
                "the current POM is in excluded_staff; the case must move",
            )
        )
    return found


def _current(
    case: Record, column: str, role: Role, staff: dict[str, Role | None], known: Known
) -> list[Problem]:
    """A current worker must be in Staff with the matching role."""
    sid = case.get(column)
    if not sid:
        return []
    if sid not in staff:
        hint = known.same_id(sid)
        if hint:  # most likely a typing slip, not a leaver
            text = f"unknown staff id '{sid}': not on the Staff sheet"
            return [error("Cases", case["row"], column, sid, text + _meant(hint))]
        text = f"'{sid}' is {LEAVER}: the case is re-allocated"
        return [warning("Cases", case["row"], column, sid, text)]
    actual = staff[sid]
    if actual is not None and actual is not role:
        return [error("Cases", case["row"], column, sid, f"'{sid}' is a {actual}, not a {role}")]
    return []


def check_prisons(cases: Sequence[Record], prisons: set[str] | None) -> list[Problem]:
    """A case's prison missing from the Prisons sheet gets the defaults (noted once)."""
    if prisons is None:
        return []
    problems: list[Problem] = []
    reported: set[str] = set()
    for case in cases:
        prison = case.get("prison")
        if prison is not None and prison not in prisons and prison not in reported:
            reported.add(prison)
            problems.append(
                note(
                    "Cases",
                    case["row"],
                    "prison",
                    prison,
                    "not in the Prisons sheet; treated as male closed, public, England",
                )
            )
    return problems
