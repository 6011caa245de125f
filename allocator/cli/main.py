"""The ``allocator`` command's entry point (``allocator.cli.app`` holds the commands).

Kept light on purpose: a worker process started with the spawn method re-runs the
``allocator`` script, which imports this module; click and every command's options are
loaded only when ``main`` runs, so the solver's worker processes start without them.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (exit codes: ``allocator.cli.app``)."""
    # The commands, here rather than above: a worker process importing this module skips them.
    from allocator.cli import app

    app.main(argv)
