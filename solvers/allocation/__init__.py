"""solvers.allocation."""
