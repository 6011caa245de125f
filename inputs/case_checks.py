"""Checks added for real exports: tier models, the optional Cases columns that name staff
(``restricted_to``, ``coworking_pom``), and Staff sheets that give weekly hours, not FTE.

Like ``inputs.validate``, every check reads the parsed records of every row and returns
problems naming the sheet, the Excel row, the column and the value.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from allocator.domain.enums import Role, TierModel
from allocator.domain.problems import Problem, error, note
from allocator.domain.settings import Settings
from allocator.domain.tiers import MODEL_NAMES, fits, is_s, model_of, resolve

Record = dict[str, Any]
_EXAMPLES = 3


def check_tiers(cases: Sequence[Record], settings: Settings) -> list[Problem]:
    """One tier model per workbook: mixed models are one error naming the column; under an
    explicit ``tier_model`` a code of another model is an error of its row."""
    tiered = [case for case in cases if "tier" in case]
    if not tiered:
        return []
    resolution = resolve((case["tier"] for case in tiered), settings.tier_model)
    if resolution.mixed:
        return [_mixed(tiered)]
    problems = []
    if settings.tier_model is not TierModel.AUTO:
        name = MODEL_NAMES[settings.tier_model]
        problems += [
            error(
                "Cases",
                case["row"],
                "tier",
                case["tier"],
                f"'{case['tier']}' is not a tier of the {name} model (setting tier_model)",
            )
            for case in tiered
            if not fits(case["tier"], settings.tier_model)
        ]
    s_rows = [case["row"] for case in tiered if is_s(case["tier"])]
    if s_rows:
        text = (
            f"{len(s_rows)} cases have an S tier (no supervision after the two-thirds point): "
            f"they carry {settings.s_tier_points_pct} % of their sub-tier's points "
            "(setting s_tier_points_pct)"
        )
        problems.append(note("Cases", None, "tier", "", text))
    return problems


def _mixed(tiered: Sequence[Record]) -> Problem:
    """The error for a tier column that mixes models, with example rows of each."""
    rows: dict[TierModel, list[Record]] = defaultdict(list)
    for case in tiered:
        rows[model_of(case["tier"]) or TierModel.LETTERS].append(case)
    parts = []
    for model, found in rows.items():
        examples = ", ".join(f"row {c['row']} '{c['tier']}'" for c in found[:_EXAMPLES])
        parts.append(f"{len(found):,} rows use {MODEL_NAMES[model]} (e.g. {examples})")
    text = (
        "the tier column mixes tier models: "
        + "; ".join(parts)
        + "; use one model, or set tier_model to say which one is meant"
    )
    return error("Cases", None, "tier", "", text)


def check_staff_columns(cases: Sequence[Record], staff: dict[str, Role | None]) -> list[Problem]:
    """``restricted_to`` must name staff on the Staff sheet (a restriction is never guessed);
    ``coworking_pom`` must be a POM (one not on the sheet has left: noted, co-working ends)."""
    found: list[Problem] = []
    for case in cases:
        row = case["row"]
        unknown = [sid for sid in case.get("restricted_to", ()) if sid not in staff]
        if unknown:
            text = (
                "not on the Staff sheet: a restricted-access case may only go to staff who are; "
                "correct the ids or add the staff"
            )
            found.append(error("Cases", row, "restricted_to", ";".join(unknown), text))
        coworker = case.get("coworking_pom")
        if not coworker:
            continue
        if coworker not in staff:
            text = "not on the Staff sheet (left the service?): the co-working ends"
            found.append(note("Cases", row, "coworking_pom", coworker, text))
        elif staff[coworker] is Role.COM:
            text = f"'{coworker}' is a COM, not a POM"
            found.append(error("Cases", row, "coworking_pom", coworker, text))
        elif coworker == case.get("current_pom"):
            text = "the co-working POM is the current POM; a co-worker is a second person"
            found.append(error("Cases", row, "coworking_pom", coworker, text))
    return found


def hours_to_fte(staff: Sequence[Record], hours_per_fte: float) -> list[Problem]:
    """Staff rows with hours but no fte get the working pattern of the domain: hours / a
    full-time week, floored to 0.1, at most 1.0 (30 h of 37.5 -> 0.8). ``hours`` is taken out
    of every row (the problem data holds FTE only)."""
    found = []
    for member in staff:
        hours = member.pop("hours", None)
        if hours is None or "fte" in member:
            continue
        fte = min(1.0, math.floor(hours / hours_per_fte * 10 + 1e-9) / 10)
        if fte < 0.1:
            text = f"{hours:g} weekly hours is less than 0.1 FTE ({hours_per_fte / 10:g} hours)"
            found.append(error("Staff", member["row"], "hours", hours, text))
            continue
        member["fte"] = fte
    return found
