"""The one loop that runs tasks: largest first, outcomes in task order, each reported; and
worker processes started ahead (``warm``)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from solvers import executors


def _double(n: int) -> int:
    return 2 * n


def test_inline_runs_the_largest_first_and_returns_in_task_order() -> None:
    started: list[int] = []

    def fn(n: int) -> int:
        started.append(n)
        return 2 * n

    done: list[int] = []
    out = executors.run_all(fn, [1, 2, 3], sizes=[5, 30, 10], done=done.append)
    assert out == [2, 4, 6]
    assert started == [2, 3, 1]  # sizes 30, 10, 5
    assert done == [4, 6, 2]  # reported as each ends


def test_worker_processes_give_the_same_outcomes() -> None:
    done: list[int] = []
    out = executors.run_all(_double, [1, 2, 3, 4], [1, 2, 3, 4], workers=2, done=done.append)
    assert out == [2, 4, 6, 8]
    assert sorted(done) == [2, 4, 6, 8]


def test_a_given_executor_is_used() -> None:
    seen: list[int] = []

    class Spy(executors.InlineExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(args[0])
            return super().submit(fn, *args, **kwargs)

    assert executors.run_all(_double, [3, 1], [1, 3], executor=Spy()) == [6, 2]
    assert seen == [1, 3]


def _imported(name: str) -> bool:
    return name in sys.modules


def test_warm_processes_have_loaded_their_modules_before_the_first_task() -> None:
    with executors.warm(1, ["colorsys"]) as pool:
        assert pool.submit(_imported, "colorsys").result() is True
        assert pool.submit(_imported, "wave").result() is False


def test_leaving_the_block_ends_a_process_still_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that stops before it solves (an input error) does not wait for the solver to load."""
    (tmp_path / "never_loads.py").write_text("import time\ntime.sleep(3600)\n")
    monkeypatch.syspath_prepend(str(tmp_path))  # the spawned process gets this path too
    ended = threading.Event()

    def run() -> None:
        with executors.warm(1, ["never_loads"]):
            pass
        ended.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    # A guard, not a measure: the block ends at once; without the guard a bug would hang here.
    assert ended.wait(120)


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
@pytest.mark.parametrize("start", ["executors.processes(1).shutdown()", "executors.warm(1, [])"])
def test_starting_processes_keeps_sigint_blocked(start: str) -> None:
    """The first pool of a process starts multiprocessing's resource tracker, which unblocks
    SIGINT: the Ctrl+C watcher would lose it. A fresh process, so that it is the first."""
    script = (
        "import contextlib, signal\n"
        "from solvers import executors\n"
        "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})\n"
        "with contextlib.ExitStack() as stack:\n"
        f"    made = {start}\n"
        "    if isinstance(made, contextlib.AbstractContextManager):\n"
        "        stack.enter_context(made)\n"
        "    print(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set()))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]
