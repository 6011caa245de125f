"""Synthetic staff: POMs sized to their prison's workload, COMs to their LDU's, and SPOs.

Teams are hired until their capacity (workload points per FTE, less reductions)
covers the demand at a drawn utilisation of about 90-106 %; a few prisons are
short of probation POMs. Assignment hands each case to the least-loaded worker of
the right kind, relative to a personal factor, so caseloads vary as they do.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from allocator.domain.enums import HIGH_ROSH, Grade, PomType, Role, Status
from allocator.domain.settings import Settings
from inputs.sample.cases import Draft, pick
from inputs.sample.data import FIRST_NAMES, SURNAMES, PrisonSpec

PART_TIME = (0.5, 0.6, 0.7, 0.8, 0.9)
COM_GRADES = (Grade.PO, Grade.PSO, Grade.PQIP)
COM_GRADE_WEIGHTS = (55, 35, 10)
Heap = list[tuple[float, int]]


@dataclass(slots=True)
class Worker:
    """A POM or COM being built, with the load handed to them so far."""

    name: str
    role: Role
    grade: Grade
    location: str
    fte: float
    capacity: float  # workload points they can carry (after reductions)
    bias: float  # how readily work lands on them, so caseloads vary around the mean
    staff_id: str = ""
    reduction_hours: float = 0.0
    status: Status = Status.ACTIVE
    spo: str | None = None
    max_cases: int | None = None
    other_points: int | None = None
    load: float = 0.0

    @property
    def pressure(self) -> float:
        """Load relative to capacity, as the team sees it when handing out work."""
        return self.load / (self.capacity * self.bias)

    def row(self) -> dict[str, Any]:
        """The worker as a ``Staff`` row."""
        return {
            "staff_id": self.staff_id,
            "name": self.name,
            "role": str(self.role),
            "grade": str(self.grade),
            "location": self.location,
            "fte": self.fte,
            "status": str(self.status),
            "spo": self.spo,
            "max_cases": self.max_cases,
            "reduction_hours": self.reduction_hours or None,
            "other_points": self.other_points,
        }


def person(rng: random.Random) -> str:
    """A made-up full name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _worker(
    rng: random.Random, role: Role, grade: Grade, location: str, settings: Settings
) -> Worker:
    """One member of staff: pattern, reductions (trainees, union duties) and capacity."""
    fte = 1.0 if grade is Grade.PQIP or rng.random() < 0.75 else rng.choice(PART_TIME)
    hours = fte * settings.hours_per_fte
    reduction = 0.0
    if grade is Grade.PQIP:
        reduction = 7.5
    elif rng.random() < 0.06:
        reduction = rng.choice((3.75, 7.5)) if hours > 15 else 0.0
    per_fte = settings.pom_points_per_fte if role is Role.POM else settings.com_points_per_fte
    capacity = per_fte * fte * (1 - reduction / hours)
    return Worker(
        name=person(rng),
        role=role,
        grade=grade,
        location=location,
        fte=fte,
        capacity=capacity,
        bias=rng.uniform(0.85, 1.15),
        reduction_hours=reduction,
    )


def hire(
    rng: random.Random,
    role: Role,
    grades: tuple[Grade, ...],
    weights: tuple[int, ...],
    location: str,
    fte_needed: float,
    settings: Settings,
) -> list[Worker]:
    """Staff of the given grades until their effective FTE covers the need (at least one)."""
    per_fte = settings.pom_points_per_fte if role is Role.POM else settings.com_points_per_fte
    team: list[Worker] = []
    while not team or sum(w.capacity for w in team) / per_fte < fte_needed:
        grade = pick(rng, grades, weights)
        team.append(_worker(rng, role, grade, location, settings))
    return team


def set_statuses(team: Sequence[Worker], rng: random.Random, inactive: bool, away: float) -> None:
    """Some unavailable (leave, training), and at most one inactive (long-term absence)."""
    for worker in team:
        if rng.random() < away:
            worker.status = Status.UNAVAILABLE
    if inactive and len(team) >= 4:
        rng.choice(team).status = Status.INACTIVE


def make_poms(
    spec: PrisonSpec,
    drafts: Sequence[Draft],
    rng: random.Random,
    settings: Settings,
    first: bool,
    staffing: float = 1.0,
) -> list[Worker]:
    """The prison's POMs, probation (PO) and prison officer (PRO), sized to the workload.

    ``staffing`` scales the FTE hired (0.85: 15 % fewer than the workload needs).
    """
    team: list[Worker] = []
    for grade, fte in _pom_need(drafts, rng, settings).items():
        team += hire(rng, Role.POM, (grade,), (1,), spec.code, fte * staffing, settings)
    rng.shuffle(team)
    for number, worker in enumerate(team, start=1):
        worker.staff_id = f"{spec.code}-P{number:03d}"
        if rng.random() < 0.02:
            worker.max_cases = int(40 * worker.fte)  # a lighter caseload agreed locally
    set_statuses(team, rng, inactive=first or rng.random() < 0.35, away=0.05)
    return team


def _pom_need(
    drafts: Sequence[Draft], rng: random.Random, settings: Settings
) -> dict[Grade, float]:
    """FTE of each POM grade that the cases held now need, at a drawn utilisation."""
    points = {Grade.PO: 0.0, Grade.PRO: 0.0}
    cases = {Grade.PO: 0, Grade.PRO: 0}
    for draft in drafts:
        if draft.allocatable and not draft.arrival:
            grade = Grade.PO if draft.pom_type is PomType.PROBATION else Grade.PRO
            points[grade] += draft.points
            cases[grade] += 1
    caps = {Grade.PO: settings.po_cases_per_fte, Grade.PRO: settings.pro_cases_per_fte}
    use = rng.uniform(0.9, 1.1)
    need = {
        grade: max(points[grade] / settings.pom_points_per_fte, cases[grade] / caps[grade]) / use
        for grade in points
    }
    if rng.random() < 0.12:  # this prison is short of probation POMs
        need[Grade.PO] *= rng.uniform(0.6, 0.8)
    return need


def _heaps(team: Sequence[Worker], key: Callable[[Worker], Hashable]) -> dict[Hashable, Heap]:
    """Workers grouped by ``key(worker)``, each group a heap by relative load."""
    heaps: dict[Hashable, Heap] = {}
    for index, worker in enumerate(team):
        heaps.setdefault(key(worker), []).append((worker.pressure, index))
    for heap in heaps.values():
        heapq.heapify(heap)
    return heaps


def _take(heap: Heap, team: Sequence[Worker], points: float) -> Worker:
    """The least-loaded worker of a group, who takes on ``points``."""
    _, index = heapq.heappop(heap)
    worker = team[index]
    worker.load += points
    heapq.heappush(heap, (worker.pressure, index))
    return worker


def assign_poms(drafts: Sequence[Draft], team: Sequence[Worker], rng: random.Random) -> None:
    """Current POMs (mostly of the recommended kind), earlier POMs, pins and exclusions."""
    heaps = _heaps(team, lambda worker: worker.grade)
    ids = [worker.staff_id for worker in team]
    for draft in drafts:
        if not draft.allocatable:
            continue
        if draft.arrival == "returned" and rng.random() < 0.6:
            draft.previous_poms = (rng.choice(ids),)  # a POM who held them last time
        if draft.arrival:
            continue
        grade = _pom_grade(draft, heaps, rng)
        draft.current_pom = _take(heaps[grade], team, draft.points).staff_id
        _history(draft, ids, rng)


def _pom_grade(draft: Draft, heaps: dict[Hashable, Heap], rng: random.Random) -> Grade:
    """The recommended grade, now and then the other one; PRO when POs are full."""
    want, other = Grade.PO, Grade.PRO
    if draft.pom_type is not PomType.PROBATION:
        want, other = other, want
    high = draft.case.rosh in HIGH_ROSH
    if not heaps.get(want) or (not high and rng.random() < 0.06):
        want, other = other, want
    if want is Grade.PO and heaps[want][0][0] > 1.1 and heaps.get(other):
        return other  # probation POMs are full: a prison officer takes it
    return want if heaps.get(want) else other


def _history(draft: Draft, ids: Sequence[str], rng: random.Random) -> None:
    """Earlier POMs, a few pinned cases and a few staff excluded from a case."""
    others = [sid for sid in ids if sid != draft.current_pom]
    if not others:
        return
    if rng.random() < (0.3 if draft.case.recall else 0.12):
        draft.previous_poms = (rng.choice(others),)
    if rng.random() < 0.004:
        draft.pinned = True
    if rng.random() < 0.004:
        draft.excluded_staff = (rng.choice(others),)


def link_transfers(drafts: Sequence[Draft], poms: dict[str, list[str]], rng: random.Random) -> None:
    """Transferred-in cases name a POM from their last prison (current or previous)."""
    codes = sorted(poms)
    for draft in drafts:
        if draft.arrival != "transfer" or not draft.allocatable:
            continue
        sources = [code for code in codes if code != draft.case.prison and poms[code]]
        if not sources:
            continue
        pom = rng.choice(poms[rng.choice(sources)])
        if rng.random() < 0.5:
            draft.current_pom = pom  # not yet moved over to the new prison's OMU
        else:
            draft.previous_poms = (pom,)


def make_coms(
    ldu: str, drafts: Sequence[Draft], rng: random.Random, settings: Settings, staffing: float = 1.0
) -> list[Worker]:
    """An LDU's COMs: enough for its custody cases at 10-16 per FTE, with grades mixed."""
    need = max(2.5, len(drafts) / rng.uniform(10, 16) * staffing)
    team = hire(rng, Role.COM, COM_GRADES, COM_GRADE_WEIGHTS, ldu, need, settings)
    for number, worker in enumerate(team, start=1):
        worker.staff_id = f"{ldu}-C{number:03d}"
    set_statuses(team, rng, inactive=rng.random() < 0.5, away=0.04)
    return team


def assign_coms(
    drafts: Sequence[Draft],
    team: Sequence[Worker],
    rng: random.Random,
    missing: float = 0.08,
    staffing: float = 1.0,
) -> None:
    """Current COMs (a PO for high RoSH), some missing; community caseload as other points.

    ``missing`` is the share of cases with no COM yet; a ``staffing`` below 1 loads the
    team's community caseload above its capacity in proportion.
    """
    heaps = _heaps(team, lambda worker: worker.grade is Grade.PO)
    for draft in drafts:
        if rng.random() < missing:
            continue  # no COM allocated yet
        qualified = draft.case.rosh in HIGH_ROSH or rng.random() < 0.45
        heap = heaps.get(qualified) or heaps[not qualified]
        draft.current_com = _take(heap, team, draft.com_points).staff_id
    for worker in team:
        active = worker.status is not Status.INACTIVE
        share = rng.triangular(0.75, 1.2, 0.95) if active else rng.uniform(0.1, 0.3)
        share /= staffing
        worker.other_points = max(0, round(worker.capacity * share - worker.load))


def make_spos(
    location: str,
    team: Sequence[Worker],
    rng: random.Random,
    spread: tuple[float, float],
) -> list[dict[str, Any]]:
    """SPOs for a team, one per ``spread`` FTE (a few teams left over the span limit)."""
    total = sum(worker.fte for worker in team)
    count = max(1, round(total / rng.uniform(*spread)))
    if count > 1 and rng.random() < 0.1:
        count -= 1
    rows: list[dict[str, Any]] = [
        {
            "spo_id": f"{location}-S{number:02d}",
            "name": person(rng),
            "location": location,
            "fte": 0.8 if rng.random() < 0.1 else 1.0,
            "span_limit_fte": 12.0 if rng.random() < 0.03 else None,
        }
        for number in range(1, count + 1)
    ]
    size, done = total / count, 0.0
    for worker in team:
        worker.spo = rows[min(count - 1, int(done / size + 1e-9))]["spo_id"]
        done += worker.fte
    return rows
