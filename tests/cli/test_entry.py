"""The entry module stays light: a spawned worker process re-runs the ``allocator`` script,
which imports it, and should not load click and every command with it."""

from __future__ import annotations

import subprocess
import sys


def test_the_entry_module_loads_no_command() -> None:
    script = (
        "import sys\n"
        "import allocator.cli.main\n"
        "print(sorted(m for m in ('click', 'allocator.cli.app') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
