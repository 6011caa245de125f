"""What a solver returns and what the checker finds: allocation, status, violations.

A solver's result holds the allocation (POM and COM of every case it covered),
a plain-English reason per case, and the status of each sub-problem. An infeasible
or timed-out sub-problem is a status here, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule instance, with its amount and limit where it has them."""

    rule: str
    severity: str  # "hard" or "soft"
    case_id: str = ""
    staff_id: str = ""
    spo_id: str = ""
    amount: float | None = None
    limit: float | None = None
    message: str = ""
    prison: str = ""  # where a rule of a place broke (deployment: the receiving prison)
    ldu: str = ""  # deployment: the LDU that gives up officers
    before_plan: bool = False  # deployment: already broken before any officer moved


@dataclass(frozen=True, slots=True)
class SubResult:
    """The outcome of one sub-problem (the POMs of a prison or the COMs of an LDU)."""

    name: str
    kind: str  # "pom" or "com"
    status: str  # OPTIMAL, FEASIBLE, UNKNOWN, GREEDY, NOTHING_TO_DECIDE
    objective: int = 0
    bound: int = 0
    seconds: float = 0.0
    cases: int = 0
    decided: int = 0
    staff: int = 0
    diagnosis: tuple[str, ...] = ()
    work: float = 0.0  # solver time charged to the run's budget (deterministic), seconds

    @property
    def gap(self) -> int:
        """Objective units between the answer and the best possible (its proven bound)."""
        return abs(self.objective - self.bound)

    @property
    def gap_pct(self) -> float:
        """Relative gap between objective and bound, in percent."""
        if self.objective == self.bound:
            return 0.0
        return 100.0 * abs(self.objective - self.bound) / max(1, abs(self.objective))


@dataclass(frozen=True)
class Allocation:
    """Who holds each case after the run (None: no POM / no COM)."""

    pom: Mapping[str, str | None]
    com: Mapping[str, str | None]
    coworker: Mapping[str, str] = field(default_factory=dict)  # case -> co-working prison POM


@dataclass(frozen=True)
class Result:
    """A solver's answer: the allocation, a reason per case, and per sub-problem status."""

    allocation: Allocation
    reasons: Mapping[str, str]
    subresults: tuple[SubResult, ...]
    solver: str
    seconds: float
    objective: int = 0
    prisons: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RunInfo:
    """What a report's Summary says about the run itself (every job's report has one)."""

    input_file: str
    checksum: str  # SHA-256 of the input file, so a report names exactly what it came from
    run_date: date
    settings_changed: dict[str, object]
    seconds: float
