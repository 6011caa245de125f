"""Opening a workbook safely: every way a file can fail to be a workbook gets a plain message.

The cells come from python-calamine, which reads an Excel error value (``#N/A``,
``#REF!``, ...) as an empty string. So that a broken formula is reported rather
than silently taken as a blank cell, the sheets' XML is scanned for error cells
and those cells are given back as ``CellError`` values.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

import python_calamine

from allocator.domain.problems import INVISIBLE, column_letter
from inputs import invisible, limits

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_SAVE_AS = "open it in Excel and save it as an Excel Workbook (.xlsx)"
_CHUNK = 1 << 20
_ERROR_MARKS = (b't="e"', b"t='e'")
_ERROR_CELL = re.compile(
    rb"""<(?:\w+:)?c\s([^>]*\bt=["']e["'][^>]*)>(.*?)</(?:\w+:)?c>""", re.DOTALL
)
_REFERENCE = re.compile(rb"""\br=["']([A-Z]{1,3})([0-9]+)["']""")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_HEAD_BYTES = 512
_OUTER = INVISIBLE + " \t\r\n"


class NotAWorkbook(Exception):
    """The file cannot be read as an .xlsx workbook; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class CellError:
    """An Excel error value shown in a cell, such as ``#N/A`` or ``#REF!``."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True, slots=True)
class RawSheet:
    """The cells of one sheet, as rows of Python values, starting at cell A1.

    Attributes
    ----------
    name
        The sheet's name as the workbook spells it.
    rows
        ``rows[r][c]`` is the cell in Excel row ``r + 1``, column ``c + 1``; empty
        cells are ``''`` (or None) and error cells are ``CellError``.
    merged
        Merged ranges as 0-based inclusive ``(first_row, first_col, last_row, last_col)``.
    hidden
        Whether the sheet is hidden in Excel.
    very_hidden
        Hidden so that Excel's Unhide does not list it (set from VBA or by a program).
    loaded
        False when only the name was read (a sheet the allocator does not use).
    unplaced_errors
        Error cells whose position the file does not record (shown as a warning).
    invisible
        Cells that had invisible characters around their text, now removed (a note).
    """

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merged: tuple[tuple[int, int, int, int], ...] = ()
    hidden: bool = False
    loaded: bool = True
    unplaced_errors: int = 0
    invisible: int = 0
    very_hidden: bool = False

    @property
    def key(self) -> str:
        """The name as matched against the contract: lower case, outer spaces ignored."""
        return sheet_key(self.name)

    def merged_range(self, row: int, column: int) -> str:
        """The merged range (e.g. ``B2:B9``) covering a 0-based cell, other than its first cell."""
        for top, left, bottom, right in self.merged:
            inside = top <= row <= bottom and left <= column <= right
            if inside and (row, column) != (top, left):
                start = f"{column_letter(left)}{top + 1}"
                return f"{start}:{column_letter(right)}{bottom + 1}"
        return ""


def sheet_key(name: str) -> str:
    """Sheet names match case-insensitively, ignoring surrounding spaces (and invisible
    characters)."""
    return name.strip(_OUTER).lower()


def open_sheets(path: Path, wanted: Collection[str] | None = None) -> list[RawSheet]:
    """Every sheet of an .xlsx file in workbook order.

    Parameters
    ----------
    path
        The file to open.
    wanted
        ``sheet_key`` names whose cells are read; other sheets are listed by name
        only. None reads every sheet.

    Raises
    ------
    NotAWorkbook
        With a message a non-programmer can act on.
    """
    _check_container(path)
    _check_cells(path, wanted)
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            sheets = [_sheet(book, meta, wanted) for meta in book.sheets_metadata]
    except python_calamine.PasswordError:
        raise NotAWorkbook(_protected(path)) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # any engine failure (a Rust panic too) is a damaged file
        raise NotAWorkbook(
            f"{path.name} is damaged and cannot be read as an Excel workbook ({exc}); "
            "open it in Excel and save it again as .xlsx"
        ) from None
    return _without_invisible(path, _with_errors(path, sheets))


def _without_invisible(path: Path, sheets: list[RawSheet]) -> list[RawSheet]:
    """Invisible characters around text removed from the sheets that may hold them."""
    with zipfile.ZipFile(path) as archive:
        try:
            parts = _sheet_parts(archive)
        except (KeyError, ElementTree.ParseError):
            return sheets
        loaded = {parts[s.name]: s.name for s in sheets if s.loaded and s.name in parts}
        marked = {loaded[part] for part in invisible.may_hold(archive, loaded)}
    return [
        dataclasses.replace(sheet, invisible=invisible.strip_outer(sheet.rows))
        if sheet.name in marked
        else sheet
        for sheet in sheets
    ]


def _sheet(book: Any, meta: Any, wanted: Collection[str] | None) -> RawSheet:
    """One sheet's cells from A1 (so positions match Excel's numbers) and merged ranges."""
    hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
    very = meta.visible == python_calamine.SheetVisibleEnum.VeryHidden
    if wanted is not None and sheet_key(meta.name) not in wanted:
        return RawSheet(meta.name, hidden=hidden, loaded=False, very_hidden=very)
    sheet = book.get_sheet_by_name(meta.name)
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    merged = tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ())
    return RawSheet(meta.name, rows, merged, hidden, very_hidden=very)


def _check_cells(path: Path, wanted: Collection[str] | None) -> None:
    """Refuse sheets too large to read, before the engine makes a grid of them."""
    with zipfile.ZipFile(path) as archive:
        try:
            parts = _sheet_parts(archive)
        except (KeyError, ElementTree.ParseError):
            return  # the engine names the damage
        members = set(archive.namelist())
        read = [
            (name, part)
            for name, part in parts.items()
            if part in members and (wanted is None or sheet_key(name) in wanted)
        ]
        try:
            limits.check_cells(archive, read)
        except limits.TooBig as big:
            raise NotAWorkbook(f"{path.name} is too large to read: {big}") from None


def _with_errors(path: Path, sheets: list[RawSheet]) -> list[RawSheet]:
    """Put ``CellError`` values where the XML has error cells (the engine gives '')."""
    loaded = [sheet.name for sheet in sheets if sheet.loaded]
    try:
        found = error_cells(path, loaded)
    except Exception:  # the engine has read the file: a failed scan only loses the marks
        return sheets
    result = []
    for sheet in sheets:
        cells, unplaced = found.get(sheet.name, ({}, 0))
        for (row, column), code in cells.items():
            if row < len(sheet.rows) and column < len(sheet.rows[row]):
                sheet.rows[row][column] = CellError(code)
        if unplaced:
            sheet = dataclasses.replace(sheet, unplaced_errors=unplaced)
        result.append(sheet)
    return result


def error_cells(
    path: Path, names: Collection[str]
) -> dict[str, tuple[dict[tuple[int, int], str], int]]:
    """Error cells of the named sheets: {(row, column): '#N/A'} (0-based) and a count of
    error cells without a recorded position."""
    with zipfile.ZipFile(path) as archive:
        parts, members = _sheet_parts(archive), set(archive.namelist())
        found = {}
        for name in names:
            part = parts.get(name)
            if part is not None and part in members:
                with archive.open(part) as stream:
                    found[name] = _scan(stream)
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
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


def _scan(stream: IO[bytes]) -> tuple[dict[tuple[int, int], str], int]:
    """Error cells of one sheet's XML, read in chunks cut between rows."""
    cells: dict[tuple[int, int], str] = {}
    unplaced = 0
    for text in _row_chunks(stream):
        if not any(mark in text for mark in _ERROR_MARKS):
            continue
        for match in _ERROR_CELL.finditer(text):
            where = _REFERENCE.search(match.group(1))
            value = _VALUE.search(match.group(2))
            code = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
            if where is None:
                unplaced += 1
            else:
                cells[(int(where.group(2)) - 1, _column_index(where.group(1)))] = code
    return cells, unplaced


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


def _check_container(path: Path) -> None:
    """Recognise missing paths and files that are not .xlsx from their first bytes."""
    if not path.exists():
        raise NotAWorkbook(f"{path} does not exist; check the folder and the file name")
    if path.is_dir():
        raise NotAWorkbook(f"{path} is a folder, not a file; give the path of the .xlsx workbook")
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as exc:
        raise NotAWorkbook(
            f"{path.name} cannot be opened ({exc.strerror or exc}); "
            "check that you may read it and that no other program has locked it"
        ) from None
    if not head:
        raise NotAWorkbook(f"{path.name} is empty (0 bytes): it is not an Excel workbook")
    if path.name.startswith("~$"):
        raise NotAWorkbook(
            f"{path.name} is a temporary lock file Excel makes while a workbook is open; "
            f"use {path.name[2:]} instead"
        )
    if head.startswith(_OLE):
        raise NotAWorkbook(_ole_message(path))
    if not head.startswith(_ZIP):
        raise NotAWorkbook(_text_message(path, head))
    _check_zip(path)


def _protected(path: Path) -> str:
    """The message for a password-protected workbook."""
    return (
        f"{path.name} is password-protected (encrypted); "
        "open it in Excel, remove the password (File > Info > Protect Workbook) and save a copy"
    )


def _ole_message(path: Path) -> str:
    """An OLE container is a password-protected .xlsx or an old .xls."""
    content = path.read_bytes()
    if any(mark in content for mark in _ENCRYPTED):
        return _protected(path)
    return f"{path.name} is an old Excel 97-2003 (.xls) file; {_SAVE_AS}"


def _text_message(path: Path, head: bytes) -> str:
    """A file that is not a zip at all: usually CSV, text or a web page renamed to .xlsx."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head:
        sample = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
        if sample.startswith((b"<!doctype html", b"<html", b"<table")):
            return f"{path.name} is a web page (HTML) saved with an Excel name; {_SAVE_AS}"
        if sample.startswith(b"<?xml"):
            return f"{path.name} is an XML file, not an Excel workbook; {_SAVE_AS}"
        return f"{path.name} is a text or CSV file, not an Excel workbook; {_SAVE_AS}"
    return f"{path.name} is not an Excel workbook (its contents are not a spreadsheet)"


def _check_zip(path: Path) -> None:
    """A zip that is damaged, that holds another kind of document, or that unpacks too large."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError):
        raise NotAWorkbook(
            f"{path.name} is damaged (not a complete Excel file); "
            "open it in Excel and save it again, or ask for a fresh copy"
        ) from None
    if "xl/workbook.xml" not in names:
        raise NotAWorkbook(f"{path.name} is {_zip_kind(names)}; {_SAVE_AS}")
    try:
        limits.check_unpacked(unpacked, path.name)
    except limits.TooBig as big:
        raise NotAWorkbook(str(big)) from None


def _zip_kind(names: set[str]) -> str:
    """What a zip that is not an .xlsx holds, in words."""
    if "xl/workbook.bin" in names:
        return "an Excel Binary Workbook (.xlsb), which the allocator cannot read"
    if "content.xml" in names:
        return "an OpenDocument (LibreOffice) file, not an Excel workbook"
    if "word/document.xml" in names:
        return "a Word document, not an Excel workbook"
    return "a zip file, not an Excel workbook"
