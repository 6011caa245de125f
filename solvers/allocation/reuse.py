"""A what-if's reuse of its baseline: keep the baseline's outcomes, hand them back unchanged.

``Recorder`` keeps the baseline's sub-problems and outcomes, and ``Reuser`` hands a
scenario the baseline's outcome for a sub-problem the scenario did not change (same
cases, staff, loads, settings, solver, time budget and seed), so that only changed
prisons and LDUs are solved again and the differences in the comparison come from
the changes alone. Both wrap any executor of ``solvers.executors``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

from solvers.allocation.task import Outcome, Task

Known = dict[tuple[str, str], tuple[Task, Outcome]]


class Recorder(Executor):
    """Passes every task on and keeps it with its future (to reuse the baseline's outcomes)."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self.submitted: list[tuple[Task, Future[Outcome]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Submit to the inner executor, recording a ``Task``."""
        future = self.inner.submit(fn, *args, **kwargs)
        if args and isinstance(args[0], Task):
            self.submitted.append((args[0], future))
        return future

    def known(self) -> Known:
        """Each recorded sub-problem, by kind and name, with its outcome."""
        return {(task.sp.kind, task.sp.name): (task, f.result()) for task, f in self.submitted}


class Reuser(Executor):
    """Hands back the baseline's outcome for an unchanged sub-problem; solves the others."""

    def __init__(self, inner: Executor, known: Known) -> None:
        self.inner = inner
        self.known = known
        # Sub-problems by kind and name: one solved in two rounds of the budget counts once.
        self._reused: set[tuple[str, str]] = set()
        self._solved: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    @property
    def reused(self) -> int:
        """Sub-problems given the baseline's outcome."""
        return len(self._reused)

    @property
    def solved(self) -> int:
        """Sub-problems solved again."""
        return len(self._solved)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """The baseline's outcome when the task is the baseline's, else the inner executor's."""
        task = args[0] if args else None
        if not isinstance(task, Task):
            return self.inner.submit(fn, *args, **kwargs)
        key = (task.sp.kind, task.sp.name)
        hit = self.known.get(key)
        if hit is not None and same_task(hit[0], task):
            with self._lock:
                self._reused.add(key)
            future: Future[Any] = Future()
            future.set_result(hit[1])
            return future
        with self._lock:
            self._solved.add(key)
        return self.inner.submit(fn, *args, **kwargs)


def same_task(first: Task, second: Task) -> bool:
    """The same sub-problem solved the same way (the start and its share of time aside)."""
    how = (first.solver, first.budget, first.seed)
    return how == (second.solver, second.budget, second.seed) and first.sp == second.sp
