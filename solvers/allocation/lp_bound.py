"""A proven lower bound from the model's linear relaxation, solved with GLOP.

The allocation model is linear (counts, cap excess, balance bands, spread maxima), so
its LP relaxation bounds the best possible objective from below. On the national
workbooks the start (the marginal-cost fill with local search) is already within a
few dozen units of that bound in almost every prison and LDU: the relaxation proves it
within less than one case move in a fraction of a second, where CP-SAT's search took
seconds (up to 12 in the largest LDUs) to prove the same. GLOP is deterministic, so
the same input gives the same proof.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

_HUGE = 2**62  # CP-SAT writes an open side of a row as the int64 limit
# GLOP's answer is optimal within its tolerances; the bound is lowered by this share of
# its size (3.6 units on a 3.6 million objective) so that it is never above the truth.
_TOLERANCE = 1e-6


def lp_bound(model: cp_model.CpModel) -> int | None:
    """The linear relaxation's optimum, rounded down safely; None when not proven optimal
    (or the model holds anything but linear rows)."""
    proto = model.proto
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    inf = solver.infinity()
    columns = []
    for var in proto.variables:
        domain = list(var.domain)
        columns.append(solver.NumVar(float(domain[0]), float(domain[-1]), ""))
    for row in proto.constraints:
        if not row.has_linear() or len(row.enforcement_literal):
            return None
        domain = list(row.linear.domain)
        if len(domain) != 2:
            return None
        low = -inf if domain[0] <= -_HUGE else float(domain[0])
        high = inf if domain[1] >= _HUGE else float(domain[1])
        constraint = solver.Constraint(low, high)
        for var, coeff in zip(row.linear.vars, row.linear.coeffs, strict=True):
            constraint.SetCoefficient(columns[var], float(coeff))
    objective = solver.Objective()
    for var, coeff in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        objective.SetCoefficient(columns[var], float(coeff))
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    scale = proto.objective.scaling_factor or 1.0
    value = float(scale * (objective.Value() + proto.objective.offset))
    return math.ceil(value - _TOLERANCE * max(1.0, abs(value)) - 1e-9)
