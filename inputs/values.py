"""Normalising cell values: enums, yes/no, dates, numbers, ids and id lists.

Each parser takes a raw cell value (as the workbook engine returns it, never
blank) and returns the normalised value or raises ``BadValue`` with a message a
non-programmer can act on: what the cell holds and what was expected.
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from allocator.domain.tiers import normalise as normalise_tier

_EXCEL_EPOCH = date(1899, 12, 30)
_LAST_SERIAL = 109574  # 31/12/2199 as an Excel serial number
_FIRST_YEAR, _LAST_YEAR = 1900, 2199  # the dates Excel serial numbers above cover
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_SHORT_YEAR = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2}$")
_SPLIT = re.compile(r"[;,]")
_YES = frozenset({"yes", "y", "true", "1", "t"})
_NO = frozenset({"no", "n", "false", "0", "f"})
_DATE_FORMS = "write it as 31/03/2025 or 2025-03-31"
_SHOWN_LENGTH = 60


class BadValue(ValueError):
    """A cell value that cannot be used; the message says what was expected."""


def is_blank(value: Any) -> bool:
    """Whether a cell is empty or holds only spaces.

    Parameters
    ----------
    value
        A cell value as the workbook engine returns it.
    """
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A cell value as a person would recognise it in Excel.

    Whole numbers lose their ``.0``, dates are day/month/year, booleans are
    ``TRUE``/``FALSE`` and very long text is shortened.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}" if value.time() != time() else f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    text = _as_text(value)
    if len(text) > _SHOWN_LENGTH:
        return f"{text[: _SHOWN_LENGTH - 3]}... ({len(text)} characters)"
    return text


def _key(text: str) -> str:
    """Compare enum spellings ignoring case, spaces, '_' and '-'."""
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


def is_alias(text: Any, parsed: Any) -> bool:
    """Whether a cell was read through an alias ('VH' as 'very high', 'M2' as 2), not just
    written in other case or with other separators."""
    return _key(_as_text(text)) != _key(str(parsed))


def enum_parser(
    kind: type[StrEnum], what: str, aliases: dict[str, str] | None = None
) -> Callable[[Any], StrEnum]:
    """A parser for one enumeration, tolerant of case and separators, with suggestions.

    Parameters
    ----------
    kind
        The enumeration; its values are the canonical spellings.
    what
        How a message names a value, e.g. ``"a RoSH level"``.
    aliases
        Other accepted spellings mapped to canonical values.
    """
    table: dict[str, StrEnum] = {_key(str(m.value)): m for m in kind}
    for alias, target in (aliases or {}).items():
        table[_key(alias)] = kind(target)
    canonical = [str(m.value) for m in kind]

    def parse(value: Any) -> StrEnum:
        if isinstance(value, (bool, date, time, timedelta)):
            raise BadValue(f"'{shown(value)}' is not {what}; expected one of: {_listed(canonical)}")
        text = _as_text(value)
        member = table.get(_key(text))
        if member is not None:
            return member
        hint = suggest(text, canonical) or f"expected one of: {_listed(canonical)}"
        raise BadValue(f"'{shown(text)}' is not {what}; {hint}")

    return parse


def _listed(choices: list[str]) -> str:
    """'a, b or c'."""
    return choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} or {choices[-1]}"


def suggest(text: str, choices: Iterable[str]) -> str:
    """``did you mean 'x'?`` for a near miss among ``choices``, else ''.

    Parameters
    ----------
    text
        What the user wrote.
    choices
        The accepted spellings.
    """
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
    """An identifier: trimmed text; numbers without a decimal point.

    Raises
    ------
    BadValue
        For a yes/no, date or time cell, which is never an id.
    """
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise BadValue(f"'{shown(value)}' is TRUE/FALSE, not an id")
    if isinstance(value, (date, time, timedelta)):
        raise BadValue(
            f"'{shown(value)}' is a date or time, not an id "
            "(Excel may have changed the cell's format: set it to Text and retype the id)"
        )
    return _as_text(value)


def parse_id_list(value: Any) -> tuple[str, ...]:
    """Ids separated by ';' or ','; duplicates dropped, order kept."""
    text = parse_id(value)
    if "," not in text and ";" not in text:
        return (text,) if text else ()
    parts = (part.strip() for part in _SPLIT.split(text))
    return tuple(dict.fromkeys(part for part in parts if part))


def parse_yes_no(value: Any) -> bool:
    """yes/no, y/n, true/false, 1/0 (any case)."""
    if isinstance(value, bool):
        return value
    key = _as_text(value).lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise BadValue(
        f"'{shown(value)}' is not yes or no (y/n, true/false and 1/0 also work; blank = no)"
    )


def parse_date(value: Any) -> date:
    """A real Excel date, an Excel serial number, or text as 2025-03-31 or 31/03/2025.

    Raises
    ------
    BadValue
        For other text, a time, or a date that does not exist (31/02/2026).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (time, timedelta)):
        raise BadValue(f"'{value}' is a time, not a date; {_DATE_FORMS}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value) and 1 <= value <= _LAST_SERIAL:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise BadValue(f"'{shown(value)}' is not a date; {_DATE_FORMS}")
    return _text_date(_as_text(value))


def _text_date(text: str) -> date:
    """A date typed as text in ISO or UK form."""
    match = _ISO.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _real_date(text, year, month, day)
    match = _UK.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return _real_date(text, year, month, day)
    if _SHORT_YEAR.match(text):
        raise BadValue(f"'{text}' has a two-digit year; write the year in full, e.g. 31/03/2025")
    raise BadValue(f"'{shown(text)}' is not a date; {_DATE_FORMS}")


def _real_date(text: str, year: int, month: int, day: int) -> date:
    """The date, or a message saying why the day or month does not exist."""
    if not 1 <= month <= 12:
        hint = (
            f" (it looks like month/day order: write the day first, {month:02d}/{day:02d}/{year})"
            if 1 <= day <= 12 and "-" not in text
            else ""
        )
        raise BadValue(f"'{text}' is not a real date: there is no month {month}{hint}")
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise BadValue(f"'{text}': the year {year} is not plausible; check the year")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise BadValue(
            f"'{text}' is not a real date: {calendar.month_name[month]} {year} has {last} days"
        )
    return date(year, month, day)


def parse_number(value: Any) -> float:
    """A number (text such as '0.5' is accepted).

    Raises
    ------
    BadValue
        For text that is not a number, TRUE/FALSE, dates, and infinite or NaN values.
    """
    if isinstance(value, (bool, date, time, timedelta)):
        raise BadValue(f"'{shown(value)}' is not a number")
    number = float(value) if isinstance(value, (int, float)) else _text_number(_as_text(value))
    if not math.isfinite(number):
        raise BadValue(f"'{shown(value)}' is not a number")
    return number


def _text_number(text: str) -> float:
    """A number typed as text; a decimal comma gets its own hint."""
    try:
        return float(text)
    except ValueError:
        pass
    if re.fullmatch(r"-?\d+,\d+", text):
        raise BadValue(
            f"'{text}' is not a number; write it with a decimal point: {text.replace(',', '.')}"
        )
    raise BadValue(f"'{shown(text)}' is not a number")


def parse_whole(value: Any) -> int:
    """A whole number."""
    number = parse_number(value)
    if not number.is_integer():
        raise BadValue(f"'{shown(value)}' is not a whole number")
    return int(number)


def parse_tier(value: Any) -> str:
    """A tier code as given, normalised: 'b2 s' -> 'B2S', 'Tier C' -> 'C' (see the tier models).

    Raises
    ------
    BadValue
        For anything that is not a tier of one of the models.
    """
    text = "" if isinstance(value, (bool, date, time, timedelta)) else _as_text(value)
    code = normalise_tier(text)
    if code is None:
        raise BadValue(
            f"'{shown(value)}' is not a tier; expected A-D, A0-D3 with an optional S suffix "
            "(e.g. B2 or B2S), or A-G"
        )
    return code


def parse_mappa(value: Any) -> int:
    """A MAPPA level 0-3 ('2', 2, 'level 2', 'Cat 2', 'M2', 'L2', 'MAPPA 2' are all 2)."""
    if isinstance(value, (bool, date, time, timedelta)):
        text = ""
    else:
        text = re.sub(r"^(mappa\s*)?(level|cat|category|m|l)?\s*", "", _as_text(value).lower())
    if text in {"0", "1", "2", "3"}:
        return int(text)
    raise BadValue(
        f"'{shown(value)}' is not a MAPPA level; expected 0, 1, 2 or 3 (blank = unknown)"
    )
