"""Every hostile or unusual workbook, through ``allocator allocate``: no traceback, no
exit 70, no half-written file, and the input byte-identical afterwards.

The workbooks are generated here (``tests/conftest.py`` and ``tests/inputs/hostile.py``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli.app import cli
from allocator.job.exits import EXIT_HARD, EXIT_INPUT
from tests.conftest import Formula, Layout, good_sheets, set_cell, write_xlsx
from tests.inputs.hostile import far_cell, zip_bomb


def _merged(path: Path) -> Path:
    return write_xlsx(path, good_sheets(), Layout(merged={"Cases": [("L2:L4", "L1")]}))


def _invisible(path: Path) -> Path:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "current_pom", "P1\u200b")
    sheets["Cases"][0][0] = "\ufeffcase_id"
    return write_xlsx(path, sheets)


def _very_hidden(path: Path) -> Path:
    sheets = good_sheets()
    sheets = {"Staff": sheets.pop("Staff"), **sheets, "cases ": [["case_id"], ["Z9999ZZ"]]}
    return write_xlsx(path, sheets, Layout(very_hidden=["cases "]))


def _uncalculated(path: Path) -> Path:
    sheets = good_sheets()
    set_cell(sheets, "Cases", 2, "tier", Formula('=LEFT("B2",1)', "B"))
    return write_xlsx(path, sheets)


def _last_column(path: Path) -> Path:
    sheets = good_sheets()
    sheets["Cases"][2].extend([None] * (16384 - len(sheets["Cases"][2])))
    sheets["Cases"][2][-1] = "far out"
    sheets["Cases"][1].append("a note beside the table")
    return write_xlsx(path, sheets)


CASES: dict[str, tuple[Callable[[Path], Path], int, str]] = {
    "zip bomb": (lambda p: zip_bomb(p, 320 * 1024 * 1024), EXIT_INPUT, "unpacks to"),
    "far cell": (far_cell, EXIT_INPUT, "too large to read"),
    "merged cells": (_merged, EXIT_HARD, "report written"),
    "invisible characters": (_invisible, EXIT_HARD, "report written"),
    "very hidden sheet": (_very_hidden, EXIT_HARD, "report written"),
    "formula": (_uncalculated, EXIT_HARD, "report written"),
    "last column": (_last_column, EXIT_HARD, "no write-back copy written"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_workbook_is_handled_and_left_as_it_was(case: str, tmp_path: Path) -> None:
    make, code, said = CASES[case]
    source = make(tmp_path / "input.xlsx")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "out"
    out.mkdir()
    args = ["allocate", str(source), "-o", str(out / "report.xlsx"), "--solver", "greedy"]
    result = CliRunner().invoke(cli, [*args, "--write-back", str(out / "copy.xlsx")])
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert said in result.output
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    written = sorted(p.name for p in out.iterdir())
    if code == EXIT_INPUT:
        assert written == []
    else:
        assert all(not name.startswith((".", "~")) for name in written)
        assert "report.xlsx" in written
