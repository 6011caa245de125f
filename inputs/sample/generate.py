"""Realistic synthetic input workbooks, from one prison up to all of England and Wales.

``generate`` builds the rows of every input sheet, and ``reports.sample.write_sample``
writes them as a workbook that ``inputs.read`` accepts without errors. ``prisons=1`` is a typical
male local prison of about 1,200 people; ``prisons=124`` is the whole estate: 88,500
people, about 1,400 POMs, 40 LDUs with about 3,500 COMs, and the SPOs of every team.
The same ``(prisons, seed, run_date)`` always gives the same rows: every random
choice comes from ``random.Random`` streams seeded from ``seed`` and a fixed name.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from allocator.domain.enums import Responsibility, Role
from allocator.domain.settings import Settings
from inputs import schema
from inputs.sample.cases import CaseIds, Draft, assess, make_cases
from inputs.sample.data import PRISONS, REGION_LDUS, PrisonSpec
from inputs.sample.eoi import eoi_round
from inputs.sample.staff import (
    Worker,
    assign_coms,
    assign_poms,
    link_transfers,
    make_coms,
    make_poms,
    make_spos,
)

MAX_PRISONS = len(PRISONS)
_WITH_COM = (Responsibility.POM_COM, Responsibility.COM)
_POM_SPAN = (9.0, 13.0)  # FTE per prison SPO team (limit 14)
_COM_SPAN = (7.0, 9.5)  # FTE per community SPO team (limit 10)


@dataclass(frozen=True, slots=True)
class Shape:
    """How a sample is structured; the defaults follow the public figures.

    Other shapes test that the allocator is quick on workbooks it was not tuned on.
    """

    ldus: int | None = None  # merge the regional LDUs into this many larger ones (None: 40)
    com_missing_pct: float = 8.0  # of the cases whose state involves a COM, % with none yet
    staffing_pct: float = 100.0  # staff hired, % of what the workload needs (< 100: overloaded)


DEFAULT_SHAPE = Shape()  # the public figures
STRETCHED = Shape(ldus=24, com_missing_pct=40.0, staffing_pct=85.0)  # the second benchmark shape


@dataclass(frozen=True, slots=True)
class SampleSummary:
    """What a sample workbook holds."""

    prisons: int
    cases: int
    staff: int
    spos: int
    ldus: int
    poms: int
    coms: int
    posts: int = 0
    interests: int = 0


def generate(
    prisons: int,
    seed: int,
    run_date: date,
    eoi: bool = False,
    officers: int | None = None,
    shape: Shape = DEFAULT_SHAPE,
) -> dict[str, list[dict[str, Any]]]:
    """Sheet name -> rows (dicts keyed by the contract's column names).

    Parameters
    ----------
    prisons
        How many prisons, 1 to 124: a representative prefix of a fixed list.
    seed
        Seed of every random choice; the same arguments give identical rows.
    run_date
        The date the data describes; also written to the ``Settings`` sheet.
    eoi
        Add an expression-of-interest round (Posts, Interests, LDUs, and SPO posts some
        prisons create for go-live; see ``inputs.sample.eoi``).
    officers
        With ``eoi``: how many officers express interest (default: about the posts).
    shape
        The structure: LDU count, share of COM decisions, staffing against the workload.
    """
    if not 1 <= prisons <= MAX_PRISONS:
        raise ValueError(f"prisons must be between 1 and {MAX_PRISONS}, not {prisons}")
    specs = PRISONS[:prisons]
    settings = Settings(run_date=run_date)
    ldus = _ldus(specs)
    drafts, poms, spos = _prisons(specs, ldus, seed, run_date, settings, shape.staffing_pct)
    if shape.ldus is not None:
        ldus = _merge_ldus(drafts, ldus, shape.ldus)
    coms, com_spos = _communities(drafts, ldus, seed, settings, shape)
    sheets = {
        schema.CASES.name: [case_row(draft) for draft in drafts],
        schema.STAFF.name: [worker.row() for worker in poms + coms],
        schema.SPOS.name: spos + com_spos,
        schema.PRISONS.name: [prison_row(spec) for spec in specs],
        schema.SETTINGS.name: [{"setting": "run_date", "value": run_date}],
    }
    if eoi:
        for name, rows in eoi_round(sheets, seed, run_date, officers).items():
            sheets[name] = sheets.get(name, []) + rows
    return sheets


def summarise(sheets: dict[str, list[dict[str, Any]]]) -> SampleSummary:
    """Counts of what generated sheets hold."""
    staff = sheets[schema.STAFF.name]
    poms = sum(1 for row in staff if row["role"] == Role.POM)
    return SampleSummary(
        prisons=len(sheets[schema.PRISONS.name]),
        cases=len(sheets[schema.CASES.name]),
        staff=len(staff),
        spos=len(sheets[schema.SPOS.name]),
        ldus=len({row["location"] for row in staff if row["role"] == Role.COM}),
        poms=poms,
        coms=len(staff) - poms,
        posts=len(sheets.get(schema.POSTS.name, ())),
        interests=len(sheets.get(schema.INTERESTS.name, ())),
    )


def _ldus(specs: Sequence[PrisonSpec]) -> tuple[str, ...]:
    """The LDUs of the regions the prisons are in (nearby prisons share them)."""
    regions = dict.fromkeys(spec.region for spec in specs)
    return tuple(ldu for region in regions for ldu in REGION_LDUS[region])


def _merge_ldus(drafts: Sequence[Draft], ldus: tuple[str, ...], count: int) -> tuple[str, ...]:
    """Merge neighbouring LDUs into ``count`` larger ones (each keeps its first code)."""
    count = max(1, min(count, len(ldus)))
    first: dict[int, str] = {}
    merged = {ldu: first.setdefault(i * count // len(ldus), ldu) for i, ldu in enumerate(ldus)}
    for draft in drafts:
        if draft.case.ldu in merged:
            draft.case = dataclasses.replace(draft.case, ldu=merged[draft.case.ldu])
    return tuple(dict.fromkeys(merged.values()))


def _prisons(
    specs: Sequence[PrisonSpec],
    ldus: tuple[str, ...],
    seed: int,
    run_date: date,
    settings: Settings,
    staffing_pct: float = 100.0,
) -> tuple[list[Draft], list[Worker], list[dict[str, Any]]]:
    """Cases, POMs and prison SPOs, prison by prison, each from its own random stream."""
    ids = CaseIds(random.Random(f"{seed}:case ids"))
    drafts: list[Draft] = []
    poms: list[Worker] = []
    spos: list[dict[str, Any]] = []
    for index, spec in enumerate(specs):
        rng = random.Random(f"{seed}:{spec.code}")
        cases = make_cases(spec, ldus, rng, run_date, ids)
        assess(cases, spec, run_date, settings)
        team = make_poms(spec, cases, rng, settings, index == 0, staffing_pct / 100)
        assign_poms(cases, team, rng)
        spos += make_spos(spec.code, team, rng, _POM_SPAN)
        drafts += cases
        poms += team
    by_prison: dict[str, list[str]] = {}
    for worker in poms:
        by_prison.setdefault(worker.location, []).append(worker.staff_id)
    link_transfers(drafts, by_prison, random.Random(f"{seed}:transfers"))
    return drafts, poms, spos


def _communities(
    drafts: Sequence[Draft], ldus: tuple[str, ...], seed: int, settings: Settings, shape: Shape
) -> tuple[list[Worker], list[dict[str, Any]]]:
    """COMs and community SPOs of each LDU, sized to the custody cases that involve a COM."""
    by_ldu: dict[str, list[Draft]] = {ldu: [] for ldu in ldus}
    for draft in drafts:
        if draft.state in _WITH_COM and draft.case.ldu:
            by_ldu[draft.case.ldu].append(draft)
    coms: list[Worker] = []
    spos: list[dict[str, Any]] = []
    for ldu in ldus:
        rng = random.Random(f"{seed}:{ldu}")
        staffing = shape.staffing_pct / 100
        team = make_coms(ldu, by_ldu[ldu], rng, settings, staffing)
        assign_coms(by_ldu[ldu], team, rng, shape.com_missing_pct / 100, staffing)
        spos += make_spos(ldu, team, rng, _COM_SPAN)
        coms += team
    return coms, spos


def _text(value: Any) -> str | None:
    """An enum (or any value) as plain text; None stays blank."""
    return None if value is None else str(value)


def _ids(ids: tuple[str, ...]) -> str | None:
    """A list of ids as the contract writes it ('; ' separated), blank when empty."""
    return ";".join(ids) or None


def case_row(draft: Draft) -> dict[str, Any]:
    """A case as a ``Cases`` row (yes/no columns are blank for no)."""
    case = draft.case
    return {
        "case_id": case.case_id,
        "prison": case.prison,
        "sentence_type": str(case.sentence_type),
        "tier": _text(case.tier),
        "rosh": _text(case.rosh),
        "mappa_level": case.mappa_level,
        "recall": case.recall or None,
        "date_of_birth": case.date_of_birth,
        "sentence_start": case.sentence_start,
        "ard": case.ard,
        "crd": case.crd,
        "ped": case.ped,
        "ted": case.ted,
        "thd": case.thd,
        "parole_outcome": _text(case.parole_outcome),
        "additional_isp": case.additional_isp or None,
        "early_allocation": case.early_allocation or None,
        "open_conditions_date": case.open_conditions_date,
        "complexity": _text(case.complexity),
        "ldu": case.ldu,
        "current_pom": draft.current_pom,
        "previous_poms": _ids(draft.previous_poms),
        "current_com": draft.current_com,
        "excluded_staff": _ids(draft.excluded_staff),
        "responsibility_override": _text(case.responsibility_override),
        "pinned": draft.pinned or None,
    }


def prison_row(spec: PrisonSpec) -> dict[str, Any]:
    """A prison as a ``Prisons`` row."""
    return {
        "prison": spec.code,
        "name": spec.name,
        "estate": str(spec.estate),
        "contracted_out": spec.contracted_out,
        "country": str(spec.country),
    }
