"""Invisible characters around cell values: removed as spaces are, and counted for a note.

Text pasted from web pages, e-mails and other systems brings zero-width spaces,
byte-order marks and non-breaking spaces that Excel does not show: an id
``LMI-POM13`` with a zero-width space at its end looks valid and matches nothing.
Around a value they are removed (as surrounding spaces are); inside a value they
are kept, and every message shows them written out (``LMI-POM1\\u200b3``, see
``allocator.domain.problems.visible``).

Looking at every cell in Python costs about a second for a national workbook, so
the sheet's XML (and the shared strings) are first searched for the characters'
bytes, which takes a few milliseconds; only a sheet that may hold one is cleaned.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from typing import Any

from allocator.domain.problems import INVISIBLE

_SPACES = " \t\r\n"
_OUTER = INVISIBLE + _SPACES
_MARKS = tuple(ch.encode() for ch in INVISIBLE)
_LEADS = tuple({mark[:1] for mark in _MARKS})  # a byte search each: ASCII text has none
_CHUNK = 1 << 20
_SHARED = "xl/sharedStrings.xml"


def may_hold(archive: zipfile.ZipFile, parts: Collection[str]) -> set[str]:
    """The parts (sheet XML) whose cells may hold an invisible character.

    Every part when the shared strings have one (any sheet may use them).
    """
    names = set(archive.namelist())
    if _SHARED in names and _has_mark(archive, _SHARED):
        return set(parts)
    return {part for part in parts if part in names and _has_mark(archive, part)}


def _has_mark(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the part's bytes hold the UTF-8 of an invisible character."""
    carry = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            text = carry + chunk
            leads = any(lead in text for lead in _LEADS)
            if leads and any(mark in text for mark in _MARKS):
                return True
            carry = text[-2:]  # a character's three bytes may straddle two chunks
    return False


def strip_outer(rows: list[list[Any]]) -> int:
    """Remove invisible characters (and spaces) around every text cell, in place.

    Returns how many cells had an invisible character around their text.
    """
    changed = 0
    for row in rows:
        for index, cell in enumerate(row):
            if cell.__class__ is not str or not cell:
                continue
            if cell[0] not in _OUTER and cell[-1] not in _OUTER:
                continue
            stripped = cell.strip(_OUTER)
            if stripped != cell.strip(_SPACES):
                changed += 1
            row[index] = stripped
    return changed
