"""The peak term in the model, the evaluator and the local search.

PO1 works half time (1,088 points) and holds 50 tier C cases (1,500 points: 138 %); PO2 and
PO3 work full time (2,176) and hold 80 and 78 (2,400 and 2,340 points: 110 % and 108 %). New
high-risk cases may go only to a PO, and every point over capacity costs the same wherever it
lands: the peak term is what keeps PO1 from taking them.
"""

from __future__ import annotations

from allocator.check.allocation import check
from allocator.domain.enums import Grade, Rosh
from allocator.domain.omic import derive_all
from allocator.domain.result import Allocation
from solvers import SolveOptions, solve
from solvers.allocation.build import build_plan
from solvers.allocation.heuristic import _State
from solvers.allocation.prepare import SubProblem
from solvers.allocation.score import Choice, evaluate
from tests.builders import case, pom, problem


def _data(new: int = 4):  # type: ignore[no-untyped-def]
    held = [case(f"H{i:02}", current_pom="PO1") for i in range(50)]
    held += [case(f"K{i:02}", current_pom="PO2") for i in range(80)]
    held += [case(f"L{i:02}", current_pom="PO3") for i in range(78)]
    cases = held + [case(f"N{i}", rosh=Rosh.HIGH) for i in range(new)]
    staff = [pom("PO1", Grade.PO, fte=0.5), pom("PO2", Grade.PO), pom("PO3", Grade.PO)]
    return problem(cases, staff, caseload_cap_rule="off")


def _pom_subproblem(data) -> SubProblem:  # type: ignore[no-untyped-def]
    (sp,) = [sp for sp in build_plan(data, derive_all(data)).subproblems if sp.kind == "pom"]
    return sp


def _index(sp: SubProblem, staff_id: str) -> int:
    return next(i for i, m in enumerate(sp.members) if m.staff.staff_id == staff_id)


def _choices(sp: SubProblem, new_to: list[str]) -> list[Choice]:
    """Held cases stay; the new ones go, in order, to ``new_to``."""
    given = iter(new_to)
    return [d.current if d.current is not None else _index(sp, next(given)) for d in sp.decisions]


def test_the_solver_keeps_new_cases_off_the_most_utilised() -> None:
    data = _data()
    result = solve(data, SolveOptions(workers=1))
    given = sorted(p for c, p in result.allocation.pom.items() if c.startswith("N"))
    assert len(given) == 4 and "PO1" not in given
    report = check(data, result.allocation)
    assert report.objective == result.objective
    # PO1 keeps the peak: 1,500 of 1,088 points is 137.87 %, 379 tenths: 2 x 379 = 758.
    assert report.terms["peak_utilisation"] == 758


def _allocation(sp: SubProblem, choices: list[Choice]) -> Allocation:
    pom = {
        d.case.case_id: sp.members[m].staff.staff_id
        for d, m in zip(sp.decisions, choices, strict=True)
        if m is not None
    }
    return Allocation(pom=pom, com={})


def test_piling_onto_the_peak_costs_its_rise_in_the_evaluator_and_the_checker() -> None:
    # The four new cases are tier C (30 points each). Spread over PO2 and PO3, PO1 keeps the
    # peak at 379 tenths (758). Piled on PO1: 1,620 of 1,088 points, 148.90 %, 489 tenths:
    # 2 x 489 = 978, 220 more; the largest share of new cases rises from 2 to 4: 20 x 2 = 40.
    data = _data()
    sp = _pom_subproblem(data)
    spread, piled = _choices(sp, ["PO2", "PO3", "PO2", "PO3"]), _choices(sp, ["PO1"] * 4)
    spread_report = check(data, _allocation(sp, spread))
    piled_report = check(data, _allocation(sp, piled))
    assert spread_report.terms["peak_utilisation"] == 758
    assert piled_report.terms["peak_utilisation"] == 978
    assert evaluate(sp, spread) == spread_report.objective
    assert evaluate(sp, piled) == piled_report.objective == spread_report.objective + 220 + 40


def test_the_local_search_prices_each_option_exactly() -> None:
    # For every open decision and every option: the marginal cost the local search uses is
    # the evaluator's difference, peak term included.
    data = _data(new=6)
    sp = _pom_subproblem(data)
    base = _choices(sp, ["PO1", "PO2", "PO1", "PO3", "PO1", "PO1"])
    for i, d in enumerate(sp.decisions):
        if d.current is not None:
            continue
        without = list(base)
        without[i] = None
        state = _State(sp)
        for other, m in zip(sp.decisions, without, strict=True):
            state.apply(other, m, +1)
        vector = state.add_costs(d)
        for k, option in enumerate(d.options):
            with_it = list(without)
            with_it[i] = option
            exact = evaluate(sp, with_it) - evaluate(sp, without) + state.add_cost(d, None)
            assert int(vector[k]) == state.add_cost(d, option) == exact
