"""CP-SAT models (weekly allocation, deployment, capacity), the greedy baseline, decomposition.

The front door of the weekly allocation is ``solve(data, SolveOptions(...))``. Both names
are loaded on first use (PEP 562), so that ``solvers.executors`` alone stays light: the
allocate command starts its worker processes with it before it loads anything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from solvers.allocation.run import solve
    from solvers.options import SolveOptions

__all__ = ["SolveOptions", "solve"]


def __getattr__(name: str) -> Any:
    """``solve`` or ``SolveOptions``, imported when first asked for."""
    if name == "solve":
        # the allocation run loads the domain and the sub-problem builder: on first use only
        from solvers.allocation.run import solve as run

        return run
    if name == "SolveOptions":
        # loaded on first use, like ``solve``
        from solvers.options import SolveOptions as options

        return options
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
