"""Other names for the contract's columns: those the MoJ's systems and common spreadsheets use.

A header is matched ignoring case, spaces, ``_`` and ``-``; each alias used is reported once
as a note ("read 'Prison number' as case_id"), and two headers that mean one column are an
error naming both. The README's alias table is generated from ``HEADER_ALIASES``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MARKER = re.compile(r"(<!-- aliases:start -->\n).*?(<!-- aliases:end -->)", re.S)

HEADER_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "Cases": {
        "case_id": (
            "Prison number",
            "Prisoner number",
            "NOMS number",
            "NOMS no",
            "NOMIS number",
            "Offender number",
            "Offender no",
        ),
        "prison": ("Establishment", "Establishment code", "Prison code", "Agency"),
        "sentence_type": ("Legal status", "Sentence category"),
        "tier": ("Tier level", "Case tier", "Tiering"),
        "rosh": ("RoSH level", "Overall RoSH", "Risk of serious harm", "RoSH rating"),
        "mappa_level": ("MAPPA", "MAPPA lvl"),
        "recall": ("Recalled", "Recall flag"),
        "date_of_birth": ("DOB", "Birth date"),
        "sentence_start": ("Sentence start date", "Sentence date", "SSD"),
        "ard": ("Automatic release date",),
        "crd": ("Conditional release date", "Release date"),
        "ped": ("Parole eligibility date",),
        "ted": ("Tariff date", "Tariff expiry date"),
        "thd": ("Target hearing date", "Target parole hearing date"),
        "parole_outcome": ("Parole review outcome", "Last parole outcome"),
        "early_allocation": ("Early allocation referral",),
        "open_conditions_date": ("Open conditions", "Category open date"),
        "complexity": ("Complexity of need", "Complexity level"),
        "ldu": ("PDU", "Home LDU", "Home PDU", "Probation delivery unit", "LDU code", "PDU code"),
        "current_pom": ("POM", "Allocated POM", "Primary POM", "POM id", "POM staff id"),
        "previous_poms": ("Previous POM",),
        "current_com": ("COM", "Allocated COM", "COM id", "Community offender manager"),
        "excluded_staff": ("Excluded",),
        "restricted_to": ("Restricted access", "Restricted to staff"),
        "arrival_date": ("Date of arrival", "Arrived", "Arrival", "Reception date"),
        "coworking_pom": ("Co-working POM", "Secondary POM", "Coworker"),
        "hdced": (
            "HDC eligibility date",
            "Home detention curfew eligibility date",
            "HDC date",
        ),
    },
    "Staff": {
        "staff_id": ("Staff number", "Staff code", "Officer id", "Staff ID number"),
        "name": ("Staff name", "Full name"),
        "role": ("Job role", "Staff role"),
        "grade": ("Staff grade", "Job grade"),
        "location": ("Establishment", "Prison", "Team location", "Base"),
        "fte": ("Working pattern", "Contracted FTE"),
        "hours": ("Weekly hours", "Contracted hours", "Hours per week"),
        "status": ("Availability", "Staff status"),
        "spo": ("Line manager", "SPO id", "Manager"),
        "max_cases": ("Case limit", "Maximum cases"),
        "reduction_hours": ("Reduction", "Reductions", "Hours reduction"),
    },
    "SPOs": {"spo_id": ("SPO", "SPO staff id"), "location": ("Establishment", "Prison")},
    "Prisons": {
        "prison": ("Prison code", "Establishment code", "Agency"),
        "name": ("Prison name",),
    },
}


def aliases_table() -> str:
    """The README's table of header aliases (Markdown)."""
    lines = ["| sheet | column | also read from |", "|---|---|---|"]
    for sheet, columns in HEADER_ALIASES.items():
        for column, names in columns.items():
            lines.append(f"| `{sheet}` | `{column}` | {', '.join(names)} |")
    return "\n".join(lines) + "\n"


def render(readme: str) -> str:
    """The README with its alias table brought up to date."""
    return MARKER.sub(lambda match: match.group(1) + aliases_table() + match.group(2), readme)


def main() -> None:
    """Rewrite README.md's alias table (``python -m inputs.aliases``)."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("README.md")
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
