"""CP-SAT models (weekly allocation, deployment), the greedy baseline, decomposition."""
