"""Plain-English explanations of the capacity figures, one sentence chain per row.

Written for a head of OM and a union representative reading the same row: each
says what was counted, what the figure means and how sure it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from allocator.domain.capacity import CapsAnswer, PostsAnswer, SubCapacity, fte
from allocator.domain.enums import Grade

_GRADE_NAMES = {
    "pom": {Grade.PO: "PO (probation officer) POM", Grade.PRO: "prison-officer POM"},
    "com": {Grade.PO: "PO COM", Grade.PSO: "PSO COM", Grade.PQIP: "PQiP COM"},
}
CAP_NAMES = {
    "po_cases_per_fte": "a full-time PO POM could hold {value} cases (set: {setting})",
    "pro_cases_per_fte": "a full-time prison-officer POM {value} cases (set: {setting})",
    "pom_points_per_fte": "a full-time POM {value:,} workload points (set: {setting:,})",
    "com_points_per_fte": "a full-time COM {value:,} workload points (set: {setting:,})",
}
_NOBODY_NEW = {
    "po_cases_per_fte": "PO POMs need take no new case",
    "pro_cases_per_fte": "prison-officer POMs need take no new case",
    "pom_points_per_fte": "no POM needs take new points",
    "com_points_per_fte": "no COM needs take new points",
}


def role(kind: str) -> str:
    """POM or COM."""
    return "POM" if kind == "pom" else "COM"


def place(kind: str) -> str:
    """Prison or LDU."""
    return "prison" if kind == "pom" else "LDU"


def grade_mix(kind: str, tenths: Mapping[Grade, int]) -> str:
    """'0.3 FTE PO (probation officer) POM and 0.1 FTE prison-officer POM'."""
    parts = [f"{fte(t):.1f} FTE {_GRADE_NAMES[kind][g]}" for g, t in tenths.items() if t]
    return " and ".join(parts) if parts else "no one"


def proof_text(answer: PostsAnswer) -> str:
    """How sure the figure is."""
    if answer.status == "OPTIMAL":
        return "proven least"
    if answer.status == "FEASIBLE":
        return f"best found in the time limit; at least {fte(answer.bound_tenths):.1f} FTE needed"
    return ""


def posts_explanation(sub: SubCapacity) -> str:
    """Why this prison or LDU needs (or does not need) more staff."""
    answer, who = sub.posts, role(sub.kind)
    if answer.status == "NOTHING_TO_DECIDE":
        return f"No case needs a {who} here in this run, so nothing has to be added."
    text = f"{sub.to_allocate} cases need a {who} in this run ({sub.high_risk} high-risk)."
    if answer.total_tenths == 0:
        return text + (
            " Today's active staff can take them all without anyone going over a hard cap: "
            "no extra staff needed."
        )
    text += (
        f" To place every one without anyone going over a hard cap, this {place(sub.kind)} "
        f"needs at least {fte(answer.total_tenths):.1f} FTE more: "
        f"{grade_mix(sub.kind, answer.tenths)}."
    )
    if answer.tenths.get(Grade.PO) and sub.high_risk and sub.high_risk_hard:
        text += " PO time is added only where high-risk cases need a probation officer."
    elif answer.tenths.get(Grade.PO):
        text += " PO time is chosen because it covers the cases in less FTE (a higher cap)."
    if answer.unplaceable:
        text += (
            f" {answer.unplaceable} of the cases have nobody on today's staff who may take "
            "them (no active member, or no active PO for a high-risk case)."
        )
    if answer.status == "OPTIMAL":
        text += " Proven: no smaller addition would do."
    elif answer.status == "FEASIBLE":
        text += (
            f" This is the best found in the time limit; at least "
            f"{fte(answer.bound_tenths):.1f} FTE is certainly needed."
        )
    return text


def overload_explanation(sub: SubCapacity) -> str:
    """Who is already over a cap, and what re-spreading every case would need."""
    over, who = sub.overload, role(sub.kind)
    if over.staff:
        text = (
            f"{over.staff} {who}s already hold more than a hard cap allows before this run's new "
            f"cases ({over.cases} cases and {over.points:,} points over in all). They take no "
            "new case here; this run cannot reduce what they already hold."
        )
    else:
        text = "Nobody here is over a hard cap before this run's new cases."
    spread = sub.respread
    if spread is None or spread.status == "NOTHING_TO_DECIDE":
        return text
    if spread.total_tenths == 0:
        return text + (
            " If every case here were re-spread across today's staff, everyone could be within "
            "their caps with no extra staff."
        )
    text += (
        f" If every case here were re-spread, everyone would be within their caps with "
        f"{fte(spread.total_tenths):.1f} FTE more ({grade_mix(sub.kind, spread.tenths)})"
    )
    if spread.status == "OPTIMAL":
        return text + ", proven least."
    return text + (
        f"; the least that could work is between {fte(spread.bound_tenths):.1f} and "
        f"{fte(spread.total_tenths):.1f} FTE (not proven in the time allowed)."
    )


def caps_explanation(sub: SubCapacity) -> str:
    """The caps under which today's staff could take every case."""
    caps, who = sub.caps, role(sub.kind)
    if caps.status == "NOTHING_TO_DECIDE":
        return f"No case needs a {who} here in this run."
    if caps.status == "NO_CAP_IS_ENOUGH":
        return (
            f"No uniform cap is enough: some cases that need a {who} can go only to staff "
            "who are full under a personal max_cases, or who have no caseload time."
        )
    if caps.status == "ANY_CAPS":
        text = "No hard cap limits who may take these cases here: any caps would do."
    else:
        text = _caps_sentence(caps) + _change_sentence(caps)
    if caps.status == "FEASIBLE":
        text += (
            " These caps certainly work; a slightly lower one might too (not proven in the "
            "time allowed)."
        )
    if caps.unplaceable:
        text += (
            f" {caps.unplaceable} other cases have nobody on today's staff who may take them, "
            "whatever the caps."
        )
    return text


def _caps_sentence(caps: CapsAnswer) -> str:
    """'With today's staff, every case could be placed if ...'."""
    parts = [
        _NOBODY_NEW[name]
        if caps.needed[name] == 0
        else CAP_NAMES[name].format(value=caps.needed[name], setting=caps.setting[name])
        for name in CAP_NAMES
        if name in caps.needed
    ]
    return (
        "With today's staff, every case could be placed if "
        + "; ".join(parts)
        + " (pro rata for part-time staff; someone already over takes nothing more)."
    )


def _change_sentence(caps: CapsAnswer) -> str:
    """How far the tightest cap moves."""
    change = caps.raise_pct
    if change is None:
        return ""
    if change > 0:
        return f" The tightest of these is {change:g}% above its setting."
    if change == 0:
        return " The tightest of these is exactly at its setting."
    return f" Every cap has headroom: the tightest is {-change:g}% below its setting."
