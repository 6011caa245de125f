"""What the workbook engine does not say, read from the sheets' XML: error cells and
formulas saved without a calculated value.

python-calamine gives an Excel error value (``#N/A``, ``#REF!``, ...) and a formula
that was never calculated (a workbook saved by a script, or by Excel in manual
calculation mode) both as an empty cell. So that neither passes for a blank cell,
the sheets' XML is scanned, a megabyte at a time, cut between rows, and only the
pieces that hold an error or a formula are searched cell by cell.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

_CHUNK = 1 << 20
_ERROR_MARKS = (b't="e"', b"t='e'")
_FORMULA_MARKS = (b"<f>", b"<f ", b":f>", b":f ")
_CELL = re.compile(rb"""<(?:\w+:)?c\s([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)""", re.DOTALL)
_IS_ERROR = re.compile(rb"""\bt=["']e["']""")
_REFERENCE = re.compile(rb"""\br=["']([A-Z]{1,3})([0-9]+)["']""")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v>[^<]|is>)")


@dataclass
class Scan:
    """What one sheet's XML holds that the engine does not give.

    Attributes
    ----------
    errors
        0-based ``(row, column)`` -> the error code shown, e.g. ``#N/A``.
    unplaced
        Error cells whose position the file does not record.
    uncalculated
        0-based ``(row, column)`` of formulas without a calculated value.
    """

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    unplaced: int = 0
    uncalculated: set[tuple[int, int]] = field(default_factory=set)


def scan_sheets(path: Path, names: Collection[str]) -> dict[str, Scan]:
    """The scan of each named sheet (sheet name -> ``Scan``)."""
    with zipfile.ZipFile(path) as archive:
        parts, members = sheet_parts(archive), set(archive.namelist())
        found = {}
        for name in names:
            part = parts.get(name)
            if part is not None and part in members:
                with archive.open(part) as stream:
                    found[name] = _scan(stream)
    return found


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML, from the workbook's relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for element in book.iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target = targets.get(rid)
        if target:
            parts[element.get("name", "")] = (
                target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            )
    return parts


def _scan(stream: IO[bytes]) -> Scan:
    """Error cells and uncalculated formulas of one sheet's XML."""
    scan = Scan()
    for text in _row_chunks(stream):
        errors = any(mark in text for mark in _ERROR_MARKS)
        if errors or any(mark in text for mark in _FORMULA_MARKS):
            for match in _CELL.finditer(text):
                _cell(match.group(1), match.group(2) or b"", scan)
    return scan


def _cell(attributes: bytes, content: bytes, scan: Scan) -> None:
    """Record one cell if it shows an error or is a formula without a value."""
    error = _IS_ERROR.search(attributes) is not None
    uncalculated = not error and _FORMULA.search(content) and not _HAS_VALUE.search(content)
    if not (error or uncalculated):
        return
    where = _REFERENCE.search(attributes)
    if where is None:
        scan.unplaced += error
        return
    position = (int(where.group(2)) - 1, _column_index(where.group(1)))
    if error:
        value = _VALUE.search(content)
        scan.errors[position] = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
    else:
        scan.uncalculated.add(position)


def _row_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The XML in pieces that never split a cell: each piece ends just after a row tag."""
    carry = b""
    while chunk := stream.read(_CHUNK):
        text = carry + chunk
        cut = text.rfind(b"row>")
        if cut < 0:
            carry = text
            continue
        yield text[: cut + 4]
        carry = text[cut + 4 :]
    if carry:
        yield carry


def _column_index(letters: bytes) -> int:
    """0-based column index of Excel letters: A -> 0, AA -> 26."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - ord("A") + 1
    return index - 1
