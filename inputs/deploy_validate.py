"""Stage two of reading for deployment planning: Posts, Interests and LDUs across sheets.

The same standard as every other sheet: each problem names the sheet, the Excel
row, the column and the value, and says what was expected; every row is checked
(also rows with other errors) so that one pass finds all problems. Duplicate
prisons in ``Posts`` and LDUs in ``LDUs`` are found with the other id columns by
the reader.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from allocator.domain.enums import Grade, Role, Status
from allocator.domain.problems import Problem, error, note, warning
from inputs.schema import INTERESTS, LDUS, POSTS, PRISONS, SPOS, STAFF
from inputs.sheets import ParsedSheet
from inputs.validate import Known
from inputs.values import suggest

Record = dict[str, Any]


def check_deployment(parsed: dict[str, ParsedSheet], known: Known) -> list[Problem]:
    """Every cross-row and cross-sheet problem of the deployment sheets.

    Parameters
    ----------
    parsed
        Every sheet of the contract, parsed (stage one).
    known
        The ids rows may refer to.
    """
    posts, interests, ldus = parsed[POSTS.name], parsed[INTERESTS.name], parsed[LDUS.name]
    problems = check_posts(posts.rows, parsed[PRISONS.name], parsed[SPOS.name])
    problems += check_ldus(ldus.rows, known)
    if not interests.rows:
        return problems
    if not posts.readable:
        first = interests.rows[0]
        text = "there is no Posts sheet: interests need the posts they are for"
        return [*problems, error(INTERESTS.name, first["row"], "prison", first.get("prison"), text)]
    problems += check_interests(interests.rows, posts.rows, parsed[STAFF.name].rows, known)
    problems += _ldus_not_listed(interests.rows, parsed[STAFF.name].rows, ldus)
    return problems


def check_posts(posts: Sequence[Record], prisons: ParsedSheet, spos: ParsedSheet) -> list[Problem]:
    """Positive posts; prisons not in Prisons (noted); prisons without an SPO (warned)."""
    problems: list[Problem] = []
    listed = {row["prison"] for row in prisons.rows if "prison" in row}
    spo_places = {row.get("location") for row in spos.rows}
    for post in posts:
        row, prison, fte = post["row"], post.get("prison"), post.get("posts_fte")
        if fte is not None and fte <= 0:
            text = "posts_fte must be more than 0 (delete the row if there are no posts)"
            problems.append(error(POSTS.name, row, "posts_fte", fte, text))
        if prison is None:
            continue
        if prisons.readable and prison not in listed:
            text = "not in the Prisons sheet; treated as male closed, public, England"
            problems.append(note(POSTS.name, row, "prison", prison, text))
        if spos.readable and prison not in spo_places:
            text = (
                f"no SPO in the SPOs sheet works at {prison}: the span of the team receiving "
                "officers cannot be checked"
            )
            problems.append(warning(POSTS.name, row, "prison", prison, text))
    return problems


def check_ldus(ldus: Sequence[Record], known: Known) -> list[Problem]:
    """No negative figures; an LDU that no COM or case names is probably misspelt."""
    problems: list[Problem] = []
    for ldu in ldus:
        row = ldu["row"]
        for column in ("min_fte", "max_leavers", "vacancy_fte"):
            value = ldu.get(column)
            if value is not None and value < 0:
                text = f"{column} must not be negative"
                problems.append(error(LDUS.name, row, column, value, text))
        code = ldu.get("ldu")
        if code is not None and code not in known.ldus:
            hint = suggest(code, known.ldus)
            text = "no COM in Staff works in this LDU and no case names it" + (
                f"; {hint}" if hint else ""
            )
            problems.append(warning(LDUS.name, row, "ldu", code, text))
    return problems


def check_interests(
    interests: Sequence[Record],
    posts: Sequence[Record],
    staff: Sequence[Record],
    known: Known,
) -> list[Problem]:
    """Officers who can be deployed, prisons with posts, one row per pair, sane preferences."""
    members = {row["staff_id"]: row for row in staff if "staff_id" in row}
    prisons = {row["prison"] for row in posts if "prison" in row}
    problems: list[Problem] = []
    for interest in interests:
        problems += _officer(interest, members, known)
        problems += _prison(interest, prisons)
        preference, score = interest.get("preference"), interest.get("selection_score")
        if preference is not None and preference < 1:
            text = "preference must be 1 (first choice) or more"
            problems.append(error(INTERESTS.name, interest["row"], "preference", preference, text))
        if score is not None and score < 0:
            text = "selection_score must be 0 or more (higher is better)"
            problems.append(error(INTERESTS.name, interest["row"], "selection_score", score, text))
    problems += _pairs(interests)
    problems += _same_preference(interests)
    problems += _mixed_scores(interests)
    return problems


def _officer(interest: Record, members: dict[str, Record], known: Known) -> list[Problem]:
    """The staff id names an active or unavailable probation officer in a community team."""
    sid, row = interest.get("staff_id"), interest["row"]
    if sid is None:
        return []
    member = members.get(sid)
    if member is None:
        same = known.same_id(sid)
        hint = f"; did you mean '{same}'?" if same else ""
        text = f"unknown staff id '{sid}': add the officer to Staff{hint}"
        return [error(INTERESTS.name, row, "staff_id", sid, text)]
    role, grade, status = member.get("role"), member.get("grade"), member.get("status")
    if role is not None and role is not Role.COM:
        text = f"'{sid}' is a {role}: only officers in community teams (COM) are deployed"
        return [error(INTERESTS.name, row, "staff_id", sid, text)]
    if grade is not None and grade is not Grade.PO:
        text = f"'{sid}' is grade {grade}: only probation officers (PO) fill these posts"
        return [error(INTERESTS.name, row, "staff_id", sid, text)]
    if status is Status.INACTIVE:
        text = f"'{sid}' is inactive (away long-term) in Staff; this interest is ignored"
        return [warning(INTERESTS.name, row, "staff_id", sid, text)]
    return []


def _prison(interest: Record, prisons: set[str]) -> list[Problem]:
    """The prison has posts."""
    prison = interest.get("prison")
    if prison is None or prison in prisons:
        return []
    hint = suggest(prison, prisons)
    text = f"no posts at '{prison}': add it to the Posts sheet" + (f"; {hint}" if hint else "")
    return [error(INTERESTS.name, interest["row"], "prison", prison, text)]


def _pairs(interests: Sequence[Record]) -> list[Problem]:
    """An officer names a prison once."""
    first: dict[tuple[str, str], int] = {}
    problems = []
    for interest in interests:
        key = (interest.get("staff_id"), interest.get("prison"))
        if None in key:
            continue
        pair = (str(key[0]), str(key[1]))
        if pair in first:
            text = (
                f"{pair[0]} already names {pair[1]} on row {first[pair]}; each officer names "
                "a prison once"
            )
            problems.append(error(INTERESTS.name, interest["row"], "prison", pair[1], text))
        else:
            first[pair] = interest["row"]
    return problems


def _same_preference(interests: Sequence[Record]) -> list[Problem]:
    """Two prisons with the same preference of one officer count as equal (warned)."""
    first: dict[tuple[str, int], Record] = {}
    problems = []
    for interest in interests:
        sid, preference = interest.get("staff_id"), interest.get("preference")
        if sid is None or preference is None or "prison" not in interest:
            continue
        earlier = first.setdefault((sid, preference), interest)
        if earlier is not interest and earlier.get("prison") != interest["prison"]:
            text = (
                f"{sid} also gives preference {preference} to {earlier['prison']} (row "
                f"{earlier['row']}); both count as choice {preference}"
            )
            problems.append(
                warning(INTERESTS.name, interest["row"], "preference", preference, text)
            )
    return problems


def _mixed_scores(interests: Sequence[Record]) -> list[Problem]:
    """A prison whose interests are scored for some officers and blank for others."""
    by_prison: dict[str, list[Record]] = defaultdict(list)
    for interest in interests:
        if "prison" in interest:
            by_prison[interest["prison"]].append(interest)
    problems = []
    for prison, rows in by_prison.items():
        blank = [row for row in rows if "selection_score" not in row]
        if blank and len(blank) < len(rows):
            text = (
                f"{len(rows) - len(blank)} interests in {prison} have a selection_score and "
                f"{len(blank)} do not; a blank score counts as 0"
            )
            problems.append(warning(INTERESTS.name, blank[0]["row"], "selection_score", "", text))
    return problems


def _ldus_not_listed(
    interests: Sequence[Record], staff: Sequence[Record], ldus: ParsedSheet
) -> list[Problem]:
    """Officers' LDUs missing from the LDUs sheet keep no minimum (noted once per LDU)."""
    location = {
        row["staff_id"]: row.get("location")
        for row in staff
        if "staff_id" in row
        and row.get("role") is Role.COM
        and row.get("grade") is Grade.PO
        and row.get("status") is not Status.INACTIVE
    }
    listed = {row["ldu"] for row in ldus.rows if "ldu" in row}
    problems: list[Problem] = []
    seen: set[str] = set()
    for interest in interests:
        ldu = location.get(interest.get("staff_id", ""))
        if ldu is None or ldu in listed or ldu in seen:
            continue
        seen.add(ldu)
        where = "the LDUs sheet" if ldus.readable else "an LDUs sheet (there is none)"
        text = (
            f"{interest['staff_id']}'s LDU {ldu} is not in {where}: it has no minimum staffing "
            "and no vacancies; only the ldu_max_gap_pct setting protects it"
        )
        problems.append(
            note(INTERESTS.name, interest["row"], "staff_id", interest["staff_id"], text)
        )
    return problems
