"""Stage two of reading: checks across rows and sheets (duplicates, references, ranges).

Every check returns problems naming the sheet, the Excel row, the column and the
value, so a manager can find and fix the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from allocator.enums import Role
from allocator.problem import Case, Prison, Spo, Staff
from inputs.problems import Problem, error, note, warning

_RELEASE_DATES = ("ard", "crd", "ped", "ted", "thd")


def duplicates(sheet: str, column: str, rows: Iterable[tuple[str, int]]) -> list[Problem]:
    """Each id after the first occurrence is an error naming the first row."""
    first: dict[str, int] = {}
    problems = []
    for key, row in rows:
        if key in first:
            problems.append(
                error(sheet, row, column, key, f"duplicate {column}: also on row {first[key]}")
            )
        else:
            first[key] = row
    return problems


def check_staff(
    staff: Sequence[Staff], prisons: set[str], ldus: set[str], hours: float
) -> list[Problem]:
    """FTE range, hours, caps, and POMs placed in a prison."""
    problems = duplicates("Staff", "staff_id", ((s.staff_id, s.row) for s in staff))
    for member in staff:
        problems.extend(_check_member(member, prisons, ldus, hours))
    return problems


def _check_member(member: Staff, prisons: set[str], ldus: set[str], hours: float) -> list[Problem]:
    """The single-row checks of one staff member."""
    row, found = member.row, []
    if not 0.1 <= member.fte <= 1.0:
        found.append(
            error(
                "Staff", row, "fte", member.fte, "FTE must be between 0.1 and 1.0 (1.0 = full time)"
            )
        )
    if member.reduction_hours < 0 or member.reduction_hours >= member.fte * hours:
        found.append(
            error(
                "Staff",
                row,
                "reduction_hours",
                member.reduction_hours,
                f"must be at least 0 and less than the contracted {member.fte * hours:g} hours",
            )
        )
    for column in ("max_cases", "other_points"):
        value = getattr(member, column)
        if value is not None and value < 0:
            found.append(error("Staff", row, column, value, "must not be negative"))
    if member.role is Role.POM and member.location not in prisons:
        where = (
            "an LDU, not a prison" if member.location in ldus else "not a prison in this workbook"
        )
        found.append(
            error(
                "Staff",
                row,
                "location",
                member.location,
                f"a POM must work in a prison; '{member.location}' is {where} "
                "(add it to the Prisons sheet if it is a prison)",
            )
        )
    return found


def check_spo_links(staff: Sequence[Staff], spos: Sequence[Spo], spo_sheet: bool) -> list[Problem]:
    """Every staff member's SPO exists (one warning when there is no SPOs sheet at all)."""
    named = [s for s in staff if s.spo]
    if not spo_sheet:
        if named:
            return [
                warning(
                    "Staff",
                    named[0].row,
                    "spo",
                    named[0].spo,
                    "staff name SPOs but there is no SPOs sheet; spans cannot be checked",
                )
            ]
        return []
    known = {spo.spo_id for spo in spos}
    return [
        error("Staff", s.row, "spo", s.spo, f"unknown SPO '{s.spo}': not in the SPOs sheet")
        for s in named
        if s.spo not in known
    ]


def check_spos(spos: Sequence[Spo]) -> list[Problem]:
    """Duplicate ids, FTE range and positive span limits."""
    problems = duplicates("SPOs", "spo_id", ((s.spo_id, s.row) for s in spos))
    for spo in spos:
        if not 0.1 <= spo.fte <= 1.0:
            problems.append(
                error("SPOs", spo.row, "fte", spo.fte, "FTE must be between 0.1 and 1.0")
            )
        if spo.span_limit_fte is not None and spo.span_limit_fte <= 0:
            problems.append(
                error("SPOs", spo.row, "span_limit_fte", spo.span_limit_fte, "must be more than 0")
            )
    return problems


def check_cases(cases: Sequence[Case], staff: dict[str, Staff]) -> list[Problem]:
    """Duplicate ids, dates in order, and staff references that resolve."""
    problems = duplicates("Cases", "case_id", ((c.case_id, c.row) for c in cases))
    for case in cases:
        problems.extend(_check_dates(case))
        problems.extend(_check_refs(case, staff))
    return problems


def _check_dates(case: Case) -> list[Problem]:
    """Release and hearing dates cannot come before the sentence started."""
    start = case.sentence_start
    if start is None:
        return []
    return [
        error(
            "Cases",
            case.row,
            column,
            getattr(case, column),
            f"{column} {getattr(case, column):%d/%m/%Y} is before sentence_start {start:%d/%m/%Y}",
        )
        for column in _RELEASE_DATES
        if getattr(case, column) is not None and getattr(case, column) < start
    ]


def _check_refs(case: Case, staff: dict[str, Staff]) -> list[Problem]:
    """Current POM/COM must be listed with the right role; other lists may name leavers."""
    found = [
        *_current(case, "current_pom", Role.POM, staff),
        *_current(case, "current_com", Role.COM, staff),
    ]
    for column in ("previous_poms", "excluded_staff"):
        unknown = [sid for sid in getattr(case, column) if sid not in staff]
        if unknown:
            found.append(
                note(
                    "Cases",
                    case.row,
                    column,
                    ";".join(unknown),
                    "not in the Staff sheet (left the service?); ignored",
                )
            )
    if case.current_pom and case.current_pom in case.excluded_staff:
        found.append(
            warning(
                "Cases",
                case.row,
                "current_pom",
                case.current_pom,
                "the current POM is in excluded_staff; the case must move",
            )
        )
    return found


def _current(case: Case, column: str, role: Role, staff: dict[str, Staff]) -> list[Problem]:
    """A current worker must be in Staff with the matching role."""
    sid = getattr(case, column)
    if not sid:
        return []
    member = staff.get(sid)
    if member is None:
        return [
            error(
                "Cases",
                case.row,
                column,
                sid,
                f"unknown staff id '{sid}': add them to Staff (status inactive if they have left)",
            )
        ]
    if member.role is not role:
        return [error("Cases", case.row, column, sid, f"'{sid}' is a {member.role}, not a {role}")]
    return []


def check_prisons(cases: Sequence[Case], prisons: dict[str, Prison], sheet: bool) -> list[Problem]:
    """A case's prison missing from the Prisons sheet gets the defaults (noted once)."""
    if not sheet:
        return []
    problems: list[Problem] = []
    reported: set[str] = set()
    for case in cases:
        if case.prison not in prisons and case.prison not in reported:
            reported.add(case.prison)
            problems.append(
                note(
                    "Cases",
                    case.row,
                    "prison",
                    case.prison,
                    "not in the Prisons sheet; treated as male closed, public, England",
                )
            )
    return problems
