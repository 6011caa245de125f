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

_POLL_S = 0.2  # how often the watcher looks whether the command has ended
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

    def _watch(self) -> None:
        """Wait for SIGINT until the command ends."""
        while not self._done.is_set():
            if signal.sigtimedwait({signal.SIGINT}, _POLL_S) is None:
                continue
            if self.fired:
                print("Ctrl+C again: stopped at once.", file=sys.stderr, flush=True)
                os._exit(EXIT_INTERRUPTED)
            self.fired = True
            print(STOPPING, file=sys.stderr, flush=True)
            for child in multiprocessing.active_children():  # solver workers would run on
                child.terminate()
            _thread.interrupt_main()

    def start(self) -> None:
        """Block SIGINT in this thread (and so in every thread started from now) and watch."""
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        self._thread.start()

    def stop(self) -> None:
        """Stop watching and give SIGINT back to Python's own handler."""
        self._done.set()
        self._thread.join()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a solver may have replaced it
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def watching() -> Iterator[Watcher]:
    """SIGINT taken by a watcher for the block (POSIX, main thread only; else a no-op).

    A process started with SIGINT ignored (``nohup``, a background job of a script)
    keeps ignoring it.
    """
    watcher = Watcher()
    main = threading.current_thread() is threading.main_thread()
    usable = main and hasattr(signal, "sigtimedwait")
    usable = usable and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    if usable:
        watcher.start()
    try:
        yield watcher
    finally:
        if usable:
            watcher.stop()
