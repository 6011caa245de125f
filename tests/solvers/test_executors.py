"""The one loop that runs tasks: largest first, outcomes in task order, each reported."""

from __future__ import annotations

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
