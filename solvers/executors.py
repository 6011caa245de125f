"""Where the sub-problems of a what-if run: here, in local processes, or on a Dask cluster.

Every executor here is a ``concurrent.futures.Executor`` that ``solvers.allocation.run.solve``
accepts. Two wrappers add what a what-if needs: ``Recorder`` keeps the baseline's
sub-problems and outcomes, and ``Reuser`` hands a scenario the baseline's outcome
for a sub-problem the scenario did not change (same cases, staff, loads, settings,
solver, time limit and seed), so that only changed prisons and LDUs are solved
again and the differences in the comparison come from the changes alone.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

from allocator.domain.result import SubResult
from solvers.allocation.run import Task
from solvers.allocation.score import Choice

Outcome = tuple[list[Choice], SubResult]
Known = dict[tuple[str, str], tuple[Task, Outcome]]


CONNECT_TIMEOUT = "10s"  # how long to wait for the scheduler to answer


class ClusterUnreachable(Exception):
    """The Dask scheduler named on the command line cannot be reached."""


class InlineExecutor(Executor):
    """Runs each task at once, in this process (``--workers 1``)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn(*args, **kwargs)`` now; the future is already done."""
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed back through the future, as any executor does
            future.set_exception(exc)
        return future


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
        self.reused = 0
        self.solved = 0
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """The baseline's outcome when the task is the baseline's, else the inner executor's."""
        task = args[0] if args else None
        hit = self.known.get((task.sp.kind, task.sp.name)) if isinstance(task, Task) else None
        if isinstance(task, Task) and hit is not None and same_task(hit[0], task):
            with self._lock:
                self.reused += 1
            future: Future[Any] = Future()
            future.set_result(hit[1])
            return future
        with self._lock:
            self.solved += 1
        return self.inner.submit(fn, *args, **kwargs)


def same_task(first: Task, second: Task) -> bool:
    """The same sub-problem solved the same way (the starting allocation aside)."""
    how = (first.solver, first.time_limit, first.seed)
    return how == (second.solver, second.time_limit, second.seed) and first.sp == second.sp


@contextlib.contextmanager
def open_executor(workers: int, cluster: str | None = None) -> Iterator[Executor]:
    """The executor of a run: a Dask cluster's, local processes, or this process.

    Parameters
    ----------
    workers
        Local worker processes (1 = solve in this process); ignored with ``cluster``.
    cluster
        The address of a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``.

    Raises
    ------
    ClusterUnreachable
        When no scheduler answers at ``cluster``.
    """
    if cluster:
        with _dask(cluster) as executor:
            yield executor
    elif workers > 1:
        context = multiprocessing.get_context("spawn")  # no fork of a process OR-Tools runs in
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield pool
    else:
        yield InlineExecutor()


@contextlib.contextmanager
def _dask(address: str) -> Iterator[Executor]:
    """A Dask client's executor; tasks are not hashed (each sub-problem is solved once)."""
    from distributed import Client

    _probe(address)
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ClusterUnreachable(f"cannot reach a Dask scheduler at {address} ({exc})") from None
    try:
        yield client.get_executor(pure=False)  # type: ignore[no-untyped-call]
    finally:
        client.close()  # type: ignore[no-untyped-call]


def _probe(address: str) -> None:
    """Refuse an address that is malformed, or a TCP scheduler that does not answer."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address, strict=True)
        host, port = parse_host_port(location)
    except ValueError as exc:
        raise ClusterUnreachable(
            f"--cluster {address}: {exc}; give the scheduler's address as tcp://HOST:PORT"
        ) from None
    if scheme not in ("tcp", "tls"):
        raise ClusterUnreachable(
            f"--cluster {address}: a Dask scheduler's address starts tcp:// (or tls://)"
        )
    if scheme == "tls":
        return  # a TLS handshake needs the client's certificates: left to the Dask client
    try:
        socket.create_connection((host, port), timeout=_seconds(CONNECT_TIMEOUT)).close()
    except OSError as exc:
        raise ClusterUnreachable(f"cannot reach a Dask scheduler at {address} ({exc})") from None


def _seconds(text: str) -> float:
    """'10s' as 10.0."""
    return float(text.rstrip("s"))
