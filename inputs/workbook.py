"""Opening a workbook safely: every way a file can fail to be a workbook gets a plain message.

The cells come from python-calamine, which reads an Excel error value (``#N/A``,
``#REF!``, ...) as an empty string. So that a broken formula is reported rather
than silently taken as a blank cell, the sheets' XML is scanned for error cells
and those cells are given back as ``CellError`` values.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine

from allocator.domain.problems import INVISIBLE, column_letter
from inputs import invisible, limits
from inputs.xmlscan import scan_sheets, sheet_parts

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_SAVE_AS = "open it in Excel and save it as an Excel Workbook (.xlsx)"
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
    uncalculated
        0-based ``(row, column)`` of formulas saved without a calculated value (read blank).
    """

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merged: tuple[tuple[int, int, int, int], ...] = ()
    hidden: bool = False
    loaded: bool = True
    unplaced_errors: int = 0
    invisible: int = 0
    very_hidden: bool = False
    uncalculated: frozenset[tuple[int, int]] = frozenset()

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
            parts = sheet_parts(archive)
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
            parts = sheet_parts(archive)
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
    """Put ``CellError`` values where the XML has error cells (the engine gives ''), and
    note the formulas that were never calculated (the engine gives '' for them too)."""
    loaded = [sheet.name for sheet in sheets if sheet.loaded]
    try:
        found = scan_sheets(path, loaded)
    except Exception:  # the engine has read the file: a failed scan only loses the marks
        return sheets
    result = []
    for sheet in sheets:
        scan = found.get(sheet.name)
        if scan is None:
            result.append(sheet)
            continue
        for (row, column), code in scan.errors.items():
            if row < len(sheet.rows) and column < len(sheet.rows[row]):
                sheet.rows[row][column] = CellError(code)
        result.append(
            dataclasses.replace(
                sheet,
                unplaced_errors=scan.unplaced,
                uncalculated=frozenset(scan.uncalculated),
            )
        )
    return result


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
