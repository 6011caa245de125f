"""Checking where a workbook goes loads no workbook writer (the command line does it first)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reports.files import atomic_path, write_problem


def test_checking_the_output_loads_no_xlsxwriter() -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from reports.files import write_problem\n"
        "write_problem(Path('report.xlsx'))\n"
        "print('xlsxwriter' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]


def test_a_writable_place_has_no_problem_and_leaves_nothing(tmp_path: Path) -> None:
    assert write_problem(tmp_path / "report.xlsx") is None
    assert list(tmp_path.iterdir()) == []


def test_a_file_in_the_way_is_named(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("")
    problem = write_problem(tmp_path / "blocker" / "report.xlsx")
    assert problem is not None and "is a file, not a folder" in problem


def test_atomic_path_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.write_text("earlier")
    try:
        with atomic_path(target) as temp:
            temp.write_text("half")
            raise RuntimeError("stopped")
    except RuntimeError:
        pass
    assert target.read_text() == "earlier"
    with atomic_path(target) as temp:
        temp.write_text("new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
