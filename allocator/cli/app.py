"""The ``allocator`` command line: the command group, and how a command ends.

Entered through ``allocator.cli.main.main``. Exit codes follow the workbook contract:
0 written with no hard violation, 1 written with hard violations, 2 usage error,
65 input data invalid (nothing written), 70 internal error (a bug: a message and a
hint, the traceback only with --debug), 130 interrupted by Ctrl+C (nothing written;
see ``allocator.cli.interrupt``).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Sequence

import click

from allocator.cli import allocate, deploy, inputs, whatif
from allocator.cli.capacity import capacity
from allocator.cli.forecast import forecast
from allocator.cli.interrupt import STOPPED, watching
from allocator.job.exits import EXIT_INTERNAL, EXIT_INTERRUPTED


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.version_option(package_name="omic-allocator")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Allocate Prison and Community Offender Managers under the OMiC rules."""
    ctx.obj = {"debug": debug}


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command; Ctrl+C is exit 130, any unexpected error exit 70."""
    debug = "--debug" in (sys.argv[1:] if argv is None else argv)
    try:
        with watching() as watcher:
            code = _run(argv, debug, lambda: watcher.fired)
    except KeyboardInterrupt:
        _interrupted()
    sys.exit(code or 0)


def _run(argv: Sequence[str] | None, debug: bool, fired: Callable[[], bool]) -> int | None:
    """The command's exit code; a usage error or an internal error ends the process here."""
    try:
        code: int | None = cli.main(args=argv, prog_name="allocator", standalone_mode=False)
    except click.exceptions.Abort:  # click's name for a KeyboardInterrupt
        _interrupted()
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # the last line of defence: no traceback for users
        if fired():  # e.g. a worker process stopped by the Ctrl+C
            _interrupted()
        _internal_error(exc, debug)
    return code


def _interrupted() -> None:
    """Ctrl+C: say plainly that the run stopped and nothing was written."""
    click.echo(STOPPED, err=True)
    sys.exit(EXIT_INTERRUPTED)


def _internal_error(exc: BaseException, debug: bool) -> None:
    """Report a bug plainly; the traceback only with --debug."""
    if debug:
        traceback.print_exc()
    click.echo(
        f"internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in the allocator, not in your workbook. Please report it with the "
        "command you ran (add --debug to see the details).",
        err=True,
    )
    sys.exit(EXIT_INTERNAL)


def _register() -> None:
    """Attach every command to the group (one module per job)."""

    for command in (
        inputs.template,
        inputs.sample,
        inputs.validate,
        allocate.allocate,
        allocate.check,
        allocate.demo,
        deploy.deploy,
        capacity,
        whatif.whatif,
        forecast,
    ):
        cli.add_command(command)


_register()
