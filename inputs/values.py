"""Normalising cell values: enums, yes/no, dates, numbers, ids and id lists.

Each parser takes a raw cell value (as the workbook engine returns it, never
blank) and returns the normalised value or raises ``BadValue`` with a message a
non-programmer can act on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

_EXCEL_EPOCH = date(1899, 12, 30)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_SPLIT = re.compile(r"[;,]")
_YES = {"yes", "y", "true", "1", "t"}
_NO = {"no", "n", "false", "0", "f"}


class BadValue(ValueError):
    """A cell value that cannot be used; the message says what was expected."""


def is_blank(value: Any) -> bool:
    """Empty cells and cells holding only spaces are blank."""
    return value is None or (isinstance(value, str) and not value.strip())


def _key(text: str) -> str:
    """Compare enum spellings ignoring case, spaces, '_' and '-'."""
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


def enum_parser(
    kind: type[StrEnum], what: str, aliases: dict[str, str] | None = None
) -> Callable[[Any], StrEnum]:
    """A parser for one enumeration, tolerant of case and separators, with suggestions."""
    table: dict[str, StrEnum] = {_key(str(m.value)): m for m in kind}
    for alias, target in (aliases or {}).items():
        table[_key(alias)] = kind(target)
    allowed = ", ".join(str(m.value) for m in kind)

    def parse(value: Any) -> StrEnum:
        text = _as_text(value)
        member = table.get(_key(text))
        if member is not None:
            return member
        hint = suggest(text, [str(m.value) for m in kind])
        raise BadValue(f"'{text}' is not {what}; {hint or 'expected one of: ' + allowed}")

    return parse


def suggest(text: str, choices: Iterable[str]) -> str:
    """'did you mean `x`?' for a near miss, else ''."""
    options = {_key(c): c for c in choices}
    close = difflib.get_close_matches(_key(text), list(options), n=1, cutoff=0.6)
    return f"did you mean '{options[close[0]]}'?" if close else ""


def _as_text(value: Any) -> str:
    """Text of a cell; whole numbers lose their '.0' (ids typed as numbers)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_text(value: Any) -> str:
    """Any cell as trimmed text."""
    return _as_text(value)


def parse_id(value: Any) -> str:
    """An identifier: trimmed text, numbers without a decimal point."""
    if isinstance(value, (bool, date, datetime)):
        raise BadValue(f"'{value}' is not an id")
    return _as_text(value)


def parse_id_list(value: Any) -> tuple[str, ...]:
    """Ids separated by ';' or ','; duplicates dropped, order kept."""
    parts = (part.strip() for part in _SPLIT.split(_as_text(value)))
    return tuple(dict.fromkeys(part for part in parts if part))


def parse_yes_no(value: Any) -> bool:
    """yes/no, y/n, true/false, 1/0."""
    if isinstance(value, bool):
        return value
    key = _as_text(value).lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise BadValue(f"'{value}' is not yes or no")


def parse_date(value: Any) -> date:
    """A real Excel date, an Excel serial number, or text as 2025-03-31 or 31/03/2025."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value <= 109574:  # 1900-01-01 .. 2199-12-31 as Excel serials
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise BadValue(f"'{value}' is not a date")
    text = str(value).strip()
    for pattern, order in ((_ISO, (0, 1, 2)), (_UK, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = [int(match.group(i + 1)) for i in order]
            try:
                return date(parts[0], parts[1], parts[2])
            except ValueError:
                raise BadValue(f"'{text}' is not a real date") from None
    raise BadValue(f"'{text}' is not a date; write it as 31/03/2025 or 2025-03-31")


def parse_number(value: Any) -> float:
    """A number (text such as '0.5' is accepted)."""
    if isinstance(value, bool):
        raise BadValue(f"'{value}' is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        raise BadValue(f"'{value}' is not a number") from None


def parse_whole(value: Any) -> int:
    """A whole number."""
    number = parse_number(value)
    if not number.is_integer():
        raise BadValue(f"'{value}' is not a whole number")
    return int(number)


def parse_mappa(value: Any) -> int:
    """A MAPPA level 0-3 ('2', 2, 'level 2', 'Cat 2' are all 2)."""
    text = re.sub(r"^(level|cat|category)\s*", "", _as_text(value).lower())
    if text in {"0", "1", "2", "3"}:
        return int(text)
    raise BadValue(f"'{value}' is not a MAPPA level; expected 0, 1, 2 or 3 (blank = unknown)")
