"""CP-SAT models (weekly allocation, deployment, capacity), the greedy baseline, decomposition.

The front door of the weekly allocation is ``solve(data, SolveOptions(...))``.
"""

from solvers.allocation.run import solve
from solvers.options import SolveOptions

__all__ = ["SolveOptions", "solve"]
