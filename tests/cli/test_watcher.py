"""The Ctrl+C watcher in this process: it ends as soon as the command does, never on a poll."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from allocator.cli.interrupt import Watcher, watching

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "pthread_kill"), reason="POSIX signals and threads"
)


def _recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[set[int], int]]:
    """Every wait of the watcher: the signals it waited for and the one that woke it."""
    waits: list[tuple[set[int], int]] = []
    real = signal.sigwait

    def sigwait(signals: set[int]) -> int:
        taken = real(signals)
        waits.append((set(signals), taken))
        return taken

    monkeypatch.setattr(signal, "sigwait", sigwait)
    return waits


def _ident(watcher: Watcher) -> int:
    """The watcher thread's id."""
    ident = watcher._thread.ident
    assert ident is not None
    return ident


def test_stop_wakes_the_watcher_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    waits = _recorded(monkeypatch)
    with watching() as watcher:
        pass
    # one wait, with no timeout, ended by the wake from ``stop``: nothing polls
    assert waits == [({signal.SIGINT, signal.SIGUSR1}, signal.SIGUSR1)]
    assert not watcher.fired
    assert not any(t.name == "ctrl-c" for t in threading.enumerate())


def test_the_signal_mask_is_given_back() -> None:
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    with watching():
        during = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    after = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert {signal.SIGINT, signal.SIGUSR1} <= during
    assert after == before
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_stray_sigusr1_neither_stops_the_watcher_nor_the_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits = _recorded(monkeypatch)
    watcher = Watcher()
    watcher.start()
    try:
        # To the watcher itself: other threads of this test process (unlike a command's)
        # may not block SIGUSR1, and one of them would take a signal sent to the process.
        signal.pthread_kill(_ident(watcher), signal.SIGUSR1)
        while not waits:  # the watcher took the stray signal and waits again
            threading.Event().wait(0.01)
        assert watcher._thread.is_alive()
    finally:
        watcher.stop()
    assert [taken for _, taken in waits] == [signal.SIGUSR1, signal.SIGUSR1]
    assert not watcher.fired


def test_ctrl_c_interrupts_the_main_thread() -> None:
    with pytest.raises(KeyboardInterrupt), watching() as watcher:
        signal.pthread_kill(_ident(watcher), signal.SIGINT)  # as the kernel hands it over
        for _ in range(60_000):  # Python code runs, so the watcher's interrupt ends it
            time.sleep(0.001)
    assert watcher.fired


def test_no_watcher_outside_the_main_thread() -> None:
    seen: list[bool] = []

    def run() -> None:
        with watching():
            seen.append(any(t.name == "ctrl-c" for t in threading.enumerate()))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [False]
