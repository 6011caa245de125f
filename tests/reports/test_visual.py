"""The report as a person sees it: LibreOffice renders it to PDF and PNG pages.

Opt-in (``pytest -m visual``; CI installs LibreOffice and poppler for it). The PDF
must open, show every sheet (each page's footer names its sheet), hold every column of
a sheet on that sheet's pages (fit to width: no column spills onto a page of its own),
keep every word inside the page, and print landscape.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

from reports.allocation import write
from reports.writeback import write_back
from tests.conftest import good_sheets, write_xlsx
from tests.reports.helpers import report_from

pytestmark = pytest.mark.visual

SHEETS = (
    "Summary",
    "Allocations",
    "Prisons",
    "Staff",
    "SPOs",
    "Violations",
    "HQ returns",
    "Problems",
)
_FIRST_WORD = {name.split()[0]: name for name in SHEETS}  # a footer is read word by word
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>'
)


@dataclass
class Page:
    """One PDF page: its size and its words (left, top, right, text)."""

    width: float
    height: float
    words: list[tuple[float, float, float, str]]

    @property
    def text(self) -> set[str]:
        return {word for *_, word in self.words}


def convert(workbook: Path, folder: Path) -> Path:
    """LibreOffice's PDF of the workbook (its own profile, so runs never share a lock)."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / f"{workbook.stem}.pdf"


def pages(pdf: Path) -> list[Page]:
    """Every page's words and where they are."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        Page(
            float(w),
            float(h),
            [
                (float(x0), float(y0), float(x1), unescape(t))
                for x0, y0, x1, t in _WORD.findall(body)
            ],
        )
        for w, h, body in _PAGE.findall(xml)
    ]


def sheet_of(page: Page) -> str:
    """The sheet a page shows: its footer, the lowest words on the page, names it."""
    footer = [(y0, word) for x0, y0, _, word in page.words if word in _FIRST_WORD and x0 < 100]
    return _FIRST_WORD[max(footer)[1]] if footer else ""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Page]]:
    folder = tmp_path_factory.mktemp("visual")
    workbook = write_xlsx(folder / "input.xlsx", good_sheets())
    report = folder / "report.xlsx"
    write(report, report_from(workbook))
    pdf = convert(report, folder)
    return pdf, pages(pdf)


def test_the_report_opens_and_every_sheet_is_there(rendered: tuple[Path, list[Page]]) -> None:
    pdf, found = rendered
    assert pdf.read_bytes().startswith(b"%PDF")
    # each sheet in order; a wide one (HQ returns) prints over several pages
    assert list(dict.fromkeys(sheet_of(p) for p in found)) == list(SHEETS)


def test_every_column_is_on_its_sheets_page(rendered: tuple[Path, list[Page]]) -> None:
    _, found = rendered
    first = {sheet_of(p): p for p in reversed(found)}
    expected = {
        "Allocations": ("case_id", "responsibility", "pom", "com_changed", "points", "reason"),
        "Staff": ("staff_id", "tier_a", "handovers_next_8_weeks", "utilisation_pct", "max_cases"),
        "SPOs": ("spo_id", "span_fte", "span_headcount", "over_limit"),
        "Violations": ("rule", "severity", "case_id", "amount", "limit", "message"),
        "Problems": ("severity", "sheet", "row", "column", "value", "problem"),
        "Summary": ("figure", "value", "prison", "mean_pom_utilisation_pct", "limit_pct"),
    }
    for sheet, headers in expected.items():
        missing = [h for h in headers if h not in first[sheet].text]
        assert not missing, f"{sheet}: {missing} not on its first page"


def test_nothing_spills_off_the_page(rendered: tuple[Path, list[Page]]) -> None:
    _, found = rendered
    for page in found:
        assert page.width > page.height  # landscape
        outside = [w for x0, _, x1, w in page.words if x0 < 0 or x1 > page.width]
        assert not outside, f"{sheet_of(page)}: {outside[:5]} run off the page"


def test_pages_render_to_png(rendered: tuple[Path, list[Page]]) -> None:
    pdf, found = rendered
    prefix = pdf.parent / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(prefix)], check=True)
    pngs = sorted(pdf.parent.glob("page-*.png"))
    assert len(pngs) == len(found)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-f", "1", "-l", "1", str(pdf), str(prefix)], check=True
    )
    width, height, pixels = _ppm(next(pdf.parent.glob("page-*.ppm")))
    margin = [pixels[(y * width + x) * 3] for y in range(height) for x in range(width - 8, width)]
    assert min(margin) > 240  # the right margin is blank: nothing is cut at the edge


def _ppm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and RGB bytes of a binary PPM (P6) image."""
    data = path.read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert (magic, depth) == (b"P6", b"255")
    return int(width), int(height), pixels


def test_the_write_back_copy_opens(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "mine.xlsx", good_sheets())
    copy = tmp_path / "copy.xlsx"
    write_back(source, copy, report_from(source))
    found = pages(convert(copy, tmp_path))
    text = set().union(*(p.text for p in found))
    assert {"proposed_pom", "proposed_com", "reason", "figure", "utilisation_pct"} <= text
