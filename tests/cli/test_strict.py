"""``--strict`` on every command that reads a workbook: a leaver stops the run, nothing is written.

By default a ``current_pom`` not on the Staff sheet is a leaver: a warning, and the run goes on.
With ``--strict`` it is an error: exit 65, nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from allocator.cli.app import cli
from tests.conftest import Rows, set_cell
from tests.deploy.test_command import eoi_sheets
from tests.whatif.builders import with_scenarios

Make = Callable[..., Path]


def _with_leaver(sheets: dict[str, Rows]) -> dict[str, Rows]:
    set_cell(sheets, "Cases", 2, "current_pom", "GONE")  # not on the Staff sheet
    return sheets


COMMANDS = {
    "capacity": (lambda: _with_leaver(with_scenarios()), ["--quiet"], 0),
    "whatif": (
        lambda: _with_leaver(with_scenarios(["caps", "setting", "po_cases_per_fte", 60])),
        ["--workers", "1", "--quiet"],
        0,
    ),
    "deploy": (lambda: _with_leaver(eoi_sheets()), ["--quiet"], 0),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_leaver_is_a_warning_by_default_and_an_error_with_strict(
    command: str, xlsx: Make, tmp_path: Path
) -> None:
    make, extra, lenient_exit = COMMANDS[command]
    workbook = str(xlsx(make()))
    lenient, strict = tmp_path / "lenient.xlsx", tmp_path / "strict.xlsx"
    runner = CliRunner()
    result = runner.invoke(cli, [command, workbook, "-o", str(lenient), *extra])
    assert result.exit_code in (lenient_exit, 1), result.output  # written (1: hard breaches)
    assert lenient.exists()
    assert "0 errors, 1 warnings" in result.output  # the leaver (listed in the report)
    result = runner.invoke(cli, [command, workbook, "-o", str(strict), *extra, "--strict"])
    assert result.exit_code == 65, result.output
    assert "GONE" in result.output
    assert not strict.exists()
