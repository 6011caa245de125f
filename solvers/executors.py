"""Where sub-problems run: here, in local processes, or on a Dask cluster.

Every executor here is a ``concurrent.futures.Executor``. ``run_all`` is the one loop
that hands a list of tasks to one of them, the largest first, reports each as it
finishes and returns the outcomes in task order: the weekly allocation, the
capacity plan and the what-if all use it. ``warm`` starts worker processes ahead of
the work, loading the solver while the caller reads its input.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import signal
import socket
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

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
        with processes(workers) as pool:
            yield pool
    else:
        yield InlineExecutor()


def processes(workers: int, modules: Sequence[str] = ()) -> ProcessPoolExecutor:
    """A pool of local worker processes, started fresh (never forked: OR-Tools runs here),
    each importing ``modules`` before its first task."""
    with _mask_kept():
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load,
            initargs=(tuple(modules),),
        )


@contextlib.contextmanager
def warm(count: int, modules: Sequence[str]) -> Iterator[Executor]:
    """``count`` local worker processes, started now, each importing ``modules`` first.

    Loading the solver (OR-Tools with pandas: more than half a second) then overlaps
    the caller's own work, e.g. reading the workbook, instead of following it. On leaving
    the block the processes are ended at once, busy or not: a run that stopped before its
    solve (an input error, Ctrl+C) does not wait for them to finish loading.
    """
    pool = processes(count, modules)
    try:
        with _mask_kept():
            for _ in range(count):  # each task submitted while no process is idle starts one
                pool.submit(_loaded)
        yield pool
    finally:
        _end(pool)


@contextlib.contextmanager
def _mask_kept() -> Iterator[None]:
    """This thread's signal mask as it was before the block, whatever the block did to it.

    The first pool of a process starts multiprocessing's resource tracker, which unblocks
    SIGINT in the calling thread (CPython's guard for the tracker's own start): a Ctrl+C
    would then reach the main thread instead of the thread a command set to take it
    (``allocator.cli.interrupt``), and worker processes would be left running.
    """
    mask = (
        signal.pthread_sigmask(signal.SIG_BLOCK, ()) if hasattr(signal, "pthread_sigmask") else None
    )
    try:
        yield
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _end(pool: ProcessPoolExecutor) -> None:
    """End the pool's processes now and wait until they have gone."""
    # Only the pool knows its processes (``terminate_workers`` is public from Python 3.14).
    for process in list((pool._processes or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _load(modules: Sequence[str]) -> None:
    """Import ``modules`` (a warm worker process, before its first task)."""
    for name in modules:
        importlib.import_module(name)


def _loaded() -> None:
    """Nothing: a task that makes the pool start a process."""


def run_all(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    sizes: Sequence[int],
    workers: int = 1,
    executor: Executor | None = None,
    done: Callable[[R], None] | None = None,
) -> list[R]:
    """``fn(task)`` of every task, in task order; the largest (by ``sizes``) start first.

    Parameters
    ----------
    fn
        A module-level function (worker processes import it by name).
    tasks, sizes
        What to run, and how big each task is (the order of starting).
    workers
        Local processes when no ``executor`` is given (1: run here, one by one).
    executor
        Where to run instead (a recorder, a Dask client's executor...).
    done
        Called with each outcome as it arrives, in this process.
    """
    order = sorted(range(len(tasks)), key=lambda i: -sizes[i])
    if executor is None and (workers <= 1 or len(tasks) <= 1):
        executor = InlineExecutor()
    if type(executor) is InlineExecutor:  # exactly: a wrapper's own submit must still run
        outcomes = {}
        for i in order:  # one by one, so that progress is reported as each ends
            outcomes[i] = fn(tasks[i])
            if done:
                done(outcomes[i])
        return [outcomes[i] for i in range(len(tasks))]
    if executor is not None:
        return _collect(executor, fn, tasks, order, done)
    with processes(workers) as pool:
        return _collect(pool, fn, tasks, order, done)


def _collect(
    pool: Executor,
    fn: Callable[[T], R],
    tasks: Sequence[T],
    order: Sequence[int],
    done: Callable[[R], None] | None,
) -> list[R]:
    """Submit every task and gather the outcomes in task order."""
    futures = {pool.submit(fn, tasks[i]): i for i in order}
    outcomes: dict[int, R] = {}
    for future in as_completed(futures):
        i = futures[future]
        outcomes[i] = future.result()
        if done:
            done(outcomes[i])
    return [outcomes[i] for i in range(len(tasks))]


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
