"""What each workbook shows: the whole run, or one prison's part of it.

The rows are computed once for the whole run (``Tables``) and then cut into parts
(``part``): a prison's head of OM gets only that prison's cases, the POMs who work there
or hold its cases, the SPOs of its POMs, the breaches of its cases, POMs and
SPOs, the solver status of its POMs and of its cases' LDUs, and the input problems of
those rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from allocator.domain.enums import Role
from allocator.domain.omic import Derivation
from allocator.domain.problem import ProblemData
from allocator.domain.problems import Problem
from allocator.domain.result import Result, RunInfo, SubResult, Violation
from reports import tables
from reports.staff import final_workers, staff_rows


@dataclass(frozen=True)
class ReportData:
    """Everything a report is written from: the input, the result and what the checker found."""

    data: ProblemData
    derivations: Sequence[Derivation]
    result: Result
    violations: Sequence[Violation]
    problems: Sequence[Problem]
    info: RunInfo


@dataclass
class Part:
    """The rows of one workbook."""

    label: str
    prisons: tuple[str, ...]
    allocations: list[list[Any]]
    staff: list[list[Any]]
    spos: list[list[Any]]
    violations: list[Violation]
    problems: list[Problem]
    subresults: tuple[SubResult, ...]
    whole: bool


class Tables:
    """The run's rows, computed once, and who belongs to which prison."""

    def __init__(self, report: ReportData) -> None:
        self.report = report
        data = report.data
        self.prisons = tuple(report.result.prisons)
        self.allocations: dict[str, list[list[Any]]] = defaultdict(list)
        for row in tables.allocation_rows(data, report.derivations, report.result):
            self.allocations[str(row[1])].append(row)
        self.final = final_workers(data, report.result.allocation)
        rows = staff_rows(data, report.derivations, report.result.allocation, self.final)
        self.staff = {str(row[0]): row for row in rows}
        self.spos = {str(row[0]): row for row in tables.spo_rows(data)}
        self.poms, self.holders, self.ldus = self._members()

    def _members(self) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
        """Per prison: its POMs, everyone who holds one of its cases, and its cases' LDUs."""
        data = self.report.data
        covered = set(self.prisons)
        pom, com = self.final
        poms: dict[str, set[str]] = defaultdict(set)
        holders: dict[str, set[str]] = defaultdict(set)
        ldus: dict[str, set[str]] = defaultdict(set)
        for member in data.staff:
            if member.role is Role.POM and member.location in covered:
                poms[member.location].add(member.staff_id)
        for case, d in zip(data.cases, self.report.derivations, strict=True):
            if not d.in_scope or case.prison not in covered:
                continue
            held = (case.current_pom, case.current_com, pom[case.case_id], com[case.case_id])
            holders[case.prison].update(s for s in held if s)
            if case.ldu:
                ldus[case.prison].add(case.ldu)
        return poms, holders, ldus

    def part(self, prisons: Collection[str] | None = None) -> Part:
        """The rows of the whole run (None) or of some of its prisons.

        A prison's part lists its POMs and any other POM who holds one of its cases (the
        whole run lists the COMs who hold its cases too); the SPOs of its POMs (and those
        based there); and the breaches of its cases, POMs and SPOs.
        """
        whole = prisons is None
        chosen = tuple(self.prisons if prisons is None else sorted(prisons))
        data = self.report.data
        poms = _union(self.poms, chosen)
        holders = _union(self.holders, chosen)
        if not whole:  # a prison's report: its POMs; the COMs' loads are probation's business
            holders = {h for h in holders if _role(data, h) is Role.POM}
        staff_ids = poms | holders
        spo_ids = self._spo_ids(chosen, staff_ids if whole else poms)
        allocations = [row for p in chosen for row in self.allocations.get(p, [])]
        cases = {str(row[0]) for row in allocations}
        named = staff_ids if whole else poms
        return Part(
            label=_label(data, chosen),
            prisons=chosen,
            allocations=allocations,
            staff=[self.staff[s.staff_id] for s in data.staff if s.staff_id in staff_ids],
            spos=[self.spos[s.spo_id] for s in data.spos if s.spo_id in spo_ids],
            violations=[
                v
                for v in self.report.violations
                if whole or v.case_id in cases or v.staff_id in named or v.spo_id in spo_ids
            ],
            problems=list(self.report.problems) if whole else self._problems(chosen, staff_ids),
            subresults=self._subresults(chosen),
            whole=whole,
        )

    def _spo_ids(self, prisons: Sequence[str], managed: set[str]) -> set[str]:
        """The SPOs of these staff, and those based in these prisons."""
        data = self.report.data
        members = (data.staff_by_id.get(i) for i in managed)
        found = {m.spo for m in members if m is not None and m.spo}
        return found | {s.spo_id for s in data.spos if s.location in prisons}

    def _subresults(self, prisons: Sequence[str]) -> tuple[SubResult, ...]:
        """The sub-problems of these prisons' POMs and of their cases' LDUs' COMs."""
        ldus = _union(self.ldus, prisons)
        return tuple(
            sub
            for sub in self.report.result.subresults
            if (sub.kind == "pom" and sub.name in prisons)
            or (sub.kind != "pom" and sub.name in ldus)
        )

    def _problems(self, prisons: Sequence[str], staff_ids: set[str]) -> list[Problem]:
        """Input problems of these prisons' rows; a row that cannot be placed is left out."""
        data = self.report.data
        rows = {
            "Cases": set().union(*(self._case_rows[p] for p in prisons)),
            "Staff": {s.row for s in data.staff if s.staff_id in staff_ids},
            "Prisons": {p.row for p in data.prisons.values() if p.prison in prisons},
        }
        return [
            p
            for p in self.report.problems
            if p.row is None or p.sheet not in rows or p.row in rows[p.sheet]
        ]

    @cached_property
    def _case_rows(self) -> dict[str, set[int]]:
        """Prison -> the Cases rows of its cases."""
        rows: dict[str, set[int]] = defaultdict(set)
        for case in self.report.data.cases:
            rows[case.prison].add(case.row)
        return rows


def _role(data: ProblemData, staff_id: str) -> Role | None:
    """A staff member's role (None for an id the Staff sheet does not have)."""
    member = data.staff_by_id.get(staff_id)
    return member.role if member else None


def _union(sets: dict[str, set[str]], keys: Sequence[str]) -> set[str]:
    """The union of the sets under some keys."""
    out: set[str] = set()
    for key in keys:
        out |= sets.get(key, set())
    return out


def _label(data: ProblemData, prisons: Sequence[str]) -> str:
    """``prison LEI (Leeds)`` or ``3 prisons``."""
    if len(prisons) != 1:
        return f"{len(prisons)} prisons"
    prison = data.prisons.get(prisons[0])
    name = f" ({prison.name})" if prison and prison.name else ""
    return f"prison {prisons[0]}{name}"
