"""solvers.deploy."""
