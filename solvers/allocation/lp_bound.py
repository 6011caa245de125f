"""A proven lower bound from the model's linear relaxation, solved with GLOP.

The allocation model is linear (counts, cap excess, balance bands, spread and peak maxima), so
its LP relaxation bounds the best possible objective from below. On the national
workbooks the start (the marginal-cost fill with local search) is already within a
few dozen units of that bound in almost every prison and LDU: the relaxation proves it
within less than one case move in a fraction of a second, where CP-SAT's search took
seconds (up to 12 in the largest LDUs) to prove the same. GLOP is deterministic, so
the same input gives the same proof. Its solution is nearly whole, and rounded it is a
start of its own (``AllocationModel.rounded``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

_HUGE = 2**62  # CP-SAT writes an open side of a row as the int64 limit
# GLOP's answer is optimal within its tolerances; the bound is lowered by this share of
# its size (3.6 units on a 3.6 million objective) so that it is never above the truth.
_TOLERANCE = 1e-6

Terms = list[tuple[int, int]]  # (coefficient, column)


@dataclass
class Program:
    """A linear program: bounded columns, rows ``low <= sum(terms) <= high``, a minimum."""

    bounds: list[tuple[float, float]] = field(default_factory=list)  # per column
    rows: list[tuple[Terms, float, float]] = field(default_factory=list)
    objective: Terms = field(default_factory=list)
    constant: float = 0.0


def program_of(model: cp_model.CpModel) -> Program | None:
    """Any CP-SAT model's relaxation (None when it holds anything but linear rows)."""
    proto = model.proto
    program = Program(constant=proto.objective.offset)
    for var in proto.variables:
        domain = list(var.domain)
        program.bounds.append((float(domain[0]), float(domain[-1])))
    for row in proto.constraints:
        if not row.has_linear() or len(row.enforcement_literal):
            return None
        domain = list(row.linear.domain)
        if len(domain) != 2:
            return None
        low = -math.inf if domain[0] <= -_HUGE else float(domain[0])
        high = math.inf if domain[1] >= _HUGE else float(domain[1])
        terms = list(zip(row.linear.coeffs, row.linear.vars, strict=True))
        program.rows.append((terms, low, high))
    program.objective = list(zip(proto.objective.coeffs, proto.objective.vars, strict=True))
    if proto.objective.scaling_factor not in (0.0, 1.0):
        return None
    return program


def lp_bound(model: cp_model.CpModel) -> int | None:
    """The relaxation's optimum of a CP-SAT model, rounded down safely (None: unproven)."""
    program = program_of(model)
    return None if program is None else bound_of(program)


def bound_of(program: Program) -> int | None:
    """The program's optimum, rounded down safely; None when GLOP does not prove it."""
    return solve_program(program).bound


@dataclass(frozen=True)
class Relaxation:
    """The relaxation's proven bound (None: not proven) and the value of every column."""

    bound: int | None
    values: tuple[float, ...] = ()


def solve_program(program: Program) -> Relaxation:
    """The program solved with GLOP: its optimum rounded down safely, and its solution."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return Relaxation(None)
    inf = solver.infinity()
    columns = [solver.NumVar(low, high, "") for low, high in program.bounds]
    for terms, low, high in program.rows:
        constraint = solver.Constraint(
            -inf if low == -math.inf else low, inf if high == math.inf else high
        )
        for coeff, column in terms:
            constraint.SetCoefficient(columns[column], coeff)
    objective = solver.Objective()
    for coeff, column in program.objective:
        # A column may appear more than once (a count's pair cost and its unallocated share).
        objective.SetCoefficient(columns[column], objective.GetCoefficient(columns[column]) + coeff)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return Relaxation(None)
    value = float(objective.Value() + program.constant)
    bound = math.ceil(value - _TOLERANCE * max(1.0, abs(value)) - 1e-9)
    return Relaxation(bound, tuple(column.solution_value() for column in columns))
