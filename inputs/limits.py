"""What reading a workbook may cost, checked from the zip before any sheet is parsed.

An .xlsx file is a zip of XML parts. A hostile or broken one can be small on disk
and huge unpacked (a 1.6 MB file whose shared strings unpack to 1.5 GB), or hold
one cell far out at ``XFD1048576``, so that the sheet read as a grid from ``A1`` has
seventeen billion cells. Either would take many gigabytes of memory to read. So
before parsing: the sizes the zip's directory declares are added up, and the
sheets to be read are scanned (streamed, a megabyte at a time) for the last row
and column that hold a cell. Past either limit the file is refused with a plain
message; a real national workbook (88,500 cases) is about 50 MB unpacked and 3
million cells, well inside both.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # every part of the zip, unpacked
MAX_CELLS = 8_000_000  # the grid of every sheet read, from A1 to its last row and column
_CHUNK = 1 << 20
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=[\"']([A-Z]{1,3})([0-9]{1,7})[\"']")
# As Excel, openpyxl and xlsxwriter write a cell: twice as fast to search as the general form.
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


class TooBig(Exception):
    """The workbook is past a reading limit; the message says which and what to do."""


def check_unpacked(total: int, file_name: str) -> None:
    """Refuse a zip whose parts, unpacked, are larger than the limit (a 'zip bomb').

    ``total`` is the sum of the unpacked sizes the zip's directory declares.
    """
    if total > MAX_UNPACKED_BYTES:
        raise TooBig(
            f"{file_name} unpacks to {_size(total)}, more than the {_size(MAX_UNPACKED_BYTES)} "
            "the allocator reads (a national workbook is about 50 MB); it is damaged or was "
            "not made by a spreadsheet program: open it in Excel and save it again as .xlsx, "
            "or ask for a fresh copy"
        )


def check_cells(archive: zipfile.ZipFile, parts: Iterable[tuple[str, str]]) -> None:
    """Refuse sheets whose grids together are larger than the limit.

    Parameters
    ----------
    archive
        The open workbook.
    parts
        ``(sheet name, zip member)`` of each sheet to be read.
    """
    total = 0
    for name, part in parts:
        with archive.open(part) as stream:
            rows, columns = extent(stream)
        total += rows * columns
        if total > MAX_CELLS:
            raise TooBig(
                f"the sheet {name} reaches cell {_letters(columns)}{rows}: read from A1 that is "
                f"{rows * columns:,} cells, more than the {MAX_CELLS:,} the allocator reads; "
                "delete the empty rows below your data and the empty columns to its right "
                "(select them, right-click, Delete) and save"
            )


def extent(stream: IO[bytes]) -> tuple[int, int]:
    """The last row and the last column (1-based) that hold a cell in a sheet's XML."""
    rows = columns = 0
    for text in _pieces(stream):
        found = _PLAIN_CELL.findall(text)
        if len(found) != text.count(b"<c ") + text.count(b":c "):  # some cell written otherwise
            found = _CELL.findall(text)
        if found:  # each distinct row number and column once: most cells repeat both
            rows = max(rows, *map(int, {row for _, row in found}))
            columns = max(columns, *map(_column_number, {column for column, _ in found}))
    return rows, columns


def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    """The XML in pieces that never split a cell reference (each ends after a '>')."""
    carry = b""
    while chunk := stream.read(_CHUNK):
        text = carry + chunk
        cut = text.rfind(b">") + 1
        yield text[:cut]
        carry = text[cut:]
        if len(carry) > _CHUNK:  # no tag end in a megabyte: nothing a cell reference lives in
            carry = carry[-64:]
    if carry:
        yield carry


def _column_number(letters: bytes) -> int:
    """1-based column number of Excel letters: A -> 1, AA -> 27, XFD -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _letters(number: int) -> str:
    """Excel letters of a 1-based column number."""
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("A") + rest) + text
    return text or "A"


def _size(count: int) -> str:
    """Bytes in MB or GB, as a person would say them."""
    if count >= 1024**3:
        return f"{count / 1024**3:.1f} GB"
    return f"{count / 1024**2:.0f} MB"
