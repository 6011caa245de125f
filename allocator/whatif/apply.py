"""A scenario's changes applied to the input: a new, read-only ``ProblemData`` per scenario.

Settings changes apply first, then the other changes in row order (inherited rows
first). Everything a scenario does not touch is the baseline's own objects, so
that derivations and unchanged sub-problems can be reused. Each change leaves a
line saying what it did (for the report's Changes sheet); a change that cannot
apply (a member of staff removed by an earlier row) is an input error.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from allocator.domain.problem import Case, ProblemData, Staff
from allocator.domain.problems import Problem, error
from allocator.domain.scenario_types import Change, Effect, NewStaff, Scenario
from allocator.domain.scenarios import (
    ADD_STAFF,
    ALL_PRISONS,
    GROW_PRISON,
    REMOVE_STAFF,
    SETTING,
    SHRINK_PRISON,
    STAFF_FTE,
    STAFF_GRADE,
    STAFF_STATUS,
)
from allocator.whatif.population import leavers, new_cases
from inputs.scenarios_check import SHEET


@dataclass(frozen=True)
class Applied:
    """A scenario's data, what each change did, and the changes that could not apply."""

    scenario: Scenario
    data: ProblemData
    effects: tuple[Effect, ...]
    problems: tuple[Problem, ...]


@dataclass
class _State:
    """The scenario's data while its changes apply."""

    base: ProblemData
    settings: dict[str, Any] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    cases: list[Case] | None = None  # None while the population is the baseline's
    removed: dict[str, int] = field(default_factory=dict)  # staff id -> the row removing them
    staff_changed: bool = False
    effects: list[Effect] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def held(self) -> list[Case]:
        """The cases as they stand."""
        return list(self.base.cases) if self.cases is None else self.cases


def apply_scenario(base: ProblemData, scenario: Scenario) -> Applied:
    """The input with the scenario's changes (``base`` itself is never changed)."""
    state = _State(base, staff={m.staff_id: m for m in base.staff})
    ordered = sorted(scenario.changes, key=lambda c: c.kind != SETTING)  # stable: rows kept
    for change in ordered:
        _HANDLERS[change.kind](state, change)
    return Applied(scenario, _data(state), tuple(state.effects), tuple(state.problems))


def _data(state: _State) -> ProblemData:
    """The scenario's problem data, sharing every unchanged part with the baseline."""
    base = state.base
    changes: dict[str, Any] = {}
    if state.settings:
        changes["settings"] = base.settings.replace(**state.settings)
    if state.staff_changed:
        changes["staff"] = tuple(state.staff.values())
    if state.cases is not None or state.removed:
        changes["cases"] = tuple(_without_leavers(state.held(), set(state.removed)))
    return base.replace(**changes) if changes else base


def _without_leavers(cases: Sequence[Case], gone: set[str]) -> list[Case]:
    """Cases whose POM or COM left lose them (they need a new one)."""
    if not gone:
        return list(cases)
    return [
        replace(
            case,
            current_pom=None if case.current_pom in gone else case.current_pom,
            current_com=None if case.current_com in gone else case.current_com,
        )
        if case.current_pom in gone or case.current_com in gone
        else case
        for case in cases
    ]


def _say(state: _State, change: Change, text: str) -> None:
    """Record what a change did."""
    state.effects.append(Effect(change, text))


# --- settings and staff --------------------------------------------------------------


def _setting(state: _State, change: Change) -> None:
    """One setting's new value."""
    name = change.target[0]
    before = state.settings.get(name, getattr(state.base.settings, name))
    state.settings[name] = change.value
    _say(state, change, f"{name}: {_shown(before)} -> {_shown(change.value)}")


def _shown(value: Any) -> str:
    """A setting value in words (blank run date = today)."""
    return "today" if value is None else str(value)


def _members(state: _State, change: Change) -> list[Staff]:
    """The change's staff as they stand; an error for those removed earlier."""
    found = []
    for sid in change.target:
        if sid in state.removed:
            text = f"'{sid}' is removed by row {state.removed[sid]} of this scenario"
            state.problems.append(error(SHEET, change.row, "target", sid, text))
        else:
            found.append(state.staff[sid])
    return found


def _update(state: _State, change: Change, members: list[Staff], what: str, **values: Any) -> None:
    """Set fields of the change's staff and say what changed."""
    for member in members:
        state.staff[member.staff_id] = replace(member, **values)
    state.staff_changed = True
    before = ", ".join(f"{m.staff_id} {_shown(getattr(m, what))}" for m in members)
    _say(state, change, f"{what}: {before} -> {_shown(values[what])}")


def _status(state: _State, change: Change) -> None:
    _update(state, change, _members(state, change), "status", status=change.value)


def _grade(state: _State, change: Change) -> None:
    _update(state, change, _members(state, change), "grade", grade=change.value)


def _fte(state: _State, change: Change) -> None:
    """A new FTE; reduction hours must still fit in the contracted hours."""
    hours = state.settings.get("hours_per_fte", state.base.settings.hours_per_fte)
    members = _members(state, change)
    for member in members:
        if member.reduction_hours >= change.value * hours:
            text = (
                f"{member.staff_id} has {member.reduction_hours:g} reduction hours, not less "
                f"than the {change.value * hours:g} hours of {change.value:g} FTE"
            )
            state.problems.append(error(SHEET, change.row, "value", change.value, text))
    _update(state, change, members, "fte", fte=change.value)


def _remove(state: _State, change: Change) -> None:
    """Staff leave: off the Staff sheet; their cases lose them."""
    members = _members(state, change)
    for member in members:
        del state.staff[member.staff_id]
        state.removed[member.staff_id] = change.row
    state.staff_changed = True
    held = _holding(state, {m.staff_id for m in members})
    _say(state, change, f"removed {', '.join(m.staff_id for m in members)} ({held} cases held)")


def _holding(state: _State, ids: set[str]) -> int:
    """How many cases the staff hold as POM or COM."""
    return sum(c.current_pom in ids or c.current_com in ids for c in state.held())


def _add(state: _State, change: Change) -> None:
    """New active staff with no cases, in the team of the location's usual SPO."""
    location, new = change.target[0], change.value
    assert isinstance(new, NewStaff)
    spo = _usual_spo(state, location, new)
    ids = _new_ids(state, location, new.count)
    for number, sid in enumerate(ids, start=1):
        name = f"New {new.grade} {number}"
        state.staff[sid] = Staff(sid, new.role, new.grade, location, new.fte, name, spo=spo)
    state.staff_changed = True
    team = f", SPO {spo}" if spo else ""
    text = f"added {len(ids)} {new.role} {new.grade} {new.fte:g} FTE at {location}"
    _say(state, change, f"{text}: {', '.join(ids)}{team}")


def _usual_spo(state: _State, location: str, new: NewStaff) -> str | None:
    """The SPO who manages most of the location's staff of that role (first at a tie)."""
    team = Counter(
        m.spo
        for m in state.staff.values()
        if m.location == location and m.role is new.role and m.spo
    )
    return team.most_common(1)[0][0] if team else None


def _new_ids(state: _State, location: str, count: int) -> list[str]:
    """Ids LOCATION-NEW1, -NEW2, ... not taken by anyone (also removed staff)."""
    ids: list[str] = []
    number = 0
    while len(ids) < count:
        number += 1
        sid = f"{location}-NEW{number}"
        if (
            sid not in state.staff
            and sid not in state.removed
            and sid not in state.base.staff_by_id
        ):
            ids.append(sid)
    return ids


# --- population ------------------------------------------------------------------------


def _population(state: _State, change: Change) -> None:
    """Grow (share > 0) or shrink (share < 0) each target prison's cases."""
    cases = state.held()
    by_prison: dict[str, list[Case]] = {}
    for case in cases:
        by_prison.setdefault(case.prison, []).append(case)
    every = change.target == (ALL_PRISONS,)
    prisons = list(by_prison) if every else list(change.target)
    gone, added = _draw(state, change, prisons, by_prison, {c.case_id for c in cases})
    state.cases = [c for c in cases if c.case_id not in gone] + added
    before = sum(len(by_prison.get(prison, ())) for prison in prisons)
    where = "every prison" if every else ", ".join(prisons)
    text = _population_text(where, before, before + len(added) - len(gone), change.value)
    _say(state, change, text)


def _draw(
    state: _State,
    change: Change,
    prisons: Sequence[str],
    by_prison: dict[str, list[Case]],
    taken: set[str],
) -> tuple[set[str], list[Case]]:
    """The ids of the cases that leave, and the new cases (seeded by scenario, row, prison)."""
    share: float = change.value
    gone: set[str] = set()
    added: list[Case] = []
    for prison in prisons:
        held, seed = by_prison.get(prison, []), f"{change.scenario}:{change.row}:{prison}"
        count = round(abs(share) * len(held))
        if share < 0:
            gone |= leavers(held, count, seed)
        else:
            details = state.base.prison(prison)
            added += new_cases(details, count, held, _run_date(state), seed, taken)
    return gone, added


def _run_date(state: _State) -> date:
    """The scenario's run date (its own setting, blank = today; else the input's)."""
    if "run_date" in state.settings:
        chosen: date | None = state.settings["run_date"]
        return chosen or date.today()
    return state.base.run_date


def _population_text(where: str, before: int, after: int, share: float) -> str:
    """'LEI, WNI +10%: 2,100 -> 2,310 cases (+210)'."""
    return f"{where} {share * 100:+g}%: {before:,} -> {after:,} cases ({after - before:+,})"


_HANDLERS: dict[str, Callable[[_State, Change], None]] = {
    SETTING: _setting,
    STAFF_STATUS: _status,
    STAFF_FTE: _fte,
    STAFF_GRADE: _grade,
    ADD_STAFF: _add,
    REMOVE_STAFF: _remove,
    GROW_PRISON: _population,
    SHRINK_PRISON: _population,
}
