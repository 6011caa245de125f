"""What the deployment planner returns and what its checker finds.

A plan places officers in prisons (with the SPO team that receives them) and, for
officers deployed before go-live, lists their shadow cases. Each optimisation stage
records its status, value and bound; a stage that timed out is a status, never an
exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Placement:
    """One officer deployed to a prison."""

    staff_id: str
    prison: str
    spo_id: str | None  # the receiving SPO team (None: the prison has no SPO listed)
    preference: int
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the lexicographic optimisation (named by its rule id)."""

    name: str
    status: str  # OPTIMAL, FEASIBLE, or "UNKNOWN (previous stage kept)"
    value: int  # the stage's objective as the rule counts it (FTE in hundredths)
    bound: int  # the best bound the solver proved
    seconds: float
    maximise: bool = False


@dataclass(frozen=True, slots=True)
class ShadowCase:
    """One case a deployed officer shadows before go-live."""

    staff_id: str
    case_id: str
    prison: str
    previous_com: str | None  # the case's COM before the plan


@dataclass(frozen=True)
class ShadowPlan:
    """The shadow caseloads: cases per officer, targets, and how many cases could be had."""

    cases: tuple[ShadowCase, ...] = ()
    targets: Mapping[str, int] = field(default_factory=dict)  # staff id -> target
    candidates: Mapping[str, int] = field(default_factory=dict)  # staff id -> eligible cases
    status: str = "NOTHING_TO_DECIDE"
    objective: int = 0
    seconds: float = 0.0

    def of(self, staff_id: str) -> list[ShadowCase]:
        """The shadow cases of one officer."""
        return [case for case in self.cases if case.staff_id == staff_id]


@dataclass(frozen=True)
class DeployPlan:
    """The deployment: who goes where, the stages' statuses, and the shadow caseloads."""

    placements: Mapping[str, Placement]  # staff id -> placement (deployed officers only)
    officers: tuple[str, ...]  # every officer considered, in input order
    stages: tuple[Stage, ...] = ()
    seconds: float = 0.0
    shadow: ShadowPlan = field(default_factory=ShadowPlan)

    @property
    def status(self) -> str:
        """OPTIMAL when every stage was proven optimal, else the first other status."""
        others = [s.status for s in self.stages if s.status not in ("OPTIMAL", "NOTHING_TO_DECIDE")]
        return others[0] if others else "OPTIMAL"
