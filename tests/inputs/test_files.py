"""Files that are not workbooks: one plain error each, never a traceback."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from inputs import Severity, read
from inputs.workbook import NotAWorkbook, open_sheets

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(path: Path, *streams: str) -> Path:
    """A fake OLE2 (compound document) container naming the given streams.

    Excel saves an encrypted .xlsx as such a container holding ``EncryptionInfo``
    and ``EncryptedPackage`` streams; an old .xls holds a ``Workbook`` stream.
    The directory entries store the names as UTF-16LE, which is all the reader
    looks at, so the magic bytes and the names are enough here.
    """
    body = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in streams)
    path.write_bytes(OLE_MAGIC + bytes(504) + body + bytes(512))
    return path


def only_error(path: Path | str) -> str:
    """Read ``path``; assert that the result is exactly one whole-file error; its text."""
    result = read(path)
    assert result.data is None
    assert not result.ok
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.severity is Severity.ERROR
    assert (problem.sheet, problem.row, problem.column) == ("", None, "")
    return problem.problem


def test_missing_path(tmp_path: Path) -> None:
    message = only_error(tmp_path / "nowhere" / "input.xlsx")
    assert "does not exist" in message
    assert "check the folder and the file name" in message


def test_directory(tmp_path: Path) -> None:
    assert "is a folder, not a file" in only_error(tmp_path)


def test_zero_bytes(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert only_error(path) == "empty.xlsx is empty (0 bytes): it is not an Excel workbook"


@pytest.mark.parametrize(
    "text", ["case_id,prison\nA1,LEI\n", "\ufeffcase_id;prison\r\nA1;LEI\r\n", "é,ü\n1,2\n"]
)
def test_csv_renamed_to_xlsx(tmp_path: Path, text: str) -> None:
    path = tmp_path / "cases.xlsx"
    path.write_text(text, encoding="utf-8")
    message = only_error(path)
    assert message.startswith("cases.xlsx is a text or CSV file, not an Excel workbook")
    assert "save it as an Excel Workbook (.xlsx)" in message


def test_web_page_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("<html><body><table><tr><td>A1</td></tr></table></body></html>")
    assert "is a web page (HTML)" in only_error(path)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes(range(256)) * 4)
    assert only_error(path).startswith("noise.xlsx is not an Excel workbook")


def test_old_xls_file(tmp_path: Path) -> None:
    path = ole_file(tmp_path / "old.xls", "Root Entry", "Workbook", "SummaryInformation")
    message = only_error(path)
    assert "old Excel 97-2003 (.xls) file" in message
    assert "save it as an Excel Workbook (.xlsx)" in message


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = ole_file(tmp_path / "locked.xlsx", "Root Entry", "EncryptionInfo", "EncryptedPackage")
    message = only_error(path)
    assert message.startswith("locked.xlsx is password-protected")
    assert "remove the password" in message


def test_truncated_workbook(xlsx: Callable[..., Path], tmp_path: Path) -> None:
    content = xlsx().read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(content[: len(content) // 2])
    message = only_error(path)
    assert "cut.xlsx is damaged (not a complete Excel file)" in message


def test_corrupt_sheet_inside_the_zip(xlsx: Callable[..., Path], tmp_path: Path) -> None:
    source = xlsx()
    path = tmp_path / "corrupt.xlsx"
    with zipfile.ZipFile(source) as good, zipfile.ZipFile(path, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # XML cut off in the middle
            bad.writestr(item, data)
    message = only_error(path)
    assert "corrupt.xlsx is damaged" in message
    assert "save it again" in message


@pytest.mark.parametrize(
    ("member", "kind"),
    [
        ("notes.txt", "a zip file, not an Excel workbook"),
        ("content.xml", "an OpenDocument (LibreOffice) file"),
        ("word/document.xml", "a Word document"),
        ("xl/workbook.bin", "an Excel Binary Workbook (.xlsb)"),
    ],
)
def test_zip_that_is_not_an_xlsx(tmp_path: Path, member: str, kind: str) -> None:
    path = tmp_path / "other.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "hello")
    assert kind in only_error(path)


def test_excel_lock_file(xlsx: Callable[..., Path], tmp_path: Path) -> None:
    path = tmp_path / "~$input.xlsx"
    path.write_bytes(b"\x05alice" + bytes(160))
    assert "temporary lock file" in only_error(path)
    assert "use input.xlsx instead" in only_error(path)


def test_path_as_text(xlsx: Callable[..., Path]) -> None:
    assert read(str(xlsx())).ok


def test_open_sheets_raises_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"a,b\n")
    with pytest.raises(NotAWorkbook, match="text or CSV"):
        open_sheets(path)
