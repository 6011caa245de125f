"""``allocator sample`` with a shape: fewer LDUs, more COM decisions, staff over capacity."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import inputs
from allocator.cli.app import cli
from allocator.domain.enums import Role


def test_the_shape_options_reach_the_workbook(tmp_path: Path) -> None:
    out = tmp_path / "stretched.xlsx"
    args = ["sample", str(out), "--prisons", "3", "--ldus", "2", "--run-date", "2026-11-23"]
    args += ["--com-missing-pct", "40", "--staffing-pct", "85"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "ldus=2" in result.output
    data = inputs.read(out).data
    assert data is not None
    assert len({s.location for s in data.staff if s.role is Role.COM}) == 2


def test_a_shape_option_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sample", str(tmp_path / "x.xlsx"), "--ldus", "0"])
    assert result.exit_code == 2
    assert "--ldus" in result.output
