"""The capacity report's Summary: the run, national totals, settings, and what each figure means."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from allocator.domain.capacity import CapacityRun, SubCapacity, fte
from allocator.domain.enums import Grade
from allocator.domain.result import RunInfo
from allocator.domain.settings import Settings
from reports.capacity_tables import SHORT, status

Section = tuple[str, list[list[Any]]]

_RULE_SETTINGS = ("high_risk_rule", "caseload_cap_rule", "points_cap_rule")
_CAP_SETTINGS = (
    "po_cases_per_fte",
    "pro_cases_per_fte",
    "pom_points_per_fte",
    "com_points_per_fte",
    "hours_per_fte",
    "time_limit_s",
    "random_seed",
)

MEANINGS: tuple[tuple[str, str], ...] = (
    (
        "cases_to_allocate",
        "Cases that need a POM (prison rows) or a COM (LDU rows) in this run: "
        "new arrivals, transfers, cases whose worker left, is inactive or excluded, or breaks the "
        "high-risk rule, and cases whose handover has started without a COM. Exactly the cases "
        "`allocator allocate` would decide (no --rebalance).",
    ),
    (
        "high_risk_to_allocate",
        "Of those, RoSH high or very high: while high_risk_rule is hard only a PO may take them.",
    ),
    (
        "fte_po ... fte_pqip",
        "Today's active staff of the prison (POMs) or LDU (COMs), in FTE by "
        "grade; fte_away is unavailable and inactive staff, who take no new case.",
    ),
    (
        "add_fte_po ... add_fte_total",
        "The least extra FTE, in steps of 0.1, that lets every case "
        "be placed with every hard rule kept: nobody over their case cap or points capacity, "
        "high-risk cases with a PO. A new post's caps are pro rata to its FTE exactly as for a "
        "real person (0.1 FTE PO POM under an 80-case cap: 8 cases). Someone already over a cap "
        "keeps what they hold but takes nothing new. First the total FTE is made as small as "
        "possible, then the cheapest grades are chosen for it (prison-officer POM before PO POM; "
        "PSO before PQiP before PO COM), so PO time appears only where high-risk cases need it "
        "or where no other grade of the same total FTE would do.",
    ),
    ("status", "short: extra staff needed; enough staff: none needed; nothing to allocate."),
    (
        "proof",
        "proven least: no smaller addition can work (proved by CP-SAT or by the linear "
        "relaxation). Otherwise the best found in the time limit, with the amount that is "
        "certainly needed.",
    ),
    (
        "staff_over_cap, cases_over_cap, points_over_capacity",
        "Staff already over a hard cap "
        "before this run's new cases, and by how much in all. The run cannot fix this without "
        "moving cases people already hold.",
    ),
    (
        "respread_add_fte_*",
        "The least extra FTE if every case (except pinned ones) could be "
        "re-spread across the team and the new posts so that nobody at all is over a cap: what it "
        "would take to clear today's overload as well. It can be smaller than add_fte when cases "
        "held today could move, or larger when today's overload must be cleared. A large "
        "packing problem: where not proven, the explanation gives the range it lies in.",
    ),
    (
        "*_set / *_needed, status (Caps needed)",
        "With today's staff and no new posts, the smallest caps "
        "per full-time post under which every case could be placed (pro rata for part-time staff "
        "and reduction hours; a personal max_cases stays). The caps are moved together: first the "
        "largest change relative to its setting is made as small as possible, then each cap as "
        "low as that allows. 0 means that grade need take no new case. Only hard caps count. "
        "Status: proven least; works, maybe not least (a check was not proved in time: a "
        "slightly lower cap might also work); no hard cap applies; no cap is enough (the "
        "cases can only go to staff full under a personal max_cases or with no caseload "
        "time).",
    ),
    (
        "largest_change_pct",
        "How far the tightest cap is from its setting: +15 means the caps "
        "would have to be 15% higher than agreed; -20 means 20% headroom.",
    ),
)


def summary_sections(run: CapacityRun, settings: Settings, info: RunInfo) -> list[Section]:
    """Sections of (figure, value) rows, in reading order."""
    poms = [s for s in run.subs if s.kind == "pom"]
    coms = [s for s in run.subs if s.kind == "com"]
    return [
        ("The run", _run(run, info)),
        ("Prisons (POMs), national totals", _totals(poms, "prisons")),
        ("LDUs (COMs), national totals", _totals(coms, "LDUs")),
        ("Caps needed with today's staff", _caps(run.subs)),
        ("Settings used", _settings(settings)),
        ("What each figure means", [[name, meaning] for name, meaning in MEANINGS]),
    ]


def _run(run: CapacityRun, info: RunInfo) -> list[list[Any]]:
    """What was run on what, and how long it took."""
    changed = "; ".join(f"{k} = {v}" for k, v in info.settings_changed.items()) or "none"
    return [
        ["run date", info.run_date],
        ["input file", info.input_file],
        ["input file SHA-256", info.checksum],
        ["settings changed from the defaults", changed],
        ["prisons covered", len(run.prisons)],
        ["measuring time (s)", round(run.seconds, 1)],
        ["total time (s)", round(info.seconds, 1)],
    ]


def _fte_by_grade(subs: Sequence[SubCapacity], attr: str) -> str:
    """'PO 12.3, PRO 4.0' for today's FTE (attr 'fte') or FTE added (attr 'posts')."""
    totals: dict[Grade, float] = {}
    for sub in subs:
        values = sub.fte if attr == "fte" else {g: fte(t) for g, t in sub.posts.tenths.items()}
        for grade, value in values.items():
            totals[grade] = totals.get(grade, 0.0) + value
    return ", ".join(f"{g} {v:.1f}" for g, v in sorted(totals.items()) if v) or "none"


def _totals(subs: Sequence[SubCapacity], places: str) -> list[list[Any]]:
    """Cases, staff today, what must be added, and who is over already."""
    short = [s.name for s in subs if status(s.posts) == SHORT]
    unproven = [s.name for s in subs if s.posts.status not in ("OPTIMAL", "NOTHING_TO_DECIDE")]
    spread = [s.respread for s in subs if s.respread is not None]
    return [
        [f"{places} measured", len(subs)],
        ["cases to allocate", sum(s.to_allocate for s in subs)],
        ["... of which high-risk", sum(s.high_risk for s in subs)],
        ["active staff today (FTE by grade)", _fte_by_grade(subs, "fte")],
        [f"{places} short of staff", len(short)],
        ["additional FTE needed (total)", fte(sum(s.posts.total_tenths for s in subs))],
        ["additional FTE needed (by grade)", _fte_by_grade(subs, "posts")],
        ["figures not proven least", ", ".join(unproven) or "none: every figure is proven"],
        ["staff over a hard cap before this run", sum(s.overload.staff for s in subs)],
        ["... cases over their caps", sum(s.overload.cases for s in subs)],
        ["... points over capacity", sum(s.overload.points for s in subs)],
        [
            "additional FTE to re-spread every case within caps",
            fte(sum(a.total_tenths for a in spread)) if spread else "not measured",
        ],
    ]


def _caps(subs: Sequence[SubCapacity]) -> list[list[Any]]:
    """Where the caps would have to rise, and the highest needed of each."""
    rows: list[list[Any]] = [
        [
            "prisons and LDUs needing caps above the settings",
            sum(1 for s in subs if (s.caps.raise_pct or 0) > 0),
        ]
    ]
    highest: dict[str, tuple[int, str]] = {}
    for sub in subs:
        for name, value in sub.caps.needed.items():
            if value > highest.get(name, (-1, ""))[0]:
                highest[name] = (value, sub.name)
    for name, (value, where) in sorted(highest.items()):
        rows.append([f"highest {name} needed", f"{value:,} ({where})"])
    return rows


def _settings(settings: Settings) -> list[list[Any]]:
    """The rules and caps the figures were computed under."""
    rows = [[name, str(getattr(settings, name))] for name in _RULE_SETTINGS]
    rows += [[name, getattr(settings, name)] for name in _CAP_SETTINGS]
    rows.append(["counted", "only hard rules limit anyone; soft and off rules are not counted"])
    return rows
