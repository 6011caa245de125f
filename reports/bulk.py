"""Fast writing of large tables: their data rows as XML, spliced into xlsxwriter's file.

xlsxwriter spends about six microseconds on each cell, and the national report has
about 1.4 million: more than the whole time allowed for writing. So xlsxwriter writes
a large sheet with its header row and everything else (widths, column formats,
filters, conditional formats, print settings), and the data rows are generated here
as SpreadsheetML and inserted into that sheet's part of the zip. Text is written as
inline strings, as xlsxwriter's own constant-memory mode does, with the same escapes;
a cell is never a formula.
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from xlsxwriter.utility import xl_col_to_name

from reports.book import row_height

MAX_TEXT = 32767  # Excel's limit on the characters of one cell
_CHUNK = 2000  # rows generated and compressed at a time
_EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (1900 date system)
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b\x0c\x0e-\x1f])")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Bulk:
    """The data rows of one sheet, the style (xf index) of each column, and its date columns.

    A date in a column that is not a date column is written as text (dd/mm/yyyy).
    """

    rows: Sequence[Sequence[Any]]
    styles: Sequence[int]
    dated: Sequence[bool]
    wrapped: Sequence[tuple[int, float]] = ()


def splice(path: Path, bulks: Mapping[str, Bulk]) -> None:
    """Insert each sheet's rows (below its header row) into the workbook at ``path``."""
    parts = {part: name for name, part in sheet_parts(path).items() if name in bulks}
    temp = path.with_name(f"~{path.name[1:]}")  # no longer than the name it comes from
    try:
        with (
            zipfile.ZipFile(path) as source,
            zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename in parts:
                    _write_sheet(target, info.filename, data, bulks[parts[info.filename]])
                else:
                    target.writestr(info, data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> the zip member holding that sheet's XML."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    parts = {}
    for sheet in book.findall("main:sheets/main:sheet", _NS):
        target = targets.get(sheet.get(_REL_ID), "")
        parts[sheet.get("name", "")] = target[1:] if target.startswith("/") else f"xl/{target}"
    return parts


def _write_sheet(target: zipfile.ZipFile, name: str, xml: bytes, bulk: Bulk) -> None:
    """The sheet's XML with the data rows before ``</sheetData>``, streamed into the zip."""
    head, tail = xml.split(b"</sheetData>", 1)
    columns = max(len(bulk.styles), 1)
    last = f"{xl_col_to_name(columns - 1)}{len(bulk.rows) + 1}"
    head = _DIMENSION.sub(f'<dimension ref="A1:{last}"/>'.encode(), head, count=1)
    with target.open(name, "w", force_zip64=True) as out:
        out.write(head)
        for chunk in _chunks(bulk):
            out.write(chunk)
        out.write(b"</sheetData>" + tail)


def _chunks(bulk: Bulk) -> Iterator[bytes]:
    """The rows' XML, a few thousand rows at a time."""
    columns = [
        (xl_col_to_name(c), f' s="{style}"' if style else "", dated)
        for c, (style, dated) in enumerate(zip(bulk.styles, bulk.dated, strict=True))
    ]
    texts: dict[str, str] = {}  # ids, codes and yes/no repeat: each is escaped once
    for start in range(0, len(bulk.rows), _CHUNK):
        parts: list[str] = []
        for offset, row in enumerate(bulk.rows[start : start + _CHUNK]):
            number = start + offset + 2
            height = row_height(row, bulk.wrapped) if bulk.wrapped else None
            parts.append(
                f'<row r="{number}" ht="{height}" customHeight="1">'
                if height
                else f'<row r="{number}">'
            )
            _row(parts, row, str(number), columns, texts)
            parts.append("</row>")
        yield "".join(parts).encode("utf-8")


def _row(
    parts: list[str],
    row: Sequence[Any],
    number: str,
    columns: Sequence[tuple[str, str, bool]],
    texts: dict[str, str],
) -> None:
    """Append one row's cells (the hot loop: text, the commonest case, is handled inline)."""
    for (letter, style, dated), value in zip(columns, row, strict=False):
        if value.__class__ is str:
            if value:
                body = texts.get(value)
                if body is None:
                    body = texts[value] = _text_body(value)
                parts.append(f'<c r="{letter}{number}"{style}{body}')
        elif value is not None:
            cell = _cell(value, f"{letter}{number}", style, dated)
            if cell:
                parts.append(cell)


def _cell(value: Any, ref: str, style: str, dated: bool) -> str:
    """One cell's XML ('' for a blank cell)."""
    kind = type(value)
    if kind is str:
        return _text_cell(value, ref, style) if value else ""
    if kind is int or kind is float:
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>' if math.isfinite(value) else ""
    if value is None:
        return ""
    if kind is bool:
        return _text_cell("yes" if value else "no", ref, style)
    if isinstance(value, date):
        if dated:
            return _date_cell(value, ref, style)
        return _text_cell(f"{value:%d/%m/%Y}", ref, style)
    return _text_cell(str(value), ref, style)


def _date_cell(value: date, ref: str, style: str) -> str:
    """A date (or date and time) as Excel's serial number."""
    serial: float = value.toordinal() - _EPOCH
    if isinstance(value, datetime):
        serial += (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    return f'<c r="{ref}"{style}><v>{serial!r}</v></c>'


def _text_cell(text: str, ref: str, style: str) -> str:
    """An inline-string cell: always text, whatever it starts with."""
    return f'<c r="{ref}"{style}{_text_body(text)}'


def _text_body(text: str) -> str:
    """What follows ``<c r=".." s=".."`` in an inline-string cell."""
    text = text[:MAX_TEXT]
    if _SPECIAL.search(text):
        text = escape(text)
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def escape(text: str) -> str:
    """XML escapes, and Excel's ``_xHHHH_`` escapes of control characters."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    return text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
