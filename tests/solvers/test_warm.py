"""A small run solved in a worker process started ahead: the same answer, and the process
that hands the work out never loads the solver (``solvers.executors.warm``)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from allocator.domain.problem import ProblemData
from allocator.domain.result import Result
from inputs import read
from reports.sample import write_sample
from solvers import SolveOptions, solve
from solvers.allocation import WORKER_MODULES
from solvers.executors import warm

RUN_DATE = date(2026, 11, 23)
SOLVER_PACKAGES = ["numpy", "ortools", "pandas"]
HEAVY = [*SOLVER_PACKAGES, "openpyxl"]  # openpyxl: only a write-back needs it


@pytest.fixture(scope="module")
def one_prison(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's one-prison sample (1,200 cases, 5 sub-problems), written once."""
    path = tmp_path_factory.mktemp("warm") / "one.xlsx"
    write_sample(path, prisons=1, seed=1, run_date=RUN_DATE)
    return path


def _data(path: Path) -> ProblemData:
    data = read(path).data
    assert data is not None
    return data


def _answer(result: Result) -> Result:
    """The result without its timings (the only thing that may differ)."""
    subs = tuple(replace(sub, seconds=0.0) for sub in result.subresults)
    return replace(result, subresults=subs, seconds=0.0)


def test_a_warm_process_gives_the_answer_solved_here(one_prison: Path) -> None:
    data = _data(one_prison)
    here = solve(data, SolveOptions(workers=1))
    with warm(1, WORKER_MODULES) as pool:
        there = solve(data, SolveOptions(workers=2, warm=pool))
    assert len(here.subresults) > 1 and any(s.decided for s in here.subresults)
    assert _answer(there) == _answer(here)


def _loaded_by_allocate(workbook: Path, output: Path, workers: int) -> list[str]:
    """The heavy packages in ``allocator allocate``'s own process once the command is done."""
    script = (
        "import json, sys\n"
        "from allocator.cli.main import main\n"
        "try:\n"
        f"    main(['allocate', {str(workbook)!r}, '-o', {str(output)!r}, '--quiet',"
        f" '--workers', '{workers}'])\n"
        "except SystemExit as end:\n"
        "    assert end.code == 1, end.code  # written, with the sample's hard violations\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert output.exists()
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_allocate_with_workers_never_loads_the_solver_itself(
    one_prison: Path, tmp_path: Path
) -> None:
    assert _loaded_by_allocate(one_prison, tmp_path / "two.xlsx", 2) == []


def test_allocate_with_one_worker_solves_in_its_own_process(
    one_prison: Path, tmp_path: Path
) -> None:
    """The check above can fail: solving here loads OR-Tools, pandas and numpy."""
    assert _loaded_by_allocate(one_prison, tmp_path / "one.xlsx", 1) == SOLVER_PACKAGES
