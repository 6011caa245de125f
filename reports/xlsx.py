"""Shared helpers for writing workbooks: atomic files, safe text, house formats.

Every workbook the tool writes goes through ``atomic_path`` so that a failure
never leaves a half-written file, and through ``safe`` so that user text starting
with ``=``, ``+``, ``-`` or ``@`` is written as text, never as a formula.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"
_FORMULA_START = ("=", "+", "-", "@")


_RANDOM = 10  # what mkstemp adds to a name: '.', '-' and eight random characters


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` on success only.

    The temporary name is no longer than the target's (a short name keeps its whole
    stem and gets 10 characters more): a name the file system takes for the report
    it takes for the temporary file too.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = _temporary(target)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it private; follow the user's umask
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _temporary(target: Path) -> tuple[int, str]:
    """A new hidden temporary file beside ``target``, named after it: (handle, name)."""
    stem = target.stem
    if len(stem) > 2 * _RANDOM:
        stem = stem[:-_RANDOM]
    return tempfile.mkstemp(prefix=f".{stem}-", suffix=target.suffix, dir=target.parent)


def write_problem(target: Path) -> str | None:
    """Why ``target`` cannot be written, in words naming it; None when it can.

    Tried for real: a temporary file named as the report's would be is made in its
    folder and removed, so a folder we may not write to, a full or read-only disk
    and a name too long are all found before any work is done. A folder that does
    not exist yet is made when the report is written; then its nearest existing
    folder must be writable.
    """
    folder = target.parent
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        return f"cannot write {target}: {existing} is a file, not a folder"
    if existing != folder:
        if not os.access(existing, os.W_OK | os.X_OK):
            return f"cannot write {target}: you may not create folders in {existing}"
        return None
    try:
        handle, name = _temporary(target)
    except OSError as exc:
        return f"cannot write {target} ({exc.strerror or exc}); choose another folder or name"
    os.close(handle)
    os.unlink(name)
    return None


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def new_workbook(target: str | Path, *, constant_memory: bool = False) -> Iterator[Workbook]:
    """An xlsxwriter workbook written atomically to ``target`` when the block succeeds."""
    with atomic_path(target) as temp:
        book = xlsxwriter.Workbook(
            str(temp),
            {
                "constant_memory": constant_memory,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "default_date_format": DATE_FORMAT,
            },
        )
        try:
            yield book
        finally:
            book.close()


def is_formula_like(text: str) -> bool:
    """Whether user text would be taken for a formula if typed into Excel."""
    return text.startswith(_FORMULA_START)


class Formats:
    """The house formats of one workbook."""

    def __init__(self, book: Workbook) -> None:
        self.header = book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.text = book.add_format({"num_format": "@"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.red = book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"})
        self.amber = book.add_format({"bg_color": "#FFE699", "font_color": "#7F6000"})
        self.green = book.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.title = book.add_format({"bold": True, "font_size": 14})


def write_table(
    sheet: Worksheet,
    formats: Formats,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float] | None = None,
) -> None:
    """A header row (bold, frozen, filtered), data rows, widths and landscape printing."""
    sheet.write_row(0, 0, headers, formats.header)
    for index, row in enumerate(rows, start=1):
        write_row(sheet, index, row, formats)
    finish_sheet(sheet, len(headers), len(rows), widths or [max(12, len(h) + 2) for h in headers])


def write_row(sheet: Worksheet, index: int, row: Sequence[Any], formats: Formats) -> None:
    """One data row: dates get the date format, text is always written as text."""
    for column, value in enumerate(row):
        if value is None or value == "":
            continue
        if isinstance(value, date):
            sheet.write_datetime(index, column, value, formats.date)
        elif isinstance(value, str):
            sheet.write_string(index, column, value)
        elif isinstance(value, bool):
            sheet.write_string(index, column, "yes" if value else "no")
        else:
            sheet.write_number(index, column, value)


def finish_sheet(sheet: Worksheet, columns: int, rows: int, widths: Sequence[float]) -> None:
    """Frozen header, filters, widths, and landscape fit-to-width printing."""
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(rows, 1), columns - 1)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
