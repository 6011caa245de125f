"""What a validated ``Scenarios`` sheet holds: changes, grouped into scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allocator.domain.enums import Grade, Role


@dataclass(frozen=True, slots=True)
class NewStaff:
    """The value of an ``add_staff`` row: how many, which role and grade, what FTE."""

    count: int
    role: Role
    grade: Grade
    fte: float


@dataclass(frozen=True, slots=True)
class Change:
    """One valid row of the Scenarios sheet, its target and value parsed.

    Attributes
    ----------
    scenario
        The scenario the row belongs to.
    kind
        A word of ``allocator.domain.scenarios``.
    target
        Setting name, staff ids, a location, prison codes (``all`` for every prison) or
        the inherited scenario, as the kind says.
    value
        The parsed value: a setting's value, a status, FTE or grade, ``NewStaff``, or a
        signed share of a prison's population; None where the kind takes none.
    row
        The Excel row it came from.
    text
        The row as the user wrote it, for the report.
    """

    scenario: str
    kind: str
    target: tuple[str, ...]
    value: Any
    row: int
    text: str = ""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named scenario: every change it makes, inherited ones first, in row order."""

    name: str
    parents: tuple[str, ...]
    changes: tuple[Change, ...]
    row: int  # its first row on the sheet


@dataclass(frozen=True)
class Effect:
    """What one change did, in words."""

    change: Change
    text: str
