"""The input workbook contract as data: sheets, columns, parsers and descriptions.

Reader, validation, template and the template's ``Read me`` sheet all use this one
table, so the contract is written down once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from allocator.domain import enums
from allocator.domain.scenarios import CHANGES
from inputs import values as v

YES_NO = ("yes", "no")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an input sheet."""

    name: str
    kind: str  # text, id, ids, enum, yesno, date, number, whole
    text: str
    required: bool = False
    choices: tuple[str, ...] = ()
    parse: Callable[[Any], Any] = v.parse_text
    instead: str = ""  # a column that may stand in for this required one (fte: hours)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One input sheet."""

    name: str
    required: bool
    text: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        """The column of that (canonical) name."""
        return next(c for c in self.columns if c.name == name)


def _enum(name: str, kind: type[StrEnum], what: str, text: str, **kw: Any) -> Column:
    """An enumerated column with its dropdown choices."""
    aliases = kw.pop("aliases", None)
    choices = tuple(str(m.value) for m in kind)
    return Column(
        name, "enum", text, choices=choices, parse=v.enum_parser(kind, what, aliases), **kw
    )


def _date(name: str, text: str) -> Column:
    return Column(name, "date", text, parse=v.parse_date)


def _yes_no(name: str, text: str) -> Column:
    return Column(name, "yesno", text, choices=YES_NO, parse=v.parse_yes_no)


def _ids(name: str, text: str) -> Column:
    return Column(name, "ids", text, parse=v.parse_id_list)


def _raw(value: Any) -> Any:
    """Keep the cell as the engine gave it (a setting's type depends on its name)."""
    return value


def _id(name: str, text: str, required: bool = False) -> Column:
    return Column(name, "id", text, required=required, parse=v.parse_id)


CASES = Sheet(
    "Cases",
    True,
    "One row per person in custody.",
    (
        _id("case_id", "Prison number, e.g. A1234BC (unique)", required=True),
        _id("prison", "Establishment code where the person is held, e.g. LEI", required=True),
        _enum(
            "sentence_type",
            enums.SentenceType,
            "a sentence type",
            "determinate, indeterminate, immigration, remand or civil (remand and civil are "
            "out of scope)",
            required=True,
            aliases={
                "isp": "indeterminate",
                "life": "indeterminate",
                "ipp": "indeterminate",
                "indeterminate sentence": "indeterminate",
                "sentenced": "determinate",
                "determinate sentence": "determinate",
                "immigration detainee": "immigration",
                "civil prisoner": "civil",
                "convicted unsentenced": "remand",
            },
        ),
        Column(
            "tier",
            "text",
            "Tier (needed to allocate): A-D; A0-D3 with an optional S suffix (B2S); or A-G "
            "(setting tier_model)",
            parse=v.parse_tier,
        ),
        _enum(
            "rosh",
            enums.Rosh,
            "a RoSH level",
            "Risk of serious harm: low, medium, high, very high",
            aliases={
                "vh": "very high",
                "v high": "very high",
                "med": "medium",
                "l": "low",
                "m": "medium",
                "h": "high",
            },
        ),
        Column(
            "mappa_level",
            "whole",
            "MAPPA level 0-3 (blank = unknown)",
            choices=("0", "1", "2", "3"),
            parse=v.parse_mappa,
        ),
        _yes_no("recall", "Recalled to custody"),
        _date("date_of_birth", "Under 18 on the run date = out of scope"),
        _date("sentence_start", "Sentence start date (needed for sentenced cases)"),
        _date("ard", "Automatic release date"),
        _date("crd", "Conditional release date"),
        _date("ped", "Parole eligibility date"),
        _date("ted", "Tariff expiry date"),
        _date("thd", "Target parole hearing date"),
        _enum(
            "parole_outcome",
            enums.ParoleOutcome,
            "a parole outcome",
            "Latest parole review outcome: release or not release",
            aliases={
                "not released": "not release",
                "refused": "not release",
                "released": "release",
            },
        ),
        _yes_no("additional_isp", "A further, later indeterminate sentence"),
        _yes_no("early_allocation", "Early allocation to the COM agreed"),
        _date(
            "open_conditions_date",
            "Arrival in open prison (men) or date category became open (women)",
        ),
        _enum(
            "complexity",
            enums.Complexity,
            "a complexity level",
            "Women's estate: complexity of need low, medium or high",
        ),
        _id("ldu", "Home LDU/PDU code (needed to allocate a COM)"),
        _id("current_pom", "Staff id of the current POM"),
        _ids("previous_poms", "Staff ids of POMs who held the case before (; separated)"),
        _id("current_com", "Staff id of the current COM"),
        _ids("excluded_staff", "Staff who must never hold this case (; separated)"),
        _enum(
            "responsibility_override",
            enums.Override,
            "an override",
            "A recorded manual decision: pom or com",
        ),
        _yes_no("pinned", "Keep the current POM and COM whatever the rules say"),
        _ids("restricted_to", "A restricted-access case may only be held by these staff"),
        _date("arrival_date", "Arrival in this prison (days awaiting allocation)"),
        _id("coworking_pom", "Staff id of an existing co-working POM"),
        _date(
            "hdced",
            "Home detention curfew eligibility date (alone, it makes a sentence in scope)",
        ),
    ),
)

STAFF = Sheet(
    "Staff",
    True,
    "POMs and COMs.",
    (
        _id("staff_id", "Staff id (unique)", required=True),
        Column("name", "text", "Name"),
        _enum(
            "role",
            enums.Role,
            "a role",
            "POM (prison) or COM (community)",
            required=True,
            aliases={"prison offender manager": "POM", "community offender manager": "COM"},
        ),
        _enum(
            "grade",
            enums.Grade,
            "a grade",
            "PO (probation-qualified), PSO, PQiP, or PRO (prison officer POM)",
            required=True,
            aliases={
                "probation officer": "PO",
                "prison officer": "PRO",
                "probation services officer": "PSO",
                "trainee": "PQiP",
            },
        ),
        _id("location", "Prison code (POM) or LDU code (COM)", required=True),
        Column(
            "fte",
            "number",
            "Working pattern 0.1-1.0 (1.0 = 37.5 hours)",
            required=True,
            parse=v.parse_number,
            instead="hours",
        ),
        Column(
            "hours",
            "number",
            "Contracted weekly hours, read where fte is blank: FTE = hours / hours_per_fte, "
            "floored to 0.1, at most 1.0 (30 h -> 0.8)",
            parse=v.parse_number,
        ),
        _enum(
            "status",
            enums.Status,
            "a staff status",
            "active (default), unavailable (no new cases) or inactive (cases re-allocated)",
            aliases={"on leave": "unavailable", "absent": "unavailable", "left": "inactive"},
        ),
        _id("spo", "SPO id of the line manager"),
        Column("max_cases", "whole", "Overrides the case cap for this person", parse=v.parse_whole),
        Column("reduction_hours", "number", "Weekly hours off caseload work", parse=v.parse_number),
        Column(
            "other_points",
            "whole",
            "Workload points already carried outside this workbook",
            parse=v.parse_whole,
        ),
    ),
)

SPOS = Sheet(
    "SPOs",
    False,
    "Senior Probation Officers and their span limits.",
    (
        _id("spo_id", "SPO id (unique)", required=True),
        Column("name", "text", "Name"),
        _id("location", "Prison or LDU code"),
        Column("fte", "number", "Working pattern 0.1-1.0", parse=v.parse_number),
        Column(
            "span_limit_fte",
            "number",
            "Span limit in FTE (blank = the prison or community setting)",
            parse=v.parse_number,
        ),
    ),
)

PRISONS = Sheet(
    "Prisons",
    False,
    "Establishments; a prison not listed is male closed, public, in England.",
    (
        _id("prison", "Establishment code (unique)", required=True),
        Column("name", "text", "Name"),
        _enum(
            "estate",
            enums.Estate,
            "an estate",
            "male_closed, male_open, female, high_security or young_adult",
            aliases={
                "women": "female",
                "womens": "female",
                "open": "male_open",
                "closed": "male_closed",
                "cat a": "high_security",
            },
        ),
        _yes_no("contracted_out", "Run by a private contractor"),
        _enum("country", enums.Country, "a country", "england or wales"),
    ),
)

SETTINGS = Sheet(
    "Settings",
    False,
    "Policy parameters; a missing row takes its default.",
    (
        Column("setting", "text", "Setting name (see the list)", required=True),
        Column("value", "any", "Value (blank = the default)", parse=_raw),
        Column("default", "text", "The documented default (for reference, not read)"),
        Column("description", "text", "What the setting does (for reference, not read)"),
    ),
)

POSTS = Sheet(
    "Posts",
    False,
    "Deployment planning (allocator deploy): probation-officer posts in prisons to fill by "
    "expression of interest.",
    (
        _id("prison", "Establishment code (unique)", required=True),
        Column(
            "posts_fte",
            "number",
            "Posts to fill, in FTE (e.g. 3.5)",
            required=True,
            parse=v.parse_number,
        ),
        _date("go_live_date", "When OMiC case management goes live (blank = not yet fixed)"),
    ),
)

INTERESTS = Sheet(
    "Interests",
    False,
    "Deployment planning: expressions of interest, one row per officer and prison they would "
    "move to. Officers are COM-role PO staff in Staff.",
    (
        _id("staff_id", "Staff id of the probation officer (a COM, grade PO)", required=True),
        _id("prison", "A prison in the Posts sheet", required=True),
        Column(
            "preference",
            "whole",
            "1 = first choice, 2 = second, ...",
            required=True,
            parse=v.parse_whole,
        ),
        Column(
            "selection_score",
            "number",
            "Selection score for this post (higher is better; used where oversubscribed)",
            parse=v.parse_number,
        ),
    ),
)

LDUS = Sheet(
    "LDUs",
    False,
    "Deployment planning: the staffing each community team (LDU/PDU) must keep. An LDU not "
    "listed has no minimum and no vacancies.",
    (
        _id("ldu", "LDU/PDU code (unique)", required=True),
        Column(
            "min_fte",
            "number",
            "FTE of COMs the LDU must keep after officers leave",
            required=True,
            parse=v.parse_number,
        ),
        Column(
            "max_leavers",
            "whole",
            "Most officers who may leave this round (blank = no limit)",
            parse=v.parse_whole,
        ),
        Column(
            "vacancy_fte",
            "number",
            "Posts already vacant in the LDU, in FTE (blank = 0)",
            parse=v.parse_number,
        ),
    ),
)

SCENARIOS = Sheet(
    "Scenarios",
    False,
    "What-if runs (allocator whatif): one row per change; the rows with the same scenario "
    "name make one scenario, compared with the input as it is (the baseline). change is one "
    f"of: {', '.join(CHANGES)} (the README explains each).",
    (
        _id(
            "scenario",
            "Scenario name, up to 31 characters (rows with the same name make one scenario)",
            required=True,
        ),
        Column(
            "change",
            "enum",
            "What to change (see the Read me / README)",
            required=True,
            choices=CHANGES,
            parse=v.parse_text,
        ),
        Column(
            "target",
            "text",
            "What it applies to: a setting, staff ids (; separated), a prison or LDU, or the "
            "scenario to inherit",
        ),
        Column("value", "text", "The new value (blank where the change takes none)", parse=_raw),
    ),
)

SHEETS: tuple[Sheet, ...] = (
    CASES,
    STAFF,
    SPOS,
    PRISONS,
    POSTS,
    INTERESTS,
    LDUS,
    SETTINGS,
    SCENARIOS,
)
