"""The weekly allocation: sub-problems, the greedy fill, the CP-SAT model, the run."""

# What a worker process solving allocation sub-problems loads before its first task
# (``solvers.executors.warm``): the solving code, with numpy and OR-Tools.
WORKER_MODULES = (
    "solvers.allocation.worker",
    "solvers.allocation.cpsat",
    "solvers.allocation.diagnose",
)
