"""Write-back: a copy of the user's own input workbook with the proposal added.

``Cases`` gets three columns at the right of its table, ``proposed_pom``,
``proposed_com`` and ``reason``; the report's sheets are appended as ``Report
Summary``, ``Report Allocations``, ... Every other sheet, format, validation and
formula of theirs is kept as openpyxl reads it; what openpyxl cannot keep is
returned as warnings. The user's file is never written: the copy goes to a new path,
atomically. Run again on such a copy, the columns and report sheets are replaced.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook import Workbook
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from inputs.schema import CASES
from inputs.sheets import column_key, header_lookup
from reports import losses
from reports.append import append_book, set_text
from reports.build import build_book
from reports.files import atomic_path
from reports.scope import ReportData, Tables

PROPOSAL_COLUMNS = ("proposed_pom", "proposed_com", "reason")
PROPOSAL_WIDTHS = (14, 14, 60)
PREFIX = "Report "
_MARK = "omic_allocator_sheets"  # custom property naming the sheets a write-back added
_HEADER_SCAN_ROWS = 10
_LAST_COLUMN = 16384  # XFD: Excel cannot open a sheet with a cell beyond it


class WriteBackError(Exception):
    """The workbook cannot take the proposal (the message says why)."""


@dataclass(frozen=True)
class Proposal:
    """The proposed POM and COM of one case, and why."""

    pom: str
    com: str
    reason: str


def write_back(source: Path, target: Path, report: ReportData) -> list[str]:
    """Write the copy to ``target``; returns what of the user's workbook could not be kept."""
    macros = _has_macros(source)
    keep_vba = macros and target.suffix.lower() == ".xlsm"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = _open(source, keep_vba)
    lost = losses.translate(caught)
    if macros and not keep_vba:
        lost.append("macros (VBA): an .xlsx file cannot hold them; name the copy .xlsm")
    sheet = _cases_sheet(book)
    add_proposal(sheet, proposals(report))
    tables = Tables(report)
    report_book = build_book(tables, tables.part())
    ours = _our_charts(book)  # a previous write-back's charts are ours to replace, not theirs
    names = _report_names(book, [s.name for s in report_book.sheets])
    append_book(book, report_book, names)
    _mark(book, list(names.values()))
    charts = sum(1 for s in report_book.sheets if s.chart is not None)
    with atomic_path(target) as temp:
        book.save(temp)
        compared = losses.compare(source, temp, {"charts": charts}, {"charts": ours})
    already = macros and not keep_vba  # said above, with what to do about it
    return lost + [thing for thing in compared if not (already and "macros" in thing)]


def _open(source: Path, keep_vba: bool) -> Workbook:
    """The user's workbook as openpyxl reads it (a file it cannot read is a WriteBackError)."""
    try:
        return openpyxl.load_workbook(source, keep_vba=keep_vba, keep_links=True, rich_text=True)
    except Exception as exc:  # openpyxl raises many kinds on files it does not understand
        raise WriteBackError(f"{source.name} cannot be opened for editing ({exc})") from exc


def _has_macros(path: Path) -> bool:
    """Whether the workbook carries a VBA project."""
    with zipfile.ZipFile(path) as archive:
        return "xl/vbaProject.bin" in archive.namelist()


def _cases_sheet(book: Workbook) -> Worksheet:
    """The Cases sheet, matched as the reader matches it (the visible one of two)."""
    found = [sheet for sheet in book.worksheets if sheet.title.strip().lower() == "cases"]
    if not found:
        raise WriteBackError("the workbook has no Cases sheet")
    return next((sheet for sheet in found if sheet.sheet_state == "visible"), found[0])


def proposals(report: ReportData) -> dict[int, Proposal]:
    """Excel row of each case in ``Cases`` -> its proposal (every case gets a reason)."""
    result = report.result
    covered = set(result.prisons)
    rows = {}
    for case, d in zip(report.data.cases, report.derivations, strict=True):
        if not case.row:
            continue
        if case.prison not in covered:
            rows[case.row] = Proposal("", "", "not in this run (its prison was not allocated)")
        elif not d.in_scope:
            rows[case.row] = Proposal("", "", f"out of scope: {d.scope_reason}")
        else:
            pom = result.allocation.pom.get(case.case_id) or ""
            com = result.allocation.com.get(case.case_id) or ""
            rows[case.row] = Proposal(pom, com, result.reasons.get(case.case_id, ""))
    for held in report.data.quarantined:
        if held.row and (not held.prison or held.prison in covered):
            text = f"not allocated (quarantined): {held.what}"
            rows[held.row] = Proposal("", "", text)
    return rows


def add_proposal(sheet: Worksheet, rows: dict[int, Proposal]) -> None:
    """Fill in the three columns (added at the right of the table, or reused)."""
    header = _header_row(sheet)
    columns = _proposal_columns(sheet, header)
    for row, proposal in rows.items():
        for column, text in zip(
            columns, (proposal.pom, proposal.com, proposal.reason), strict=True
        ):
            cell = sheet.cell(row, column)
            if text:
                set_text(cell, text)
            else:
                cell.value = None


def _header_row(sheet: Worksheet) -> int:
    """The row naming ``case_id``, or an export name of it such as 'Prison number' (a title
    or blank rows may sit above it)."""
    names = header_lookup(CASES)
    for row in sheet.iter_rows(min_row=1, max_row=_HEADER_SCAN_ROWS):
        if any(c.value is not None and names.get(column_key(c.value)) == "case_id" for c in row):
            return int(row[0].row)
    raise WriteBackError("the Cases sheet has no header row naming case_id")


def _proposal_columns(sheet: Worksheet, header: int) -> list[int]:
    """The columns' positions: found in the header, else new ones right of the table."""
    cells = [c for c in sheet[header] if c.value is not None]
    found = {column_key(c.value): c.column for c in cells}
    if all(name in found for name in PROPOSAL_COLUMNS):
        return [found[name] for name in PROPOSAL_COLUMNS]
    last = max((c.column for c in cells), default=0)
    start = last + 1 if _empty_right_of(sheet, last) else sheet.max_column + 1
    _check_room(sheet, start)
    for offset, (name, width) in enumerate(zip(PROPOSAL_COLUMNS, PROPOSAL_WIDTHS, strict=True)):
        cell = sheet.cell(header, start + offset)
        set_text(cell, name)
        if last:
            cell._style = copy(sheet.cell(header, last)._style)
        sheet.column_dimensions[get_column_letter(start + offset)].width = width
    _widen_filters(sheet, header, last, start + len(PROPOSAL_COLUMNS) - 1)
    return [start + offset for offset in range(len(PROPOSAL_COLUMNS))]


def _check_room(sheet: Worksheet, start: int) -> None:
    """Refuse when the three columns would go past Excel's last column (XFD)."""
    if start + len(PROPOSAL_COLUMNS) - 1 > _LAST_COLUMN:
        used = get_column_letter(min(start - 1, _LAST_COLUMN))
        raise WriteBackError(
            f"the {sheet.title} sheet has no room for the columns "
            f"{', '.join(PROPOSAL_COLUMNS)}: it uses columns up to {used}, and Excel stops at "
            "XFD; delete three unused columns at the right of the sheet (or clear what is in "
            "them) and run again. The report itself is written"
        )


def _empty_right_of(sheet: Worksheet, last: int) -> bool:
    """No cell right of the header's last column holds anything or is merged (so the new
    columns fit there)."""
    first, final = last + 1, last + len(PROPOSAL_COLUMNS)
    if any(m.min_col <= final and m.max_col >= first for m in sheet.merged_cells.ranges):
        return False
    if sheet.max_column <= last:
        return True
    for row in sheet.iter_rows(min_col=first, max_col=final):
        if any(c.value is not None for c in row):
            return False
    return True


def _widen_filters(sheet: Worksheet, header: int, last: int, new_last: int) -> None:
    """An Excel table or a filter that ends at the header's last column takes the new ones."""
    for table in sheet.tables.values():
        low_col, low_row, high_col, high_row = range_boundaries(table.ref)
        if low_row == header and high_col == last and new_last == last + len(PROPOSAL_COLUMNS):
            table.ref = (
                f"{get_column_letter(low_col)}{low_row}:{get_column_letter(new_last)}{high_row}"
            )
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
            for name in PROPOSAL_COLUMNS:
                table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name=name))
    if sheet.auto_filter.ref:
        low_col, low_row, high_col, high_row = range_boundaries(sheet.auto_filter.ref)
        if low_row == header and high_col == last:
            sheet.auto_filter.ref = (
                f"{get_column_letter(low_col)}{low_row}:{get_column_letter(new_last)}{high_row}"
            )


def _report_names(book: Workbook, sheets: Sequence[str]) -> dict[str, str]:
    """``Report Summary``, ...: a previous write-back's sheets are removed first; a sheet
    of the user's with the same name is kept and ours is numbered."""
    previous = _previous(book)
    for title in previous:
        if title in book.sheetnames:
            del book[title]
    taken = {name.lower() for name in book.sheetnames}
    names = {}
    for sheet in sheets:
        name, number = f"{PREFIX}{sheet}", 1
        while name.lower() in taken:
            number += 1
            name = f"{PREFIX}{sheet} ({number})"[:31]
        taken.add(name.lower())
        names[sheet] = name
    return names


def _our_charts(book: Workbook) -> int:
    """Charts on the sheets a previous write-back added (openpyxl keeps a sheet's charts
    in ``_charts``; there is no public name for them)."""
    return sum(len(book[title]._charts) for title in _previous(book) if title in book.sheetnames)


def _previous(book: Workbook) -> list[str]:
    """The sheets a previous write-back added (recorded in a document property)."""
    props = book.custom_doc_props
    if _MARK not in props.names:
        return []
    return [name for name in str(props[_MARK].value).split("\n") if name]


def _mark(book: Workbook, sheets: Sequence[str]) -> None:
    """Record the sheets this write-back added."""
    props = book.custom_doc_props
    if _MARK in props.names:
        del props[_MARK]
    props.append(StringProperty(name=_MARK, value="\n".join(sheets)))
