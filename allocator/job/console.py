"""How a job talks to the person running it, without knowing the terminal.

Jobs say what happened through a ``Console``; the command line gives them one that
prints (``allocator.cli.console``), and a call from code or a test gets ``SILENT``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

Progress = Callable[[object, int], None]  # (what finished, how many there are in all)


class Console(Protocol):
    """Where a job's lines go."""

    def say(self, line: str) -> None:
        """A line of the job's result (standard output)."""

    def warn(self, line: str) -> None:
        """An error, a warning or a timing (standard error)."""

    def progress(self, label: str) -> AbstractContextManager[Progress]:
        """A context manager yielding a callback called as each piece of work finishes."""
        ...


class Silent:
    """A console that says nothing: for jobs called from code and tests."""

    def say(self, line: str) -> None:
        """Nothing."""

    def warn(self, line: str) -> None:
        """Nothing."""

    @contextmanager
    def progress(self, label: str) -> Iterator[Progress]:
        """A callback that does nothing."""
        yield lambda _done, _total: None


SILENT = Silent()
