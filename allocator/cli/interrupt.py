"""Ctrl+C: the run stops, nothing half-written is left, and the person is told so.

CP-SAT installs its own SIGINT handler while it solves (it stops that one search
as if its time limit had come) and leaves the default one behind, which kills the
process outright: a Ctrl+C would either go unnoticed or leave a temporary file.
So while a command runs, SIGINT is blocked in every thread and taken by a watcher
thread instead. The watcher tells the person at once, stops any worker processes,
and raises ``KeyboardInterrupt`` in the main thread, which ends the command as soon
as Python code runs again (after the current sub-problem at the latest). Every
workbook is written to a temporary file and renamed into place, so whatever the
moment, a file at ``-o`` is either the earlier one or a complete new one. A second
Ctrl+C stops the process at once.

The watcher waits without a timeout: when the command ends, ``stop`` wakes it with
SIGUSR1 (blocked too, and directed at the watcher thread alone), so no command waits
on a poll at its end.
"""

from __future__ import annotations

import _thread
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from allocator.job.exits import EXIT_INTERRUPTED

_WAKE = signal.SIGUSR1  # what ``stop`` sends the watcher thread to end it
_TAKEN = {signal.SIGINT, _WAKE}  # blocked in every thread while a command runs
STOPPING = "Ctrl+C: stopping (the step under way finishes first; Ctrl+C again stops at once)"
STOPPED = (
    "Interrupted: the run was stopped before it finished. Nothing was written: "
    "a file already at the output path is as it was."
)


class Watcher:
    """Takes SIGINT while a command runs; ``fired`` says whether it came."""

    def __init__(self) -> None:
        self.fired = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="ctrl-c", daemon=True)
        self._mask: set[int | signal.Signals] = set()  # the signal mask before ``start``

    def _watch(self) -> None:
        """Take SIGINT until ``stop`` wakes the thread."""
        while True:
            taken = signal.sigwait(_TAKEN)
            if taken == signal.SIGINT:
                self._interrupt()
            elif self._done.is_set():  # a SIGUSR1 sent by anyone else is not ours to act on
                return

    def _interrupt(self) -> None:
        """Tell the person, stop the worker processes and interrupt the main thread;
        the second time, end the process at once."""
        if self.fired:
            print("Ctrl+C again: stopped at once.", file=sys.stderr, flush=True)
            os._exit(EXIT_INTERRUPTED)
        self.fired = True
        print(STOPPING, file=sys.stderr, flush=True)
        for child in multiprocessing.active_children():  # solver workers would run on
            child.terminate()
        _thread.interrupt_main()

    def start(self) -> None:
        """Block SIGINT and SIGUSR1 in this thread (and so in every thread started from now)
        and watch."""
        self._mask = signal.pthread_sigmask(signal.SIG_BLOCK, _TAKEN)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching at once and give SIGINT back to Python's own handler."""
        self._done.set()
        if self._thread.ident is not None and self._thread.is_alive():
            signal.pthread_kill(self._thread.ident, _WAKE)
        self._thread.join()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a solver may have replaced it
        signal.pthread_sigmask(signal.SIG_SETMASK, self._mask)


@contextmanager
def watching() -> Iterator[Watcher]:
    """SIGINT taken by a watcher for the block (POSIX, main thread only; else a no-op).

    A process started with SIGINT ignored (``nohup``, a background job of a script)
    keeps ignoring it.
    """
    watcher = Watcher()
    main = threading.current_thread() is threading.main_thread()
    usable = main and hasattr(signal, "sigwait") and hasattr(signal, "pthread_kill")
    usable = usable and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    if usable:
        watcher.start()
    try:
        yield watcher
    finally:
        if usable:
            watcher.stop()
