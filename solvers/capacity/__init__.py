"""solvers.capacity."""
