"""Opening a workbook safely: every way a file can fail to be a workbook gets a plain message."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


class NotAWorkbook(Exception):
    """The file cannot be read as an .xlsx workbook; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class RawSheet:
    """The cells of one sheet, as rows of Python values, starting at cell A1."""

    name: str
    rows: list[list[Any]]


def open_sheets(path: Path) -> dict[str, RawSheet]:
    """All sheets of an .xlsx file keyed by lower-case trimmed name.

    Raises ``NotAWorkbook`` with a message a non-programmer can act on.
    """
    _check_container(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            return {
                name.strip().lower(): RawSheet(name, _rows(book, name)) for name in book.sheet_names
            }
        finally:
            book.close()
    except python_calamine.PasswordError:
        raise NotAWorkbook(
            f"{path.name} is password-protected; save a copy without a password"
        ) from None
    except Exception as exc:  # any engine failure is a damaged file to the user
        raise NotAWorkbook(
            f"{path.name} is damaged and cannot be read as an Excel workbook ({exc}); "
            "open it in Excel and save it again as .xlsx"
        ) from None


def _rows(book: Any, name: str) -> list[list[Any]]:
    """Cells from A1, so list positions match Excel's row and column numbers."""
    sheet = book.get_sheet_by_name(name)
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    return rows


def _check_container(path: Path) -> None:
    """Recognise files that are not .xlsx from their first bytes."""
    if not path.is_file():
        raise NotAWorkbook(f"{path} does not exist or is not a file")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise NotAWorkbook(f"{path.name} is empty (0 bytes): it is not an Excel workbook")
    if head.startswith(_OLE):
        raise NotAWorkbook(_ole_message(path))
    if not head.startswith(_ZIP):
        raise NotAWorkbook(_text_message(path, head))
    _check_zip(path)


def _ole_message(path: Path) -> str:
    """An OLE container is a password-protected .xlsx or an old .xls."""
    if _ENCRYPTED in path.read_bytes()[:1_000_000]:
        return f"{path.name} is password-protected; save a copy without a password"
    return (
        f"{path.name} is an old Excel 97-2003 (.xls) file; "
        "open it in Excel and save it as an Excel Workbook (.xlsx)"
    )


def _text_message(path: Path, head: bytes) -> str:
    """A file that is not a zip at all: usually CSV or text renamed to .xlsx."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return f"{path.name} is not an Excel workbook"
    return (
        f"{path.name} is a text or CSV file, not an Excel workbook; "
        "open it in Excel and save it as an Excel Workbook (.xlsx)"
    )


def _check_zip(path: Path) -> None:
    """A zip that is damaged, or that holds another kind of document."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise NotAWorkbook(
            f"{path.name} is damaged (not a complete Excel file); "
            "open it in Excel and save it again, or ask for a fresh copy"
        ) from None
    if "xl/workbook.xml" not in names:
        kind = "an OpenDocument spreadsheet" if "content.xml" in names else "not an Excel workbook"
        raise NotAWorkbook(f"{path.name} is {kind}; save it as an Excel Workbook (.xlsx)")
