"""Hostile workbooks, generated: a zip bomb and a sheet with one cell at XFD1048576.

Each is a minimal but genuine .xlsx (content types, workbook, relationships, one
``Cases`` sheet), written part by part with ``zipfile`` so that a part can be far
larger unpacked than on disk.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{_PACKAGE}"><Relationship Id="rId1"
 Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
_BOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>
<sheet name="Cases" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_BOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{_PACKAGE}">
<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{_RELS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
_HEADER = ("case_id", "prison", "sentence_type")


def _sheet(extra_cells: str = "") -> str:
    """The Cases sheet: a header of shared strings 0-2 and one case, then ``extra_cells``."""
    header = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABC"))
    case = "".join(f'<c r="{c}2" t="s"><v>{i}</v></c>' for i, c in enumerate("ABC"))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
        f'<row r="1">{header}</row><row r="2">{case}</row>{extra_cells}</sheetData></worksheet>'
    )


def _write(path: Path, sheet: str, strings_bytes: int = 0) -> Path:
    """The workbook, its shared strings padded with ``strings_bytes`` of one-letter strings."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _BOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet(sheet))
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">'.encode())
            strings.write("".join(f"<si><t>{text}</t></si>" for text in _HEADER).encode())
            block = b"<si><t>x</t></si>" * 65536
            for _ in range(strings_bytes // len(block)):
                strings.write(block)
            strings.write(b"</sst>")
    return path


def zip_bomb(path: Path, unpacked: int) -> Path:
    """A workbook of a few MB whose shared strings unpack to about ``unpacked`` bytes."""
    return _write(path, "", unpacked)


def far_cell(path: Path, reference: str = "XFD1048576") -> Path:
    """A tiny workbook with one more cell, far out at ``reference``."""
    row = "".join(ch for ch in reference if ch.isdigit())
    return _write(path, f'<row r="{row}"><c r="{reference}"><v>1</v></c></row>')
