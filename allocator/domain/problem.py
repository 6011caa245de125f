"""The read-only problem data: cases, staff, SPOs, prisons and settings.

Built once by ``inputs.read``; lookups are computed once here so that the rules,
solvers and reports never scan lists again. A what-if is ``data.replace(...)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from allocator.domain.enums import (
    Complexity,
    Country,
    Estate,
    Grade,
    Override,
    ParoleOutcome,
    Role,
    Rosh,
    SentenceType,
    Status,
    TierModel,
)
from allocator.domain.settings import Settings
from allocator.domain.tiers import resolve


@dataclass(frozen=True, slots=True)
class Case:
    """One person in custody (a row of ``Cases``)."""

    case_id: str
    prison: str
    sentence_type: SentenceType
    tier: str | None = None  # as given: A-D, A0-D3 with an optional S, or A-G
    rosh: Rosh | None = None
    mappa_level: int | None = None
    recall: bool = False
    date_of_birth: date | None = None
    sentence_start: date | None = None
    ard: date | None = None
    crd: date | None = None
    ped: date | None = None
    ted: date | None = None
    thd: date | None = None
    parole_outcome: ParoleOutcome | None = None
    additional_isp: bool = False
    early_allocation: bool = False
    open_conditions_date: date | None = None
    complexity: Complexity | None = None
    ldu: str | None = None
    current_pom: str | None = None
    previous_poms: tuple[str, ...] = ()
    current_com: str | None = None
    excluded_staff: tuple[str, ...] = ()
    responsibility_override: Override | None = None
    pinned: bool = False
    restricted_to: tuple[str, ...] = ()  # a restricted-access case: only these staff
    arrival_date: date | None = None
    coworking_pom: str | None = None
    hdced: date | None = None
    row: int = 0  # the Excel row it was read from (0 when built in code)


@dataclass(frozen=True, slots=True)
class BadCell:
    """One cell of a Cases row that makes the case unusable."""

    column: str
    cell: str  # e.g. E17 ('' when the column is not in the sheet)
    value: str
    problem: str

    def __str__(self) -> str:
        where = f"cell {self.cell} ({self.column})" if self.cell else f"column {self.column}"
        shown = f" '{self.value}'" if self.value != "" else ""
        return f"{where}{shown}: {self.problem}"


@dataclass(frozen=True, slots=True)
class QuarantinedCase:
    """A Cases row left out of the run because of invalid data (listed, never allocated)."""

    case_id: str  # '' when the row has no usable case id
    prison: str
    row: int
    cells: tuple[BadCell, ...]
    tier: str = ""  # the cells as given, for the report
    current_pom: str = ""
    current_com: str = ""

    @property
    def what(self) -> str:
        """The problems in one line."""
        return "; ".join(str(cell) for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Staff:
    """A POM or COM (a row of ``Staff``)."""

    staff_id: str
    role: Role
    grade: Grade
    location: str
    fte: float
    name: str = ""
    status: Status = Status.ACTIVE
    spo: str | None = None
    max_cases: int | None = None
    reduction_hours: float = 0.0
    other_points: int = 0
    row: int = 0

    @property
    def qualified(self) -> bool:
        """Probation-qualified (PO grade)."""
        return self.grade is Grade.PO


@dataclass(frozen=True, slots=True)
class Spo:
    """A Senior Probation Officer (a row of ``SPOs``)."""

    spo_id: str
    name: str = ""
    location: str = ""
    fte: float = 1.0
    span_limit_fte: float | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class Prison:
    """An establishment (a row of ``Prisons``, or the defaults)."""

    prison: str
    name: str = ""
    estate: Estate = Estate.MALE_CLOSED
    contracted_out: bool = False
    country: Country = Country.ENGLAND
    row: int = 0


@dataclass(frozen=True, slots=True)
class Post:
    """Probation-officer posts of a prison to fill by expression of interest (``Posts``)."""

    prison: str
    posts_fte: float
    go_live_date: date | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class Interest:
    """One officer's interest in one prison (a row of ``Interests``)."""

    staff_id: str
    prison: str
    preference: int
    selection_score: float | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class Ldu:
    """The staffing a community team must keep when officers leave (a row of ``LDUs``)."""

    ldu: str
    min_fte: float
    max_leavers: int | None = None
    vacancy_fte: float = 0.0
    row: int = 0


@dataclass(frozen=True)
class ProblemData:
    """Everything one run needs, read-only. Lookups are cached on first use."""

    cases: tuple[Case, ...]
    staff: tuple[Staff, ...]
    spos: tuple[Spo, ...] = ()
    prisons: Mapping[str, Prison] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    source: str = ""
    posts: tuple[Post, ...] = ()
    interests: tuple[Interest, ...] = ()
    ldus: tuple[Ldu, ...] = ()
    quarantined: tuple[QuarantinedCase, ...] = ()

    def replace(self, **changes: Any) -> ProblemData:
        """Return a copy with some fields changed (lookups are rebuilt)."""
        return dataclasses.replace(self, **changes)

    @property
    def run_date(self) -> date:
        """The run date: the setting, or today when it is blank."""
        return self.settings.run_date or date.today()

    @cached_property
    def tier_model(self) -> TierModel:
        """The tier model of the cases (the setting, or read from the codes)."""
        codes = {case.tier for case in self.cases if case.tier}
        return resolve(codes, self.settings.tier_model).model

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        """Staff by id."""
        return {member.staff_id: member for member in self.staff}

    @cached_property
    def case_by_id(self) -> dict[str, Case]:
        """Cases by id."""
        return {case.case_id: case for case in self.cases}

    @cached_property
    def spo_by_id(self) -> dict[str, Spo]:
        """SPOs by id."""
        return {spo.spo_id: spo for spo in self.spos}

    @cached_property
    def poms_by_prison(self) -> dict[str, tuple[Staff, ...]]:
        """POMs grouped by the prison they work in."""
        return _group(member for member in self.staff if member.role is Role.POM)

    @cached_property
    def coms_by_ldu(self) -> dict[str, tuple[Staff, ...]]:
        """COMs grouped by their LDU."""
        return _group(member for member in self.staff if member.role is Role.COM)

    @cached_property
    def post_by_prison(self) -> dict[str, Post]:
        """Posts by prison."""
        return {post.prison: post for post in self.posts}

    @cached_property
    def ldu_by_code(self) -> dict[str, Ldu]:
        """LDU staffing limits by LDU code."""
        return {ldu.ldu: ldu for ldu in self.ldus}

    def prison(self, code: str) -> Prison:
        """The prison's details, or the contract's defaults for an unlisted one."""
        return self.prisons.get(code) or Prison(prison=code)


def _group(members: Any) -> dict[str, tuple[Staff, ...]]:
    """Group staff by location, keeping input order."""
    groups: dict[str, list[Staff]] = {}
    for member in members:
        groups.setdefault(member.location, []).append(member)
    return {key: tuple(value) for key, value in groups.items()}
