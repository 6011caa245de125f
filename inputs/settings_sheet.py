"""The ``Settings`` sheet: names checked against the settings table, values parsed by kind."""

from __future__ import annotations

from datetime import date
from typing import Any

from allocator.settings import SETTINGS_BY_NAME, Settings, SettingSpec
from inputs import values as v
from inputs.problems import Problem, error

SHEET = "Settings"


def parse_settings(
    records: list[dict[str, Any]], overrides: dict[str, Any] | None = None
) -> tuple[Settings, list[Problem]]:
    """Settings from the sheet's records, then the command line's overrides on top."""
    problems: list[Problem] = []
    chosen: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for record in records:
        row, raw_name = record["row"], record["setting"]
        name = "_".join(str(raw_name).strip().lower().split())
        spec = SETTINGS_BY_NAME.get(name)
        if spec is None:
            hint = v.suggest(name, SETTINGS_BY_NAME)
            problems.append(
                error(
                    SHEET,
                    row,
                    "setting",
                    raw_name,
                    "unknown setting" + (f"; {hint}" if hint else ""),
                )
            )
            continue
        if name in seen:
            problems.append(
                error(SHEET, row, "setting", raw_name, f"set twice (also row {seen[name]})")
            )
            continue
        seen[name] = row
        if "value" not in record:
            continue  # blank value = the default
        try:
            chosen[name] = parse_setting(spec, record["value"])
        except v.BadValue as bad:
            problems.append(error(SHEET, row, "value", record["value"], f"{name}: {bad}"))
    chosen.update(overrides or {})
    return Settings().replace(**chosen), problems


def parse_setting(spec: SettingSpec, value: Any) -> Any:
    """One setting's value, of its kind and within its bounds."""
    kind = spec.kind
    if kind is date:
        return v.parse_date(value)
    if spec.choices:
        return v.enum_parser(kind, f"a value of {spec.name}")(value)
    number: float = v.parse_whole(value) if kind is int else v.parse_number(value)
    if (spec.low is not None and number < spec.low) or (
        spec.high is not None and number > spec.high
    ):
        raise v.BadValue(f"'{value}' is outside {_fmt(spec.low)}-{_fmt(spec.high)}")
    return number


def _fmt(bound: float | None) -> str:
    """A bound without a needless '.0'."""
    if bound is None:
        return ""
    return str(int(bound)) if float(bound).is_integer() else str(bound)
