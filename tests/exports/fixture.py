"""A workbook shaped like a real export: the sample prison (1,200 cases) under export names.

Headers are taken from the alias table (``Prison number``, ``RoSH level``, ``POM`` ...), values
as the MoJ's systems write them (``VERY_HIGH``, ``M2``, ``Sentenced``), tiers as letter and
digit with some ``S`` suffixes, two current POMs who have left (not on Staff) and three bad
case rows: an unknown RoSH, a birth date after the sentence start, and a COM given as POM.
``without_bad_rows`` is the same workbook with those three rows deleted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from inputs.sample.generate import generate
from tests.conftest import write_xlsx

RUN = date(2026, 11, 23)
CASE_HEADERS = {
    "case_id": "Prison number",
    "prison": "Establishment",
    "sentence_type": "Legal status",
    "tier": "Tier",
    "rosh": "RoSH level",
    "mappa_level": "MAPPA",
    "recall": "Recall",
    "date_of_birth": "DOB",
    "sentence_start": "Sentence start date",
    "crd": "CRD",
    "ped": "PED",
    "ted": "TED",
    "thd": "THD",
    "ldu": "PDU",
    "current_pom": "POM",
    "current_com": "COM",
}
STAFF_HEADERS = {"staff_id": "Staff number", "grade": "Staff grade", "location": "Location"}
LEGAL_STATUS = {
    "determinate": "Sentenced",
    "indeterminate": "Indeterminate sentence",
    "immigration": "Immigration detainee",
    "remand": "Convicted unsentenced",
    "civil": "Civil prisoner",
}
ROSH = {"low": "LOW", "medium": "MEDIUM", "high": "HIGH", "very high": "VERY_HIGH"}
LEAVERS = ("LEFT-001", "LEFT-002")


@dataclass(frozen=True)
class Export:
    """The export workbook and what was planted in it."""

    path: Path
    without_bad_rows: Path
    bad: dict[str, tuple[str, str]]  # case id -> (column header, cell)
    leavers: dict[str, str]  # case id -> the POM who left
    tiers: dict[str, str]  # case id -> tier as written


def _digit(case_id: str) -> tuple[str, bool]:
    """A stable sub-tier digit and S flag for a case (about 8 % S)."""
    h = int(hashlib.sha256(case_id.encode()).hexdigest(), 16)
    return "0123"[h % 4], h % 100 < 8 and h % 4 > 0


def _tier(row: dict[str, Any]) -> str | None:
    letter = row["tier"]
    if not letter:
        return None
    digit, s = _digit(row["case_id"])
    return f"{letter}{digit}{'S' if s else ''}"


def _mappa(level: Any) -> str | None:
    return None if level is None else f"M{level}"


def _export_case(row: dict[str, Any]) -> dict[str, Any]:
    """A case row as the export writes it."""
    out = dict(row)
    out["sentence_type"] = LEGAL_STATUS[row["sentence_type"]]
    out["rosh"] = ROSH.get(row["rosh"] or "")
    out["mappa_level"] = _mappa(row["mappa_level"])
    out["recall"] = "Y" if row["recall"] else None
    out["tier"] = _tier(row)
    return out


def _candidates(cases: list[dict[str, Any]]) -> list[int]:
    """Indices of sentenced, tiered, unpinned cases held by a POM (clearly in scope)."""
    return [
        i
        for i, row in enumerate(cases)
        if row["sentence_type"] == "determinate"
        and row["tier"]
        and row["current_pom"]
        and not row["pinned"]
        and row["sentence_start"]
        and row["crd"]
        and row["crd"] > RUN
    ]


def build_export(folder: Path) -> Export:
    """Write the export workbook and its twin without the three bad rows."""
    sheets = generate(1, 1, RUN, False, None)
    cases = [_export_case(row) for row in sheets["Cases"]]
    picks = _candidates(sheets["Cases"])
    bad_at, leaver_at = picks[10:13], picks[40:42]
    coms = [s["staff_id"] for s in sheets["Staff"] if s["role"] == "COM"]
    cases[bad_at[0]]["rosh"] = "hgih"
    start = cases[bad_at[1]]["sentence_start"]
    cases[bad_at[1]]["date_of_birth"] = start + timedelta(days=30)
    cases[bad_at[2]]["current_pom"] = coms[0]
    leavers = {}
    for index, left in zip(leaver_at, LEAVERS, strict=True):
        cases[index]["current_pom"] = left
        leavers[cases[index]["case_id"]] = left
    columns = list(sheets["Cases"][0])
    header = [CASE_HEADERS.get(c, c) for c in columns]
    rows = [[case.get(c) for c in columns] for case in cases]
    bad = {}
    for index, column in zip(bad_at, ("rosh", "date_of_birth", "current_pom"), strict=True):
        letter = chr(ord("A") + columns.index(column))
        bad[cases[index]["case_id"]] = (CASE_HEADERS[column], f"{letter}{index + 2}")
    book = {"Cases": [header, *rows], **_other_sheets(sheets)}
    path = write_xlsx(folder / "export.xlsx", book)
    kept = [row for i, row in enumerate(rows) if i not in set(bad_at)]
    twin = write_xlsx(folder / "export-clean.xlsx", {**book, "Cases": [header, *kept]})
    tiers = {case["case_id"]: case["tier"] for case in cases if case["tier"]}
    return Export(path, twin, bad, leavers, tiers)


def _other_sheets(sheets: dict[str, list[dict[str, Any]]]) -> dict[str, list[list[Any]]]:
    """Staff under export headers; SPOs, Prisons and Settings as generated."""
    out: dict[str, list[list[Any]]] = {}
    for name in ("Staff", "SPOs", "Prisons", "Settings"):
        rows = sheets[name]
        columns = list(rows[0]) if rows else []
        header = [STAFF_HEADERS.get(c, c) if name == "Staff" else c for c in columns]
        out[name] = [header, *([_cell(row.get(c)) for c in columns] for row in rows)]
    return out


def _cell(value: Any) -> Any:
    """Enums as their text."""
    return value if value is None or isinstance(value, (int, float, date)) else str(value)
