"""Reading the input workbook into a frozen ``ProblemData`` and a list of problems.

Two stages: each sheet is parsed into typed records (``inputs.sheets``), then the
records are checked across rows and sheets (``inputs.validate``). All problems are
collected in one pass; ``ReadResult.data`` is None when any of them is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allocator.problem import Case, Prison, ProblemData, Spo, Staff
from inputs import validate as check
from inputs.problems import Problem, Severity, error, has_errors, note
from inputs.schema import CASES, PRISONS, SETTINGS, SHEETS, SPOS, STAFF
from inputs.settings_sheet import parse_settings
from inputs.sheets import ParsedSheet, parse_sheet
from inputs.workbook import NotAWorkbook, RawSheet, open_sheets

_KNOWN = {spec.name.lower() for spec in SHEETS}


@dataclass
class ReadResult:
    """The problem data (None if the input has errors) and every problem found."""

    data: ProblemData | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No errors (warnings and notes allowed)."""
        return self.data is not None

    def count(self, severity: Severity) -> int:
        """How many problems of one severity."""
        return sum(1 for p in self.problems if p.severity is severity)


def read(path: str | Path, overrides: dict[str, Any] | None = None) -> ReadResult:
    """Read and validate an input workbook; ``overrides`` replace settings (e.g. run date)."""
    path = Path(path)
    try:
        raw = open_sheets(path)
    except NotAWorkbook as bad:
        return ReadResult(None, [error("", None, "", path.name, str(bad))])
    return build(raw, overrides, source=str(path))


def build(
    raw: dict[str, RawSheet], overrides: dict[str, Any] | None, source: str = ""
) -> ReadResult:
    """Parse, assemble and validate the sheets of an opened workbook."""
    parsed = {spec.name: parse_sheet(spec, raw.get(spec.name.lower())) for spec in SHEETS}
    problems = [
        note(sheet.name, None, "", "", "unknown sheet, ignored")
        for key, sheet in raw.items()
        if key not in _KNOWN
    ]
    for sheet in parsed.values():
        problems.extend(sheet.problems)
    settings, setting_problems = parse_settings(parsed[SETTINGS.name].records, overrides)
    problems.extend(setting_problems)
    data = _assemble(parsed, settings, source)
    problems.extend(_cross_checks(data, parsed))
    problems.sort(key=_order)
    return ReadResult(None if has_errors(problems) else data, problems)


def _assemble(parsed: dict[str, ParsedSheet], settings: Any, source: str) -> ProblemData:
    """Typed records from the good rows of each sheet."""
    return ProblemData(
        cases=tuple(Case(**r) for r in parsed[CASES.name].records),
        staff=tuple(Staff(**r) for r in parsed[STAFF.name].records),
        spos=tuple(Spo(**r) for r in parsed[SPOS.name].records),
        prisons={r["prison"]: Prison(**r) for r in parsed[PRISONS.name].records},
        settings=settings,
        source=source,
    )


def _cross_checks(data: ProblemData, parsed: dict[str, ParsedSheet]) -> list[Problem]:
    """Checks that span rows and sheets."""
    cases_sheet = parsed[CASES.name]
    problems: list[Problem] = []
    if cases_sheet.present and not data.cases and not cases_sheet.bad_rows:
        problems.append(error("Cases", None, "", "", "the Cases sheet has no cases"))
    # Duplicates come from the records: the prisons mapping would have collapsed them.
    prison_rows = ((r["prison"], r["row"]) for r in parsed[PRISONS.name].records)
    problems += check.duplicates("Prisons", "prison", prison_rows)
    prisons = set(data.prisons) | {c.prison for c in data.cases}
    ldus = {c.ldu for c in data.cases if c.ldu} | {
        s.location for s in data.staff if s.role == "COM"
    }
    problems += check.check_staff(data.staff, prisons, ldus, data.settings.hours_per_fte)
    problems += check.check_spo_links(data.staff, data.spos, parsed[SPOS.name].present)
    problems += check.check_spos(data.spos)
    problems += check.check_cases(data.cases, data.staff_by_id)
    problems += check.check_prisons(data.cases, dict(data.prisons), parsed[PRISONS.name].present)
    return problems


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
_SHEET_ORDER = {spec.name: i for i, spec in enumerate(SHEETS)}


def _order(problem: Problem) -> tuple[int, int, int]:
    """Errors first, then by sheet in contract order, then by row."""
    return (
        _SEVERITY_ORDER[problem.severity],
        _SHEET_ORDER.get(problem.sheet, -1),
        problem.row or 0,
    )
