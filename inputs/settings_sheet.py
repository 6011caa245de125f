"""The ``Settings`` sheet: names checked against the settings table, values parsed by kind.

A setting given as an override (on the command line) wins over the sheet; a
wrong cell for a setting that is overridden is then only a warning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from allocator.domain.problems import Problem, Severity, error
from allocator.domain.settings import SETTINGS_BY_NAME, Settings, SettingSpec
from inputs import values as v

SHEET = "Settings"
_OVERRIDDEN = "; ignored, as the command line sets it"


def setting_name(text: Any) -> str:
    """A setting name as typed, normalised: case, outer spaces, inner spaces and '-' ignored."""
    return "_".join(str(text).strip().lower().replace("-", " ").split())


def parse_settings(
    records: list[dict[str, Any]], overrides: Mapping[str, Any] | None = None
) -> tuple[Settings, list[Problem]]:
    """Settings from the sheet's records, then the overrides on top.

    Parameters
    ----------
    records
        The good rows of the Settings sheet (``setting``, ``value``, ``row``).
    overrides
        Setting name -> value (typed, or text as it would be written in the sheet);
        None values are ignored.

    Returns
    -------
    tuple
        The settings (defaults where nothing valid was given) and the problems.
    """
    chosen, tagged = _from_sheet(records)
    given, problems = _from_overrides(overrides or {})
    sheet_problems = [_downgrade(p) if name in given else p for name, p in tagged]
    chosen.update(given)
    return Settings().replace(**chosen), sheet_problems + problems


def _downgrade(problem: Problem) -> Problem:
    """A sheet problem about an overridden setting is only a warning."""
    return dataclasses.replace(
        problem, severity=Severity.WARNING, problem=problem.problem + _OVERRIDDEN
    )


def _from_sheet(
    records: list[dict[str, Any]],
) -> tuple[dict[str, Any], list[tuple[str, Problem]]]:
    """Valid values from the sheet's rows, and problems with the others (with their setting)."""
    problems: list[tuple[str, Problem]] = []
    chosen: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for record in records:
        row, raw_name = record["row"], record["setting"]
        name = setting_name(raw_name)
        spec = SETTINGS_BY_NAME.get(name)
        if spec is None:
            hint = v.suggest(name, SETTINGS_BY_NAME) or "see the list in the template's Settings"
            problems.append(
                ("", error(SHEET, row, "setting", raw_name, f"unknown setting; {hint}"))
            )
        elif name in seen:
            twice = f"{name} is set twice (also row {seen[name]})"
            problems.append((name, error(SHEET, row, "setting", raw_name, twice)))
        else:
            seen[name] = row
            if "value" in record:  # a blank value is the default
                try:
                    chosen[name] = parse_setting(spec, record["value"])
                except v.BadValue as bad:
                    bad_value = error(SHEET, row, "value", record["value"], f"{name}: {bad}")
                    problems.append((name, bad_value))
    return chosen, problems


def _from_overrides(overrides: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Valid override values, and problems with unknown names or bad values."""
    given: dict[str, Any] = {}
    problems: list[Problem] = []
    for raw_name, value in overrides.items():
        if value is None:
            continue
        name = setting_name(raw_name)
        spec = SETTINGS_BY_NAME.get(name)
        if spec is None:
            hint = v.suggest(name, SETTINGS_BY_NAME)
            text = f"unknown setting {raw_name} given on the command line"
            problems.append(error("", None, "", raw_name, text + (f"; {hint}" if hint else "")))
            continue
        try:
            given[name] = parse_setting(spec, value)
        except v.BadValue as bad:
            problems.append(error("", None, "", value, f"{name} on the command line: {bad}"))
    return given, problems


def parse_setting(spec: SettingSpec, value: Any) -> Any:
    """One setting's value, of its kind and within its bounds.

    Raises
    ------
    BadValue
        When the value is not of the setting's kind or is out of its range.
    """
    kind = spec.kind
    if kind is date:
        return v.parse_date(value)
    if spec.choices:
        return v.enum_parser(kind, "a valid value")(value)
    number: float = v.parse_whole(value) if kind is int else v.parse_number(value)
    if (spec.low is not None and number < spec.low) or (
        spec.high is not None and number > spec.high
    ):
        raise v.BadValue(f"'{v.shown(value)}' is out of range: {_range(spec)}")
    return number


def _range(spec: SettingSpec) -> str:
    """The allowed range of a numeric setting, in words."""
    if spec.low is not None and spec.high is not None:
        return f"it must be from {_fmt(spec.low)} to {_fmt(spec.high)}"
    if spec.low is not None:
        return f"it must be at least {_fmt(spec.low)}"
    return f"it must be at most {_fmt(spec.high or 0)}"


def _fmt(bound: float) -> str:
    """A bound without a needless '.0'."""
    return str(int(bound)) if float(bound).is_integer() else str(bound)
