"""The terminal: every line a job says, and the progress bar, go out here."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from allocator.job.console import Progress


class Terminal:
    """A console on standard output and standard error; no progress bar when quiet."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    def say(self, line: str) -> None:
        """A result line on standard output."""
        click.echo(line)

    def warn(self, line: str) -> None:
        """An error, a warning or a timing on standard error."""
        click.echo(line, err=True)

    @contextmanager
    def progress(self, label: str) -> Iterator[Progress]:
        """A progress bar on stderr for runs of more than two pieces of work."""
        bar = _Bar(self.quiet, label)
        try:
            yield bar
        finally:
            bar.close()


class _Bar:
    """Opens its bar at the first call, once the total is known."""

    def __init__(self, quiet: bool, label: str) -> None:
        self.quiet = quiet
        self.label = label
        self.bar: Any = None

    def __call__(self, _done: object, total: int) -> None:
        if self.quiet or total <= 2:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
