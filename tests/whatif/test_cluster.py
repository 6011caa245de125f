"""The Dask path: a local cluster (two worker processes on loopback) gives the local results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from allocator.cli.app import cli
from allocator.domain.problem import ProblemData
from allocator.job.solving import RunOptions
from allocator.whatif.run import Outcome, run_whatif
from solvers.executors import InlineExecutor, open_executor
from tests.conftest import write_xlsx
from tests.whatif.builders import ONE_OF_EACH, applied, sample, with_scenarios

# A generous deterministic limit: every sub-problem here stops on its gap long before, and the
# wall-clock safety net (three times the limit) is never reached, even on a busy machine.
OPTIONS = RunOptions(time_limit=10.0)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A Dask scheduler and two single-threaded worker processes on 127.0.0.1."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ProblemData]:
    """The 2-prison sample."""
    return sample(tmp_path_factory.mktemp("sample"))


def fingerprint(outcome: Outcome) -> tuple[Any, ...]:
    """Everything a run decides (not how long it took)."""
    subs = tuple(
        (s.name, s.kind, s.status, s.objective, s.bound) for s in outcome.result.subresults
    )
    return (
        outcome.name,
        dict(outcome.result.allocation.pom),
        dict(outcome.result.allocation.com),
        outcome.result.objective,
        subs,
        outcome.report.kpis,
        outcome.solved,
        outcome.reused,
    )


def test_the_cluster_gives_the_local_results(cluster: str, base: tuple[Path, ProblemData]) -> None:
    data = base[1]
    scenarios = [applied(data, change[0], change) for change in ONE_OF_EACH[:4]]
    local = run_whatif(data, scenarios, OPTIONS, InlineExecutor())
    with open_executor(1, cluster) as executor:
        remote = run_whatif(data, scenarios, OPTIONS, executor)
    assert [fingerprint(o) for o in remote] == [fingerprint(o) for o in local]


def test_the_command_on_the_cluster_writes_the_local_comparison(
    cluster: str, base: tuple[Path, ProblemData], tmp_path: Path
) -> None:
    scenarios = write_xlsx(
        tmp_path / "s.xlsx",
        {
            "Scenarios": with_scenarios(
                ["cap", "setting", "po_cases_per_fte", 60],
                ["away", "staff_status", "ASH-P001;BRW-P003", "inactive"],
            )["Scenarios"]
        },
    )
    common = [str(base[0]), "--scenarios", str(scenarios), "--time-limit", "10", "--quiet"]
    local, remote = tmp_path / "local.xlsx", tmp_path / "remote.xlsx"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["whatif", *common, "-o", str(local), "--workers", "2"]).exit_code == 0
    )
    result = runner.invoke(cli, ["whatif", *common, "-o", str(remote), "--cluster", cluster])
    assert result.exit_code == 0, result.output
    assert _comparison(remote) == _comparison(local)


def _comparison(path: Path) -> list[tuple[Any, ...]]:
    """The Comparison sheet without the timings."""
    rows = list(openpyxl.load_workbook(path)["Comparison"].iter_rows(values_only=True))
    keep = [i for i, name in enumerate(rows[0]) if name != "seconds"]
    return [tuple(row[i] for i in keep) for row in rows]
