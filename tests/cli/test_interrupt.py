"""Ctrl+C sent to a real ``allocator`` process: exit 130, nothing written, a plain message.

A ten-prison sample (6,800 cases, 27 sub-problems, about ten seconds of solving) is
allocated in a subprocess and interrupted with SIGINT at a known moment: while the
workbook is being read (the process has it open), or while solving (the progress
line has appeared). The report that was at ``-o`` before must be untouched, no
temporary file may be left beside it, and the input must be byte-identical.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from allocator.job.exits import EXIT_INTERRUPTED
from reports.sample import write_sample

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="watches the process through /proc"
)
EARLIER = b"an earlier report, which must survive"
_WAIT_S = 120


@pytest.fixture(scope="module")
def national_ish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sample of ten prisons, written once for the module."""
    path = tmp_path_factory.mktemp("sample") / "sample.xlsx"
    write_sample(path, prisons=10, seed=1, run_date=date(2026, 11, 23))
    return path


def _interrupt(
    workbook: Path, folder: Path, ready: Callable[[int, Path], bool], *options: str
) -> tuple[int, str]:
    """Run ``allocator allocate``, send SIGINT once ``ready``; the exit code and stderr."""
    output = folder / "report.xlsx"
    output.write_bytes(EARLIER)
    errors = folder / "stderr.txt"
    allocator = Path(sys.executable).with_name("allocator")
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            [str(allocator), "allocate", str(workbook), "-o", str(output), *options],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + _WAIT_S
            while not ready(process.pid, errors):
                assert process.poll() is None, errors.read_text()
                assert time.monotonic() < deadline, "the moment to interrupt never came"
                time.sleep(0.01)
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=_WAIT_S)
        finally:
            process.kill()
    return code, errors.read_text()


def _reading(workbook: Path) -> Callable[[int, Path], bool]:
    """True while the process has the workbook open (only reading opens it before a solve)."""

    def ready(pid: int, _errors: Path) -> bool:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except FileNotFoundError:
            return False
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == str(workbook):
                    return True
            except OSError:
                continue
        return False

    return ready


def _solving(_pid: int, errors: Path) -> bool:
    """True once the progress line is out: the first sub-problem is solved, 26 are left."""
    return "solving" in errors.read_text()


def _assert_untouched(folder: Path, code: int, stderr: str) -> None:
    """Exit 130, the plain message, the earlier report as it was, no leftover file."""
    assert code == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr
    assert "Interrupted: the run was stopped before it finished. Nothing was written" in stderr
    assert (folder / "report.xlsx").read_bytes() == EARLIER
    assert sorted(p.name for p in folder.iterdir()) == ["report.xlsx", "stderr.txt"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_while_solving_writes_nothing(
    national_ish: Path, tmp_path: Path, workers: str
) -> None:
    before = national_ish.read_bytes()
    code, stderr = _interrupt(national_ish, tmp_path, _solving, "--workers", workers)
    _assert_untouched(tmp_path, code, stderr)
    assert "Ctrl+C: stopping" in stderr
    assert national_ish.read_bytes() == before


@pytest.mark.parametrize("workers", ["1", "2"])  # 2: a worker process is loading the solver
def test_ctrl_c_while_reading_writes_nothing(
    national_ish: Path, tmp_path: Path, workers: str
) -> None:
    before = national_ish.read_bytes()
    code, stderr = _interrupt(national_ish, tmp_path, _reading(national_ish), "--workers", workers)
    _assert_untouched(tmp_path, code, stderr)
    assert "solving" not in stderr
    assert national_ish.read_bytes() == before
