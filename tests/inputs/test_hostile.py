"""Hostile workbooks are refused before they are unpacked, in little memory, with exit 65.

The memory is measured in a fresh process (``resource.getrusage``), as a user's run
would spend it: before these checks, the 400 MB bomb below took 1.3 GB to read and
the cell at XFD1048576 crashed the engine.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli.app import cli
from allocator.job.exits import EXIT_INPUT
from inputs import read
from inputs.limits import MAX_CELLS, extent
from tests.inputs.hostile import far_cell, zip_bomb

GB = 1024**3
_MEASURE = """
import resource, sys
from inputs import read
result = read(sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
print(result.problems[0].problem)
"""


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2.5 MB on disk, 400 MB of shared strings unpacked."""
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", 400 * 1024 * 1024)


def _peak_and_message(path: Path) -> tuple[int, str]:
    """Read ``path`` in a fresh process: its peak memory in bytes and the first problem."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    peak, message = done.stdout.splitlines()
    return int(peak), message


def test_a_zip_bomb_is_refused_from_the_zip_directory(bomb: Path) -> None:
    assert bomb.stat().st_size < 3 * 1024 * 1024
    result = read(bomb)
    assert not result.ok
    text = result.problems[0].problem
    assert text.startswith("bomb.xlsx unpacks to 400 MB, more than the 300 MB")
    assert "open it in Excel and save it again" in text


def test_a_cell_at_the_last_row_and_column_is_refused(tmp_path: Path) -> None:
    result = read(far_cell(tmp_path / "far.xlsx"))
    assert not result.ok
    assert result.problems[0].problem == (
        "far.xlsx is too large to read: the sheet Cases reaches cell XFD1048576: read from A1 "
        f"that is 17,179,869,184 cells, more than the {MAX_CELLS:,} the allocator reads; "
        "delete the empty rows below your data and the empty columns to its right "
        "(select them, right-click, Delete) and save"
    )


def test_a_wide_sheet_within_the_limit_is_read(tmp_path: Path) -> None:
    # 200 rows to column AAA (703): 140,600 cells, far inside the limit
    result = read(far_cell(tmp_path / "wide.xlsx", "AAA200"))
    assert "too large" not in " ".join(p.problem for p in result.problems)


@pytest.mark.parametrize("kind", ["bomb", "far cell"])
def test_reading_a_hostile_workbook_stays_under_1_gb(kind: str, bomb: Path, tmp_path: Path) -> None:
    path = bomb if kind == "bomb" else far_cell(tmp_path / "far.xlsx")
    peak, message = _peak_and_message(path)
    assert peak < 1 * GB, f"{peak / GB:.2f} GB"
    assert "unpacks to" in message or "too large to read" in message


def test_allocate_refuses_a_bomb_with_exit_65_and_writes_nothing(
    bomb: Path, tmp_path: Path
) -> None:
    before = bomb.stat().st_mtime_ns, bomb.stat().st_size
    result = CliRunner().invoke(cli, ["allocate", str(bomb), "-o", str(tmp_path / "r.xlsx")])
    assert result.exit_code == EXIT_INPUT, result.output
    assert "unpacks to 400 MB" in result.output
    assert list(tmp_path.iterdir()) == []
    assert (bomb.stat().st_mtime_ns, bomb.stat().st_size) == before


def test_a_far_cell_written_unusually_is_still_found() -> None:
    # r not the first attribute, and a namespaced cell: the plain search misses both
    xml = (
        b'<row r="1"><c r="A1"><v>1</v></c><c s="2" r="XFD1048576"><v>1</v></c></row>'
        b'<x:row r="9"><x:c r="C9"/></x:row>'
    )
    assert extent(io.BytesIO(xml)) == (1048576, 16384)
    assert extent(io.BytesIO(b'<x:c r="C9"/><x:c r="B12"/>')) == (12, 3)
